"""Rank catalogue entries for free-text posts: dense similarity fused with character TF-IDF.

Each entry becomes one document, "title. path / theme words. first `text_chars` of its text",
embedded as an e5 *passage*; posts are embedded as *queries*. The dense score carries meaning
across languages (a German post, a French procedure title); the lexical score (character n-grams,
fitted on the catalogue) rewards shared rare words such as procedure names. The two are put on
one scale per query (z-scores over the catalogue) and mixed with `dense_weight`; the confidence
is a softmax over the fused scores with a temperature fitted so that it tracks how often the top
suggestion was right on the train questions. Both numbers come from
`clustering/calibration/mapping-<embedder>.json` (`manage.py calibrate mapping`).
"""

import re

import numpy as np

from clustering import backends, calibration

from .base import ProcedureMatcher

GENERIC = {"dense_weight": 0.7, "temperature": 0.5, "text_chars": 1000}


def _words(value):
    """Path slugs and themes as words: ["impots-taxes"] -> "impots taxes"."""
    if not value:
        return ""
    items = value if isinstance(value, list | tuple) else [value]
    return " / ".join(re.sub(r"[-_]+", " ", str(item)).strip() for item in items if item)


def entry_document(entry, text_chars):
    """The text that represents a catalogue entry (title first: it matters most)."""
    title = (entry.get("title") or "").strip()
    text = (entry.get("text") or "").strip()
    if title and text.startswith(title):
        text = text[len(title) :].lstrip(" .:\n")  # pages often repeat their title
    parts = [title, _words(entry.get("path")), _words(entry.get("theme")), text[:text_chars]]
    return ". ".join(part for part in parts if part)


def _standardise(scores):
    """Per-row z-scores, so that dense and lexical scores share one scale."""
    mean = scores.mean(axis=1, keepdims=True)
    std = scores.std(axis=1, keepdims=True)
    return (scores - mean) / np.maximum(std, 1e-6)


def softmax(scores, temperature):
    scaled = (scores - scores.max(axis=1, keepdims=True)) / max(temperature, 1e-6)
    weights = np.exp(scaled)
    return weights / weights.sum(axis=1, keepdims=True)


class HybridMatcher(ProcedureMatcher):
    def __init__(self, embedder=None, lexical=None, dense_weight=None, temperature=None,
                 text_chars=None):
        self.embedder = embedder or backends.get("EMBEDDER")
        self.lexical = lexical or backends.build("LEXICAL")
        stored = calibration.load("mapping", self.embedder.name) or GENERIC
        self.dense_weight = float(stored["dense_weight"] if dense_weight is None else dense_weight)
        self.temperature = float(stored["temperature"] if temperature is None else temperature)
        self.text_chars = int(stored["text_chars"] if text_chars is None else text_chars)
        self.ids = []

    def documents(self, entries):
        """The texts this matcher embeds (as passages) for `entries`."""
        return [entry_document(entry, self.text_chars) for entry in entries]

    def fit(self, entries, passage_vectors=None):
        """Index `entries`; `passage_vectors` (of `documents(entries)`) reuses stored vectors."""
        documents = self.documents(entries)
        self.ids = [entry["id"] for entry in entries]
        if passage_vectors is None:
            passage_vectors = self.embedder.encode_passages(documents)
        self.passages = np.asarray(passage_vectors, dtype=np.float32)
        self.lexical_matrix = self.lexical.fit_transform(documents)
        return self

    def fused_scores(self, queries, query_vectors=None):
        """(len(queries), len(entries)) fused scores: higher is a better match."""
        if query_vectors is None:
            query_vectors = self.embedder.encode_queries(list(queries))
        dense = np.asarray(query_vectors, dtype=np.float32) @ self.passages.T
        if self.dense_weight >= 1:
            return _standardise(dense)
        lexical = self.lexical.similarity(list(queries), self.lexical_matrix)
        weight = self.dense_weight
        return weight * _standardise(dense) + (1 - weight) * _standardise(lexical)

    def rank(self, queries, k=5, query_vectors=None):
        if not self.ids or not len(queries):
            return [[] for _ in queries]
        fused = self.fused_scores(queries, query_vectors)
        confidence = softmax(fused, self.temperature)
        k = min(k, len(self.ids))
        top = np.argsort(-fused, axis=1, kind="stable")[:, :k]
        return [
            [(self.ids[j], float(confidence[row, j])) for j in top[row]] for row in range(len(top))
        ]
