"""Answering a cluster once, bulk status changes, and answer templates in the admin."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts import roles
from clustering.models import Cluster, ClusterMembership
from ideas.models import Follow, OfficialAnswer, Post, StatusChange, Support
from notifications.models import Notification
from tests.factories import (
    AdministrationFactory,
    PostFactory,
    ProcedureFactory,
    UserFactory,
    triager,
)
from triage.models import AnswerTemplate, AuditEntry
from triage.services.answers import answer_cluster, bulk_change_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def ministry():
    return AdministrationFactory(name="Tax office")


@pytest.fixture
def town():
    return AdministrationFactory(name="Town hall")


@pytest.fixture
def team(ministry):
    return triager(ministry)


@pytest.fixture
def cluster(ministry, town):
    """Three posts of `ministry` in three languages, one post of another administration and
    one duplicate already closed."""
    cluster = Cluster.objects.create(label="Paper forms")
    procedure = ProcedureFactory(administrations=[ministry])
    elsewhere = ProcedureFactory(administrations=[town])
    posts = {
        "fr": PostFactory(procedure=procedure, language="fr", title="Trop de papier"),
        "de": PostFactory(procedure=procedure, language="de", title="Zu viel Papier"),
        "en": PostFactory(procedure=procedure, language="en", title="Too much paper"),
        "other": PostFactory(procedure=elsewhere, language="en", title="Parking permit"),
        "closed": PostFactory(procedure=procedure, status="duplicate", title="Paper again"),
    }
    for post in posts.values():
        ClusterMembership.objects.create(post=post, cluster=cluster, assigned_by="batch")
    cluster.posts = posts
    return cluster


def answer(cluster, team, **kwargs):
    kwargs.setdefault("body", "We will accept the form online.")
    return answer_cluster(cluster, by=team, **kwargs)


def test_every_post_of_the_queue_gets_the_answer_and_the_status(
    cluster, team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answers = answer(
            cluster,
            team,
            translations={"fr": "Le formulaire sera en ligne.", "de": "Das Formular kommt."},
            new_status="planned",
        )

    posts = cluster.posts
    assert {a.post_id for a in answers} == {posts[key].pk for key in ("fr", "de", "en")}
    expected = {
        "fr": "Le formulaire sera en ligne.",
        "de": "Das Formular kommt.",
        "en": "We will accept the form online.",  # no English translation: the main text
    }
    for key, body in expected.items():
        post = Post.objects.get(pk=posts[key].pk)
        assert post.status == "planned"
        assert post.answered_at is not None
        assert list(post.answers.values_list("body", flat=True)) == [body]
        change = post.status_changes.get(new_status="planned")
        assert (change.changed_by, change.message) == (team, body)
    for key in ("other", "closed"):  # outside the queue / already closed as a duplicate
        untouched = Post.objects.get(pk=posts[key].pk)
        assert not untouched.answers.exists()
        assert untouched.answered_at is None
    assert Post.objects.get(pk=posts["other"].pk).status == "submitted"


def test_the_audit_log_records_the_cluster_answer(cluster, team):
    answer(cluster, team, translations={"de": "Antwort", "fr": "Réponse"}, new_status="planned")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ANSWER_CLUSTER)
    assert entry.actor == team
    assert entry.cluster == cluster
    assert entry.administration == cluster.posts["fr"].administration
    assert sorted(entry.decision["posts"]) == sorted(
        cluster.posts[key].pk for key in ("fr", "de", "en")
    )
    assert entry.decision["status"] == "planned"
    assert entry.decision["languages"] == ["de", "fr"]


def test_one_notification_per_person_in_their_posts_languages(
    cluster, team, django_capture_on_commit_callbacks
):
    posts = cluster.posts
    fan = UserFactory(email="fan@example.lu")
    for key in ("fr", "de"):  # supports and follows two posts of the cluster
        Support.objects.create(post=posts[key], user=fan)
        Follow.objects.create(post=posts[key], user=fan)
    Follow.objects.create(post=posts["en"], user=team)  # the actor is never told
    outsider = UserFactory()
    Follow.objects.create(post=posts["other"], user=outsider)  # not answered: not told

    with django_capture_on_commit_callbacks(execute=True):
        answer(cluster, team, translations={"fr": "Réponse FR", "de": "Antwort DE"})

    notification = Notification.objects.get(user=fan)
    assert notification.kind == "answered"
    assert "Réponse FR" in notification.message and "Antwort DE" in notification.message
    assert "Trop de papier" in notification.message and "Zu viel Papier" in notification.message
    fan_mails = [m for m in mail.outbox if m.to == ["fan@example.lu"]]
    assert len(fan_mails) == 1
    assert f"http://testserver/posts/{posts['fr'].pk}/" in fan_mails[0].body
    assert f"http://testserver/posts/{posts['de'].pk}/" in fan_mails[0].body
    authors = {posts[key].author for key in ("fr", "de", "en")}
    assert {n.user for n in Notification.objects.all()} == authors | {fan}
    assert len(mail.outbox) == len(authors) + 1
    assert not Notification.objects.filter(user__in=[team, outsider]).exists()


def test_supporters_of_a_hidden_post_are_not_told(
    cluster, team, django_capture_on_commit_callbacks
):
    hidden = cluster.posts["en"]
    Post.objects.filter(pk=hidden.pk).update(is_hidden=True)
    supporter = UserFactory()
    Support.objects.create(post=hidden, user=supporter)

    with django_capture_on_commit_callbacks(execute=True):
        answer(cluster, team)

    assert OfficialAnswer.objects.filter(post=hidden).exists()  # still answered
    assert not Notification.objects.filter(user=supporter).exists()
    assert Notification.objects.filter(user=hidden.author).exists()  # authors see their own


def test_only_the_chosen_posts_and_never_someone_elses(cluster, team, town):
    posts = cluster.posts
    answers = answer(cluster, team, posts=[posts["fr"], posts["other"]])
    assert [a.post_id for a in answers] == [posts["fr"].pk]

    stranger = triager(town)
    with pytest.raises(PermissionDenied):
        answer(cluster, stranger, posts=[posts["de"]])
    with pytest.raises(PermissionDenied):
        answer(cluster, UserFactory())  # a citizen
    with pytest.raises(ValidationError):
        answer(cluster, team, body="   ")
    assert OfficialAnswer.objects.count() == 1


def test_unrouted_posts_are_skipped_and_counted(cluster, ministry):
    dispatcher = triager(ministry)
    dispatcher.groups.add(Group.objects.get_or_create(name=roles.DISPATCHER)[0])
    unrouted = PostFactory(procedure=None, title="No procedure")
    ClusterMembership.objects.create(post=unrouted, cluster=cluster, assigned_by="batch")

    answers = answer(cluster, dispatcher)

    assert answers.skipped == 1
    assert len(answers) == 3
    assert not unrouted.answers.exists()
    assert AuditEntry.objects.get().decision["skipped"] == 1


def test_one_post_that_cannot_take_the_status_rolls_everything_back(cluster, team):
    Post.objects.filter(pk=cluster.posts["de"].pk).update(status="implemented")
    with pytest.raises(ValidationError, match="Zu viel Papier"):
        answer(cluster, team, new_status="planned")
    assert not OfficialAnswer.objects.exists()
    assert not AuditEntry.objects.exists()
    assert Post.objects.get(pk=cluster.posts["fr"].pk).status == "submitted"


# Bulk status changes


def test_bulk_decline_needs_a_public_message_then_changes_all(
    cluster, team, django_capture_on_commit_callbacks
):
    posts = [cluster.posts["fr"], cluster.posts["en"]]
    with pytest.raises(ValidationError):
        bulk_change_status(posts, by=team, new_status="declined")
    assert not StatusChange.objects.filter(new_status="declined").exists()

    with django_capture_on_commit_callbacks(execute=True):
        changed = bulk_change_status(
            posts, by=team, new_status="declined", message="Required by EU law."
        )

    assert changed == 2
    for post in posts:
        post.refresh_from_db()
        assert post.status == "declined"
        assert post.status_changes.get(new_status="declined").message == "Required by EU law."
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.BULK_STATUS)
    assert {entry.post_id for entry in entries} == {post.pk for post in posts}
    assert {entry.decision["previous"] for entry in entries} == {"submitted"}
    told = Notification.objects.filter(kind="status_changed")
    assert {n.user for n in told} == {post.author for post in posts}
    assert all("Required by EU law." in n.message for n in told)


def test_bulk_change_is_all_or_nothing(cluster, team):
    posts = cluster.posts
    with pytest.raises(PermissionDenied):
        bulk_change_status([posts["fr"], posts["other"]], by=team, new_status="planned")
    Post.objects.filter(pk=posts["de"].pk).update(status="implemented")
    with pytest.raises(ValidationError, match="Zu viel Papier"):
        bulk_change_status([posts["fr"], posts["de"]], by=team, new_status="planned")
    assert Post.objects.get(pk=posts["fr"].pk).status == "submitted"
    assert not AuditEntry.objects.exists()
    assert not Notification.objects.exists()


# Answer templates in the admin


@pytest.fixture
def templates(ministry, town):
    return {
        "mine": AnswerTemplate.objects.create(
            administration=ministry, title="Already online", language="en", body="See MyGuichet."
        ),
        "theirs": AnswerTemplate.objects.create(
            administration=town, title="Not our job", language="fr", body="Transmis."
        ),
    }


def test_a_triager_sees_and_edits_only_the_templates_of_their_administration(
    client, team, templates, ministry
):
    client.force_login(team)
    index = client.get(reverse("answer_templates:index"))
    assert index.status_code == 200
    assert b"Already online" in index.content and b"Not our job" not in index.content

    theirs = templates["theirs"]
    for name in ("edit", "delete", "history"):
        response = client.get(reverse(f"answer_templates:{name}", args=[theirs.pk]))
        assert response.status_code == 404, name
    client.post(reverse("answer_templates:delete", args=[theirs.pk]))
    assert AnswerTemplate.objects.filter(pk=theirs.pk).exists()

    response = client.post(
        reverse("answer_templates:add"),
        {
            "administration": theirs.administration_id,
            "title": "Sneaky",
            "language": "en",
            "body": "Hello",
        },
    )
    assert response.status_code == 200  # the form refuses another administration
    assert not AnswerTemplate.objects.filter(title="Sneaky").exists()
    client.post(
        reverse("answer_templates:add"),
        {"administration": ministry.pk, "title": "Planned", "language": "de", "body": "Geplant."},
    )
    assert AnswerTemplate.objects.filter(title="Planned", administration=ministry).exists()
    for name in ("edit", "delete", "history"):
        url = reverse(f"answer_templates:{name}", args=[templates["mine"].pk])
        assert client.get(url).status_code == 200, name


def test_platform_admins_see_every_template_and_citizens_none(client, templates):
    client.force_login(UserFactory(roles=[roles.ADMIN]))
    index = client.get(reverse("answer_templates:index"))
    assert b"Already online" in index.content and b"Not our job" in index.content
    client.force_login(UserFactory())
    assert client.get(reverse("answer_templates:index")).status_code in (302, 403)
