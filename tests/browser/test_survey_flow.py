"""A survey in a real browser: a citizen answers it, then reads the published results (chart and
table); both pages pass the axe accessibility check."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from surveys.models import SurveySubmission
from tests.browser.axe import assert_no_serious_violations
from tests.browser.session import sign_in_as
from tests.factories import SurveyFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_answers_a_survey_and_reads_the_results(page, live_server):
    survey = SurveyFactory(title="Your last procedure", results_published=True)
    citizen = UserFactory(public_name="Léa")
    sign_in_as(page, live_server, citizen)

    page.goto(survey.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your last procedure")
    assert_no_serious_violations(page, "survey page")
    page.get_by_role("group", name="How easy was it?").get_by_label("4").check()
    page.get_by_label("Paper").check()
    page.get_by_label("What was hardest?").fill("Finding the right form")
    page.get_by_role("button", name="Send my answers").click()

    expect(page.get_by_role("status")).to_contain_text("Thank you")
    submission = SurveySubmission.objects.get()
    assert submission.user == citizen
    assert submission.form_data["how_easy_was_it"] == "4"

    page.goto(reverse("surveys:results", args=[survey.pk]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your last procedure")
    table = page.get_by_role("table", name="Number of answers per choice to “How easy was it?”")
    expect(table.get_by_role("row", name="4 1")).to_be_visible()
    expect(page.get_by_text("Finding the right form")).to_have_count(0)  # owners only
    assert_no_serious_violations(page, "survey results")

    page.goto(survey.url)
    expect(page.get_by_text("You have already answered this survey")).to_be_visible()


def test_a_citizen_rates_a_procedure_on_its_page(page, live_server):
    from surveys.models import SatisfactionResponse
    from tests.factories import ProcedureFactory

    procedure = ProcedureFactory(title="Apply for a residence certificate")
    sign_in_as(page, live_server, UserFactory())
    page.goto(procedure.get_absolute_url())
    group = page.get_by_role("group", name="How easy was it? (1 = very hard, 5 = very easy)")
    group.get_by_label("2").check()
    page.get_by_label("What was hardest?").fill("Finding the form")
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("out of 5 (1 answer)")).to_be_visible()
    assert_no_serious_violations(page, "procedure page with its satisfaction survey")
    assert SatisfactionResponse.objects.get().ease == 2
