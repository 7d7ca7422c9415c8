"""Template helpers for the originals of redacted personal data (moderators only)."""

from django import template
from django.contrib.contenttypes.models import ContentType

from moderation.models import Redaction
from moderation.pii import notice

register = template.Library()


@register.simple_tag
def redactions_visible_to(user, target):
    """The Redaction rows of `target`, or none unless `user` is a moderator: the originals hold
    the very personal data that was kept out of public view."""
    if target is None or not getattr(user, "is_moderator", False):
        return Redaction.objects.none()
    return Redaction.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk)
    ).order_by("field")


@register.filter
def redaction_segments(redaction):
    return notice.segments(redaction.original, redaction.findings)


@register.filter
def redaction_kinds(redaction):
    return notice.labels(notice.kinds_of(redaction.findings))
