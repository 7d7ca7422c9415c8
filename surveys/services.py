"""State changes of surveys: answering a survey, answering a procedure's satisfaction survey."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import SatisfactionResponse, SurveySubmission


class SurveyRefused(Exception):
    """The answer was not saved; str(exc) says why (translated)."""


def submit_survey(page, user, cleaned_data, now=None):
    """Save one answer to `page`. The dates and who may answer are checked here, at the server;
    the one-per-person rule is the database's (two simultaneous requests: one row)."""
    from django.utils.translation import gettext as _

    refusal = page.answering_refusal(user, now or timezone.now())
    if refusal:
        raise SurveyRefused(refusal)
    owner = user if user.is_authenticated and not page.is_anonymous else None
    try:
        with transaction.atomic():
            return SurveySubmission.objects.create(page=page, user=owner, form_data=cleaned_data)
    except IntegrityError:
        raise SurveyRefused(_("You have already answered this survey.")) from None


def record_satisfaction(procedure, user, ease, hardest=""):
    """Create or update `user`'s satisfaction answer about `procedure`."""
    for _attempt in range(2):
        try:
            with transaction.atomic():
                response, _created = SatisfactionResponse.objects.update_or_create(
                    procedure=procedure, user=user, defaults={"ease": ease, "hardest": hardest}
                )
                return response
        except IntegrityError:  # a simultaneous first answer won: update it instead
            continue
    raise IntegrityError("satisfaction answer could not be saved")
