"""Posts' state changes through ideas.services: history, permissions, answers, routing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts import roles
from ideas import services
from ideas.models import Follow, OfficialAnswer, Post, StatusChange
from ideas.status import TRANSITIONS, Status, can_transition
from tests.factories import (
    AdministrationFactory,
    ChallengeFactory,
    PostFactory,
    ProcedureFactory,
    UserFactory,
    triager,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def acd():
    return AdministrationFactory(name="Administration des contributions directes", slug="acd")


@pytest.fixture
def post(acd):
    return PostFactory(procedure=ProcedureFactory(administrations=[acd]))


def test_create_post_routes_to_procedure_administration_and_author_follows(acd):
    author = UserFactory()
    procedure = ProcedureFactory(administrations=[acd])
    post = services.create_post(
        author=author,
        title="Déclaration d'impôt trop compliquée",
        body="Je dois remplir le même formulaire chaque année alors que rien ne change.",
        procedure=procedure,
    )
    assert post.administration == acd
    assert post.language == "fr"  # detected
    assert Follow.objects.filter(post=post, user=author).exists()
    first = post.status_changes.get()
    assert (first.old_status, first.new_status, first.changed_by) == ("", "submitted", author)


def test_create_post_refuses_closed_challenge():
    from django.utils import timezone

    closed = ChallengeFactory(
        opens_at=timezone.now() - timezone.timedelta(days=10),
        closes_at=timezone.now() - timezone.timedelta(days=1),
    )
    with pytest.raises(ValidationError):
        services.create_post(
            author=UserFactory(), title="A title long enough", body="x" * 40, challenge=closed
        )
    assert not Post.objects.exists()


def test_create_post_in_challenge_takes_its_campaign():
    challenge = ChallengeFactory()
    post = services.create_post(
        author=UserFactory(),
        title="An idea for the challenge",
        body="y" * 40,
        challenge=challenge,
        language="en",
    )
    assert post.campaign == challenge.campaign


def test_every_status_has_transitions_and_final_ones_only_reopen():
    assert set(TRANSITIONS) == set(Status)
    for final in (Status.IMPLEMENTED, Status.DECLINED, Status.DUPLICATE):
        assert TRANSITIONS[final] == {Status.UNDER_REVIEW}
    assert not can_transition(Status.SUBMITTED, Status.IN_PROGRESS)
    assert can_transition(Status.PLANNED, Status.IN_PROGRESS)


def test_triager_changes_status_and_history_records_who_old_new_message(acd, post):
    member = triager(acd)
    services.change_status(post, by=member, new_status="under_review", message="We are on it.")
    post.refresh_from_db()
    assert post.status == Status.UNDER_REVIEW
    change = post.status_changes.last()
    assert (change.old_status, change.new_status) == ("submitted", "under_review")
    assert change.changed_by == member and change.administration == acd
    assert change.message == "We are on it."


def test_forbidden_transition_raises_and_writes_nothing(acd, post):
    member = triager(acd)
    with pytest.raises(ValidationError):
        services.change_status(post, by=member, new_status="in_progress")
    post.refresh_from_db()
    assert post.status == Status.SUBMITTED
    assert post.status_changes.count() == 0


def test_decline_needs_public_reason(acd, post):
    member = triager(acd)
    with pytest.raises(ValidationError):
        services.change_status(post, by=member, new_status="declined", message="  ")
    services.change_status(post, by=member, new_status="declined", message="Law requires it.")
    post.refresh_from_db()
    assert post.status == "declined"


def test_duplicate_points_at_the_original_not_at_a_duplicate(acd, post):
    member = triager(acd)
    original = PostFactory(procedure=post.procedure)
    middle = PostFactory(procedure=post.procedure)
    services.change_status(middle, by=member, new_status="duplicate", duplicate_of=original)
    services.change_status(post, by=member, new_status="duplicate", duplicate_of=middle)
    post.refresh_from_db()
    assert post.duplicate_of == original
    with pytest.raises(ValidationError):
        services.change_status(original, by=member, new_status="duplicate", duplicate_of=post)


def test_duplicate_needs_a_target(acd, post):
    with pytest.raises(ValidationError):
        services.change_status(post, by=triager(acd), new_status="duplicate")


def test_reopening_a_duplicate_clears_the_link(acd, post):
    member = triager(acd)
    services.change_status(post, by=member, new_status="duplicate", duplicate_of=PostFactory())
    services.change_status(post, by=member, new_status="under_review", message="Not the same.")
    post.refresh_from_db()
    assert post.duplicate_of is None


@pytest.mark.parametrize("who", ["citizen", "author", "other_administration", "civil_servant"])
def test_who_cannot_change_status(acd, post, who):
    user = {
        "citizen": lambda: UserFactory(),
        "author": lambda: post.author,
        "other_administration": lambda: triager(AdministrationFactory()),
        "civil_servant": lambda: UserFactory(roles=[roles.CIVIL_SERVANT]),
    }[who]()
    with pytest.raises(PermissionDenied):
        services.change_status(post, by=user, new_status="under_review")
    assert not StatusChange.objects.filter(post=post).exists()


def test_moderator_may_change_status_but_not_answer(post):
    moderator = UserFactory(roles=[roles.MODERATOR])
    services.change_status(post, by=moderator, new_status="under_review")
    with pytest.raises(PermissionDenied):
        services.publish_answer(post, by=moderator, body="An answer")


def test_answer_by_responsible_administration_with_status(acd, post):
    member = triager(acd)
    answer = services.publish_answer(
        post, by=member, body="This is planned for 2027.", new_status="accepted"
    )
    post.refresh_from_db()
    assert answer.administration == acd and answer.author == member
    assert post.status == "accepted"
    assert post.answered_at == answer.created_at
    assert post.latest_answer == answer
    assert post.status_changes.last().message == "This is planned for 2027."


def test_answer_with_invalid_status_writes_nothing(acd, post):
    with pytest.raises(ValidationError):
        services.publish_answer(post, by=triager(acd), body="Text", new_status="in_progress")
    assert not OfficialAnswer.objects.exists()
    post.refresh_from_db()
    assert post.answered_at is None


def test_answer_by_other_administration_is_refused(post):
    with pytest.raises(PermissionDenied):
        services.publish_answer(post, by=triager(AdministrationFactory()), body="Not ours")
    assert not OfficialAnswer.objects.exists()


def test_empty_answer_and_unrouted_post_are_refused(acd, post):
    admin = UserFactory(roles=[roles.ADMIN])
    with pytest.raises(ValidationError):
        services.publish_answer(post, by=triager(acd), body="   ")
    unrouted = PostFactory(procedure=None)
    with pytest.raises(ValidationError):
        services.publish_answer(unrouted, by=admin, body="Who answers?")


def test_routing_moves_answer_permission(acd, post):
    cns = AdministrationFactory(name="CNS", slug="cns")
    moderator = UserFactory(roles=[roles.MODERATOR])
    services.route_to_administration(post, by=moderator, administration=cns)
    post.refresh_from_db()
    assert not triager(acd).has_perm("ideas.answer_post_object", post)
    assert triager(cns).has_perm("ideas.answer_post_object", post)


def test_hidden_and_internal_posts_are_not_published():
    from tests.factories import CampaignFactory

    visible = PostFactory()
    PostFactory(is_hidden=True)
    internal = PostFactory(campaign=CampaignFactory(audience="internal"))
    assert list(Post.objects.published()) == [visible]
    civil_servant = UserFactory(roles=[roles.CIVIL_SERVANT])
    assert set(Post.objects.visible_to(civil_servant)) == {visible, internal}
    # A citizen author of an internal post (e.g. who left the civil service) loses it too.
    assert set(Post.objects.visible_to(internal.author)) == {visible}
    assert set(Post.objects.visible_to(UserFactory())) == {visible}


def test_only_moderators_hide_posts(post):
    with pytest.raises(PermissionDenied):
        services.set_hidden(post, by=UserFactory(), hidden=True, public_reason="Spam")
    moderator = UserFactory(roles=[roles.MODERATOR])
    services.set_hidden(post, by=moderator, hidden=True, public_reason="Spam")
    post.refresh_from_db()
    assert post.is_hidden


def test_create_post_refuses_a_challenge_not_open_yet_and_forbidden_campaigns():
    from django.utils import timezone

    from tests.factories import CampaignFactory

    soon = ChallengeFactory(opens_at=timezone.now() + timezone.timedelta(days=1))
    with pytest.raises(ValidationError, match="not open yet"):
        services.create_post(
            author=UserFactory(), title="A long title", body="x" * 40, challenge=soon
        )
    internal = CampaignFactory(audience="internal")
    with pytest.raises(ValidationError, match="civil servants only"):
        services.create_post(
            author=UserFactory(), title="A long title", body="x" * 40, campaign=internal
        )
    assert not Post.objects.exists()
    post = services.create_post(
        author=UserFactory(roles=[roles.CIVIL_SERVANT]),
        title="A long title",
        body="x" * 40,
        campaign=internal,
        language="en",
    )
    assert post.is_internal
