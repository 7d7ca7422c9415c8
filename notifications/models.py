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
        COMMENT_REPLY = "comment_reply", _("Reply to your comment")
        NEW_COMMENT = "new_comment", _("New comment")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # What happened ("answer:12", "reply:34"): one notification per person and event, however
    # many times the event is reported (a retried task, a double click). Empty: not deduplicated.
    event_key = models.CharField(_("event"), max_length=100, blank=True)
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
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event_key"],
                condition=~models.Q(event_key=""),
                name="notification_once_per_event",
            )
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return f"{self.kind} for {self.user_id}"

    @property
    def is_read(self):
        return self.read_at is not None


class NotificationSettings(models.Model):
    """Which e-mails a person wants. The on-site notification is always made; these only decide
    whether it is also e-mailed, at the time it is made. No row: the defaults below."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_settings",
    )
    no_emails = models.BooleanField(_("Send me no e-mails at all"), default=False)
    email_answers = models.BooleanField(_("Official answers"), default=True)
    email_status_changes = models.BooleanField(_("Status changes"), default=True)
    email_merges = models.BooleanField(_("Merges and undone merges"), default=True)
    email_comment_replies = models.BooleanField(_("Replies to my comments"), default=True)
    # Off by default: a lively discussion would fill the inbox of everyone following the post.
    email_new_comments = models.BooleanField(_("New comments on posts I follow"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # The setting that decides on e-mails of each kind of notification.
    FIELD_OF_KIND = {
        Notification.Kind.ANSWERED: "email_answers",
        Notification.Kind.STATUS_CHANGED: "email_status_changes",
        Notification.Kind.MERGED: "email_merges",
        Notification.Kind.UNMERGED: "email_merges",
        Notification.Kind.COMMENT_REPLY: "email_comment_replies",
        Notification.Kind.NEW_COMMENT: "email_new_comments",
    }
    EMAIL_FIELDS = list(dict.fromkeys(FIELD_OF_KIND.values()))

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return f"notification settings of {self.user_id}"

    @classmethod
    def of(cls, user):
        """The person's settings: their row, or the defaults (not saved: created on change)."""
        return cls.objects.filter(user=user).first() or cls(user=user)

    @classmethod
    def of_users(cls, users):
        """{user_id: settings} for `users` in one query, defaults for those without a row."""
        users = list(users)
        rows = cls.objects.in_bulk([user.pk for user in users])
        return {user.pk: rows.get(user.pk) or cls(user=user) for user in users}

    def allows_email(self, kind):
        return not self.no_emails and getattr(self, self.FIELD_OF_KIND[kind])
