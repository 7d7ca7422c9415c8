from celery import shared_task

from . import services


@shared_task
def send_workshop_reminders():
    """Hourly (config/celery.py): the day-before reminders; idempotent."""
    return services.send_reminders()
