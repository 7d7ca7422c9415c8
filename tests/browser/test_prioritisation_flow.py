"""A citizen distributes points in a prioritisation round in a real browser: the "points left"
counter follows, the ballot is saved and shown back; the page passes axe, results included."""

import re

import pytest
from playwright.sync_api import expect

from prioritisation.models import BallotLine
from tests.browser.axe import serious_violations
from tests.browser.session import sign_in_as
from tests.factories import PrioritisationPageFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_distributes_points_and_sees_them_saved(page, live_server):
    round_ = PrioritisationPageFactory(
        title="Quels projets d'abord ?",
        initiatives=("Un dossier par famille", "Déclaration pré-remplie", "Lettres claires"),
        show_results_live=True,
    )
    citizen = UserFactory(public_name="Léa")
    sign_in_as(page, live_server, citizen)

    page.goto(round_.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Quels projets d'abord ?")
    assert serious_violations(page) == []
    page.get_by_label("Un dossier par famille").fill("6")
    page.get_by_label("Lettres claires").fill("3")
    expect(page.locator("#points-left")).to_have_text(re.compile("Points left: 1"))
    page.get_by_role("button", name="Save my ballot").click()

    expect(page.get_by_text("Your ballot was saved")).to_be_visible()
    expect(page.get_by_label("Un dossier par famille")).to_have_value("6")
    expect(page.get_by_role("table", name=re.compile("Points and supporters"))).to_be_visible()
    assert serious_violations(page) == []
    saved = dict(
        BallotLine.objects.filter(ballot__user=citizen).values_list("initiative__title", "points")
    )
    assert saved == {"Un dossier par famille": 6, "Lettres claires": 3}
