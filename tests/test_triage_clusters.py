"""Staff corrections of clusters: move a post, split, rename; stats follow, the audit log records
them and the nightly re-run keeps them (fake embedder)."""

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from clustering import backends, services
from clustering.models import Cluster, ClusterMembership
from tests.factories import AdministrationFactory, PostFactory, UserFactory, triager
from triage.models import AuditEntry
from triage.services.cluster_edits import move_post, rename_cluster, split_cluster

pytestmark = pytest.mark.django_db
Action = AuditEntry.Action

TAX = [
    ("Income tax return form is too long", "The income tax return form asks every year again."),
    ("Income tax return asks the same data", "Every year the income tax return wants salary."),
    ("Prefill my income tax return", "The tax office has my salary data for the tax return."),
]
PARKING = [
    ("Residential parking permit renewal on paper", "Renew the parking permit at the town hall."),
    ("Parking permit renewal needs a town hall visit", "Renewing my parking permit on paper."),
]


@pytest.fixture(autouse=True)
def fresh_pipeline():
    backends.reset()
    services.reset_index()
    yield
    backends.reset()
    services.reset_index()


@pytest.fixture
def ministry():
    return AdministrationFactory(name="Tax office")


@pytest.fixture
def clustered(ministry):
    """Tax and parking posts of the ministry, embedded and clustered by the pipeline."""
    tax = [
        PostFactory(title=t, body=b, administration=ministry, language="fr", support_count=2)
        for t, b in TAX
    ]
    parking = [
        PostFactory(title=t, body=b, administration=ministry, language="de") for t, b in PARKING
    ]
    services.build_all()
    tax_cluster = tax[0].cluster_membership.cluster
    parking_cluster = parking[0].cluster_membership.cluster
    assert tax_cluster != parking_cluster
    return {"tax": tax, "parking": parking, "tax_cluster": tax_cluster}


def cluster_of(post):
    return ClusterMembership.objects.get(post=post).cluster


def test_moving_a_post_updates_both_clusters_and_is_audited(clustered, ministry):
    member = triager(ministry)
    moved, target = clustered["tax"][2], clustered["parking"][0].cluster_membership.cluster
    source = clustered["tax_cluster"]
    membership = move_post(moved, by=member, cluster=target)
    assert membership.assigned_by == ClusterMembership.AssignedBy.STAFF
    assert 0.0 < membership.similarity <= 1.0
    source.refresh_from_db()
    target.refresh_from_db()
    assert (source.size, source.support_total, source.languages) == (2, 4, {"fr": 2})
    assert (target.size, target.support_total) == (3, 2)
    assert target.languages == {"de": 2, "fr": 1}
    # The centroid is the mean of the members' stored vectors.
    vectors = [m.post.embedding.as_array() for m in target.memberships.select_related("post")]
    assert np.allclose(target.centroid_array(), np.mean(vectors, axis=0), atol=1e-6)
    [entry] = AuditEntry.objects.filter(action=Action.MOVE_TO_CLUSTER)
    assert entry.post == moved and entry.cluster == target and entry.actor == member
    assert entry.suggestion == {"cluster": source.pk} and entry.decision == {"cluster": target.pk}
    assert entry.followed_suggestion is False
    with pytest.raises(ValidationError):
        move_post(moved, by=member, cluster=target)  # already there


def test_moving_needs_the_post_in_the_queue_and_an_active_target(clustered, ministry):
    outsider = triager(AdministrationFactory())
    target = clustered["parking"][0].cluster_membership.cluster
    with pytest.raises(PermissionDenied):
        move_post(clustered["tax"][0], by=outsider, cluster=target)
    with pytest.raises(PermissionDenied):
        move_post(clustered["tax"][0], by=UserFactory(), cluster=target)
    gone = Cluster.objects.create(label="Old", is_active=False)
    with pytest.raises(ValidationError):
        move_post(clustered["tax"][0], by=triager(ministry), cluster=gone)
    assert cluster_of(clustered["tax"][0]) == clustered["tax_cluster"]
    assert not AuditEntry.objects.exists()


def test_moving_the_last_post_out_switches_the_cluster_off(ministry):
    lonely, other = PostFactory(administration=ministry), PostFactory(administration=ministry)
    source, target = Cluster.objects.create(label="A"), Cluster.objects.create(label="B")
    ClusterMembership.objects.create(post=lonely, cluster=source, assigned_by="batch")
    ClusterMembership.objects.create(post=other, cluster=target, assigned_by="batch")
    membership = move_post(lonely, by=triager(ministry), cluster=target)
    source.refresh_from_db()
    target.refresh_from_db()
    assert not source.is_active and source.size == 0
    assert target.size == 2 and membership.similarity == 0.0  # no embeddings stored


def test_splitting_a_cluster(clustered, ministry):
    member = triager(ministry)
    cluster = clustered["tax_cluster"]
    split_off = clustered["tax"][1:]
    new = split_cluster(cluster, by=member, posts=split_off)
    assert new.label == split_off[0].title and not new.label_locked
    assert {m.post_id for m in new.memberships.all()} == {p.pk for p in split_off}
    assert set(new.memberships.values_list("assigned_by", flat=True)) == {"staff"}
    cluster.refresh_from_db()
    assert (cluster.size, new.size, new.support_total) == (1, 2, 4)
    vectors = [p.embedding.as_array() for p in split_off]
    assert np.allclose(new.centroid_array(), np.mean(vectors, axis=0), atol=1e-6)
    assert np.allclose(cluster.centroid_array(), clustered["tax"][0].embedding.as_array())
    entries = AuditEntry.objects.filter(action=Action.SPLIT_CLUSTER)
    assert {e.post_id for e in entries} == {p.pk for p in split_off}
    assert all(e.decision == {"cluster": new.pk} for e in entries)

    named = split_cluster(new, by=member, posts=[split_off[1]], label="  Prefilled returns ")
    assert named.label == "Prefilled returns" and named.label_locked


def test_split_rules(clustered, ministry):
    member = triager(ministry)
    cluster = clustered["tax_cluster"]
    with pytest.raises(ValidationError):  # nobody would stay
        split_cluster(cluster, by=member, posts=clustered["tax"])
    with pytest.raises(ValidationError):  # not a member of this cluster
        split_cluster(cluster, by=member, posts=[clustered["parking"][0]])
    with pytest.raises(ValidationError):
        split_cluster(cluster, by=member, posts=[])
    with pytest.raises(ValidationError):  # label too short
        split_cluster(cluster, by=member, posts=clustered["tax"][:1], label="ab")
    foreign = PostFactory(administration=AdministrationFactory())
    ClusterMembership.objects.create(post=foreign, cluster=cluster, assigned_by="batch")
    with pytest.raises(PermissionDenied):
        split_cluster(cluster, by=member, posts=[foreign])
    assert Cluster.objects.filter(is_active=True).count() == 2
    assert not AuditEntry.objects.exists()


def test_renaming_a_cluster(clustered, ministry):
    cluster = clustered["tax_cluster"]
    old_label = cluster.label
    rename_cluster(cluster, by=triager(ministry), label="  Tax return asks twice  ")
    cluster.refresh_from_db()
    assert cluster.label == "Tax return asks twice" and cluster.label_locked
    [entry] = AuditEntry.objects.filter(action=Action.RENAME_CLUSTER)
    assert entry.suggestion == {"label": old_label} and entry.followed_suggestion is False
    for label in ["no", "x" * 301, "   "]:
        with pytest.raises(ValidationError):
            rename_cluster(cluster, by=triager(ministry), label=label)
    with pytest.raises(PermissionDenied):  # none of its posts in this team's queue
        rename_cluster(cluster, by=triager(AdministrationFactory()), label="Something else")
    cluster.refresh_from_db()
    assert cluster.label == "Tax return asks twice"


def test_the_rerun_keeps_moved_posts_and_staff_labels(clustered, ministry):
    member = triager(ministry)
    moved = clustered["tax"][2]
    parking_cluster = clustered["parking"][0].cluster_membership.cluster
    move_post(moved, by=member, cluster=parking_cluster)
    rename_cluster(clustered["tax_cluster"], by=member, label="Tax return asks twice")

    summary = services.recluster()
    assert summary["kept_by_staff"] == 1
    membership = ClusterMembership.objects.get(post=moved)
    assert membership.cluster == parking_cluster and membership.assigned_by == "staff"
    tax_cluster = cluster_of(clustered["tax"][0])
    assert tax_cluster.pk == clustered["tax_cluster"].pk
    assert tax_cluster.label == "Tax return asks twice" and tax_cluster.label_locked
    parking_cluster.refresh_from_db()
    assert parking_cluster.is_active and parking_cluster.size == 3
    assert tax_cluster.size == 2
    # The other posts are still clustered by the pipeline.
    assert cluster_of(clustered["parking"][1]) == parking_cluster
    assert ClusterMembership.objects.get(post=clustered["tax"][1]).assigned_by == "batch"
