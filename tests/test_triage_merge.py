"""Merging duplicates into one canonical post: supporters counted once, followers follow, the
public pages say "merged into", and undo restores exactly what was there."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from clustering.models import Cluster, ClusterMembership
from ideas import services as idea_services
from ideas.models import Follow, Post, StatusChange, Support
from ideas.status import Status
from notifications.models import Notification
from tests.factories import (
    AdministrationFactory,
    PostFactory,
    ProcedureFactory,
    UserFactory,
    triager,
)
from triage.models import AuditEntry, Merge, MergedPost
from triage.services.merge import merge_posts, undo_merge

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """A canonical post and two duplicates of one ministry, with overlapping supporters."""
    ministry = AdministrationFactory(name="Tax office")
    procedure = ProcedureFactory(administrations=[ministry])
    canonical = PostFactory(title="Paper tax forms", procedure=procedure)
    first = PostFactory(title="Tax forms only on paper", procedure=procedure)
    second = PostFactory(title="Why print the tax form?", procedure=procedure)
    people = {
        name: UserFactory(username=name)
        for name in ("both", "twice", "only_first", "follower", "loyal")
    }
    support = {
        "both": [first, canonical],
        "twice": [first, second],
        "only_first": [first],
        "loyal": [canonical],
    }
    for name, posts in support.items():
        for post in posts:
            assert idea_services.add_support(post, people[name])
    # The canonical post's author supports a duplicate: never a supporter of their own post.
    assert idea_services.add_support(first, canonical.author)
    idea_services.follow(second, people["follower"])
    idea_services.follow(canonical, people["loyal"])
    return {
        "ministry": ministry,
        "member": triager(ministry),
        "canonical": canonical,
        "first": first,
        "second": second,
        **people,
    }


def supporter_ids(post):
    return set(Support.objects.filter(post=post).values_list("user_id", flat=True))


def follower_ids(post):
    return set(Follow.objects.filter(post=post).values_list("user_id", flat=True))


def snapshot(*posts):
    """Everything a merge may change, to compare before and after an undo."""
    state = {}
    for post in posts:
        post = Post.objects.get(pk=post.pk)
        state[post.pk] = (
            post.status,
            post.duplicate_of_id,
            post.support_count,
            supporter_ids(post),
            follower_ids(post),
        )
    return state


def merge_both(world, **kwargs):
    return merge_posts(
        world["canonical"], [world["first"], world["second"]], by=world["member"], **kwargs
    )


def test_merge_counts_every_supporter_and_author_exactly_once(world):
    canonical, first, second = world["canonical"], world["first"], world["second"]
    merge_both(world)

    expected = {world[name].pk for name in ("both", "twice", "only_first", "loyal")} | {
        first.author_id,
        second.author_id,
    }
    assert supporter_ids(canonical) == expected
    assert canonical.author_id not in supporter_ids(canonical)
    canonical.refresh_from_db()
    assert canonical.support_count == Support.objects.filter(post=canonical).count() == 6
    # "twice" supported both duplicates: recorded as added once, on the first one only.
    items = {item.post_id: item for item in MergedPost.objects.all()}
    assert world["twice"].pk in items[first.pk].added_supporters
    assert world["twice"].pk not in items[second.pk].added_supporters
    assert world["both"].pk not in items[first.pk].added_supporters  # already supported
    # The duplicates keep their own supports.
    first.refresh_from_db()
    assert first.support_count == Support.objects.filter(post=first).count() == 4


def test_followers_and_authors_of_duplicates_follow_the_canonical_post(world):
    merge_both(world)
    followers = follower_ids(world["canonical"])
    assert {world["follower"].pk, world["loyal"].pk} <= followers
    assert {world["first"].author_id, world["second"].author_id} <= followers
    item = MergedPost.objects.get(post=world["second"])
    assert set(item.added_followers) == {world["follower"].pk, world["second"].author_id}
    # Without a message, the public timeline names the canonical post.
    change = StatusChange.objects.filter(post=world["second"]).latest("pk")
    assert change.message == "Merged into “Paper tax forms”"


def test_merged_posts_are_duplicates_with_a_public_link_to_the_canonical_post(world, client):
    canonical, first = world["canonical"], world["first"]
    merge_both(world, message="Same request as the tax forms post.")
    for post in (first, world["second"]):
        post.refresh_from_db()
        assert post.status == Status.DUPLICATE and post.duplicate_of == canonical
        change = StatusChange.objects.filter(post=post).latest("pk")
        assert change.new_status == Status.DUPLICATE
        assert change.message == "Same request as the tax forms post."

    content = client.get(first.get_absolute_url()).content.decode()
    assert 'id="merged-into"' in content
    assert "This post was merged into" in content
    assert f'<a href="{canonical.get_absolute_url()}">Paper tax forms</a>' in content
    assert "Same request as the tax forms post." in content  # public timeline


def test_undo_restores_supports_follows_status_and_counts_exactly(world, client):
    canonical, first, second = world["canonical"], world["first"], world["second"]
    idea_services.change_status(second, by=world["member"], new_status=Status.UNDER_REVIEW)
    before = snapshot(canonical, first, second)

    merge = merge_both(world)
    assert snapshot(canonical, first, second) != before
    undo_merge(merge, by=world["member"])

    assert snapshot(canonical, first, second) == before
    # Supported the canonical post before the merge (and a duplicate): keeps that support.
    assert world["both"].pk in supporter_ids(canonical)
    assert world["loyal"].pk in follower_ids(canonical)
    merge.refresh_from_db()
    assert merge.is_undone and merge.undone_by == world["member"]
    # submitted cannot be reached from duplicate by an answer: undo still records it publicly.
    change = StatusChange.objects.filter(post=first).latest("pk")
    assert (change.old_status, change.new_status) == (Status.DUPLICATE, Status.SUBMITTED)
    assert change.message == "Merge undone"
    assert StatusChange.objects.filter(post=second).latest("pk").new_status == Status.UNDER_REVIEW
    assert "This post was merged into" not in client.get(first.get_absolute_url()).content.decode()


def test_undo_only_removes_supports_still_present(world):
    canonical = world["canonical"]
    merge = merge_both(world)
    assert idea_services.withdraw_support(canonical, world["only_first"])
    undo_merge(merge, by=world["member"])
    canonical.refresh_from_db()
    assert supporter_ids(canonical) == {world["both"].pk, world["loyal"].pk}
    assert canonical.support_count == 2


def test_an_undone_merge_cannot_be_undone_again_and_the_posts_can_be_merged_again(world):
    merge = merge_both(world)
    undo_merge(merge, by=world["member"])
    with pytest.raises(ValidationError):
        undo_merge(merge, by=world["member"])
    again = merge_both(world)
    assert again.pk != merge.pk
    world["canonical"].refresh_from_db()
    assert world["canonical"].support_count == 6


def test_a_triager_of_another_administration_can_neither_merge_nor_undo(world):
    outsider = triager(AdministrationFactory(name="Town hall"))
    before = snapshot(world["canonical"], world["first"], world["second"])
    with pytest.raises(PermissionDenied):
        merge_posts(world["canonical"], [world["first"], world["second"]], by=outsider)
    # One post of the outsider's own queue is not enough: they must act on every post.
    own = PostFactory(procedure=ProcedureFactory(administrations=[outsider.administrations.get()]))
    with pytest.raises(PermissionDenied):
        merge_posts(own, [world["first"]], by=outsider)
    assert snapshot(world["canonical"], world["first"], world["second"]) == before
    assert not Merge.objects.exists() and not AuditEntry.objects.exists()

    merge = merge_both(world)
    after_merge = snapshot(world["canonical"], world["first"], world["second"])
    with pytest.raises(PermissionDenied):
        undo_merge(merge, by=outsider)
    merge.refresh_from_db()
    assert not merge.is_undone
    assert snapshot(world["canonical"], world["first"], world["second"]) == after_merge


def test_impossible_merges_are_refused(world):
    canonical, first, second = world["canonical"], world["first"], world["second"]
    member = world["member"]
    with pytest.raises(ValidationError):
        merge_posts(canonical, [], by=member)
    with pytest.raises(ValidationError):
        merge_posts(canonical, [canonical, first], by=member)
    merge_posts(canonical, [first], by=member)
    with pytest.raises(ValidationError, match="already merged"):
        merge_posts(second, [first], by=member)
    with pytest.raises(ValidationError, match="itself a duplicate"):
        merge_posts(first, [second], by=member)
    assert Merge.objects.count() == 1
    assert Post.objects.get(pk=second.pk).status == Status.SUBMITTED


def test_merge_and_undo_are_audited_with_the_pipeline_view(world):
    canonical, first, second = world["canonical"], world["first"], world["second"]
    cluster = Cluster.objects.create(label="Tax forms")
    for post in (canonical, first, second):
        ClusterMembership.objects.create(
            post=post, cluster=cluster, similarity=0.9, assigned_by="batch"
        )
    merge = merge_both(world)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.MERGE)
    assert entry.actor == world["member"] and entry.post == canonical
    assert entry.cluster == cluster and entry.administration == world["ministry"]
    assert entry.decision["canonical"] == canonical.pk
    assert entry.decision["merged"] == [first.pk, second.pk]
    assert entry.suggestion == {"same_cluster": True} and entry.followed_suggestion is True
    cluster.refresh_from_db()
    assert cluster.support_total == sum(
        Post.objects.filter(pk__in=[canonical.pk, first.pk, second.pk]).values_list(
            "support_count", flat=True
        )
    )

    undo_merge(merge, by=world["member"])
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UNDO_MERGE)
    assert entry.actor == world["member"] and entry.post == canonical
    assert entry.decision["merge"] == merge.pk


def test_merging_posts_the_pipeline_kept_apart_is_an_override(world):
    for post, label in ((world["canonical"], "Tax forms"), (world["first"], "Printing")):
        ClusterMembership.objects.create(
            post=post,
            cluster=Cluster.objects.create(label=label),
            similarity=0.5,
            assigned_by="batch",
        )
    merge_posts(world["canonical"], [world["first"]], by=world["member"])
    entry = AuditEntry.objects.get(action=AuditEntry.Action.MERGE)
    assert entry.suggestion == {"same_cluster": False} and entry.followed_suggestion is False


def test_merging_and_undoing_notify_each_author_supporter_and_follower_once(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    first, second = world["first"], world["second"]
    told = {first.author, second.author, world["canonical"].author}
    # Followers of a merged post too ("follower" follows the second one); "loyal" only follows
    # and supports the canonical post, which is not merged.
    told |= {world[name] for name in ("both", "twice", "only_first", "follower")}
    with django_capture_on_commit_callbacks(execute=True):
        merge = merge_both(world, message="One post for one problem.")

    notes = Notification.objects.filter(kind=Notification.Kind.MERGED)
    assert sorted(note.user_id for note in notes) == sorted(user.pk for user in told)
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(user.email for user in told)
    # "twice" supported both duplicates: one message naming both.
    message = notes.get(user=world["twice"]).message
    assert first.title in message and second.title in message
    assert "Paper tax forms" in message and "One post for one problem." in message

    with django_capture_on_commit_callbacks(execute=True):
        undo_merge(merge, by=world["member"])
    undone = Notification.objects.filter(kind=Notification.Kind.UNMERGED)
    assert sorted(note.user_id for note in undone) == sorted(user.pk for user in told)


def test_a_failing_notification_is_logged_and_never_breaks_the_merge(
    world, django_capture_on_commit_callbacks, settings, caplog
):
    # A broken configuration makes every notification fail (links cannot be built).
    settings.WAGTAILADMIN_BASE_URL = None
    with django_capture_on_commit_callbacks(execute=True):
        merge = merge_both(world)
    assert "Could not notify" in caplog.text
    assert Merge.objects.filter(pk=merge.pk, undone_at__isnull=True).exists()
    assert Post.objects.get(pk=world["first"].pk).status == Status.DUPLICATE
    assert not Notification.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        undo_merge(merge, by=world["member"])
    merge.refresh_from_db()
    assert merge.is_undone


def test_a_public_post_cannot_be_merged_into_an_internal_one():
    from tests.factories import CampaignFactory

    administration = AdministrationFactory()
    staff = triager(administration)
    internal = PostFactory(
        administration=administration, campaign=CampaignFactory(audience="internal")
    )
    public = PostFactory(administration=administration)
    with pytest.raises(ValidationError, match="public post"):
        merge_posts(internal, [public], by=staff)
    public.refresh_from_db()
    assert public.status != "duplicate"
