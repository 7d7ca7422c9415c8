"""Survey pages (surveys app): answering, dates, one answer per person or browser, results,
visibility, CSV export, GDPR."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from accounts.gdpr.erasure import anonymise_user
from accounts.gdpr.export import export_user_data
from challenges.models import Audience
from surveys.models import Participation, SurveySubmission
from surveys.results import survey_results
from surveys.services import SurveyRefused, submit_survey
from tests.factories import CampaignFactory, SurveyFactory, UserFactory

pytestmark = pytest.mark.django_db

ANSWERS = {
    "how_easy_was_it": "4",
    "which_channel_did_you_use": "Online",
    "what_was_hardest": "Finding the form",
}


def answer(client, survey, data=ANSWERS):
    return client.post(survey.url, data)


def test_a_citizen_answers_once(client):
    survey = SurveyFactory()
    citizen = UserFactory()
    client.force_login(citizen)

    page = client.get(survey.url)
    assert page.status_code == 200
    assert b"How easy was it?" in page.content and b"<fieldset" in page.content

    assert answer(client, survey).status_code == 200
    submission = SurveySubmission.objects.get()
    assert submission.user == citizen and submission.form_data["how_easy_was_it"] == "4"

    again = answer(client, survey, {**ANSWERS, "how_easy_was_it": "1"})
    assert again.status_code == 302
    assert SurveySubmission.objects.count() == 1
    assert b"already answered" in client.get(survey.url).content


def test_invalid_answers_are_not_saved(client):
    survey = SurveyFactory()
    client.force_login(UserFactory())
    response = answer(client, survey, {**ANSWERS, "how_easy_was_it": "9"})
    assert response.status_code == 200
    assert not SurveySubmission.objects.exists()


def test_signed_in_mode_refuses_anonymous_visitors(client):
    survey = SurveyFactory()
    assert b"Sign in to answer" in client.get(survey.url).content
    assert answer(client, survey).status_code == 302
    assert not SurveySubmission.objects.exists()


def test_the_service_refuses_a_second_answer_of_the_same_person():
    survey = SurveyFactory()
    citizen = UserFactory()
    submit_survey(survey, citizen, ANSWERS)
    with pytest.raises(SurveyRefused):
        submit_survey(survey, citizen, ANSWERS)
    assert SurveySubmission.objects.count() == 1


@pytest.mark.parametrize(
    ("opens", "closes"),
    [(timedelta(days=1), timedelta(days=2)), (-timedelta(days=5), -timedelta(days=1))],
)
def test_dates_are_enforced_at_the_server(client, opens, closes):
    now = timezone.now()
    survey = SurveyFactory(opens_at=now + opens, closes_at=now + closes)
    citizen = UserFactory()
    client.force_login(citizen)
    assert (
        b'<form method="post" action="%s"' % survey.url.encode()
        not in client.get(survey.url).content
    )
    assert answer(client, survey).status_code == 302
    assert not SurveySubmission.objects.exists()
    with pytest.raises(SurveyRefused):
        submit_survey(survey, citizen, ANSWERS)


def test_anonymous_mode_one_answer_per_browser(client):
    survey = SurveyFactory(participation=Participation.ANONYMOUS)
    assert answer(client, survey).status_code == 200
    assert SurveySubmission.objects.get().user is None
    assert answer(client, survey).status_code == 302  # the signed cookie
    assert SurveySubmission.objects.count() == 1


def test_anonymous_mode_refuses_a_filled_honeypot(client):
    survey = SurveyFactory(participation=Participation.ANONYMOUS)
    response = answer(client, survey, {**ANSWERS, "website": "http://spam.example"})
    assert response.status_code == 200
    assert not SurveySubmission.objects.exists()


def test_results_are_hidden_until_published(client):
    survey = SurveyFactory()
    submit_survey(survey, UserFactory(), ANSWERS)
    url = reverse("surveys:results", args=[survey.pk])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    assert b"See the results" not in client.get(survey.url).content

    survey.results_published = True
    survey.save_revision().publish()
    response = client.get(url)
    assert response.status_code == 200
    assert b"<caption>" in response.content and b'scope="row"' in response.content
    assert b"Finding the form" not in response.content  # free text: owners only


def test_the_owner_sees_unpublished_results_and_free_texts(client):
    survey = SurveyFactory()
    submit_survey(survey, UserFactory(), ANSWERS)
    client.force_login(UserFactory(roles=[roles.ADMIN], is_superuser=True))
    response = client.get(reverse("surveys:results", args=[survey.pk]))
    assert response.status_code == 200
    assert b"Finding the form" in response.content


def test_results_count_choices_and_average_scales():
    survey = SurveyFactory()
    for ease, channel in (("4", "Online"), ("2", "Online"), ("5", "Paper")):
        submit_survey(
            survey,
            UserFactory(),
            {**ANSWERS, "how_easy_was_it": ease, "which_channel_did_you_use": channel},
        )
    results = survey_results(survey)
    scale, choice, text = results["questions"]
    assert results["total"] == 3
    assert scale["mean"] == 3.7
    assert [r["count"] for r in scale["rows"]] == [0, 1, 0, 1, 1]
    assert {r["label"]: r["count"] for r in choice["rows"]} == {
        "Online": 2,
        "Paper": 1,
        "Counter": 0,
    }
    assert text["answer_count"] == 3 and "texts" not in text


def test_internal_campaign_survey_is_invisible_to_citizens(client):
    survey = SurveyFactory(
        campaign=CampaignFactory(audience=Audience.INTERNAL), results_published=True
    )
    client.force_login(UserFactory())
    assert client.get(survey.url).status_code == 404
    assert answer(client, survey).status_code == 404
    assert client.get(reverse("surveys:results", args=[survey.pk])).status_code == 404
    assert not SurveySubmission.objects.exists()

    client.force_login(UserFactory(roles=[roles.CIVIL_SERVANT]))
    assert client.get(survey.url).status_code == 200
    assert answer(client, survey).status_code == 200
    assert client.get(reverse("surveys:results", args=[survey.pk])).status_code == 200


def test_the_owner_exports_answers_as_csv(client):
    survey = SurveyFactory()
    submit_survey(survey, UserFactory(), ANSWERS)
    url = reverse("wagtailforms:list_submissions", args=[survey.pk]) + "?export=csv"
    client.force_login(UserFactory())
    assert client.get(url).status_code in (302, 403)
    client.force_login(UserFactory(roles=[roles.ADMIN], is_superuser=True))
    response = client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert "text/csv" in response["Content-Type"]
    assert "Finding the form" in body.decode()


def test_gdpr_export_and_erasure():
    survey = SurveyFactory()
    citizen = UserFactory()
    submit_survey(survey, citizen, ANSWERS)
    data = export_user_data(citizen)
    assert data["survey_answers"][0]["answers"]["what_was_hardest"] == "Finding the form"

    anonymise_user(citizen)
    submission = SurveySubmission.objects.get()
    assert submission.user is None
    assert submission.form_data["what_was_hardest"] == ""
    assert submission.form_data["how_easy_was_it"] == "4"  # the results stay right


def test_the_campaign_page_lists_its_surveys(client):
    survey = SurveyFactory(results_published=True)
    response = client.get(survey.campaign.url)
    assert survey.title.encode() in response.content
    assert reverse("surveys:results", args=[survey.pk]).encode() in response.content


def test_editors_create_a_survey_in_a_campaign_in_wagtail(client):
    campaign = CampaignFactory()
    client.force_login(UserFactory(roles=[roles.ADMIN], is_superuser=True))
    url = reverse("wagtailadmin_pages:add", args=["surveys", "surveypage", campaign.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"Scale from 1 to 5" in response.content


def test_demo_survey_has_published_results_and_is_idempotent():
    from core.demo.surveys import ensure_surveys
    from tests.factories import AdministrationFactory, ProcedureFactory

    campaign = CampaignFactory()
    administration = AdministrationFactory()
    ProcedureFactory(administrations=[administration], lead_administration=administration)
    citizens = [UserFactory() for _n in range(5)]
    first = ensure_surveys(campaign, citizens)
    again = ensure_surveys(campaign, citizens)
    assert first.pk == again.pk and again.results_published
    assert SurveySubmission.objects.filter(page=first).count() == 5
    from surveys.models import SatisfactionResponse

    assert SatisfactionResponse.objects.count() == 4


def test_the_owner_groups_free_texts_with_the_nlp_pipeline(client):
    survey = SurveyFactory()
    texts = ["The form is too long", "The form is far too long", "Opening hours of the counter"]
    for text in texts:
        submit_survey(survey, UserFactory(), {**ANSWERS, "what_was_hardest": text})
    url = reverse("surveys:results", args=[survey.pk])
    client.force_login(UserFactory(roles=[roles.ADMIN], is_superuser=True))
    assert b"Group similar answers" in client.get(url).content

    response = client.get(url + "?group=1")
    assert response.status_code == 200
    groups = next(q for q in response.context["results"]["questions"] if q["kind"] == "text")
    assert sorted(t for g in groups["groups"] for t in g["texts"]) == sorted(texts)
    assert b"similar answer" in response.content


def test_grouping_is_for_owners_only(client):
    survey = SurveyFactory(results_published=True)
    submit_survey(survey, UserFactory(), ANSWERS)
    client.force_login(UserFactory())
    response = client.get(reverse("surveys:results", args=[survey.pk]) + "?group=1")
    assert response.status_code == 200
    assert b"Finding the form" not in response.content


def test_answers_are_rate_limited(client, settings):
    settings.RATE_LIMITS = {"survey": (1, 3600)}
    survey = SurveyFactory(participation=Participation.ANONYMOUS)
    assert answer(client, survey).status_code == 200
    client.cookies.clear()  # a bot without cookies is still counted by address
    assert answer(client, survey).status_code == 429
    assert SurveySubmission.objects.count() == 1
