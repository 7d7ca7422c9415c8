"""Trust and safety records: reports from users, every moderator decision, and the original
text of redacted personal data (visible to moderators only). Generic relations, so posts and
comments (django-comments-xtd's XtdComment) share one queue."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    """A user's "flag" on a post or a comment, with a reason."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSIVE = "abusive", _("Abusive, hateful or threatening")
        PERSONAL_DATA = "personal_data", _("Contains personal data")
        OFF_TOPIC = "off_topic", _("Off-topic")
        OTHER = "other", _("Something else")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64, db_index=True)
    target = GenericForeignKey("content_type", "object_id")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    explanation = models.TextField(_("explanation"), blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when a moderator decided on the reported item (whatever the decision).
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "content_type", "object_id"],
                condition=models.Q(resolved_at__isnull=True),
                name="one_open_report_per_user_and_item",
            )
        ]

    def __str__(self):
        return f"{self.reason} on {self.content_type_id}:{self.object_id}"


class Decision(models.Model):
    """One moderator decision, kept forever: who, when, on what, and why."""

    class Action(models.TextChoices):
        APPROVE = "approve", _("Approved")
        HIDE = "hide", _("Hidden with a public reason")
        REJECT = "reject", _("Rejected (the author was told why)")
        RESTORE = "restore", _("Restored")
        DISMISS = "dismiss", _("Reports dismissed")
        BAN = "ban", _("User banned")
        UNBAN = "unban", _("Ban lifted")
        AUTO_HIDE = "auto_hide", _("Hidden automatically after reports")
        HOLD = "hold", _("Held for moderation automatically")

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    target = GenericForeignKey("content_type", "object_id")
    # For bans: the person concerned (also set for decisions on their content).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_decisions",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    public_reason = models.TextField(_("public reason"), blank=True, max_length=1000)
    message_to_author = models.TextField(_("message to the author"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")

    def __str__(self):
        return f"{self.action} by {self.moderator_id} on {self.content_type_id}:{self.object_id}"


class Redaction(models.Model):
    """Personal data removed from one field of a post or comment before publication. The public
    field holds the redacted text; the original stays here for moderators only."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64, db_index=True)
    target = GenericForeignKey("content_type", "object_id")
    field = models.CharField(max_length=50)
    original = models.TextField()
    # [{"kind": "email", "start": 10, "end": 25}, ...] offsets in `original`.
    findings = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("redaction")
        verbose_name_plural = _("redactions")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field"], name="one_redaction_per_field"
            )
        ]

    def __str__(self):
        return f"{self.field} of {self.content_type_id}:{self.object_id}"
