"""Staff work in the Wagtail admin: listing, answering, status changes, routing, moderation."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts import roles
from ideas.models import OfficialAnswer, Post, StatusChange
from ideas.status import Status
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def ministry():
    return factories.AdministrationFactory(name="Ministry of Family")


@pytest.fixture
def post(ministry):
    procedure = factories.ProcedureFactory(administrations=[ministry])
    return factories.PostFactory(procedure=procedure, status=Status.UNDER_REVIEW)


@pytest.fixture
def triager_client(client, ministry):
    client.force_login(factories.triager(ministry))
    return client


def decide_url(post):
    return reverse("staff_posts:decide", args=[post.pk])


def nothing_written(post, status):
    post.refresh_from_db()
    return (
        post.status == status
        and not StatusChange.objects.filter(post=post).exists()
        and not OfficialAnswer.objects.filter(post=post).exists()
    )


def test_role_groups_get_their_permissions_after_migrate():
    triage = Group.objects.get(name=roles.TRIAGER)
    codenames = set(triage.permissions.values_list("codename", flat=True))
    assert {"access_admin", "view_post", "answer_post", "change_post_status"} <= codenames
    assert "change_post" not in codenames
    moderators = Group.objects.get(name=roles.MODERATOR)
    assert moderators.permissions.filter(codename="moderate_post").exists()
    assert Group.objects.get(name=roles.ADMIN).permissions.filter(codename="add_procedure").exists()


def test_triager_lists_own_administration_posts_by_default(triager_client, post):
    other = factories.PostFactory(title="Routed to another ministry")
    response = triager_client.get(reverse("staff_posts:index"))
    assert response.status_code == 200
    content = response.content.decode()
    assert post.title in content
    assert other.title not in content
    assert decide_url(post) in content

    everything = triager_client.get(reverse("staff_posts:index"), {"scope": "all"})
    assert other.title in everything.content.decode()


def test_triager_does_not_see_hidden_posts_of_other_administrations(triager_client, post):
    hidden = factories.PostFactory(title="Hidden elsewhere", is_hidden=True)
    response = triager_client.get(reverse("staff_posts:index"), {"scope": "all"})
    assert hidden.title not in response.content.decode()
    inspect = triager_client.get(reverse("staff_posts:inspect", args=[hidden.pk]))
    assert inspect.status_code == 404


def test_search_finds_posts_by_body(triager_client, ministry):
    procedure = factories.ProcedureFactory(administrations=[ministry])
    found = factories.PostFactory(procedure=procedure, body="The parking permit form is lost.")
    missed = factories.PostFactory(procedure=procedure, body="Nothing about it.")
    response = triager_client.get(reverse("staff_posts:index"), {"q": "parking"})
    assert found.title in response.content.decode()
    assert missed.title not in response.content.decode()


def test_triager_answers_with_status_planned(triager_client, post):
    page = triager_client.get(decide_url(post))
    assert page.status_code == 200
    assert post.body in page.content.decode()

    response = triager_client.post(
        decide_url(post),
        {"answer": "We will offer an online form in 2026.", "new_status": "planned"},
    )

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == Status.PLANNED
    assert post.answered_at is not None
    answer = OfficialAnswer.objects.get(post=post)
    assert answer.administration == post.administration
    change = StatusChange.objects.get(post=post)
    assert (change.old_status, change.new_status) == (Status.UNDER_REVIEW, Status.PLANNED)
    assert change.message == "We will offer an online form in 2026."


def test_triager_of_another_administration_is_refused(client, post):
    client.force_login(factories.triager(factories.AdministrationFactory()))

    page = client.get(decide_url(post))
    answer = client.post(decide_url(post), {"answer": "Not ours", "new_status": "planned"})

    for response in (page, answer):
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")
    assert nothing_written(post, Status.UNDER_REVIEW)


def test_invalid_transition_is_a_form_error(triager_client, ministry):
    procedure = factories.ProcedureFactory(administrations=[ministry])
    submitted = factories.PostFactory(procedure=procedure)  # submitted cannot become in progress

    response = triager_client.post(
        decide_url(submitted), {"answer": "Soon", "new_status": "in_progress"}
    )

    assert response.status_code == 200
    assert "new_status" in response.context["form"].errors
    assert nothing_written(submitted, Status.SUBMITTED)


def test_declining_without_public_message_is_a_form_error(triager_client, post):
    response = triager_client.post(decide_url(post), {"new_status": "declined"})

    assert response.status_code == 200
    assert "message" in response.context["form"].errors
    assert nothing_written(post, Status.UNDER_REVIEW)


def test_declining_with_message_records_it(triager_client, post):
    triager_client.post(decide_url(post), {"new_status": "declined", "message": "EU law."})
    post.refresh_from_db()
    assert post.status == Status.DECLINED
    assert StatusChange.objects.get(post=post).message == "EU law."


def test_duplicate_needs_the_original_post(triager_client, post):
    response = triager_client.post(decide_url(post), {"new_status": "duplicate"})
    assert "duplicate_of" in response.context["form"].errors
    assert nothing_written(post, Status.UNDER_REVIEW)

    original = factories.PostFactory()
    triager_client.post(decide_url(post), {"new_status": "duplicate", "duplicate_of": original.pk})
    post.refresh_from_db()
    assert (post.status, post.duplicate_of) == (Status.DUPLICATE, original)


def test_empty_submission_is_a_form_error(triager_client, post):
    response = triager_client.post(decide_url(post), {"administration": post.administration_id})
    assert response.context["form"].non_field_errors()
    assert nothing_written(post, Status.UNDER_REVIEW)


def test_triager_routes_post_to_another_administration(triager_client, post):
    elsewhere = factories.AdministrationFactory(name="Tax administration")
    triager_client.post(decide_url(post), {"administration": elsewhere.pk})
    post.refresh_from_db()
    assert post.administration == elsewhere


def test_generic_post_forms_are_closed_to_staff(triager_client, client, post):
    edit = triager_client.get(reverse("staff_posts:edit", args=[post.pk]))
    assert edit.status_code == 302
    admin_user = factories.UserFactory(roles=[roles.ADMIN])
    client.force_login(admin_user)
    assert client.get(reverse("staff_posts:add")).status_code == 302
    assert client.post(reverse("staff_posts:delete", args=[post.pk])).status_code == 302
    assert Post.objects.filter(pk=post.pk).exists()


def test_citizen_cannot_open_the_admin(client):
    client.force_login(factories.UserFactory())
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


def test_moderator_hides_and_restores_a_post(client, post):
    client.force_login(factories.UserFactory(roles=[roles.MODERATOR]))
    visibility_url = reverse("staff_posts:visibility", args=[post.pk])

    page = client.get(decide_url(post))
    assert page.status_code == 200
    assert "answer" not in page.context["form"].fields  # moderators do not answer
    assert client.get(visibility_url).status_code == 405

    client.post(visibility_url, {"hidden": "1", "reason": "Spam"})
    post.refresh_from_db()
    assert post.is_hidden
    client.post(visibility_url, {"hidden": "0"})
    post.refresh_from_db()
    assert not post.is_hidden


def test_triager_cannot_hide_a_post(triager_client, post):
    triager_client.post(reverse("staff_posts:visibility", args=[post.pk]), {"hidden": "1"})
    post.refresh_from_db()
    assert not post.is_hidden


@pytest.mark.parametrize(
    "url_name",
    [
        "staff_procedures:index",
        "staff_administrations:index",
        "staff_campaign_pages:index",
        "staff_challenge_pages:index",
    ],
)
def test_platform_admin_opens_catalogue_and_participation_lists(client, ministry, url_name):
    factories.ProcedureFactory(title="Parental leave", administrations=[ministry])
    factories.ChallengeFactory(title="Fewer paper forms")
    client.force_login(factories.UserFactory(roles=[roles.ADMIN]))
    response = client.get(reverse(url_name))
    assert response.status_code == 200


def test_platform_admin_sets_administration_members(client, ministry):
    colleague = factories.UserFactory(roles=[roles.TRIAGER])
    client.force_login(factories.UserFactory(roles=[roles.ADMIN]))
    response = client.post(
        reverse("staff_administrations:edit", args=[ministry.pk]),
        {"name": ministry.name, "slug": ministry.slug, "members": [colleague.pk]},
    )
    assert response.status_code == 302
    assert list(ministry.members.all()) == [colleague]


def test_triager_may_view_but_not_edit_administrations(triager_client, ministry):
    assert triager_client.get(reverse("staff_administrations:index")).status_code == 200
    edit_url = reverse("staff_administrations:edit", args=[ministry.pk])
    response = triager_client.post(edit_url, {"name": "Renamed", "slug": ministry.slug})
    assert response.status_code == 302
    ministry.refresh_from_db()
    assert ministry.name == "Ministry of Family"


def test_administration_edit_form_lists_only_triagers(client, ministry):
    colleague = factories.UserFactory(roles=[roles.TRIAGER], username="colleague")
    citizen = factories.UserFactory(username="citizen")
    client.force_login(factories.UserFactory(roles=[roles.ADMIN]))
    response = client.get(reverse("staff_administrations:edit", args=[ministry.pk]))
    members = response.context["form"].fields["members"].queryset
    assert colleague in members
    assert citizen not in members


def test_service_validation_error_becomes_a_form_error(triager_client, post):
    # The form accepts the number, but the service follows the duplicate chain back to the post.
    original = factories.PostFactory(status=Status.DUPLICATE, duplicate_of=post)
    response = triager_client.post(
        decide_url(post), {"new_status": "duplicate", "duplicate_of": original.pk}
    )
    assert response.status_code == 200
    assert "A post cannot duplicate itself." in response.context["form"].non_field_errors()
    assert nothing_written(post, Status.UNDER_REVIEW)


def test_platform_admin_routes_and_answers_an_unrouted_post(client, ministry):
    unrouted = factories.PostFactory(procedure=None)
    assert unrouted.administration is None
    client.force_login(factories.UserFactory(roles=[roles.ADMIN]))
    response = client.post(
        decide_url(unrouted), {"administration": ministry.pk, "answer": "Forwarded and answered."}
    )
    assert response.status_code == 302
    unrouted.refresh_from_db()
    assert unrouted.administration == ministry
    assert OfficialAnswer.objects.get(post=unrouted).administration == ministry


def test_platform_admin_fixes_wording_only(client, post):
    client.force_login(factories.UserFactory(roles=[roles.ADMIN]))
    edit_url = reverse("staff_posts:edit", args=[post.pk])
    form = client.get(edit_url).context["form"]
    assert set(form.fields) == {"title", "body", "suggestion"}
    client.post(
        edit_url,
        {"title": "Fixed title", "body": post.body, "suggestion": "", "status": "implemented"},
    )
    post.refresh_from_db()
    assert (post.title, post.status) == ("Fixed title", Status.UNDER_REVIEW)


def test_post_history_is_for_platform_admins_only(triager_client, client, post):
    # Wagtail's history view needs "change", which only platform admins hold on posts.
    history_url = reverse("staff_posts:history", args=[post.pk])
    assert triager_client.get(history_url).status_code == 302
    client.force_login(factories.UserFactory(roles=[roles.ADMIN]))
    assert client.get(history_url).status_code == 200


def test_user_text_is_escaped_in_the_staff_views(triager_client, ministry):
    procedure = factories.ProcedureFactory(administrations=[ministry])
    post = factories.PostFactory(procedure=procedure, title="<script>alert(1)</script>")
    for url in (reverse("staff_posts:index"), decide_url(post)):
        content = triager_client.get(url).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
        assert "<script>alert(1)</script>" not in content
