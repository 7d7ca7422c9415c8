import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("simplify")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The NLP pipeline's periodic work (clustering/tasks.py). Run a beat process next to the worker.
app.conf.beat_schedule = {
    # Posts whose embedding failed or is missing are picked up again.
    "clustering-embed-missing": {"task": "clustering.tasks.embed_missing", "schedule": 600.0},
    # Notification e-mails whose task failed (mail server or broker down) go out later.
    "notifications-send-unsent": {
        "task": "notifications.tasks.send_unsent_notification_emails",
        "schedule": 600.0,
    },
    # GDPR retention: accounts unused for ACCOUNT_RETENTION_DAYS are anonymised.
    "accounts-anonymise-inactive": {
        "task": "accounts.tasks.anonymise_inactive_accounts",
        "schedule": crontab(hour=4, minute=15),
    },
    # Full re-clustering at night; cluster ids stay stable.
    "clustering-recluster-nightly": {
        "task": "clustering.tasks.recluster_all",
        "schedule": crontab(hour=3, minute=30),
    },
    # Open data (opendata/): the CSV and JSON exports are regenerated every night.
    "opendata-regenerate-exports": {
        "task": "opendata.tasks.regenerate_exports",
        "schedule": crontab(hour=2, minute=45),
    },
    # Workshops: the day-before reminders to confirmed participants (idempotent).
    "workshops-send-reminders": {
        "task": "workshops.tasks.send_workshop_reminders",
        "schedule": crontab(minute=5),
    },
}


@app.on_after_configure.connect
def schedule_triage_digest(sender, **kwargs):
    """Each triage team's daily digest (triage/tasks.py) at TRIAGE_DIGEST_HOUR, local time.
    Added once the configuration is read: the hour is a Django setting."""
    from triage.conf import setting

    sender.add_periodic_task(
        crontab(hour=setting("TRIAGE_DIGEST_HOUR"), minute=0),
        sender.signature("triage.tasks.send_daily_digests"),
        name="triage-daily-digest",
    )
