"""Surveys as Wagtail form pages (wagtail.contrib.forms) under a campaign, and the standard
satisfaction survey of a procedure.

A survey is answered once per signed-in person (a database constraint) or, if its owner chooses,
anonymously once per browser (a signed cookie: a guard, not a guarantee). Answers are accepted
between the opening and closing dates only (checked at the server, surveys/services.py). The
results are shown to everyone who may see the campaign once the owner publishes them; free-text
answers only ever to the owner (who may edit the page) and in Wagtail's CSV export.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField, AbstractFormSubmission
from wagtail.fields import RichTextField

from challenges.in_campaign import InCampaign, OpeningWindow

SCALE_TYPES = {"scale5": 5, "scale10": 10}
CHOICE_TYPES = ("radio", "dropdown", "checkboxes")
TEXT_TYPES = ("singleline", "multiline")

FIELD_TYPES = (
    ("radio", _("Single choice")),
    ("checkboxes", _("Multiple choice")),
    ("dropdown", _("Drop-down list (single choice)")),
    ("scale5", _("Scale from 1 to 5")),
    ("scale10", _("Scale from 1 to 10")),
    ("singleline", _("Short free text")),
    ("multiline", _("Long free text")),
)


class Participation(models.TextChoices):
    SIGNED_IN = "signed_in", _("Signed-in participants, one answer per person")
    ANONYMOUS = "anonymous", _("Anonymous, one answer per browser")


class SurveyFormBuilder(FormBuilder):
    def _scale(self, field, options, top):
        from django import forms

        options["choices"] = [(str(n), str(n)) for n in range(1, top + 1)]
        options["initial"] = None
        options.setdefault("widget", forms.RadioSelect(attrs={"class": "scale"}))
        return forms.ChoiceField(**options)

    def create_scale5_field(self, field, options):
        return self._scale(field, options, 5)

    def create_scale10_field(self, field, options):
        return self._scale(field, options, 10)

    def create_multiline_field(self, field, options):
        options["max_length"] = 2000
        return super().create_multiline_field(field, options)


class SurveyField(AbstractFormField):
    page = ParentalKey("SurveyPage", on_delete=models.CASCADE, related_name="form_fields")
    field_type = models.CharField(_("question type"), max_length=16, choices=FIELD_TYPES)
    field_type.required_on_save = True

    class Meta(AbstractFormField.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")


class SurveyPage(InCampaign, OpeningWindow, AbstractForm):
    intro = RichTextField(_("introduction"), blank=True)
    thank_you = models.TextField(_("thank-you text"), blank=True, max_length=1000)
    opens_at = models.DateTimeField(_("opens at"), default=timezone.now)
    closes_at = models.DateTimeField(_("closes at"))
    participation = models.CharField(
        _("who answers"),
        max_length=20,
        choices=Participation.choices,
        default=Participation.SIGNED_IN,
    )
    results_published = models.BooleanField(
        _("results published"),
        default=False,
        help_text=_("Everyone who may see the campaign then sees the results (not free texts)."),
    )

    content_panels = AbstractForm.content_panels + [
        FieldPanel("intro"),
        InlinePanel("form_fields", heading=_("Questions"), label=_("Question")),
        FieldPanel("thank_you"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("Dates")),
        MultiFieldPanel(
            [FieldPanel("participation"), FieldPanel("results_published")],
            heading=_("Participation and results"),
        ),
    ]
    form_builder = SurveyFormBuilder
    parent_page_types = ["challenges.CampaignPage"]
    subpage_types = []
    template = "surveys/survey_page.html"
    landing_page_template = "surveys/survey_page_landing.html"

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    window_error = _("The closing date must come after the opening.")

    def is_owned_by(self, user):
        """The owner: whoever may edit this page in Wagtail."""
        return user.is_authenticated and self.permissions_for_user(user).can_edit()

    def results_visible_to(self, user):
        return self.is_visible_to(user) and (self.results_published or self.is_owned_by(user))

    @property
    def is_anonymous(self):
        return self.participation == Participation.ANONYMOUS

    def answering_refusal(self, user, now=None):
        """Why `user` may not answer now (translated), or None."""
        now = now or timezone.now()
        if now < self.opens_at:
            return _("This survey is not open yet.")
        if now >= self.closes_at:
            return _("This survey is closed.")
        campaign = self.campaign
        if campaign is None:
            return _("This survey does not belong to a campaign.")
        restricted = campaign.is_internal or campaign.who_may_post != "registered"
        if self.is_anonymous and not restricted:
            return None
        refusal = campaign.posting_refusal(user)
        if refusal and not user.is_authenticated:
            return _("Sign in to answer this survey.")
        return refusal

    def get_submission_class(self):
        return SurveySubmission

    def serve(self, request, *args, **kwargs):
        if not self.is_visible_to(request.user):
            raise Http404
        from .views import serve_survey

        return serve_survey(self, request)


class SurveySubmission(AbstractFormSubmission):
    """One person's (or one browser's) answers. `user` is emptied when the account is deleted."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_submissions",
    )

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "user"],
                condition=models.Q(user__isnull=False),
                name="surveysubmission_one_per_person",
            )
        ]


class SatisfactionQuerySet(models.QuerySet):
    def summary(self):
        """{"mean": average ease rounded to 0.1 or None, "count": number of answers}."""
        row = self.aggregate(mean=models.Avg("ease"), count=models.Count("pk"))
        mean = round(row["mean"], 1) if row["mean"] is not None else None
        return {"mean": mean, "count": row["count"]}


class SatisfactionResponse(models.Model):
    """The standard satisfaction survey of a procedure: how easy it was (1-5) and what was
    hardest. One per signed-in person and procedure (they may change it)."""

    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="satisfaction_responses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="satisfaction_responses",
    )
    ease = models.PositiveSmallIntegerField(
        _("how easy was it?"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    hardest = models.TextField(_("what was hardest?"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SatisfactionQuerySet.as_manager()

    class Meta:
        verbose_name = _("satisfaction answer")
        verbose_name_plural = _("satisfaction answers")
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "user"],
                condition=models.Q(user__isnull=False),
                name="satisfaction_one_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(ease__gte=1, ease__lte=5), name="satisfaction_ease_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.procedure_id}: {self.ease}/5"
