"""RSS/Atom feeds of new official answers (opendata/feeds.py): valid XML, answers on public
posts only, escaped text, the administration's name and never the answering person's."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse

from ideas.models import OfficialAnswer
from tests.factories import PostFactory
from tests.opendata_world import PERSONAL, PUBLIC_ANSWER, SECRET_TEXTS, world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def administration_feed(world, kind):
    return f"/open-data/feeds/administrations/{world.administration.pk}/answers.{kind}"


def procedure_feed(world, kind):
    return f"/open-data/feeds/procedures/{world.procedure.slug}/answers.{kind}"


def fetch(client, path, content_type):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    text = response.content.decode()
    for value in PERSONAL + SECRET_TEXTS:
        assert value not in text, value
    return ET.fromstring(response.content)  # noqa: S314 - our own feed; raises unless well-formed


@pytest.mark.parametrize("feed", [administration_feed, procedure_feed])
def test_rss_lists_answers_on_public_posts_only(client, world, feed):
    channel = fetch(client, feed(world, "rss"), "application/rss+xml").find("channel")
    items = channel.findall("item")
    assert len(items) == 1
    item = items[0]
    assert item.findtext("title") == world.public.title
    assert item.findtext("link") == f"http://testserver/posts/{world.public.pk}/"
    # Readers render the description as HTML: the answer's markup arrives as text.
    description = item.findtext("description")
    assert "&lt;b&gt;next year&lt;/b&gt; &amp; tell you." in description
    assert "<b>" not in description
    assert PUBLIC_ANSWER not in description


@pytest.mark.parametrize("feed", [administration_feed, procedure_feed])
def test_atom_lists_answers_by_the_administration(client, world, feed):
    root = fetch(client, feed(world, "atom"), "application/atom+xml")
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 1
    entry = entries[0]
    assert entry.find(f"{ATOM}link").get("href") == (f"http://testserver/posts/{world.public.pk}/")
    assert entry.find(f"{ATOM}author").findtext(f"{ATOM}name") == "Tax Administration"


def test_feeds_hold_the_latest_50_newest_first(client, world, settings):
    settings.OPENDATA_FEED_ITEMS = 3
    for number in range(4):
        post = PostFactory(title=f"Public post {number}", procedure=world.procedure)
        answer = OfficialAnswer.objects.create(
            post=post, administration=world.administration, body=f"Answer {number}"
        )
        OfficialAnswer.objects.filter(pk=answer.pk).update(
            created_at=world.answer.created_at + timedelta(days=number + 1)
        )
    channel = fetch(client, administration_feed(world, "rss"), "application/rss+xml")
    titles = [item.findtext("title") for item in channel.iter("item")]
    assert titles == ["Public post 3", "Public post 2", "Public post 1"]


def test_unknown_administration_or_procedure_is_404(client, world):
    assert client.get("/open-data/feeds/administrations/999999/answers.rss").status_code == 404
    assert client.get("/open-data/feeds/procedures/no-such-thing/answers.atom").status_code == 404


def test_feeds_answer_get_only(client, world):
    assert client.post(administration_feed(world, "rss")).status_code == 405


def test_procedure_page_links_its_feeds(client, world):
    page = client.get(reverse("procedures:detail", args=[world.procedure.slug])).content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="New answers about '
        'Income tax return (RSS)" href="/open-data/feeds/procedures/income-tax-return/'
        'answers.rss">'
    ) in page
    assert 'href="/open-data/feeds/procedures/income-tax-return/answers.atom"' in page
