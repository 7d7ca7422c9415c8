"""A person's survey data in the data download (accounts/gdpr/export.py), and what happens to it
when the account is deleted (accounts/gdpr/erasure.py)."""

from .models import TEXT_TYPES, SatisfactionResponse, SurveyPage, SurveySubmission


def export_survey_data(user):
    return {
        "survey_answers": [
            {
                "survey_id": s.page_id,
                "survey": s.page.title,
                "answers": s.form_data,
                "submitted_at": s.submit_time,
            }
            for s in SurveySubmission.objects.filter(user=user)
            .select_related("page")
            .order_by("submit_time", "pk")
        ],
        "satisfaction_answers": [
            {
                "procedure": r.procedure.title,
                "ease": r.ease,
                "hardest": r.hardest,
                "created_at": r.created_at,
                "updated_at": r.updated_at,
            }
            for r in SatisfactionResponse.objects.filter(user=user)
            .select_related("procedure")
            .order_by("created_at", "pk")
        ],
    }


def forget_survey_answers(user):
    """Keep the scores and choices (the results stay right), unlinked from the person; erase
    their free texts, which may hold personal data."""
    SatisfactionResponse.objects.filter(user=user).update(user=None, hardest="")
    for submission in SurveySubmission.objects.filter(user=user):
        page = SurveyPage.objects.filter(pk=submission.page_id).first()
        texts = (
            [f.clean_name for f in page.form_fields.all() if f.field_type in TEXT_TYPES]
            if page
            else []
        )
        data = {k: ("" if k in texts else v) for k, v in submission.form_data.items()}
        SurveySubmission.objects.filter(pk=submission.pk).update(user=None, form_data=data)
