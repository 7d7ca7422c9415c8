"""A citizen signs up for a workshop in a real browser and sees their seat; another, once it is
full, sees their place on the waiting list. The page passes axe in both states."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import serious_violations
from tests.browser.session import sign_in_as
from tests.factories import UserFactory, WorkshopFactory
from workshops.models import Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizens_sign_up_then_join_the_waiting_list(page, live_server):
    workshop = WorkshopFactory(
        title="Gov-Jam",
        capacity=1,
        accessibility="Step-free access, lift to all floors.",
    )
    first, second = UserFactory(public_name="Léa"), UserFactory(public_name="Jos")

    sign_in_as(page, live_server, first)
    page.goto(workshop.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Gov-Jam")
    expect(page.get_by_text("1 seat left")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator(".workshop-status")).to_have_text("You have a seat at this workshop.")
    expect(page.get_by_role("button", name="Cancel my registration")).to_be_visible()
    assert serious_violations(page) == []

    sign_in_as(page, live_server, second)
    page.goto(workshop.url)
    expect(page.get_by_text("0 seats left")).to_be_visible()
    page.get_by_role("button", name="Join the waiting list").click()
    expect(page.locator(".workshop-status")).to_have_text("You are number 1 on the waiting list.")
    assert serious_violations(page) == []

    statuses = dict(Registration.objects.values_list("user__public_name", "status"))
    assert statuses == {"Léa": "confirmed", "Jos": "waiting"}
