"""Prioritisation rounds: the owner lists initiatives (e.g. simplification projects or ideas
retained from a challenge) and each participant distributes a fixed number of points.

One ballot per person and round (a database constraint); a ballot may be changed until the
close date. All state changes go through prioritisation/services.py.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from challenges.in_campaign import InCampaign, OpeningWindow
from core.page_translations import TranslatedContentMixin

from .forms import PrioritisationPageForm


class PrioritisationPage(InCampaign, OpeningWindow, TranslatedContentMixin, Page):
    intro = RichTextField(_("introduction"), blank=True)
    points_per_participant = models.PositiveSmallIntegerField(
        _("points per participant"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
    )
    max_points_per_initiative = models.PositiveSmallIntegerField(
        _("maximum points per initiative"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit other than the points per participant."),
    )
    opens_at = models.DateTimeField(_("opens at"), default=timezone.now)
    closes_at = models.DateTimeField(_("closes at"))
    results_published = models.BooleanField(
        _("results published"),
        default=False,
        help_text=_("Tick after the close date to show the results to everyone."),
    )
    show_results_live = models.BooleanField(
        _("show results live"),
        default=False,
        help_text=_("Show the running results while the round is open."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldRowPanel(
            [FieldPanel("points_per_participant"), FieldPanel("max_points_per_initiative")],
            heading=_("Points"),
        ),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("Dates")),
        InlinePanel("initiatives", heading=_("Initiatives"), label=_("Initiative"), min_num=1),
        MultiFieldPanel(
            [FieldPanel("results_published"), FieldPanel("show_results_live")],
            heading=_("Results"),
        ),
    ]
    base_form_class = PrioritisationPageForm
    parent_page_types = ["challenges.CampaignPage"]
    subpage_types = []
    template = "prioritisation/prioritisation_page.html"
    translated_fields = TranslatedContentMixin.translated_fields + ("intro",)

    class Meta:
        verbose_name = _("prioritisation round")
        verbose_name_plural = _("prioritisation rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="prioritisationpage_closes_after_opening",
            )
        ]

    window_error = _("The close date must come after the opening.")

    def clean(self):
        super().clean()  # the opening window first (challenges.in_campaign.OpeningWindow)
        cap = self.max_points_per_initiative
        if cap and self.points_per_participant and cap > self.points_per_participant:
            raise ValidationError(
                {"max_points_per_initiative": _("This is more than the points per participant.")}
            )

    def results_visible(self):
        return self.results_published or self.show_results_live

    def voting_refusal(self, user, now=None):
        """Why `user` may not cast a ballot here now (translated), or None if they may."""
        if not self.has_started(now):
            return _("This prioritisation round is not open yet.")
        if self.is_closed(now):
            return _("This prioritisation round is closed.")
        if self.campaign is None:
            return _("This prioritisation round does not belong to a campaign.")
        if not user.is_authenticated:
            return _("Sign in to take part.")
        return self.campaign.posting_refusal(user)

    def results(self):
        """The initiatives with their total points and number of supporters, best first."""
        return self.initiatives.annotate(
            total_points=Coalesce(Sum("ballot_lines__points"), 0),
            supporters=Count("ballot_lines", filter=Q(ballot_lines__points__gt=0)),
        ).order_by("-total_points", "sort_order", "pk")

    def get_context(self, request, *args, **kwargs):
        from .views import page_context

        context = super().get_context(request, *args, **kwargs)
        return {**context, **page_context(self, request)}

    def serve(self, request, *args, **kwargs):
        # Invisible, not forbidden: outsiders must not learn that an internal space exists.
        if not self.is_visible_to(request.user):
            raise Http404
        if request.method == "POST":
            from .views import submit_ballot

            return submit_ballot(request, self)
        return super().serve(request, *args, **kwargs)


class Initiative(Orderable):
    page = ParentalKey(PrioritisationPage, on_delete=models.CASCADE, related_name="initiatives")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    post = models.ForeignKey(
        "ideas.Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("related post"),
        help_text=_("Optional: a post of this campaign, e.g. an idea retained from a challenge."),
    )

    panels = [FieldPanel("title"), FieldPanel("description"), FieldPanel("post")]

    class Meta(Orderable.Meta):
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")

    def __str__(self):
        return self.title


class Ballot(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ballots"
    )
    page = models.ForeignKey(PrioritisationPage, on_delete=models.CASCADE, related_name="ballots")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "page"], name="prioritisation_one_ballot_per_person"
            )
        ]

    def __str__(self):
        return f"{self.user_id} → {self.page_id}"


class BallotLine(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="lines")
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="ballot_lines"
    )
    points = models.PositiveSmallIntegerField(_("points"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "initiative"], name="prioritisation_one_line_per_initiative"
            ),
            models.CheckConstraint(
                condition=Q(points__gte=0), name="prioritisation_points_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.initiative_id}: {self.points}"
