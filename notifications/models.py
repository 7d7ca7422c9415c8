"""What people were told: one row per person and event, already written in their language."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def email_pending(self):
        return self.filter(emailed_at__isnull=True).exclude(email_body="")

    def mark_read(self):
        return self.unread().update(read_at=timezone.now())


class Notification(models.Model):
    class Kind(models.TextChoices):
        ANSWERED = "answered", _("Official answer")
        STATUS_CHANGED = "status_changed", _("Status change")
        MERGED = "merged", _("Merged into another post")
        UNMERGED = "unmerged", _("Merge undone")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The first post the notification is about; the message names all of them.
    post = models.ForeignKey(
        "ideas.Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Rendered once, in the recipient's language at the time: the page never re-translates it.
    message = models.TextField(_("message"))
    url = models.CharField(_("link"), max_length=500, blank=True)
    # The e-mail, rendered with the message; sent by a Celery task after the action committed.
    # Empty body: the person has no e-mail address. emailed_at stays empty until it went out.
    email_subject = models.CharField(max_length=300, blank=True)
    email_body = models.TextField(blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return f"{self.kind} for {self.user_id}"

    @property
    def is_read(self):
        return self.read_at is not None
