"""While writing a post, similar existing posts are suggested; "Support this one instead"
supports the existing post, "Mine is different" closes the box."""

import re

import pytest
from playwright.sync_api import expect

from clustering import backends, services
from ideas.models import Support
from tests.browser.session import sign_in_as
from tests.factories import PostFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Parking permit renewal needs a town hall visit"
BODY = "Renewing my residential parking permit means a visit to the town hall with papers."


@pytest.fixture
def existing():
    backends.reset()
    services.reset_index()  # the live server shares this process and so the index
    post = PostFactory(
        title="Residential parking permit renewal on paper",
        body="To renew the residential parking permit I must bring paper documents to the "
        "town hall in person.",
        support_count=0,
    )
    unrelated = PostFactory(
        title="Birth allowance form lost twice",
        body="The birth allowance form was lost twice by the family fund.",
    )
    services.index_posts([post, unrelated])
    yield post
    services.reset_index()


@pytest.fixture
def signed_in(page, live_server):
    user = UserFactory(public_name="Jang from Wiltz")
    sign_in_as(page, live_server, user)
    return user


def write(page):
    page.goto("/posts/new/")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("What is the problem?").press_sequentially(BODY[:40], delay=5)
    page.get_by_label("What is the problem?").fill(BODY)


def test_a_similar_post_is_suggested_and_supported_instead(page, existing, signed_in):
    write(page)
    box = page.locator("#similar-posts")
    expect(box).to_have_attribute("aria-live", "polite")
    expect(box.get_by_role("heading", name="Has somebody already reported this?")).to_be_visible()
    items = box.get_by_role("listitem")
    expect(items.first.get_by_role("link", name=re.compile(existing.title))).to_be_visible()
    expect(box).not_to_contain_text("Birth allowance")

    items.first.get_by_role("button", name="Support this one instead").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(existing.title)
    expect(page.get_by_role("button", name="Withdraw my support")).to_be_visible()
    assert Support.objects.filter(post=existing, user=signed_in).count() == 1


def test_mine_is_different_closes_the_box_and_returns_to_the_text(page, existing, signed_in):
    write(page)
    box = page.locator("#similar-posts")
    different = box.get_by_role("button", name="Mine is different")
    expect(different).to_be_visible()
    different.click()
    expect(box.get_by_role("listitem")).to_have_count(0)
    expect(page.get_by_label("What is the problem?")).to_be_focused()
    page.get_by_label("What is the problem?").press_sequentially(" Again.", delay=5)
    page.wait_for_timeout(800)  # longer than the debounce: the box stays closed
    expect(box.get_by_role("listitem")).to_have_count(0)
