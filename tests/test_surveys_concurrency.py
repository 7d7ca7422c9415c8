"""One survey answer (and one satisfaction answer) per person under concurrent requests, on
PostgreSQL (the unique constraints really race there).

Run with: .venv/bin/pytest --ds=config.settings.test_postgres -m services
tests/test_surveys_concurrency.py
"""

import pytest
from django.test import Client

from surveys.models import SatisfactionResponse, SurveySubmission
from surveys.services import SurveyRefused, record_satisfaction
from tests import concurrency
from tests.factories import ProcedureFactory, SurveyFactory, UserFactory

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgres_only"),
]

THREADS = 4
ANSWERS = {
    "how_easy_was_it": "4",
    "which_channel_did_you_use": "Online",
    "what_was_hardest": "Finding the form",
}


def race(work):
    return concurrency.race(work, THREADS)


def test_simultaneous_answers_of_one_person_make_one_submission():
    survey, user = SurveyFactory(), UserFactory()
    url = survey.url

    def post(n):
        client = Client()
        client.force_login(user)
        return client.post(url, {**ANSWERS, "how_easy_was_it": str(n + 1)}).status_code

    statuses, errors = race(post)

    assert errors == []
    assert sorted(statuses) == [200] + [302] * (THREADS - 1)  # one saved, the others refused
    assert SurveySubmission.objects.filter(user=user).count() == 1


def test_simultaneous_service_calls_raise_refusals_not_errors():
    from surveys.services import submit_survey

    survey, user = SurveyFactory(), UserFactory()
    results, errors = race(lambda n: submit_survey(survey, user, ANSWERS))
    assert len(results) == 1
    assert len(errors) == THREADS - 1 and all(isinstance(e, SurveyRefused) for e in errors)
    assert SurveySubmission.objects.count() == 1


def test_simultaneous_first_satisfaction_answers_make_one_row():
    procedure, user = ProcedureFactory(), UserFactory()
    results, errors = race(lambda n: record_satisfaction(procedure, user, n + 1))
    assert errors == []
    assert SatisfactionResponse.objects.filter(procedure=procedure, user=user).count() == 1
