"""Load or refresh the procedure catalogue from a JSON Lines file (see procedures/importer.py)."""

import time

from django.core.management.base import BaseCommand, CommandError

from procedures.importer import CatalogueError, import_catalogue


class Command(BaseCommand):
    help = (
        "Import the procedure catalogue (one JSON object a line: id, title, url, theme, path, "
        "language, audience, administrations). Re-running updates rows and never duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the .jsonl catalogue file.")

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            result = import_catalogue(options["file"])
        except FileNotFoundError as exc:
            raise CommandError(f"Catalogue file not found: {options['file']}") from exc
        except IsADirectoryError as exc:
            raise CommandError(f"Not a file: {options['file']}") from exc
        except CatalogueError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"{result.summary()} ({elapsed:.1f} s)"))
