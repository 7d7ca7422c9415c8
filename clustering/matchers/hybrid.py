"""Rank catalogue entries for free-text posts: dense similarity fused with character TF-IDF.

Each entry is embedded as e5 *passages* ("title. path / theme words. text", the text cut in
pieces of `text_chars`, at most `max_chunks`; an entry scores its best piece) and posts as
*queries*. The dense score carries meaning across languages (a German post, a French procedure
title); the lexical score (character n-grams over the entry's whole text, fitted on the
catalogue) rewards shared rare words such as procedure names. Both are put on one scale per query
(z-scores over the catalogue) and mixed with `dense_weight`; an entry in the post's own language
gets `language_bonus` (a catalogue may hold one page in several languages, which the dense score
cannot tell apart). The confidence is a softmax over the fused scores with a temperature fitted
on the train questions. All numbers: `clustering/calibration/mapping-<embedder>.json`
(`manage.py calibrate mapping`).
"""

import re

import numpy as np

from clustering import backends, calibration
from core.language import detect_language

from .base import ProcedureMatcher

GENERIC = {"dense_weight": 0.7, "temperature": 0.5, "text_chars": 1000, "language_bonus": 0.0}
# Measured: 4 pieces instead of 1 moved train top-5 by < 0.01 on Integreat pages; one vector per
# entry keeps the stored procedure vectors simple.
MAX_CHUNKS = 1


def _words(value):
    """Path slugs and themes as words: ["impots-taxes"] -> "impots taxes"."""
    if not value:
        return ""
    items = value if isinstance(value, list | tuple) else [value]
    return " / ".join(re.sub(r"[-_]+", " ", str(item)).strip() for item in items if item)


def _title_and_text(entry):
    title = (entry.get("title") or "").strip()
    text = (entry.get("text") or "").strip()
    if title and text.startswith(title):
        text = text[len(title) :].lstrip(" .:\n")  # pages often repeat their title
    return title, text


def entry_document(entry, text_chars):
    """The text that represents a catalogue entry (title first: it matters most)."""
    title, text = _title_and_text(entry)
    parts = [title, _words(entry.get("path")), _words(entry.get("theme")), text[:text_chars]]
    return ". ".join(part for part in parts if part)


def entry_passages(entry, text_chars, max_chunks=MAX_CHUNKS):
    """The entry's document, then "title. next piece of text" for longer texts."""
    title, text = _title_and_text(entry)
    passages = [entry_document(entry, text_chars)]
    if text_chars > 0:
        end = min(len(text), max_chunks * text_chars)
        passages += [
            f"{title}. {text[s : s + text_chars]}" for s in range(text_chars, end, text_chars)
        ]
    return passages


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
    def __init__(
        self,
        embedder=None,
        lexical=None,
        dense_weight=None,
        temperature=None,
        text_chars=None,
        language_bonus=None,
        max_chunks=None,
    ):
        self.embedder = embedder or backends.get("EMBEDDER")
        self.lexical = lexical or backends.build("LEXICAL")
        stored = calibration.load("mapping", self.embedder.name) or GENERIC
        self.dense_weight = float(stored["dense_weight"] if dense_weight is None else dense_weight)
        self.temperature = float(stored["temperature"] if temperature is None else temperature)
        self.text_chars = int(stored["text_chars"] if text_chars is None else text_chars)
        bonus = stored.get("language_bonus", 0.0) if language_bonus is None else language_bonus
        self.language_bonus = float(bonus)
        self.max_chunks = int(max_chunks or stored.get("max_chunks", MAX_CHUNKS))
        self.ids = []

    def documents(self, entries):
        """The texts this matcher embeds as passages for `entries` (one or more per entry)."""
        return [p for e in entries for p in entry_passages(e, self.text_chars, self.max_chunks)]

    def fit(self, entries, passage_vectors=None):
        """Index `entries`; `passage_vectors` (of `documents(entries)`) reuses stored vectors."""
        documents = self.documents(entries)
        self.ids = [entry["id"] for entry in entries]
        counts = [len(entry_passages(e, self.text_chars, self.max_chunks)) for e in entries]
        self.starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.intp)
        if passage_vectors is None or len(passage_vectors) != len(documents):
            passage_vectors = self.embedder.encode_passages(documents)
        self.passages = np.asarray(passage_vectors, dtype=np.float32)
        whole = [entry_document(entry, None) for entry in entries]  # lexical: the whole text
        self.lexical_matrix = self.lexical.fit_transform(whole)
        self.languages = np.array(
            [
                entry.get("language") or detect_language(text)
                for entry, text in zip(entries, whole, strict=True)
            ]
        )
        return self

    def _dense(self, query_vectors):
        """Best passage of each entry: (queries, entries) cosines."""
        scores = np.asarray(query_vectors, dtype=np.float32) @ self.passages.T
        if len(self.starts) == len(self.passages):
            return scores
        return np.maximum.reduceat(scores, self.starts, axis=1)

    def fused_scores(self, queries, query_vectors=None):
        """(len(queries), len(entries)) fused scores: higher is a better match."""
        if query_vectors is None:
            query_vectors = self.embedder.encode_queries(list(queries))
        fused = self.dense_weight * _standardise(self._dense(query_vectors))
        if self.dense_weight < 1:
            lexical = self.lexical.similarity(list(queries), self.lexical_matrix)
            fused += (1 - self.dense_weight) * _standardise(lexical)
        if self.language_bonus:
            # A catalogue may hold one page in several languages, which the dense score cannot
            # tell apart: prefer the version in the post's language.
            wanted = np.array([detect_language(q, default="") for q in queries])
            fused += self.language_bonus * (wanted[:, None] == self.languages[None, :])
        return fused

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
