"""The post submission flow: form in three steps, preview, edit, submit, and its safeguards."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from ideas.models import Follow, Post
from tests.factories import (
    AdministrationFactory,
    ProcedureFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def url():
    return reverse("ideas:create")


@pytest.fixture
def citizen(client):
    user = UserFactory()
    client.force_login(user)
    return user


@pytest.fixture
def procedure():
    first, second = AdministrationFactory(), AdministrationFactory()
    return ProcedureFactory(
        title="Demande d'allocations familiales", administrations=[first, second]
    )


def form_data(procedure=None, **overrides):
    data = {
        "procedure": procedure.pk if procedure else "",
        "procedure_query": procedure.title if procedure else "",
        "procedure_unknown": "" if procedure else "on",
        "kind": "pain_point",
        "title": "Too many paper forms for the family allowance",
        "body": "I had to print, sign and scan the same form three times before it was accepted.",
        "suggestion": "Let me sign it once online.",
        "language": "",
        "action": "preview",
    }
    data.update(overrides)
    return data


def test_anonymous_user_is_sent_to_login_with_next(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"
    response = client.post(url, form_data(action="submit"))
    assert response.status_code == 302
    assert Post.objects.count() == 0


def test_form_shows_three_steps_and_the_combobox(client, citizen, url):
    html = client.get(url).content.decode()
    for step in ("Step 1 of 3", "Step 2 of 3", "Step 3 of 3"):
        assert step in html
    assert 'role="combobox"' in html
    assert 'aria-controls="procedure-listbox"' in html
    assert 'role="listbox"' in html
    assert "procedure-combobox.js" in html and "defer" in html


def test_procedure_link_preselects_the_procedure(client, citizen, url, procedure):
    response = client.get(url, {"procedure": procedure.pk})
    form = response.context["form"]
    assert form["procedure"].value() == procedure.pk
    assert form["procedure_query"].value() == procedure.title


def test_preview_then_submit_creates_one_followed_and_routed_post(client, citizen, url, procedure):
    preview = client.post(url, form_data(procedure))
    assert preview.status_code == 200
    assert "ideas/post_preview.html" in [t.name for t in preview.templates]
    assert Post.objects.count() == 0
    carried = preview.context["carried"]
    assert carried["procedure"] == procedure.pk
    assert carried["language"] == "en"  # detected, then carried so the user can see it

    response = client.post(url, {**carried, "action": "submit"})

    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url()
    assert post.author == citizen
    assert post.procedure == procedure
    assert post.administration == procedure.responsible_administration
    assert post.language == "en"
    assert Follow.objects.filter(post=post, user=citizen).exists()
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success"]


def test_preview_shows_the_post_escaped_with_edit_and_submit(client, citizen, url, procedure):
    data = form_data(procedure, title="<script>alert(1)</script> forms everywhere")
    html = client.post(url, data).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; forms everywhere" in html
    assert "<script>alert(1)</script>" not in html
    assert 'name="action" value="submit"' in html
    assert 'name="action" value="edit"' in html
    assert procedure.responsible_administration.name in html


def test_edit_from_preview_keeps_every_value(client, citizen, url, procedure):
    carried = client.post(url, form_data(procedure, kind="idea")).context["carried"]
    response = client.post(url, {**carried, "action": "edit"})
    form = response.context["form"]
    assert "ideas/post_form.html" in [t.name for t in response.templates]
    assert not form.errors
    assert form["title"].value() == "Too many paper forms for the family allowance"
    assert form["body"].value().startswith("I had to print")
    assert form["suggestion"].value() == "Let me sign it once online."
    assert form["kind"].value() == "idea"
    assert form["procedure"].value() == procedure.pk
    assert form["language"].value() == "en"
    assert Post.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Too short"),
        ("title", "x" * 201),
        ("body", "Far too short to explain."),
        ("body", "y" * 5001),
        ("kind", "rant"),
        ("language", "it"),
    ],
)
def test_invalid_values_are_refused_with_a_field_error(client, citizen, url, field, value):
    response = client.post(url, form_data(**{field: value, "action": "submit"}))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert Post.objects.count() == 0


def test_procedure_or_unknown_is_required(client, citizen, url):
    response = client.post(url, form_data(procedure_unknown=""))
    assert "I don't know the procedure" in response.context["form"].errors["procedure_query"][0]


def test_unknown_procedure_posts_without_procedure(client, citizen, url):
    carried = client.post(url, form_data()).context["carried"]
    client.post(url, {**carried, "action": "submit"})
    post = Post.objects.get()
    assert post.procedure is None and post.administration is None


def test_without_script_an_exact_title_is_resolved(client, citizen, url, procedure):
    ProcedureFactory(title="Demande d'allocations familiales complémentaires")
    data = form_data(procedure_unknown="", procedure_query="  DEMANDE d'allocations FAMILIALES ")
    response = client.post(url, data)
    assert response.context["carried"]["procedure"] == procedure.pk


def test_without_script_an_ambiguous_text_offers_candidates(client, citizen, url):
    matches = [ProcedureFactory(title=f"Allocation de rentrée scolaire {n}") for n in range(10)]
    ProcedureFactory(title="Carte d'identité")
    data = form_data(procedure_unknown="", procedure_query="allocation scolaire")
    response = client.post(url, data)
    form = response.context["form"]
    assert "Several procedures match" in form.errors["procedure_query"][0]
    assert len(form.candidates) == 8
    assert set(form.candidates) <= set(matches)
    assert f'name="procedure_choice" value="{form.candidates[0].pk}"' in response.content.decode()

    picked = form.candidates[3]
    response = client.post(url, {**data, "procedure_choice": picked.pk})
    assert response.context["carried"]["procedure"] == picked.pk


def test_without_script_an_unmatched_text_says_so(client, citizen, url, procedure):
    response = client.post(url, form_data(procedure_unknown="", procedure_query="passeport"))
    form = response.context["form"]
    assert "No procedure matches “passeport”" in form.errors["procedure_query"][0]
    assert form.candidates == []


def test_a_stale_hidden_id_loses_to_the_retyped_title(client, citizen, url, procedure):
    other = ProcedureFactory(title="Carte d'identité")
    data = form_data(procedure, procedure_query="carte d'identite")
    assert client.post(url, data).context["carried"]["procedure"] == other.pk


def test_double_submission_creates_one_post(client, citizen, url, procedure):
    carried = client.post(url, form_data(procedure)).context["carried"]
    first = client.post(url, {**carried, "action": "submit"})
    second = client.post(url, {**carried, "action": "submit"})
    assert Post.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_rate_limit_refuses_submissions_beyond_the_limit(client, citizen, url, settings):
    settings.RATE_LIMITS = {"post": (2, 3600)}
    for attempt in range(4):  # previews do not count against the limit
        assert (
            client.post(url, form_data(title=f"Preview number {attempt} of it")).status_code == 200
        )
    for attempt in range(2):
        response = client.post(
            url, form_data(title=f"Posted title number {attempt}", action="submit")
        )
        assert response.status_code == 302
    response = client.post(url, form_data(title="One title too many", action="submit"))
    assert response.status_code == 429
    assert Post.objects.count() == 2
