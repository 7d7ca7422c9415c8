"""What the triage workspace records: an audit log of every staff action (with the pipeline's
suggestion next to the human decision), reversible merges, answer templates, and when each
triager last looked at each cluster."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ideas.models import LANGUAGE_CHOICES


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        ASSIGN_PROCEDURE = "assign_procedure", _("Assigned a procedure")
        ROUTE = "route", _("Routed to an administration")
        MOVE_TO_CLUSTER = "move_to_cluster", _("Moved to another cluster")
        SPLIT_CLUSTER = "split_cluster", _("Split a cluster")
        RENAME_CLUSTER = "rename_cluster", _("Renamed a cluster")
        MERGE = "merge", _("Merged duplicates")
        UNDO_MERGE = "undo_merge", _("Undid a merge")
        ANSWER_CLUSTER = "answer_cluster", _("Answered a cluster")
        BULK_STATUS = "bulk_status", _("Changed the status of several posts")

    action = models.CharField(_("action"), max_length=30, choices=Action.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    post = models.ForeignKey(
        "ideas.Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cluster = models.ForeignKey(
        "clustering.Cluster", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    administration = models.ForeignKey(
        "procedures.Administration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # What the pipeline proposed (e.g. {"procedure": 12, "confidence": 0.71}) and what the person
    # decided (e.g. {"procedure": 15}); `followed_suggestion` is None when there was none.
    suggestion = models.JSONField(_("pipeline suggestion"), default=dict, blank=True)
    decision = models.JSONField(_("decision"), default=dict, blank=True)
    followed_suggestion = models.BooleanField(_("followed the suggestion"), null=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self):
        return f"{self.get_action_display()} by {self.actor_id} at {self.created_at:%Y-%m-%d %H:%M}"


class Merge(models.Model):
    """Duplicates merged into one canonical post. Undo restores exactly what the merge changed."""

    canonical = models.ForeignKey(
        "ideas.Post", on_delete=models.CASCADE, related_name="merges_received"
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    message = models.TextField(_("public message"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("merge")
        verbose_name_plural = _("merges")

    def __str__(self):
        return f"merge into {self.canonical_id}"

    @property
    def is_undone(self):
        return self.undone_at is not None


class MergedPost(models.Model):
    """One post of a merge and what the merge did to it, so that undo can put it back."""

    merge = models.ForeignKey(Merge, on_delete=models.CASCADE, related_name="items")
    post = models.ForeignKey("ideas.Post", on_delete=models.CASCADE, related_name="+")
    previous_status = models.CharField(max_length=20)
    # User ids whose Support / Follow on the canonical post this merge created.
    added_supporters = models.JSONField(default=list, blank=True)
    added_followers = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["merge", "post"], name="one_item_per_post_and_merge")
        ]

    def __str__(self):
        return f"{self.post_id} in {self.merge_id}"


class AnswerTemplate(models.Model):
    """A reusable answer text of one administration, in one language."""

    administration = models.ForeignKey(
        "procedures.Administration", on_delete=models.CASCADE, related_name="answer_templates"
    )
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES)
    body = models.TextField(_("text"), max_length=10000)

    class Meta:
        ordering = ["administration", "title"]
        verbose_name = _("answer template")
        verbose_name_plural = _("answer templates")

    def __str__(self):
        return self.title


class ClusterVisit(models.Model):
    """When a triager last opened a cluster: the board counts posts that arrived since."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    cluster = models.ForeignKey(
        "clustering.Cluster", on_delete=models.CASCADE, related_name="visits"
    )
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "cluster"], name="one_visit_per_user_cluster")
        ]

    def __str__(self):
        return f"{self.user_id} saw {self.cluster_id} at {self.seen_at:%Y-%m-%d %H:%M}"


class DigestSent(models.Model):
    """The daily digest went to `user` on `date`: it is never sent twice the same day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="one_digest_per_user_and_day")
        ]

    def __str__(self):
        return f"digest to {self.user_id} on {self.date}"
