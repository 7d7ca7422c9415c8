"""Notification e-mails leave through Celery so that answering a cluster of 300 posts does not
wait for the mail server. Thin tasks: ids in, one service call."""

import logging
from functools import partial

from celery import shared_task
from django.db import transaction

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def send_notification_emails(ids):
    from . import services

    services.send_pending_emails(ids)


@shared_task(ignore_result=True)
def send_unsent_notification_emails():
    """Periodic catch-up (config/celery.py): e-mails that failed or whose task was lost."""
    from . import services

    services.send_pending_emails()


def schedule_emails(ids):
    if ids:
        transaction.on_commit(partial(_enqueue, ids), robust=True)


def _enqueue(ids):
    try:
        send_notification_emails.delay(ids)
    except Exception:
        # Broker down (or, eager, the mail server): the rows stay pending for the catch-up.
        logger.exception("Could not queue notification e-mails %s", ids)
