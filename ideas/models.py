from django.conf import settings
from django.db import connection, models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .status import Status

# challenges.Audience.INTERNAL; not imported: challenges depends on ideas.
INTERNAL = "internal"


class SearchDocument(models.Func):
    """to_tsvector('simple', title || ' ' || body || ' ' || suggestion): the full-text document
    of a post on PostgreSQL. Migration 0004 indexes this same expression (keep them equal)."""

    template = "to_tsvector('simple'::regconfig, %(expressions)s)"
    arg_joiner = " || ' ' || "

    def __init__(self):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__("title", "body", "suggestion", output_field=SearchVectorField())


LANGUAGE_CHOICES = [
    ("lb", _("Luxembourgish")),
    ("fr", _("French")),
    ("de", _("German")),
    ("en", _("English")),
]


class PostQuerySet(models.QuerySet):
    """Visibility is decided here and only here: every list, page, search, suggestion and export
    of posts starts from `visible_to(user)` (or `published()` for anonymous, user-less output)."""

    def published(self):
        """Posts anybody may see: approved, not hidden, not in an internal campaign."""
        return self.filter(is_hidden=False, awaiting_moderation=False).exclude(
            campaign__audience=INTERNAL
        )

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.published()
        if user.is_moderator:
            return self
        # Authors also see their own hidden or not yet approved posts. One filter, no join: no
        # DISTINCT needed (it cost ~100 ms per list page at 100k posts on PostgreSQL).
        qs = self.filter(
            models.Q(is_hidden=False, awaiting_moderation=False) | models.Q(author=user)
        )
        if not user.can_see_internal:
            # Even their own: someone who left the civil service loses the internal space.
            qs = qs.exclude(campaign__audience=INTERNAL)
        return qs

    def search(self, query):
        """Posts matching `query`. PostgreSQL: full-text search, best match first; else LIKE."""
        query = (query or "").strip()
        if not query:
            return self
        if connection.vendor == "postgresql":
            return self._full_text_search(query)
        qs = self
        for word in query.split()[:8]:
            qs = qs.filter(models.Q(title__icontains=word) | models.Q(body__icontains=word))
        return qs

    def _full_text_search(self, query):
        # 'simple': no stemming nor stop words, since posts are in lb/fr/de/en. SearchDocument
        # is the exact expression of the GIN index (migration 0004), so the index is used.
        from django.contrib.postgres.search import SearchQuery, SearchRank

        document = SearchDocument()
        terms = SearchQuery(query, search_type="websearch", config="simple")
        # A later order_by (the list's sort choice) replaces the rank, which then is not computed.
        return (
            self.alias(search_document=document)
            .filter(search_document=terms)
            .order_by(SearchRank(document, terms).desc(), "-created_at")
        )

    def sorted_by(self, key):
        orders = {
            "newest": ["-created_at"],
            "supported": ["-support_count", "-created_at"],
            "answered": [models.F("answered_at").desc(nulls_last=True), "-created_at"],
        }
        return self.order_by(*orders.get(key, orders["newest"]))


class Post(models.Model):
    class Kind(models.TextChoices):
        PAIN_POINT = "pain_point", _("Pain point")
        IDEA = "idea", _("Simplification idea")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PAIN_POINT)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("what is the problem?"), max_length=5000)
    suggestion = models.TextField(_("how could it be simpler?"), max_length=5000, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="posts",
        verbose_name=_("author"),
    )
    procedure = models.ForeignKey(
        "procedures.Procedure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("procedure"),
    )
    # The administration that answers. Follows from the procedure; triage may re-route it.
    administration = models.ForeignKey(
        "procedures.Administration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("responsible administration"),
    )
    campaign = models.ForeignKey(
        "challenges.CampaignPage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("campaign"),
    )
    challenge = models.ForeignKey(
        "challenges.ChallengePage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("challenge"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False, db_index=True)
    # Shown on the post's public page while it is hidden ("Hidden by moderation: <reason>").
    hidden_reason = models.TextField(_("public reason for hiding"), blank=True, max_length=1000)
    # Set when the campaign is pre-moderated: only the author and moderators see it until approved.
    awaiting_moderation = models.BooleanField(
        _("awaiting moderation"), default=False, db_index=True
    )
    # Denormalised for sorting; only ideas.services changes it, in the same transaction as Support.
    support_count = models.PositiveIntegerField(_("supports"), default=0, db_index=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        permissions = [
            ("change_post_status", _("Can change the public status of a post")),
            ("answer_post", _("Can publish an official answer")),
            ("moderate_post", _("Can hide and restore posts")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(duplicate_of=models.F("pk")), name="post_not_duplicate_of_self"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ideas:detail", kwargs={"pk": self.pk})

    @property
    def is_internal(self):
        return bool(self.campaign_id and self.campaign.audience == INTERNAL)

    @property
    def latest_answer(self):
        return self.answers.order_by("-created_at").first()


class StatusChange(models.Model):
    """One entry of a post's public timeline: who moved it from which status to which, and why."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="status_changes")
    old_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    new_status = models.CharField(max_length=20, choices=Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    administration = models.ForeignKey(
        "procedures.Administration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    message = models.TextField(_("public message"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.post_id}: {self.old_status or '-'} -> {self.new_status}"


class OfficialAnswer(models.Model):
    """The public answer of the administration in charge, shown prominently on the post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="answers")
    administration = models.ForeignKey(
        "procedures.Administration",
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name=_("administration"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("answer"), max_length=10000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("official answer")
        verbose_name_plural = _("official answers")

    def __str__(self):
        return f"{self.administration} on {self.post_id}"


class Support(models.Model):
    """ "Me too": one per person and post (enforced by the database, not by the view)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="one_support_per_user_and_post")
        ]

    def __str__(self):
        return f"{self.user_id} supports {self.post_id}"


class Follow(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="one_follow_per_user_and_post")
        ]

    def __str__(self):
        return f"{self.user_id} follows {self.post_id}"
