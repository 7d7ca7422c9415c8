"""Load the demo data (see core/demo_loader.py). `make run` calls it after every migrate."""

import time

from django.core.management.base import BaseCommand, CommandError

from core.demo_loader import default_catalogue_path, load_demo
from procedures.importer import CatalogueError


class Command(BaseCommand):
    help = (
        "Import the procedure catalogue and create demo accounts, campaign and challenge pages "
        "and ~200 posts. "
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
        self.stdout.write(
            "  username           e-mail (to sign in)           password  role "
            "(civil servants see the internal Meng Iddi campaign)"
        )
        citizens = [a for a in report.accounts if a[3] == "citizen"]
        for username, email, password, label, created in report.accounts:
            if label != "citizen":
                state = "" if created else " (existed already: password unchanged)"
                self.stdout.write(f"  {username:<18} {email:<29} {password:<9} {label}{state}")
        if citizens:
            self.stdout.write(
                f"  {citizens[0][0]} ... {citizens[-1][0]} ({len(citizens)} citizens with "
                f"pseudonyms, e-mail <username>@example.lu, password {citizens[0][2]})"
            )
        if report.skipped:
            self.stdout.write("Posts already exist: demo posts were not loaded again.")
        else:
            self.stdout.write(
                f"Demo content: {report.posts} posts, {report.supports} supports, "
                f"{report.comments} comments, {report.answers} official answers."
            )
        if report.results:
            self.stdout.write(f"Results published: {', '.join(report.results)}.")
        if report.missing_procedures:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(report.missing_procedures)} demo posts refer to procedures missing "
                    "from this catalogue; they were created without a procedure."
                )
            )
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({elapsed:.1f} s)."))
