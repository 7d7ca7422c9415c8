"""Comments are stored by django-comments-xtd and published by moderators elsewhere: these
receivers only hand the comment to notifications.services once the transaction committed."""

from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django_comments_xtd.models import TmpXtdComment, XtdComment
from django_comments_xtd.signals import confirmation_received

from moderation.models import Decision

from . import services

# Decisions after which a comment may be readable for the first time.
PUBLISHING_ACTIONS = {Decision.Action.APPROVE, Decision.Action.RESTORE}


def notify_after_commit(comment_pk):
    # robust: a failing notification is logged and never undoes the comment or the decision.
    transaction.on_commit(partial(services.notify_about_comment, comment_pk), robust=True)


@receiver(confirmation_received, sender=TmpXtdComment, dispatch_uid="notifications.comment")
def comment_stored(sender, comment, request=None, **kwargs):
    """comments-xtd sends this right after storing a comment, from its form view and its API."""
    stored = getattr(comment, "xtd_comment", None)
    if stored is not None:
        notify_after_commit(stored.pk)


@receiver(post_save, sender=Decision, dispatch_uid="notifications.comment_published")
def comment_published(sender, instance, created, **kwargs):
    """A moderator published a held comment (or restored one)."""
    if created and instance.action in PUBLISHING_ACTIONS and instance.object_id.isdigit():
        if instance.content_type_id == ContentType.objects.get_for_model(XtdComment).pk:
            notify_after_commit(int(instance.object_id))
