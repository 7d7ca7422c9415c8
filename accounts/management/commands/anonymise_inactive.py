"""Retention: anonymise accounts unused for ACCOUNT_RETENTION_DAYS (also a daily Celery task)."""

from django.core.management.base import BaseCommand

from accounts.gdpr import anonymise_inactive, inactive_accounts
from moderation.conf import setting


class Command(BaseCommand):
    help = (
        "Anonymise accounts whose last sign-in (or creation, if they never signed in) is older "
        "than ACCOUNT_RETENTION_DAYS. Staff and triage team members are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count the accounts; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        days = setting("ACCOUNT_RETENTION_DAYS")
        if dry_run:
            count = inactive_accounts().count()
            self.stdout.write(
                f"{count} account(s) inactive for over {days} days would be anonymised."
            )
            return
        count = anonymise_inactive()
        self.stdout.write(
            self.style.SUCCESS(f"{count} account(s) inactive for over {days} days anonymised.")
        )
