from django.core.management.base import BaseCommand

from opendata.conf import export_dir
from opendata.services import regenerate_exports


class Command(BaseCommand):
    help = "Write the open-data CSV and JSON exports and their manifest (as the nightly task)."

    def handle(self, *args, **options):
        manifest = regenerate_exports()
        for name, dataset in manifest["datasets"].items():
            self.stdout.write(f"{name}: {dataset['rows']} rows")
        self.stdout.write(self.style.SUCCESS(f"Written to {export_dir()}"))
