from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Administration(models.Model):
    """A ministry or administration. Its members triage and answer posts about its procedures."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="administrations",
        verbose_name=_("members (triage team)"),
    )
    answer_deadline_days = models.PositiveSmallIntegerField(
        _("days to answer a post"),
        null=True,
        blank=True,
        help_text=_("Empty: the platform default (TRIAGE_ANSWER_DEADLINE_DAYS)."),
    )
    email_domains = models.CharField(
        _("e-mail domains of its staff"),
        max_length=500,
        blank=True,
        help_text=_(
            "Comma-separated, e.g. “acd.etat.lu, impotsdirects.etat.lu”. Whoever verifies an "
            "address at one of these domains becomes a civil servant of this administration."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("administration")
        verbose_name_plural = _("administrations")

    def __str__(self):
        return self.name

    @property
    def domain_list(self):
        return [d.strip().lower().lstrip("@") for d in self.email_domains.split(",") if d.strip()]


class ProcedureQuerySet(models.QuerySet):
    def search(self, query):
        query = (query or "").strip()
        if not query:
            return self.none()
        qs = self
        for word in query.split()[:8]:
            qs = qs.filter(title__icontains=word)
        return qs

    def with_post_counts(self, posts=None):
        """Annotate `post_count`, counting only `posts` (e.g. visible_to(user)) if given."""
        only = models.Q(posts__in=posts.values("pk")) if posts is not None else None
        return self.annotate(post_count=models.Count("posts", filter=only, distinct=True))


class Procedure(models.Model):
    """A page of the administrative-procedure catalogue (guichet.lu's citizen guide)."""

    THEME_LABELS = {
        "impots-taxes": _("Taxes"),
        "travail-emploi": _("Work and employment"),
        "citoyennete": _("Citizenship"),
        "famille": _("Family"),
        "enseignement-formation": _("Education and training"),
    }

    external_id = models.CharField(_("catalogue id"), max_length=255, unique=True)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    title = models.CharField(_("title"), max_length=500)
    url = models.URLField(_("catalogue page"), max_length=500, blank=True)
    theme = models.CharField(_("theme"), max_length=100, blank=True, db_index=True)
    path = models.JSONField(_("parent path"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=5, default="fr")
    audience = models.CharField(_("audience"), max_length=50, blank=True)
    administrations = models.ManyToManyField(
        Administration, blank=True, related_name="procedures", verbose_name=_("administrations")
    )
    # The administration listed first in the catalogue; it answers posts about the procedure.
    lead_administration = models.ForeignKey(
        Administration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lead_procedures",
        verbose_name=_("lead administration"),
    )

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("procedures:detail", kwargs={"slug": self.slug})

    @property
    def theme_label(self):
        return self.THEME_LABELS.get(self.theme, self.theme)

    @property
    def responsible_administration(self):
        """The lead administration answers for the procedure (triage may re-route the post)."""
        if self.lead_administration_id:
            return self.lead_administration
        return self.administrations.order_by("pk").first()
