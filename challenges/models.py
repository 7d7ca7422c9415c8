from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Campaign(models.Model):
    """A participation campaign: the public "Let's simplify together" or an internal "Meng Iddi"."""

    PUBLIC = "public"
    INTERNAL = "internal"
    AUDIENCE_CHOICES = [
        (PUBLIC, _("Everyone (public)")),
        (INTERNAL, _("Civil servants only (internal)")),
    ]

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), unique=True)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(
        _("audience"), max_length=20, choices=AUDIENCE_CHOICES, default=PUBLIC
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self):
        return self.title

    @property
    def is_internal(self):
        return self.audience == self.INTERNAL


class ChallengeQuerySet(models.QuerySet):
    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now).filter(
            models.Q(closes_at__isnull=True) | models.Q(closes_at__gt=now)
        )


class Challenge(models.Model):
    """A call for ideas on one question, open between two dates, inside a campaign."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="challenges", verbose_name=_("campaign")
    )
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), unique=True)
    question = models.TextField(_("question"), blank=True)
    opens_at = models.DateTimeField(_("opens at"), default=timezone.now)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)

    objects = ChallengeQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__isnull=True)
                | models.Q(closes_at__gt=models.F("opens_at")),
                name="challenge_closes_after_opening",
            )
        ]

    def __str__(self):
        return self.title

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now and (self.closes_at is None or self.closes_at > now)
