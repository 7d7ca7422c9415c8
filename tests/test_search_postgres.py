"""Full-text search of posts on PostgreSQL (ideas.models.PostQuerySet.search).

Run with: .venv/bin/pytest -p no:cacheprovider --ds=config.settings.test_postgres -m services
tests/test_search_postgres.py
"""

import pytest
from django.db import connection
from django.urls import reverse

from ideas.models import Post
from tests.factories import PostFactory, UserFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _postgres_only():
    assert connection.vendor == "postgresql", "run with --ds=config.settings.test_postgres"


def titles(queryset):
    return [post.title for post in queryset]


def test_finds_french_and_german_words_anywhere_in_the_post():
    PostFactory(
        title="Trop de papiers pour le Kannergeld",
        body="Il faut envoyer une attestation de l'employeur par courrier.",
        suggestion="",
        language="fr",
    )
    PostFactory(
        title="Zu viele Formulare",
        body="Für die Wohnungsbeihilfe braucht man eine Meldebescheinigung.",
        suggestion="Die Bescheinigung online abrufen.",
        language="de",
    )
    PostFactory(title="Unrelated", body="Nothing to see.", suggestion="", language="en")
    published = Post.objects.published()
    assert titles(published.search("attestation")) == ["Trop de papiers pour le Kannergeld"]
    assert titles(published.search("Meldebescheinigung")) == ["Zu viele Formulare"]
    # The suggestion is searched too, case does not matter, accents are kept.
    assert titles(published.search("BESCHEINIGUNG online")) == ["Zu viele Formulare"]
    # Every word must match (web search syntax), and a quoted phrase keeps its order.
    assert titles(published.search("attestation Meldebescheinigung")) == []
    assert titles(published.search('"papiers pour"')) == ["Trop de papiers pour le Kannergeld"]
    assert titles(published.search('"pour papiers"')) == []


def test_no_stemming_so_every_language_is_treated_alike():
    # 'simple' configuration: whole words only; 'formulaires' does not match 'formulaire'.
    PostFactory(title="Le formulaire", body="Un seul formulaire.", suggestion="", language="fr")
    assert titles(Post.objects.search("formulaire")) == ["Le formulaire"]
    assert titles(Post.objects.search("formulaires")) == []


def test_best_match_first():
    PostFactory(title="Certificat", body="Une fois certificat.", suggestion="", language="fr")
    PostFactory(
        title="Certificat certificat",
        body="Certificat de résidence, certificat de vie, certificat encore.",
        suggestion="",
        language="fr",
    )
    PostFactory(title="Autre chose", body="Un certificat.", suggestion="", language="fr")
    assert titles(Post.objects.search("certificat"))[0] == "Certificat certificat"


def test_visibility_still_applies():
    PostFactory(title="Hidden attestation", body="x", suggestion="", is_hidden=True)
    PostFactory(title="Visible attestation", body="x", suggestion="")
    assert titles(Post.objects.published().search("attestation")) == ["Visible attestation"]


def test_the_query_uses_the_gin_index():
    # A tiny table may get a sequential scan: forbid it, to see that the index is usable.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = Post.objects.search("attestation").explain()
    assert "ideas_post_search_gin" in plan


def test_post_list_search_on_postgres(client):
    PostFactory(title="Kannergeld attestation", body="Papier.", suggestion="", language="fr")
    PostFactory(title="Something else", body="Papier.", suggestion="", language="fr")
    client.force_login(UserFactory())
    page = client.get(reverse("ideas:list"), {"q": "kannergeld"}).content.decode()
    assert "Kannergeld attestation" in page and "Something else" not in page
