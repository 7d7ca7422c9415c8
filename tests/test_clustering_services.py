"""The pipeline in the product: processing new posts, catching up after failures, clusters with
stable ids and atomic re-runs, procedure suggestions and staff decisions (fake embedder)."""

import json
import logging
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from accounts import roles
from clustering import backends, services, tasks
from clustering.clusterers.base import Clusterer
from clustering.embedders.base import Embedder
from clustering.models import (
    Cluster,
    ClusterMembership,
    PostEmbedding,
    ProcedureDecision,
    ProcedureSuggestion,
)
from ideas import services as idea_services
from tests.factories import (
    AdministrationFactory,
    PostFactory,
    ProcedureFactory,
    UserFactory,
    triager,
)

pytestmark = pytest.mark.django_db
FAKE = {"BACKEND": "clustering.embedders.fake.HashingEmbedder", "OPTIONS": {}}

TAX = [
    (
        "Income tax return form is too long",
        "The income tax return form asks every year for "
        "the same salary data that the tax office already has.",
    ),
    (
        "Income tax return asks the same data",
        "Every year the income tax return form wants "
        "the salary data again although the tax office has it.",
    ),
    (
        "Prefill my income tax return",
        "The tax office has my salary data, so the income tax "
        "return form could be filled in already every year.",
    ),
]
PARKING = [
    (
        "Residential parking permit renewal on paper",
        "To renew the residential parking permit "
        "I must bring paper documents to the town hall in person.",
    ),
    (
        "Parking permit renewal needs a town hall visit",
        "Renewing my residential parking permit "
        "means a visit to the town hall with paper documents.",
    ),
]


class BrokenEmbedder(Embedder):
    """Stands in for a model that fails to load or to encode (test-only stage)."""

    name = "broken"

    def encode(self, texts):
        raise RuntimeError("model unavailable")


class BrokenClusterer(Clusterer):
    def fit_predict(self, vectors):
        raise RuntimeError("clustering crashed")


@pytest.fixture(autouse=True)
def fresh_pipeline():
    # The index and the fitted matcher live per process; tests must not see earlier tests' posts.
    backends.reset()
    services.reset_index()
    services.reset_matcher()
    yield
    backends.reset()
    services.reset_index()
    services.reset_matcher()


@pytest.fixture
def catalogue():
    tax_office, town = AdministrationFactory(name="Tax office"), AdministrationFactory()
    return {
        "tax": ProcedureFactory(title="Income tax return", administrations=[tax_office]),
        "parking": ProcedureFactory(title="Residential parking permit", administrations=[town]),
        "birth": ProcedureFactory(
            title="Birth allowance", administrations=[AdministrationFactory(name="Family fund")]
        ),
    }


def posts(rows, **kwargs):
    return [PostFactory(title=title, body=body, **kwargs) for title, body in rows]


def memberships():
    return dict(ClusterMembership.objects.values_list("post_id", "cluster_id"))


def test_create_post_schedules_processing_and_the_post_is_embedded_clustered_and_mapped(
    catalogue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        post = idea_services.create_post(author=UserFactory(), title=TAX[0][0], body=TAX[0][1])
    assert len(callbacks) == 1
    embedding = PostEmbedding.objects.get(post=post)
    assert embedding.model_name == "fake-hashing" and embedding.dim == 256
    membership = ClusterMembership.objects.get(post=post)
    assert membership.cluster.is_active and membership.cluster.size == 1
    suggestions = list(ProcedureSuggestion.objects.filter(post=post).order_by("rank"))
    assert [s.rank for s in suggestions] == list(range(1, len(suggestions) + 1))
    assert suggestions[0].procedure == catalogue["tax"]
    assert all(0.0 <= s.confidence <= 1.0 for s in suggestions)


def test_processing_a_post_twice_changes_nothing(catalogue):
    post = posts(TAX[:1])[0]
    first = services.process_post(post)
    again = services.process_post(post)
    assert again["membership"].cluster_id == first["membership"].cluster_id
    assert PostEmbedding.objects.count() == Cluster.objects.count() == 1
    assert ProcedureSuggestion.objects.filter(post=post).count() == len(first["suggestions"])


def test_an_embedding_failure_never_blocks_posting_and_embed_missing_catches_up(
    catalogue, settings, caplog, django_capture_on_commit_callbacks
):
    settings.CLUSTERING_PIPELINE = {"EMBEDDER": {"BACKEND": f"{__name__}.BrokenEmbedder"}}
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        post = idea_services.create_post(author=UserFactory(), title=TAX[1][0], body=TAX[1][1])
    assert post.pk and not PostEmbedding.objects.filter(post=post).exists()
    assert "embed_missing will retry" in caplog.text

    settings.CLUSTERING_PIPELINE = {"EMBEDDER": FAKE}  # the model is back
    tasks.embed_missing.delay()
    assert PostEmbedding.objects.filter(post=post, model_name="fake-hashing").exists()
    assert ClusterMembership.objects.filter(post=post).exists()
    assert ProcedureSuggestion.objects.filter(post=post).exists()
    assert services.process_missing() == {"embedded": 0, "clustered": 0, "suggested": 0}


def test_the_index_is_rebuilt_lazily_from_stored_embeddings():
    tax = posts(TAX)
    services.index_posts(tax)
    services.reset_index()  # as in a fresh process
    citizen = UserFactory()
    found = services.similar_posts(TAX[0][0] + " " + TAX[0][1], citizen)
    assert found[0].post == tax[0] and found[0].score > 0.9
    assert {r.post for r in found} == set(tax)


def test_new_posts_join_the_closest_cluster_or_open_a_new_one():
    tax, parking = posts(TAX), posts(PARKING)
    for post in tax + parking:
        services.index_post(post)
        services.assign_to_cluster(post)
    clusters = memberships()
    assert len({clusters[p.pk] for p in tax}) == 1
    assert len({clusters[p.pk] for p in parking}) == 1
    assert clusters[tax[0].pk] != clusters[parking[0].pk]
    cluster = Cluster.objects.get(pk=clusters[tax[0].pk])
    assert cluster.size == 3 and cluster.label == TAX[0][0]


def test_recluster_describes_clusters_and_keeps_ids_on_a_rerun(catalogue):
    tax = posts(TAX, procedure=catalogue["tax"], language="fr", support_count=4)
    parking = posts(PARKING, procedure=catalogue["parking"])
    summary = services.build_all()
    assert summary["embedded"] == 5
    first = memberships()
    tax_cluster = Cluster.objects.get(pk=first[tax[0].pk])
    assert {first[p.pk] for p in tax} == {tax_cluster.pk}
    assert first[parking[0].pk] == first[parking[1].pk] != tax_cluster.pk
    assert tax_cluster.size == 3 and tax_cluster.support_total == 12
    assert tax_cluster.languages == {"fr": 3}
    assert tax_cluster.top_procedures[0] == {
        "id": catalogue["tax"].pk,
        "title": "Income tax return",
        "count": 3,
    }
    assert tax_cluster.label in {title for title, _body in TAX}
    assert {"income", "tax"} & set(tax_cluster.keywords)

    count = Cluster.objects.count()
    again = services.recluster()
    assert memberships() == first
    assert again["reused_ids"] == again["clusters"] and Cluster.objects.count() == count
    assert set(ClusterMembership.objects.values_list("assigned_by", flat=True)) == {"batch"}


def test_a_new_post_between_runs_keeps_the_cluster_ids_stable():
    tax = posts(TAX)
    services.build_all()
    before = memberships()[tax[0].pk]
    late = posts([("Income tax return asks again for salary data", TAX[1][1])])[0]
    services.process_post(late)
    assert memberships()[late.pk] == before
    services.recluster()
    assert memberships()[late.pk] == memberships()[tax[0].pk] == before


def test_a_failing_recluster_leaves_the_old_clusters_intact(settings):
    posts(TAX + PARKING)
    services.build_all()
    clusters = list(Cluster.objects.values_list("pk", "label", "size", "is_active"))
    members = memberships()

    def crash_before_commit(stage, done, total):
        if stage == "save" and done == total:
            raise RuntimeError("disk full")

    # A re-run would now change something: a new post on another topic is embedded.
    services.index_posts(posts([("Birth allowance form lost", "Lost twice by the post office.")]))
    with pytest.raises(RuntimeError, match="disk full"):
        services.recluster(progress=crash_before_commit)
    settings.CLUSTERING_PIPELINE = {
        "EMBEDDER": FAKE,
        "CLUSTERER": {"BACKEND": f"{__name__}.BrokenClusterer"},
    }
    with pytest.raises(RuntimeError, match="clustering crashed"):
        services.recluster()
    assert list(Cluster.objects.values_list("pk", "label", "size", "is_active")) == clusters
    assert memberships() == members


@pytest.fixture
def suggested(catalogue):
    post = PostFactory(title=TAX[0][0], body=TAX[0][1], procedure=catalogue["birth"])
    for rank, key in enumerate(["tax", "parking"], start=1):
        ProcedureSuggestion.objects.create(
            post=post, procedure=catalogue[key], rank=rank, confidence=0.9 / rank, model_name="m"
        )
    return post


def test_confirming_a_suggestion_records_it_and_routes_the_post(catalogue, suggested):
    moderator = UserFactory(roles=[roles.MODERATOR])
    decision = services.decide_procedure(suggested, catalogue["tax"], by=moderator)
    suggested.refresh_from_db()
    assert suggested.procedure == catalogue["tax"]
    assert suggested.administration.name == "Tax office"
    assert decision.decision == "confirmed" and decision.decided_by == moderator
    assert decision.previous_procedure == catalogue["birth"]


def test_overriding_and_none_of_these_are_kept_in_the_audit_trail(catalogue, suggested):
    moderator = UserFactory(roles=[roles.MODERATOR])
    services.decide_procedure(suggested, catalogue["birth"], by=moderator)
    services.decide_procedure(suggested, None, by=moderator)
    suggested.refresh_from_db()
    assert suggested.procedure is None
    trail = list(
        suggested.procedure_decisions.order_by("pk").values_list(
            "decision", "procedure", "previous_procedure"
        )
    )
    assert trail == [
        ("overridden", catalogue["birth"].pk, catalogue["birth"].pk),
        ("overridden", None, catalogue["birth"].pk),
    ]
    assert ProcedureSuggestion.objects.filter(post=suggested).count() == 2  # kept too


def test_only_the_responsible_triage_team_decides(catalogue, suggested):
    outsider = triager(AdministrationFactory())
    with pytest.raises(PermissionDenied):
        services.decide_procedure(suggested, catalogue["tax"], by=outsider)
    assert not ProcedureDecision.objects.exists()
    suggested.refresh_from_db()
    assert suggested.procedure == catalogue["birth"]
    insider = triager(suggested.administration)
    services.decide_procedure(suggested, catalogue["tax"], by=insider)
    suggested.refresh_from_db()
    assert suggested.procedure == catalogue["tax"]


def test_the_commands_report_json_on_stdout_and_progress_on_stderr(capsys):
    tax = posts(TAX)
    out = StringIO()
    call_command("embed_missing", stdout=out)
    assert json.loads(out.getvalue().splitlines()[-1])["embedded"] == 3
    assert PostEmbedding.objects.filter(post__in=tax).count() == 3
    out = StringIO()
    call_command("recluster", stdout=out)
    summary = json.loads(out.getvalue().splitlines()[-1])
    assert summary["posts"] == 3 and summary["clusters"] == 1 and "seconds" in summary
    assert "5/5" in capsys.readouterr().err  # tqdm's bar went through every stage
    assert len(set(memberships().values())) == 1


def test_a_cluster_label_never_shows_a_hidden_posts_title():
    hidden = posts(PARKING[:1], is_hidden=True)[0]
    visible = posts(TAX)
    services.build_all()
    hidden_cluster = Cluster.objects.get(pk=memberships()[hidden.pk])
    assert hidden_cluster.pk != memberships()[visible[0].pk]
    assert hidden_cluster.label != hidden.title
