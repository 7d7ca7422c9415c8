"""Meng Iddi in a real browser: a civil servant answers an internal challenge from its page;
a citizen then finds no trace of it (not on the page, the lists, the search or the post URL)."""

import re

import pytest
from playwright.sync_api import expect

from accounts import roles
from ideas.models import Post
from tests.browser.session import sign_in_as
from tests.factories import (
    AdministrationFactory,
    CampaignFactory,
    ChallengeFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

TITLE = "Arrêter d'imprimer les certificats de résidence reçus par e-mail"


@pytest.fixture
def challenge():
    ctie = AdministrationFactory(name="Centre des technologies de l'information de l'État")
    meng_iddi = CampaignFactory(title="Meng Iddi", audience="internal", administration=ctie)
    return ChallengeFactory(
        campaign=meng_iddi,
        title="Un back-office sans papier",
        question="Où imprimons-nous encore des documents uniquement pour les scanner ensuite ?",
        administration=ctie,
    )


def test_civil_servant_answers_a_challenge_and_a_citizen_cannot_see_it(
    page, live_server, challenge
):
    employer = AdministrationFactory(name="Administration des contributions directes")
    servant = UserFactory(public_name="Claire", roles=[roles.CIVIL_SERVANT], employer=employer)
    sign_in_as(page, live_server, servant)

    page.goto(challenge.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Un back-office sans papier")
    expect(page.get_by_text(re.compile("Closes in|closes in"))).to_be_visible()
    page.get_by_role("link", name=re.compile("Answer this challenge")).click()

    expect(page.get_by_text(challenge.question)).to_be_visible()
    page.get_by_label(re.compile("I don't know the procedure")).check()
    page.get_by_label("Simplification idea").check()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("What is the problem?").fill(
        "Nous imprimons chaque certificat reçu par e-mail pour le scanner dans la GED ensuite."
    )
    page.get_by_role("button", name="Preview my post").click()
    page.get_by_role("button", name="Publish my post").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("main")).to_contain_text("Administration des contributions directes")

    post = Post.objects.get(title=TITLE)
    assert post.challenge_id == challenge.pk and post.is_internal
    page.goto(challenge.url)
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()

    citizen = UserFactory(public_name="Jang from Wiltz")
    sign_in_as(page, live_server, citizen)
    for url in (challenge.url, challenge.campaign.url, post.get_absolute_url()):
        response = page.goto(url)
        assert response.status == 404, url
        expect(page.locator("body")).not_to_contain_text(TITLE)
    for url in ("/", "/posts/", "/posts/?q=imprimer", "/campaigns/"):
        page.goto(url)
        expect(page.locator("main")).not_to_contain_text(TITLE)
        expect(page.locator("main")).not_to_contain_text("Un back-office sans papier")
