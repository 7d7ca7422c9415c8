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
    # Full re-clustering at night; cluster ids stay stable.
    "clustering-recluster-nightly": {
        "task": "clustering.tasks.recluster_all",
        "schedule": crontab(hour=3, minute=30),
    },
}
