"""What happens to user text before it is published: personal data is redacted (the original
is kept for moderators, moderation.models.Redaction) and posts with too many links are held
for moderation. ideas.services.create_post and the comment receiver (ideas/comments.py) call
these; nothing else publishes user text."""

from .conf import setting
from .pii import redact
from .spam import count_links


def redact_fields(instance, fields):
    """Replace personal data in `instance`'s `fields` (in place, not saved). Returns
    {field: (original, findings)} for the fields that changed; save them with
    `keep_originals(instance, changes)` once the instance has a primary key."""
    changes = {}
    for field in fields:
        original = getattr(instance, field) or ""
        redacted, findings = redact(original)
        if findings:
            setattr(instance, field, redacted)
            changes[field] = (original, findings)
    return changes


def keep_originals(instance, changes):
    """Store the originals of redacted fields, visible to moderators only."""
    from django.contrib.contenttypes.models import ContentType

    from .models import Redaction

    content_type = ContentType.objects.get_for_model(instance)
    for field, (original, findings) in changes.items():
        Redaction.objects.update_or_create(
            content_type=content_type,
            object_id=str(instance.pk),
            field=field,
            defaults={"original": original, "findings": [f.as_dict() for f in findings]},
        )


def too_many_links(*texts):
    return sum(count_links(text or "") for text in texts) > setting("MODERATION_MAX_LINKS")
