"""Demo surveys: a survey with published results in the public campaign, and satisfaction answers
on a few procedures. Idempotent: nothing is created twice."""

from datetime import timedelta

from django.utils import timezone

from procedures.models import Procedure
from surveys.models import Participation, SurveyField, SurveyPage
from surveys.services import record_satisfaction, submit_survey

SLUG = "how-was-your-last-procedure"
QUESTIONS = (
    ("How easy was your last procedure with the State?", "scale5", ""),
    ("How did you do it?", "radio", "Online on MyGuichet.lu\nOn paper, by post\nAt a counter"),
    (
        "Which documents did you have to give?",
        "checkboxes",
        "ID card\nPayslips\nCertificate of residence\nBirth certificate",
    ),
    ("What should we simplify first?", "multiline", ""),
)
# (ease, channel, documents, free text), one row per demo citizen.
ANSWERS = (
    ("4", "Online on MyGuichet.lu", ["ID card"], "Fewer documents I already gave once."),
    ("2", "On paper, by post", ["ID card", "Payslips", "Certificate of residence"], ""),
    ("3", "At a counter", ["Birth certificate"], "Opening hours of the counters."),
    ("5", "Online on MyGuichet.lu", ["ID card", "Payslips"], ""),
    ("2", "On paper, by post", ["Certificate of residence", "Birth certificate"], "The forms."),
)
SATISFACTION = ((4, ""), (2, "Finding which form to use."), (3, ""), (1, "Waiting for the answer."))


def ensure_surveys(campaign, citizens):
    page = SurveyPage.objects.child_of(campaign).filter(slug=SLUG).first()
    if page is None:
        now = timezone.now()
        page = SurveyPage(
            title="How was your last procedure?",
            slug=SLUG,
            intro="<p>Five questions, two minutes: tell us how your last procedure went.</p>",
            opens_at=now - timedelta(days=14),
            closes_at=now + timedelta(days=30),
            participation=Participation.SIGNED_IN,
            results_published=True,
            form_fields=[
                SurveyField(label=label, field_type=kind, choices=choices, sort_order=order)
                for order, (label, kind, choices) in enumerate(QUESTIONS)
            ],
        )
        campaign.add_child(instance=page)
        page.save_revision().publish()
        page = SurveyPage.objects.get(pk=page.pk)
        names = [field.clean_name for field in page.form_fields.order_by("sort_order")]
        for user, row in zip(citizens, ANSWERS, strict=False):
            submit_survey(page, user, dict(zip(names, row, strict=True)))
    procedures = Procedure.objects.filter(lead_administration__isnull=False).order_by("pk")[:3]
    for procedure in procedures:
        for user, (ease, hardest) in zip(citizens, SATISFACTION, strict=False):
            record_satisfaction(procedure, user, ease, hardest)
    return page
