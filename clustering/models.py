"""What the NLP pipeline stores: embeddings, clusters of posts, procedure suggestions, and the
staff decisions on them (the audit trail of triage).

Vectors are stored as raw float32 bytes (BinaryField): portable across SQLite and PostgreSQL,
and 1.5 KB for a 384-d vector. The in-memory index is rebuilt from these rows per process.
"""

import numpy as np
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ideas.models import Post


def to_bytes(vector):
    return np.asarray(vector, dtype=np.float32).reshape(-1).tobytes()


def from_bytes(data):
    return np.frombuffer(bytes(data), dtype=np.float32)


class StoredVector(models.Model):
    vector = models.BinaryField(_("vector (float32)"))
    model_name = models.CharField(_("model"), max_length=200)
    dim = models.PositiveIntegerField(_("dimension"))
    # sha1 of the embedded text: an unchanged text is never encoded twice.
    text_hash = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True

    def as_array(self):
        return from_bytes(self.vector)

    def set_vector(self, vector, model_name):
        vector = np.asarray(vector, dtype=np.float32).reshape(-1)
        self.vector, self.dim, self.model_name = to_bytes(vector), len(vector), model_name


class PostEmbedding(StoredVector):
    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="embedding")

    class Meta:
        verbose_name = _("post embedding")
        verbose_name_plural = _("post embeddings")

    def __str__(self):
        return f"{self.model_name} embedding of post {self.post_id}"


def posts_needing_embedding(model_name):
    """Posts without a current embedding: never embedded (or it failed), embedded by another
    model, or edited since. embed_missing() picks these up."""
    current = PostEmbedding.objects.filter(
        model_name=model_name, updated_at__gte=F("post__updated_at")
    )
    return Post.objects.exclude(pk__in=current.values("post_id"))


class ProcedureEmbedding(StoredVector):
    procedure = models.OneToOneField(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="embedding"
    )

    class Meta:
        verbose_name = _("procedure embedding")
        verbose_name_plural = _("procedure embeddings")

    def __str__(self):
        return f"{self.model_name} embedding of procedure {self.procedure_id}"


class ClusterQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Cluster(models.Model):
    """Posts about the same pain point. The primary key is the stable id: a re-run matches new
    clusters to old ones and keeps their ids; clusters that disappear are deactivated."""

    label = models.CharField(_("label"), max_length=300, blank=True)
    # Set when a triager renamed the cluster: the re-run keeps the label instead of recomputing.
    label_locked = models.BooleanField(_("label set by staff"), default=False)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    support_total = models.PositiveIntegerField(_("supports in total"), default=0)
    languages = models.JSONField(_("languages"), default=dict, blank=True)  # code -> posts
    # [{"id", "title", "count"}], most frequent first.
    top_procedures = models.JSONField(_("top procedures"), default=list, blank=True)
    # Mean of the members' vectors (not normalised), so adding a member updates it exactly.
    centroid = models.BinaryField(_("centroid (float32)"), null=True, blank=True)
    model_name = models.CharField(_("model"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClusterQuerySet.as_manager()

    class Meta:
        ordering = ["-support_total", "-size", "pk"]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")

    def __str__(self):
        return self.label or _("Cluster %(id)s") % {"id": self.pk}

    def centroid_array(self):
        return from_bytes(self.centroid) if self.centroid else None


class ClusterMembership(models.Model):
    class AssignedBy(models.TextChoices):
        BATCH = "batch", _("Batch clustering")
        INCREMENTAL = "incremental", _("Incremental assignment")
        # Placed by a triager (move / split): the nightly re-run keeps it where it is.
        STAFF = "staff", _("Staff decision")

    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="cluster_membership")
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="memberships")
    similarity = models.FloatField(_("similarity to the centroid"), default=0.0)
    assigned_by = models.CharField(max_length=20, choices=AssignedBy.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cluster membership")
        verbose_name_plural = _("cluster memberships")

    def __str__(self):
        return f"post {self.post_id} in cluster {self.cluster_id}"


class ProcedureSuggestion(models.Model):
    """A procedure the matcher proposes for a post, with its confidence in [0, 1]."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="procedure_suggestions")
    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="suggested_for"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    confidence = models.FloatField(_("confidence"))
    model_name = models.CharField(_("model"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["post", "rank"]
        verbose_name = _("procedure suggestion")
        verbose_name_plural = _("procedure suggestions")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "procedure"], name="one_suggestion_per_procedure"
            )
        ]

    def __str__(self):
        return f"{self.procedure_id} for post {self.post_id} ({self.confidence:.2f})"


class ProcedureDecision(models.Model):
    """A staff decision on a post's procedure, kept forever (the suggestion stays too)."""

    class Decision(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed a suggestion")
        OVERRIDDEN = "overridden", _("Chose another procedure")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="procedure_decisions")
    # Null means "none of these procedures".
    procedure = models.ForeignKey(
        "procedures.Procedure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("procedure"),
    )
    previous_procedure = models.ForeignKey(
        "procedures.Procedure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("previous procedure"),
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("procedure decision")
        verbose_name_plural = _("procedure decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="overridden") | Q(procedure__isnull=False),
                name="confirmed_decision_has_procedure",
            )
        ]

    def __str__(self):
        return f"{self.decision} {self.procedure_id} for post {self.post_id}"
