"""A small triage world shared by the board, action and export tests: two administrations, a
cluster holding posts of both, a cluster holding only the other team's posts, and a post of
the tax office in no cluster."""

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from clustering.models import Cluster, ClusterMembership, ProcedureSuggestion
from ideas.models import Post
from tests.factories import AdministrationFactory, PostFactory, ProcedureFactory, triager


def member(post, cluster, similarity=0.9):
    return ClusterMembership.objects.create(
        post=post, cluster=cluster, similarity=similarity, assigned_by="batch"
    )


def age(post, days, now=None):
    """Pretend `post` was written `days` ago."""
    created = (now or timezone.now()) - timedelta(days=days)
    Post.objects.filter(pk=post.pk).update(created_at=created)
    post.created_at = created
    return post


def build_world():
    tax = AdministrationFactory(name="Tax office", slug="tax-office")
    town = AdministrationFactory(name="Town hall", slug="town-hall")
    tax_return = ProcedureFactory(title="Income tax return", administrations=[tax])
    tax_card = ProcedureFactory(title="Tax card", administrations=[tax])
    parking = ProcedureFactory(title="Parking permit", administrations=[town])
    shared = Cluster.objects.create(label="Forms printed twice", model_name="m")
    theirs = Cluster.objects.create(label="Parking queues", model_name="m")
    ours = [
        PostFactory(title="Tax form printed twice", procedure=tax_return, language="fr"),
        PostFactory(title="Printing the tax return", procedure=tax_return, language="fr"),
        PostFactory(title="Tax card on paper only", procedure=tax_card, language="de"),
    ]
    Post.objects.filter(pk__in=[p.pk for p in ours]).update(support_count=2)
    for post, similarity in zip(ours, (0.95, 0.9, 0.7), strict=True):
        member(post, shared, similarity)
    town_post_in_shared = PostFactory(title="Parking form printed twice", procedure=parking)
    member(town_post_in_shared, shared, 0.6)
    town_only = PostFactory(title="Queues for parking permits", procedure=parking)
    member(town_only, theirs)
    loose = PostFactory(title="Tax office never answers", procedure=tax_return, language="en")
    ProcedureSuggestion.objects.create(
        post=ours[0], procedure=tax_card, rank=1, confidence=0.81, model_name="m"
    )
    return SimpleNamespace(
        tax=tax,
        town=town,
        tax_return=tax_return,
        tax_card=tax_card,
        parking=parking,
        shared=shared,
        theirs=theirs,
        ours=ours,
        town_post_in_shared=town_post_in_shared,
        town_only=town_only,
        loose=loose,
        tax_triager=triager(tax),
        town_triager=triager(town),
    )
