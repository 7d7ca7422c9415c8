"""Routing posts: procedure decisions (one path for the admin view and the board), routing to
another administration, whole clusters; permissions by queue and the audit log."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from accounts import roles
from clustering import services as clustering_services
from clustering.models import Cluster, ClusterMembership, ProcedureDecision, ProcedureSuggestion
from tests.factories import (
    AdministrationFactory,
    PostFactory,
    ProcedureFactory,
    UserFactory,
    triager,
)
from triage.models import AuditEntry
from triage.queries import queue_for
from triage.services.routing import assign_cluster, assign_procedure, route_post

pytestmark = pytest.mark.django_db
Action = AuditEntry.Action


@pytest.fixture
def tax_office():
    return AdministrationFactory(name="Tax office")


@pytest.fixture
def town_hall():
    return AdministrationFactory(name="Town hall")


@pytest.fixture
def procedures(tax_office, town_hall):
    return {
        "tax": ProcedureFactory(title="Income tax return", administrations=[tax_office]),
        "parking": ProcedureFactory(title="Parking permit", administrations=[town_hall]),
    }


@pytest.fixture
def post(procedures):
    """A tax office post; the pipeline ranks the tax procedure first, parking second."""
    post = PostFactory(procedure=None, administration=procedures["tax"].administrations.first())
    for rank, key in enumerate(["tax", "parking"], start=1):
        ProcedureSuggestion.objects.create(
            post=post, procedure=procedures[key], rank=rank, confidence=0.8 / rank, model_name="m"
        )
    return post


def entries(action):
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


def test_confirming_the_top_suggestion_is_audited_as_followed(post, procedures, tax_office):
    member = triager(tax_office)
    decision = assign_procedure(post, by=member, procedure=procedures["tax"])
    post.refresh_from_db()
    assert post.procedure == procedures["tax"] and post.administration == tax_office
    assert decision.decision == ProcedureDecision.Decision.CONFIRMED
    [entry] = entries(Action.ASSIGN_PROCEDURE)
    assert entry.actor == member and entry.post == post
    assert entry.suggestion == {"procedure": procedures["tax"].pk, "confidence": 0.8}
    assert entry.decision == {"procedure": procedures["tax"].pk}
    assert entry.followed_suggestion is True
    assert not entries(Action.ROUTE)  # same administration: no routing


def test_overriding_routes_to_the_procedures_administration_and_is_audited(
    post, procedures, tax_office, town_hall
):
    member = triager(tax_office)
    assign_procedure(post, by=member, procedure=procedures["parking"])
    post.refresh_from_db()
    assert post.procedure == procedures["parking"] and post.administration == town_hall
    [assigned] = entries(Action.ASSIGN_PROCEDURE)
    assert assigned.followed_suggestion is False
    assert assigned.decision == {"procedure": procedures["parking"].pk}
    [routed] = entries(Action.ROUTE)
    assert routed.administration == town_hall
    assert routed.decision["administration"] == town_hall.pk
    assert routed.decision["previous_administration"] == tax_office.pk
    assert routed.followed_suggestion is True  # routed where the procedure implies
    # The post left the tax office's queue: the member can no longer act on it.
    assert post not in queue_for(member)
    with pytest.raises(PermissionDenied):
        assign_procedure(post, by=member, procedure=procedures["tax"])


def test_none_applies_keeps_the_administration(post, tax_office):
    assign_procedure(post, by=triager(tax_office), procedure=None)
    post.refresh_from_db()
    assert post.procedure is None and post.administration == tax_office
    [entry] = entries(Action.ASSIGN_PROCEDURE)
    assert entry.decision == {"procedure": None} and entry.followed_suggestion is False


def test_without_suggestions_followed_is_unknown(procedures, tax_office):
    bare = PostFactory(procedure=None, administration=tax_office)
    assign_procedure(bare, by=triager(tax_office), procedure=procedures["tax"])
    [entry] = entries(Action.ASSIGN_PROCEDURE)
    assert entry.suggestion == {} and entry.followed_suggestion is None


def test_the_admin_views_decision_service_writes_the_same_audit(post, procedures):
    moderator = UserFactory(roles=[roles.MODERATOR])
    decision = clustering_services.decide_procedure(post, procedures["parking"], by=moderator)
    assert decision.decision == ProcedureDecision.Decision.CONFIRMED  # rank 2 is a suggestion
    [assigned] = entries(Action.ASSIGN_PROCEDURE)
    assert assigned.actor == moderator and assigned.followed_suggestion is False
    assert len(entries(Action.ROUTE)) == 1


def test_a_triager_of_another_administration_cannot_assign_or_route(post, procedures, town_hall):
    outsider = triager(town_hall)
    with pytest.raises(PermissionDenied):
        assign_procedure(post, by=outsider, procedure=procedures["parking"])
    with pytest.raises(PermissionDenied):
        route_post(post, by=outsider, administration=town_hall)
    post.refresh_from_db()
    assert post.procedure is None and post.administration.name == "Tax office"
    assert not AuditEntry.objects.exists() and not ProcedureDecision.objects.exists()


def test_routing_away_leaves_the_queue_and_is_audited(post, tax_office, town_hall):
    member = triager(tax_office)
    post.procedure = ProcedureFactory(administrations=[tax_office])
    post.save()
    route_post(post, by=member, administration=town_hall)
    post.refresh_from_db()
    assert post.administration == town_hall
    assert post not in queue_for(member) and post in queue_for(triager(town_hall))
    [entry] = entries(Action.ROUTE)
    assert entry.suggestion == {"administration": tax_office.pk}
    assert entry.decision["administration"] == town_hall.pk
    assert entry.followed_suggestion is False
    with pytest.raises(PermissionDenied):
        route_post(post, by=member, administration=tax_office)


def test_routing_to_the_same_administration_is_refused(post, tax_office):
    with pytest.raises(ValidationError):
        route_post(post, by=triager(tax_office), administration=tax_office)
    assert not AuditEntry.objects.exists()


def test_a_dispatcher_routes_unrouted_posts_and_others_cannot(procedures, tax_office, town_hall):
    unrouted = PostFactory(procedure=None, administration=None)
    plain = triager(town_hall)
    dispatcher = triager(town_hall)
    dispatcher.groups.add(Group.objects.get_or_create(name=roles.DISPATCHER)[0])
    assert unrouted not in queue_for(plain) and unrouted in queue_for(dispatcher)
    with pytest.raises(PermissionDenied):
        route_post(unrouted, by=plain, administration=tax_office)
    route_post(unrouted, by=dispatcher, administration=tax_office)
    unrouted.refresh_from_db()
    assert unrouted.administration == tax_office
    assert unrouted not in queue_for(dispatcher)
    # A dispatcher also decides the procedure of an unrouted post, which routes it.
    other = PostFactory(procedure=None, administration=None)
    assign_procedure(other, by=dispatcher, procedure=procedures["parking"])
    other.refresh_from_db()
    assert other.administration == town_hall and other.procedure == procedures["parking"]


def cluster_of(*posts):
    cluster = Cluster.objects.create(label="Tax forms", size=len(posts))
    for post in posts:
        ClusterMembership.objects.create(post=post, cluster=cluster, assigned_by="batch")
    return cluster


def test_assigning_a_cluster_touches_only_the_actors_queue(procedures, tax_office, town_hall):
    ours = [PostFactory(procedure=None, administration=tax_office) for _ in range(2)]
    theirs = PostFactory(procedure=None, administration=town_hall)
    cluster = cluster_of(*ours, theirs)
    member = triager(tax_office)
    assert assign_cluster(cluster, by=member, procedure=procedures["tax"]) == 2
    for post in ours:
        post.refresh_from_db()
        assert post.procedure == procedures["tax"]
    theirs.refresh_from_db()
    assert theirs.procedure is None
    assigned = entries(Action.ASSIGN_PROCEDURE)
    assert {e.post_id for e in assigned} == {p.pk for p in ours}
    assert all(e.cluster == cluster for e in assigned)

    assert assign_cluster(cluster, by=member, administration=town_hall) == 2
    assert {e.post_id for e in entries(Action.ROUTE)} == {p.pk for p in ours}
    assert assign_cluster(cluster, by=member, administration=town_hall) == 0  # left the queue


def test_assigning_a_cluster_needs_a_choice_and_the_board(procedures, tax_office):
    cluster = cluster_of(PostFactory(administration=tax_office))
    with pytest.raises(ValidationError):
        assign_cluster(cluster, by=triager(tax_office))
    with pytest.raises(PermissionDenied):
        assign_cluster(cluster, by=UserFactory(), procedure=procedures["tax"])
    assert not AuditEntry.objects.exists()
