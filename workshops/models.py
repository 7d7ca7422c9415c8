"""Workshops: a Wagtail page under a campaign (date, place or video link, capacity, language,
accessibility notes, summary and linked ideas) and the registrations of participants.

Who may see a workshop is its campaign's business (`CampaignPage.is_visible_to`); who may sign
up follows the campaign's posting rules. State changes go through workshops/services.py.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager

from challenges.in_campaign import InCampaign
from core.page_translations import TranslatedContentMixin, TranslatedPageQuerySet

from .forms import WorkshopPageForm


class WorkshopFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class WorkshopPage(InCampaign, TranslatedContentMixin, Page):
    description = RichTextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    format = models.CharField(
        _("format"), max_length=20, choices=WorkshopFormat.choices, default=WorkshopFormat.IN_PERSON
    )
    place = models.CharField(_("place"), max_length=255, blank=True)
    video_link = models.URLField(
        _("video link"), blank=True, help_text=_("Shown only to confirmed participants.")
    )
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    language = models.CharField(
        _("language of the workshop"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    accessibility = models.TextField(_("accessibility notes"), blank=True, max_length=2000)
    signup_closes_at = models.DateTimeField(
        _("sign-up closes at"), null=True, blank=True, help_text=_("Empty: when it starts.")
    )
    summary = RichTextField(
        _("summary"), blank=True, help_text=_("Shown after the workshop: what came out of it.")
    )

    objects = PageManager.from_queryset(TranslatedPageQuerySet)()

    content_panels = Page.content_panels + [
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")], heading=_("Dates")),
        MultiFieldPanel(
            [FieldPanel("format"), FieldPanel("place"), FieldPanel("video_link")],
            heading=_("Where"),
        ),
        FieldPanel("capacity"),
        FieldPanel("signup_closes_at"),
        FieldPanel("language"),
        FieldPanel("accessibility"),
        MultiFieldPanel(
            [
                FieldPanel("summary"),
                InlinePanel("linked_ideas", heading=_("Ideas it produced"), label=_("Idea")),
            ],
            heading=_("After the workshop"),
        ),
    ]
    base_form_class = WorkshopPageForm
    parent_page_types = ["challenges.CampaignPage"]
    subpage_types = []
    template = "workshops/workshop_page.html"
    translated_fields = TranslatedContentMixin.translated_fields + (
        "description",
        "place",
        "accessibility",
        "summary",
    )

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="workshoppage_ends_after_start",
            )
        ]

    @property
    def closes_at(self):
        return self.signup_closes_at or self.starts_at

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The workshop must end after it starts.")
        if self.signup_closes_at and self.starts_at and self.signup_closes_at > self.starts_at:
            errors["signup_closes_at"] = _("Sign-up must close before the workshop starts.")
        if self.format == WorkshopFormat.ONLINE and not self.video_link:
            errors["video_link"] = _("An online workshop needs a video link.")
        if self.format == WorkshopFormat.IN_PERSON and not self.place:
            errors["place"] = _("An in-person workshop needs a place.")
        if errors:
            raise ValidationError(errors)

    def is_past(self, now=None):
        return self.ends_at <= (now or timezone.now())

    def signup_refusal(self, user, now=None):
        """Why `user` may not sign up now (translated), or None if they may."""
        if (now or timezone.now()) >= self.closes_at:
            return _("Sign-up for this workshop is closed.")
        if self.campaign is None:
            return _("This workshop does not belong to a campaign.")
        if not user.is_authenticated:
            return _("Sign in to take part.")
        return self.campaign.posting_refusal(user)

    def get_context(self, request, *args, **kwargs):
        from .pages import workshop_context

        context = super().get_context(request, *args, **kwargs)
        return {**context, **workshop_context(self, request)}

    def serve(self, request, *args, **kwargs):
        if not self.is_visible_to(request.user):
            raise Http404
        return super().serve(request, *args, **kwargs)


class LinkedIdea(Orderable):
    """A post of the campaign that the workshop produced."""

    page = ParentalKey(WorkshopPage, on_delete=models.CASCADE, related_name="linked_ideas")
    post = models.ForeignKey(
        "ideas.Post", on_delete=models.CASCADE, related_name="+", verbose_name=_("post")
    )

    panels = [FieldPanel("post")]

    class Meta(Orderable.Meta):
        verbose_name = _("linked idea")
        verbose_name_plural = _("linked ideas")

    def clean(self):
        super().clean()
        try:
            page = self.page
        except WorkshopPage.DoesNotExist:
            return
        # A page not in the tree yet (being created) has no campaign to check against.
        campaign = page.campaign if page.path else None
        if campaign is not None and self.post_id and self.post.campaign_id != campaign.pk:
            raise ValidationError({"post": _("Choose a post of this workshop's campaign.")})

    def __str__(self):
        return str(self.post)


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=Registration.Status.CANCELLED)

    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waiting(self):
        return self.filter(status=Registration.Status.WAITING).order_by("created_at", "pk")


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workshop_registrations"
    )
    page = models.ForeignKey(WorkshopPage, on_delete=models.CASCADE, related_name="registrations")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now, db_index=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "page"],
                condition=~models.Q(status="cancelled"),
                name="workshop_one_active_registration_per_person",
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.page} ({self.status})"

    def waiting_position(self):
        """1 for the first person on the waiting list; None unless waiting."""
        if self.status != self.Status.WAITING:
            return None
        ahead = Registration.objects.waiting().filter(page_id=self.page_id)
        ahead = ahead.filter(
            models.Q(created_at__lt=self.created_at)
            | models.Q(created_at=self.created_at, pk__lt=self.pk)
        )
        return ahead.count() + 1
