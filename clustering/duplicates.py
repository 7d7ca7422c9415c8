"""Decides whether two posts say the same thing (the duplicate check while typing, evaluation).

One threshold on the cosine cannot serve both cases we need: paraphrases in one language (e5
gives ~0.93 to a true paraphrase and ~0.88 to a merely related sentence) and translations (~0.92,
while unrelated sentences in two languages sit lower). So the decision is a small logistic
regression over a few features of the pair, fitted on the train splits (STS-B en/de/fr and the
SIB-200 cross-lingual pairs) by `manage.py calibrate duplicates` and stored with its decision
threshold in `clustering/calibration/duplicates-<embedder name>.json`:

- `cosine`: dense similarity of the two texts (e5 "query:" embeddings);
- `lexical`: overlap of the texts' character 3-5-grams (cosine of binary hashed n-gram sets:
  context-free, so a pair gets the same value whatever else is scored with it);
- `cross`: 1 when the detected languages differ (core.language.detect_language; a text too
  short to tell counts as the same language);
- `length_ratio`: shorter / longer length in characters;
- interactions `cosine_cross`, `lexical_cross` (`cosine * cross`, ...): separate slopes for
  translations; `same_fr`, `same_de`, `same_lb`: one-language pairs in that language (English is
  the baseline).
Which of them the model uses is listed in the calibration file (measured: docs/nlp.md). A pair
whose `lexical` overlap reaches `near_verbatim_lexical` (the 97.5th percentile of same-language
non-duplicates in STS train) is a duplicate whatever the model says: re-typed copies.
Without a calibration file for the embedder, the plain cosine decides (with a warning).
"""

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer

from clustering import backends, calibration
from core.language import detect_language

# Used only when the embedder has no calibration file.
GENERIC_COSINE_THRESHOLD = 0.8

_NGRAMS = HashingVectorizer(
    analyzer="char_wb",
    ngram_range=(3, 5),
    n_features=2**20,
    binary=True,
    norm="l2",
    alternate_sign=False,
    strip_accents="unicode",
    lowercase=True,
)


def lexical_overlap(a_texts, b_texts):
    a = _NGRAMS.transform(a_texts)
    b = _NGRAMS.transform(b_texts)
    return np.asarray(a.multiply(b).sum(axis=1), dtype=np.float32).ravel()


def pair_features(a_texts, b_texts, a_vectors, b_vectors):
    """Named feature columns for each pair (a[i], b[i])."""
    a_texts = [t or "" for t in a_texts]
    b_texts = [t or "" for t in b_texts]
    cosine = np.einsum("ij,ij->i", np.asarray(a_vectors), np.asarray(b_vectors)).astype(float)
    lexical = lexical_overlap(a_texts, b_texts).astype(float)
    # A text with no function word to go by ("Man playing guitar") has no language (None): it
    # does not make the pair cross-lingual.
    a_languages = [detect_language(t, default=None) for t in a_texts]
    b_languages = [detect_language(t, default=None) for t in b_texts]
    cross = np.array(
        [
            a is not None and b is not None and a != b
            for a, b in zip(a_languages, b_languages, strict=True)
        ],
        dtype=float,
    )
    language = [a or b for a, b in zip(a_languages, b_languages, strict=True)]
    lengths = np.array([[len(a), len(b)] for a, b in zip(a_texts, b_texts, strict=True)], float)
    features = {
        "cosine": cosine,
        "lexical": lexical,
        "cross": cross,
        "length_ratio": lengths.min(axis=1) / np.maximum(lengths.max(axis=1), 1),
        "cosine_cross": cosine * cross,
        "lexical_cross": lexical * cross,
    }
    # e5 packs some languages tighter than others (French cosines run higher): own intercepts.
    for code in ("fr", "de", "lb"):
        features[f"same_{code}"] = np.array([lang == code for lang in language], float) * (
            1 - cross
        )
    return features


class DuplicateScorer:
    """`score(a_texts, b_texts)` -> probabilities in [0, 1]; `threshold` decides duplicates."""

    threshold = 0.5

    def __init__(self, embedder=None, parameters=None):
        self.embedder = embedder or backends.get("EMBEDDER")
        self.parameters = parameters or calibration.load("duplicates", self.embedder.name)
        if self.parameters:
            self.threshold = float(self.parameters["threshold"])
        else:
            self.threshold = GENERIC_COSINE_THRESHOLD

    @property
    def calibrated(self):
        return bool(self.parameters)

    def score(self, a_texts, b_texts, a_vectors=None, b_vectors=None):
        """Probability that a[i] and b[i] are duplicates (the cosine when uncalibrated).

        Pass stored embeddings as `a_vectors`/`b_vectors` to skip encoding.
        """
        a_texts, b_texts = list(a_texts), list(b_texts)
        if len(a_texts) != len(b_texts):
            raise ValueError("a_texts and b_texts must have the same length")
        if not a_texts:
            return np.zeros(0)
        if a_vectors is None:
            a_vectors = self.embedder.encode_queries(a_texts)
        if b_vectors is None:
            b_vectors = self.embedder.encode_queries(b_texts)
        features = pair_features(a_texts, b_texts, a_vectors, b_vectors)
        if not self.calibrated:
            return np.clip(features["cosine"], 0.0, 1.0)
        return self.probabilities(features, self.parameters)

    @staticmethod
    def probabilities(features, parameters):
        logit = np.full(len(features["cosine"]), float(parameters["intercept"]))
        for name, coefficient in parameters["coefficients"].items():
            mean, scale = parameters["scaling"][name]
            logit += coefficient * (features[name] - mean) / scale
        probabilities = 1.0 / (1.0 + np.exp(-logit))
        near_verbatim = parameters.get("near_verbatim_lexical")
        if near_verbatim is not None:
            # A copy with typos can fall below e5's high same-language bar, never below this.
            copies = features["lexical"] >= near_verbatim
            probabilities[copies] = np.maximum(probabilities[copies], parameters["threshold"])
        return probabilities

    def is_duplicate(self, probabilities):
        return np.asarray(probabilities) >= self.threshold
