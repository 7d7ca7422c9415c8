"""Periodic GDPR retention (scheduled daily in config/celery.py). Thin: one service call."""

from celery import shared_task


@shared_task(ignore_result=True)
def anonymise_inactive_accounts():
    from .gdpr import anonymise_inactive

    return anonymise_inactive()
