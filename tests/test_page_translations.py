"""Translated Wagtail pages (Wagtail's own i18n + simple_translation), served at the original URL.

A visitor whose language has a live translation of a page reads that translation at the page's
usual URL; otherwise the original. Lists show each page once. Posts, visibility and rules always
follow the original (core/page_translations.py).
"""

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Locale, Page

from accounts import roles
from challenges.models import CampaignPage, ChallengePage, ChallengePhase
from ideas.forms import challenge_for
from ideas.models import Post
from tests.factories import (
    CampaignFactory,
    ChallengeFactory,
    PostFactory,
    UserFactory,
    home_page,
)
from tests.test_challenge_pages import time_tag
from tests.test_submit import form_data

pytestmark = pytest.mark.django_db


def in_language(client, lang):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client


def html_of(client, url, lang):
    response = in_language(client, lang).get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def translate(page, lang, publish=True, **fields):
    """What an editor does: "Translate" (copies the page, its parents as aliases if needed),
    then edit the copy's text and publish it."""
    copy = page.copy_for_translation(Locale.objects.get(language_code=lang), copy_parents=True)
    for name, value in fields.items():
        setattr(copy, name, value)
    revision = copy.save_revision()
    if publish:
        revision.publish()
    copy.refresh_from_db()
    return copy


@pytest.fixture
def citizen():
    return UserFactory()


def test_a_locale_exists_for_each_language_and_pages_start_in_english():
    codes = set(Locale.objects.values_list("language_code", flat=True))
    assert codes == {"lb", "fr", "de", "en"}
    assert home_page().locale.language_code == "en"


def test_editor_translates_a_page_with_the_translate_action(client):
    campaign = CampaignFactory(title="Paper forms")
    client.force_login(UserFactory(roles=[roles.ADMIN]))  # platform admins, not only superusers
    url = reverse("simple_translation:submit_page_translation", args=[home_page().pk])
    fr = Locale.objects.get(language_code="fr")

    response = client.post(url, {"locales": [fr.pk], "include_subtree": "on"})

    assert response.status_code == 302
    translated = CampaignPage.objects.get(translation_key=campaign.translation_key, locale=fr)
    assert translated.title == "Paper forms"
    assert not translated.live  # a draft, until the translator publishes it
    assert translated.pk != campaign.pk


def test_the_same_url_shows_each_visitor_their_language_or_the_original(client):
    campaign = CampaignFactory(title="Paper forms", intro="<p>Tell us which form to drop.</p>")
    translate(
        campaign, "fr", title="Formulaires papier", intro="<p>Quel formulaire supprimer ?</p>"
    )
    translate(campaign, "de", publish=False, title="Papierformulare (Entwurf)")

    french = html_of(client, campaign.url, "fr")
    assert '<h1 id="campaign-title">Formulaires papier</h1>' in french
    assert "Quel formulaire supprimer ?" in french
    assert "Paper forms" not in french

    # No live German translation (a draft only): the original, marked as English.
    german = html_of(client, campaign.url, "de")
    assert '<h1 id="campaign-title" lang="en">Paper forms</h1>' in german
    assert "Entwurf" not in german
    assert '<html lang="de">' in german

    english = html_of(client, campaign.url, "en")
    assert '<h1 id="campaign-title">Paper forms</h1>' in english


def test_the_home_page_is_translated_at_the_root_url(client):
    home = home_page()
    home.intro = "Tell us what hurts."
    home.save_revision().publish()
    translate(home, "lb", intro="Sot eis, wat wéi deet.")
    campaign = CampaignFactory(title="Paper forms")  # not translated: still found in Luxembourgish

    assert "Sot eis, wat wéi deet." in html_of(client, "/", "lb")
    assert "Tell us what hurts." in html_of(client, "/", "fr")
    assert '<h1 id="campaign-title" lang="en">Paper forms</h1>' in html_of(
        client, campaign.url, "lb"
    )


def test_lists_show_each_page_once_with_the_visitors_title(client):
    campaign = CampaignFactory(title="Paper forms")
    challenge = ChallengeFactory(campaign=campaign, title="Which certificate?")
    translate(campaign, "fr", title="Formulaires papier")
    translate(challenge, "fr", title="Quel certificat ?")

    for url in ("/", reverse("challenges:list"), campaign.url):
        french = html_of(client, url, "fr")
        assert french.count("Quel certificat ?") == 1, url
        assert "Which certificate?" not in french
        assert f'href="{challenge.url}"' in french
    listing = html_of(client, reverse("challenges:list"), "fr")
    assert listing.count("Formulaires papier") == 1
    assert f'href="{campaign.url}"' in listing

    english = html_of(client, reverse("challenges:list"), "en")
    assert english.count("Which certificate?") == 1
    assert "Quel certificat ?" not in english
    german = html_of(client, reverse("challenges:list"), "de")
    assert f'<a href="{challenge.url}" lang="en">Which certificate?</a>' in german


def test_a_translated_challenge_shows_its_text_and_phases_but_keeps_the_originals_rules(
    client, citizen
):
    challenge = ChallengeFactory(title="Which certificate?", question="Which one could go?")
    ChallengePhase.objects.create(page=challenge, title="Collecting ideas", starts_on="2026-01-01")
    translated = translate(challenge, "de", title="Welche Bescheinigung?", question="Welche?")
    translated.phases.update(title="Ideen sammeln")
    translated.closes_at = challenge.opens_at + (challenge.closes_at - challenge.opens_at) * 2
    translated.save_revision().publish()
    client.force_login(citizen)

    german = html_of(client, challenge.url, "de")
    assert "Welche Bescheinigung?" in german
    assert "Ideen sammeln" in german
    assert "Collecting ideas" not in german
    assert f"?challenge={challenge.pk}" in german  # posts go to the original
    assert time_tag(challenge.closes_at) in german  # dates are the original's
    assert time_tag(translated.closes_at) not in german


def test_posting_from_a_translated_challenge_attaches_to_the_original(client, citizen):
    challenge = ChallengeFactory()
    translated = translate(challenge, "fr", title="Quel certificat ?")
    client.force_login(citizen)
    url = reverse("ideas:create")

    assert challenge_for(translated.pk, citizen) == challenge
    html = in_language(client, "fr").get(url, {"challenge": translated.pk}).content.decode()
    assert f'<input type="hidden" name="challenge" value="{challenge.pk}">' in html
    carried = client.post(url, form_data(challenge=translated.pk)).context["carried"]
    client.post(url, {**carried, "action": "submit"})

    post = Post.objects.get()
    assert post.challenge_id == challenge.pk
    assert post.campaign_id == challenge.campaign.pk


def test_translations_of_internal_pages_stay_invisible_to_citizens(client, citizen):
    campaign = CampaignFactory(title="Meng Iddi", audience="internal")
    challenge = ChallengeFactory(campaign=campaign, title="Internal call")
    translated_campaign = translate(campaign, "fr", title="Mon idée")
    translate(challenge, "fr", title="Appel interne")
    # Even a translator who sets the copy public does not open anything: rules are the original's.
    translated_campaign.audience = "public"
    translated_campaign.save_revision().publish()

    assert not CampaignPage.objects.visible_to(citizen).exists()
    assert not ChallengePage.objects.visible_to(citizen).exists()
    with pytest.raises(ValidationError):
        challenge_for(ChallengePage.objects.get(title="Appel interne").pk, citizen)
    client.force_login(citizen)
    for lang in ("fr", "en"):
        assert in_language(client, lang).get(campaign.url).status_code == 404
        assert in_language(client, lang).get(challenge.url).status_code == 404
        listing = html_of(client, reverse("challenges:list"), lang)
        assert "Mon idée" not in listing
        assert "Appel interne" not in listing

    civil_servant = UserFactory(roles=[roles.CIVIL_SERVANT])
    assert list(CampaignPage.objects.visible_to(civil_servant)) == [campaign]
    client.force_login(civil_servant)
    assert "Appel interne" in html_of(client, challenge.url, "fr")


def test_a_translations_own_url_is_the_originals_and_a_changed_slug_leads_nowhere(client):
    campaign = CampaignFactory(title="Paper forms", slug="paper-forms")
    translated = translate(campaign, "fr", title="Formulaires papier")
    assert translated.url == campaign.url == "/paper-forms/"

    renamed = translate(campaign, "de", title="Papierformulare", slug="papierformulare")
    assert renamed.url == "/papierformulare/"
    assert in_language(client, "de").get(renamed.url).status_code == 404
    assert "Papierformulare" in html_of(client, campaign.url, "de")
    # The translated home page itself (beside the real one in the tree) is no address either.
    assert in_language(client, "fr").get("/home-fr/").status_code == 404


def test_standard_page_lists_its_children_in_the_visitors_language(client):
    from core.models import StandardPage

    about = home_page().add_child(instance=StandardPage(title="About", slug="about"))
    privacy = about.add_child(instance=StandardPage(title="Privacy", slug="privacy"))
    translate(privacy, "fr", title="Vie privée")

    french = html_of(client, about.url, "fr")
    assert f'<a href="{privacy.url}">Vie privée</a>' in french  # no lang: the UI is French too
    assert '<article class="rich-text" lang="en">' in french
    assert "Privacy" not in french


def test_pages_with_posts_still_cannot_be_deleted_but_their_translations_can(client):
    challenge = ChallengeFactory()
    PostFactory(challenge=challenge, campaign=challenge.campaign)
    translated = translate(challenge, "fr", title="Quel certificat ?")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.post(reverse("wagtailadmin_pages:delete", args=[challenge.pk]))
    assert response.url == reverse("wagtailadmin_pages:edit", args=[challenge.pk])
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("cannot be deleted" in message for message in messages)

    client.post(reverse("wagtailadmin_pages:delete", args=[translated.pk]))
    assert not Page.objects.filter(pk=translated.pk).exists()
    assert Post.objects.get().challenge_id == challenge.pk


def test_post_detail_shows_the_content_language(client):
    post = PostFactory(language="lb", title="Ze vill Pabeier", body="Ech hu misse dräimol ...")

    html = html_of(client, post.get_absolute_url(), "en")

    assert '<dd id="post-language">Luxembourgish</dd>' in html
    assert '<h1 id="post-title" lang="lb">Ze vill Pabeier</h1>' in html
    assert '<div lang="lb"><p>Ech hu misse dräimol ...</p></div>' in html


def test_post_list_filters_by_content_language(client):
    post = PostFactory(language="lb", title="Lëtzebuergesch post")
    PostFactory(language="fr", title="Contribution en français")

    html = html_of(client, reverse("ideas:list") + "?language=lb", "en")

    assert "Lëtzebuergesch post" in html
    assert "Contribution en français" not in html
    assert '<option value="lb" selected>' in html
    assert f'id="post-{post.pk}-title" lang="lb">' in html  # the card's title, in its language
    assert "<dd>Luxembourgish</dd>" in html
