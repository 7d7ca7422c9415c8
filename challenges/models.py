"""Campaigns and challenges as Wagtail pages, so editors write and publish them with Wagtail's
own workflow: a campaign page (public "Let's simplify together" or internal "Meng Iddi") and,
below it, challenge pages (a ministry's consultation project or an internal call for ideas).

Who may see a campaign is decided by `CampaignPage.audience` and `accounts.User.can_see_internal`
only; posts inherit it through `ideas.Post.campaign` (see PostQuerySet.visible_to).
"""

import html

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager

from core.page_translations import TranslatedContentMixin, TranslatedPageQuerySet

from .forms import ChallengePageForm
from .in_campaign import InCampaign, OpeningWindow


class Audience(models.TextChoices):
    PUBLIC = "public", _("Everyone (public)")
    INTERNAL = "internal", _("Civil servants only (internal)")


class WhoMayPost(models.TextChoices):
    REGISTERED = "registered", _("Every registered participant")
    CIVIL_SERVANTS = "civil_servants", _("Civil servants only")


def can_see_internal(user):
    return bool(user.is_authenticated and user.can_see_internal)


# visible_to() returns originals only: a translated copy is shown through its original (same URL,
# same rules; core/page_translations.py), never listed or posted to on its own.
class CampaignPageQuerySet(TranslatedPageQuerySet):
    def visible_to(self, user):
        originals = self.originals()
        if can_see_internal(user):
            return originals
        return originals.exclude(audience=Audience.INTERNAL)


class ChallengePageQuerySet(TranslatedPageQuerySet):
    def visible_to(self, user):
        pages = self.originals()
        if can_see_internal(user):
            return pages
        internal = CampaignPage.objects.originals().filter(audience=Audience.INTERNAL)
        for campaign in internal:
            pages = pages.not_descendant_of(campaign)
        return pages

    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)


class CampaignPage(TranslatedContentMixin, Page):
    intro = RichTextField(_("introduction"), blank=True)
    administration = models.ForeignKey(
        "procedures.Administration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="campaigns",
        verbose_name=_("owning administration"),
    )
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.PUBLIC
    )
    who_may_post = models.CharField(
        _("who may post"),
        max_length=20,
        choices=WhoMayPost.choices,
        default=WhoMayPost.REGISTERED,
        help_text=_("Internal campaigns always accept posts from civil servants only."),
    )
    premoderated = models.BooleanField(
        _("posts are pre-moderated"),
        default=False,
        help_text=_("New posts stay invisible to others until a moderator approves them."),
    )

    objects = PageManager.from_queryset(CampaignPageQuerySet)()

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("administration"),
        MultiFieldPanel(
            [FieldPanel("audience"), FieldPanel("who_may_post"), FieldPanel("premoderated")],
            heading=_("Participation"),
        ),
    ]
    parent_page_types = ["core.HomePage"]
    subpage_types = [
        "challenges.ChallengePage",
        "surveys.SurveyPage",
        "prioritisation.PrioritisationPage",
        "workshops.WorkshopPage",
    ]
    template = "challenges/campaign_page.html"
    translated_fields = TranslatedContentMixin.translated_fields + ("intro",)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    @property
    def is_internal(self):
        return self.audience == Audience.INTERNAL

    @property
    def summary(self):
        """For lists: the editor's search description, else the intro's first paragraph."""
        if self.search_description:
            return self.search_description
        return html.unescape(strip_tags(self.intro.split("</p>", 1)[0]))  # the template escapes

    def clean(self):
        super().clean()
        if self.is_internal and self.who_may_post != WhoMayPost.CIVIL_SERVANTS:
            raise ValidationError(
                {"who_may_post": _("Only civil servants can post in an internal campaign.")}
            )

    def is_visible_to(self, user):
        return not self.is_internal or can_see_internal(user)

    def posting_refusal(self, user):
        """Why `user` may not post here (a translated sentence), or None if they may."""
        if not user.is_authenticated:
            return _("Sign in to post.")
        if (
            self.is_internal or self.who_may_post == WhoMayPost.CIVIL_SERVANTS
        ) and not can_see_internal(user):
            return _("This campaign is open to civil servants only.")
        return None

    def get_context(self, request, *args, **kwargs):
        from .pages import campaign_context

        context = super().get_context(request, *args, **kwargs)
        return {**context, **campaign_context(self, request)}

    def serve(self, request, *args, **kwargs):
        # Invisible, not forbidden: outsiders must not learn that an internal space exists.
        if not self.is_visible_to(request.user):
            raise Http404
        return super().serve(request, *args, **kwargs)


class ChallengePage(InCampaign, OpeningWindow, TranslatedContentMixin, Page):
    """One question asked for a limited time: a ministry consultation or an internal challenge."""

    question = models.TextField(_("question"), max_length=1000)
    context = RichTextField(_("context"), blank=True)
    administration = models.ForeignKey(
        "procedures.Administration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="challenges",
        verbose_name=_("owning administration"),
    )
    opens_at = models.DateTimeField(_("opens at"), default=timezone.now)
    closes_at = models.DateTimeField(_("deadline"))
    results = RichTextField(
        _("results"),
        blank=True,
        help_text=_("Shown after the deadline: what you learnt and what you will do."),
    )

    objects = PageManager.from_queryset(ChallengePageQuerySet)()

    content_panels = Page.content_panels + [
        FieldPanel("question"),
        FieldPanel("context"),
        FieldPanel("administration"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("Dates")),
        InlinePanel("phases", heading=_("Phases"), label=_("Phase")),
        MultiFieldPanel(
            [
                FieldPanel("results"),
                InlinePanel("retained_ideas", heading=_("Retained ideas"), label=_("Idea")),
            ],
            heading=_("Results"),
        ),
    ]
    base_form_class = ChallengePageForm
    parent_page_types = ["challenges.CampaignPage"]
    subpage_types = []
    template = "challenges/challenge_page.html"
    window_error = _("The deadline must come after the opening.")
    # Phases come from the translation too (challenges/pages.py); dates and rules never do.
    translated_fields = TranslatedContentMixin.translated_fields + (
        "question",
        "context",
        "results",
    )

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="challengepage_closes_after_opening",
            )
        ]

    def posting_refusal(self, user, now=None):
        """Why `user` may not post an idea here now (translated), or None if they may."""
        if not self.has_started(now):
            return _("This challenge is not open yet.")
        if self.is_closed(now):
            return _("This challenge is closed for new ideas.")
        if self.campaign is None:
            return _("This challenge does not belong to a campaign.")
        return self.campaign.posting_refusal(user)

    def get_context(self, request, *args, **kwargs):
        from .pages import challenge_context

        context = super().get_context(request, *args, **kwargs)
        text_source = context["page"].text_source
        return {**context, **challenge_context(self, request, text_source)}

    def serve(self, request, *args, **kwargs):
        if not self.is_visible_to(request.user):
            raise Http404
        return super().serve(request, *args, **kwargs)


class ChallengePhase(Orderable):
    """A step of the challenge's timeline, e.g. collecting ideas, evaluating, results."""

    page = ParentalKey(ChallengePage, on_delete=models.CASCADE, related_name="phases")
    title = models.CharField(_("title"), max_length=120)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=1000)

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("phase")
        verbose_name_plural = _("phases")

    def __str__(self):
        return self.title

    def is_current(self, today=None):
        today = today or timezone.localdate()
        return self.starts_on <= today and (self.ends_on is None or today <= self.ends_on)

    def is_past(self, today=None):
        today = today or timezone.localdate()
        return self.ends_on is not None and self.ends_on < today


class RetainedIdea(Orderable):
    """A post the owner keeps from the challenge, with what will happen to it."""

    page = ParentalKey(ChallengePage, on_delete=models.CASCADE, related_name="retained_ideas")
    post = models.ForeignKey(
        "ideas.Post", on_delete=models.CASCADE, related_name="+", verbose_name=_("post")
    )
    note = models.TextField(_("what happens next"), blank=True, max_length=2000)

    panels = [FieldPanel("post"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("retained idea")
        verbose_name_plural = _("retained ideas")

    def __str__(self):
        return str(self.post)
