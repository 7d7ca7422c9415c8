"""Load the demo data (see core/demo_loader.py). `make run` calls it after every migrate."""

import time

from django.core.management.base import BaseCommand, CommandError

from core.demo_loader import default_catalogue_path, load_demo
from procedures.importer import CatalogueError


class Command(BaseCommand):
    help = (
        "Import the procedure catalogue and create demo accounts, campaigns and ~200 posts. "
        "Safe to run repeatedly: posts are only created in a database without posts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--catalogue",
            help="Catalogue .jsonl file (default: SHARED_DATA_DIR/guichet/procedures.jsonl; "
            "tests/fixtures/procedures_small.jsonl works for a quick try).",
        )

    def handle(self, *args, **options):
        path = options["catalogue"] or default_catalogue_path()
        started = time.monotonic()
        try:
            report = load_demo(path)
        except FileNotFoundError as exc:
            raise CommandError(
                f"Procedure catalogue not found at {path}. Put the shared data next to the "
                "project (../shared/data), set SHARED_DATA_DIR, or pass --catalogue FILE."
            ) from exc
        except CatalogueError as exc:
            raise CommandError(str(exc)) from exc

        self.stdout.write(report.catalogue)
        self.stdout.write(
            self.style.WARNING(
                "Demo accounts below have public passwords: for local demos only, never on a "
                "server reachable by others."
            )
        )
        for username, email, password, label, created in report.accounts:
            state = "" if created else " (already existed, password unchanged)"
            self.stdout.write(f"  {username:<15} {email:<26} {password:<6} {label}{state}")
        if report.skipped:
            self.stdout.write("Posts already exist: demo posts were not loaded again.")
        else:
            self.stdout.write(
                f"Demo content: {report.posts} posts, {report.supports} supports, "
                f"{report.comments} comments, {report.answers} official answers."
            )
        if report.missing_procedures:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(report.missing_procedures)} demo posts refer to procedures missing "
                    "from this catalogue; they were created without a procedure."
                )
            )
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({elapsed:.1f} s)."))
