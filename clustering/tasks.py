"""Celery tasks of the NLP pipeline. Thin: a primary key in, one service call.

Eager on the embedded default (CELERY_TASK_ALWAYS_EAGER): then the work runs right after the
post's transaction commits. A failure is logged and never reaches the person posting;
embed_missing (every 10 minutes, see config/celery.py) picks the post up again.
"""

import logging
from functools import partial

from celery import shared_task
from django.db import transaction

from ideas.models import Post

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def process_new_post(pk):
    from . import services

    post = Post.objects.filter(pk=pk).first()
    if post is None:  # deleted before the worker got to it
        return
    services.process_post(post)


@shared_task(ignore_result=True)
def recluster_all():
    from . import services

    summary = services.recluster()
    logger.info("Reclustered: %s", summary)


@shared_task(ignore_result=True)
def embed_missing():
    from . import services

    summary = services.process_missing()
    if any(summary.values()):
        logger.info("Caught up on posts: %s", summary)


def schedule_processing(post):
    """Called by ideas.services.create_post: process the post once its transaction commits."""
    from . import services

    if services.is_deferred():
        return
    transaction.on_commit(partial(_enqueue, post.pk), robust=True)


def _enqueue(pk):
    try:
        process_new_post.delay(pk)
    except Exception:
        # Broker down, or (eager) the pipeline failed: the post stays, embed_missing retries.
        logger.exception("Could not process post %s; embed_missing will retry", pk)
