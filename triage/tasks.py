"""Celery tasks of the triage workspace. Thin: one service call (scheduled in config/celery.py)."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def send_daily_digests():
    from .services.digest import send_daily_digests as send

    logger.info("Triage digests sent: %s", send())
