"""The standard satisfaction survey of a procedure: the form on the procedure page, one answer
per person (updatable), its scores on the page and in the transparency statistics, GDPR."""

import pytest
from django.urls import reverse

from accounts.gdpr.erasure import anonymise_user
from accounts.gdpr.export import export_user_data
from surveys.models import SatisfactionResponse
from surveys.services import record_satisfaction
from tests.factories import AdministrationFactory, PostFactory, ProcedureFactory, UserFactory
from transparency import stats

pytestmark = pytest.mark.django_db


def rate(client, procedure, ease, hardest=""):
    url = reverse("surveys:procedure-satisfaction", args=[procedure.slug])
    return client.post(url, {"ease": ease, "hardest": hardest})


def test_a_citizen_rates_a_procedure_and_changes_the_answer(client):
    procedure = ProcedureFactory()
    citizen = UserFactory()
    client.force_login(citizen)
    page = client.get(procedure.get_absolute_url())
    assert b"How easy was it?" in page.content and b"Nobody has rated" in page.content

    assert rate(client, procedure, 2, "The appendix").status_code == 302
    assert rate(client, procedure, 4).status_code == 302

    response = SatisfactionResponse.objects.get()
    assert (response.user, response.ease, response.hardest) == (citizen, 4, "")
    page = client.get(procedure.get_absolute_url())
    assert b"<strong>4.0</strong> out of 5 (1 answer)" in page.content
    assert b"Update my answer" in page.content


def test_anonymous_visitors_are_asked_to_sign_in(client):
    procedure = ProcedureFactory()
    assert b"Sign in to say how easy" in client.get(procedure.get_absolute_url()).content
    response = rate(client, procedure, 3)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not SatisfactionResponse.objects.exists()


def test_invalid_scores_are_refused(client):
    procedure = ProcedureFactory()
    client.force_login(UserFactory())
    for ease in (0, 6, "x", ""):
        rate(client, procedure, ease)
    assert not SatisfactionResponse.objects.exists()


def test_free_texts_are_never_shown_on_the_procedure_page(client):
    procedure = ProcedureFactory()
    record_satisfaction(procedure, UserFactory(), 1, "My neighbour Jean Dupont")
    assert b"Jean Dupont" not in client.get(procedure.get_absolute_url()).content


def test_average_ease_per_administration_in_the_transparency_statistics(client):
    x = AdministrationFactory(name="Administration X")
    procedure = ProcedureFactory(administrations=[x], lead_administration=x)
    other = ProcedureFactory()
    PostFactory(procedure=procedure, administration=x)
    for ease in (2, 3, 5):
        record_satisfaction(procedure, UserFactory(), ease)
    record_satisfaction(other, UserFactory(), 1)

    row = stats.stats_for(x)
    assert (row["satisfaction_mean"], row["satisfaction_count"]) == (3.3, 3)
    overall = stats.overall_stats()
    assert (overall["satisfaction_mean"], overall["satisfaction_count"]) == (2.8, 4)
    page = client.get(reverse("transparency:index"))
    assert b"3.3 (3 answers)" in page.content


def test_gdpr_export_and_erasure():
    procedure = ProcedureFactory()
    citizen = UserFactory()
    record_satisfaction(procedure, citizen, 2, "The appendix")
    exported = export_user_data(citizen)["satisfaction_answers"]
    assert exported[0]["ease"] == 2 and exported[0]["hardest"] == "The appendix"

    anonymise_user(citizen)
    response = SatisfactionResponse.objects.get()
    assert (response.user, response.ease, response.hardest) == (None, 2, "")
