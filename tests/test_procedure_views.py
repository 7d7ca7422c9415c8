"""Public procedure pages and the search endpoint behind the post form's procedure picker."""

import pytest
from django.urls import reverse

from accounts import roles
from tests.factories import (
    AdministrationFactory,
    CampaignFactory,
    PostFactory,
    ProcedureFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def search(client, query, **headers):
    return client.get(reverse("procedures:search-json"), {"q": query}, **headers)


def test_search_json_returns_matching_procedures_with_their_administration(client):
    administration = AdministrationFactory(name="Caisse pour l'avenir des enfants")
    wanted = ProcedureFactory(
        title="Allocations familiales", theme="famille", administrations=[administration]
    )
    ProcedureFactory(title="Allocation de vie chère")  # lacks the word "familiales"
    response = search(client, "alloc familiales")
    assert response.status_code == 200
    assert response.json() == {
        "results": [
            {
                "id": wanted.pk,
                "title": "Allocations familiales",
                "theme": "famille",
                "theme_label": "Family",
                "administration": "Caisse pour l'avenir des enfants",
            }
        ]
    }


def test_search_json_ignores_case_and_accents(client):
    wanted = ProcedureFactory(title="Inscription à l'École fondamentale")
    for query in ("ecole fondamentale", "ÉCOLE", "inscription a l'ecole"):
        assert [r["id"] for r in search(client, query).json()["results"]] == [wanted.pk]


def test_search_json_returns_at_most_ten_and_titles_starting_with_the_query_first(client):
    ProcedureFactory.create_batch(12, title="Demande de bourse d'études")
    first = ProcedureFactory(title="Bourse d'études supérieures")
    results = search(client, "bourse").json()["results"]
    assert len(results) == 10
    assert results[0]["id"] == first.pk


@pytest.mark.parametrize("query", ["", " ", "a", " b "])
def test_search_json_needs_two_characters(client, query):
    ProcedureFactory(title="a b c")
    assert search(client, query).json() == {"results": []}


def test_search_json_is_rate_limited_with_a_json_error(client, settings):
    settings.RATE_LIMITS = {"search": (3, 60)}
    for _attempt in range(3):
        assert search(client, "allocation").status_code == 200
    response = search(client, "allocation", HTTP_ACCEPT="application/json")
    assert response.status_code == 429
    assert "error" in response.json()


def test_list_groups_by_theme_and_counts_only_visible_posts(client):
    family = ProcedureFactory(title="Congé parental", theme="famille")
    ProcedureFactory(title="Déclaration d'impôt", theme="impots-taxes")
    PostFactory(procedure=family)
    PostFactory(procedure=family, is_hidden=True)
    PostFactory(procedure=family, campaign=CampaignFactory(audience="internal"))

    response = client.get(reverse("procedures:list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Family" in html and "Taxes" in html
    counts = {p.title: p.post_count for p in response.context["procedures"]}
    assert counts["Congé parental"] == 1
    assert counts["Déclaration d'impôt"] == 0

    client.force_login(UserFactory(roles=[roles.MODERATOR]))
    response = client.get(reverse("procedures:list"))
    assert {p.title: p.post_count for p in response.context["procedures"]}["Congé parental"] == 3


def test_list_filters_by_theme_and_searches(client):
    ProcedureFactory(title="Congé parental", theme="famille")
    ProcedureFactory(title="Congé de maternité", theme="travail-emploi")
    ProcedureFactory(title="Déclaration d'impôt", theme="impots-taxes")

    by_theme = client.get(reverse("procedures:list"), {"theme": "famille"}).context["procedures"]
    assert [p.title for p in by_theme] == ["Congé parental"]
    found = client.get(reverse("procedures:list"), {"q": "conge"}).context["procedures"]
    assert {p.title for p in found} == {"Congé parental", "Congé de maternité"}
    unknown_theme = client.get(reverse("procedures:list"), {"theme": "nope"})
    assert len(unknown_theme.context["procedures"]) == 3


def test_list_is_paginated(client):
    ProcedureFactory.create_batch(31)
    response = client.get(reverse("procedures:list"), {"theme": "famille"})
    assert response.context["is_paginated"]
    assert len(response.context["procedures"]) == 30
    assert "theme=famille&amp;page=2" in response.content.decode()
    assert len(client.get(reverse("procedures:list"), {"page": 2}).context["procedures"]) == 1


def test_detail_shows_catalogue_facts_and_a_link_to_report(client):
    first, second = AdministrationFactory(name="CAE"), AdministrationFactory(name="Zukunftskeess")
    parent = ProcedureFactory(external_id="citoyens/famille/naissance", title="Naissance")
    procedure = ProcedureFactory(
        external_id="citoyens/famille/naissance/allocation",
        title="Allocation de naissance",
        administrations=[first, second],
    )
    response = client.get(procedure.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in html and "Allocation de naissance" in html
    assert "Family" in html
    assert f'href="{procedure.url}" rel="noopener external"' in html
    assert "CAE" in html and "Zukunftskeess" in html
    assert response.context["parents"] == [parent]
    assert f'href="{parent.get_absolute_url()}"' in html
    assert f"{reverse('ideas:create')}?procedure={procedure.pk}" in html


def test_detail_lists_only_posts_visible_to_the_user(client):
    procedure = ProcedureFactory()
    public = PostFactory(procedure=procedure, title="A public pain point here")
    hidden = PostFactory(procedure=procedure, is_hidden=True, title="A hidden pain point here")
    internal = PostFactory(
        procedure=procedure,
        campaign=CampaignFactory(audience="internal"),
        title="An internal idea of civil servants",
    )
    PostFactory(title="About another procedure")

    html = client.get(procedure.get_absolute_url()).content.decode()
    assert public.title in html
    assert hidden.title not in html
    assert internal.title not in html
    assert "About another procedure" not in html

    client.force_login(UserFactory(roles=[roles.CIVIL_SERVANT]))
    html = client.get(procedure.get_absolute_url()).content.decode()
    assert internal.title in html and hidden.title not in html


def test_unknown_procedure_is_404(client):
    assert client.get(reverse("procedures:detail", kwargs={"slug": "nope"})).status_code == 404
