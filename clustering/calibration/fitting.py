"""Fit each stage's parameters on the TRAIN splits of shared/data/eval (never on dev or test).

Used by `manage.py calibrate duplicates|clustering|mapping`; every function returns the
parameters to store plus a `train_report` of how they do on the data they were fitted on (and,
for the cross-lingual pairs, on a held-out half of the sentences).
"""

import itertools
import json
import random
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, v_measure_score

from clustering.duplicates import DuplicateScorer, pair_features
from clustering.evaluation import DUPLICATE_MIN_SCORE, encode_in_chunks
from clustering.matchers.hybrid import HybridMatcher, softmax

DUPLICATE_FEATURES = ["cosine", "lexical", "cross", "cosine_cross", "same_fr", "same_de", "same_lb"]
STS_LANGUAGES = ("en", "de", "fr")
SIB_LANGUAGES = ("eng", "fra", "deu", "ltz")
# Clustering thresholds whose objective is within this of the best count as equally good.
PLATEAU = 0.002
# Fused-score bonus (in z-score units) tried for an entry in the query's language.
LANGUAGE_BONUSES = (0.0, 0.5, 1.0, 2.0)


def _load(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _sample(rows, n, seed=0):
    rows = list(rows)
    random.Random(seed).shuffle(rows)
    return rows[:n] if n else rows


def crosslingual_halves(data, seed=0):
    """SIB-200 cross-lingual pairs split by sentence: (fit half, held-out half). A pair whose two
    sentences fall in different halves is dropped, so no sentence is seen on both sides."""
    sentence_of = {}
    for language in SIB_LANGUAGES:
        for row in _load(data / "clustering" / f"sib200-{language}-train.jsonl"):
            sentence_of[row["text"]] = row["sentence_id"]
    ids = sorted(set(sentence_of.values()))
    random.Random(seed).shuffle(ids)
    fit_ids = set(ids[: len(ids) // 2])
    halves = ([], [])
    for row in _load(data / "duplicates" / "sib200-crosslingual-train.jsonl"):
        a, b = sentence_of[row["a"]] in fit_ids, sentence_of[row["b"]] in fit_ids
        if a == b:
            halves[0 if a else 1].append(row)
    return halves


def _pair_matrix(rows, embedder, progress):
    a = [r["a"] for r in rows]
    b = [r["b"] for r in rows]
    vectors = encode_in_chunks(embedder.encode_queries, a + b, progress)
    features = pair_features(a, b, vectors[: len(a)], vectors[len(a) :])
    gold = np.array(
        [r["score"] >= DUPLICATE_MIN_SCORE if "score" in r else r["duplicate"] for r in rows]
    )
    return features, gold


def fit_duplicates(embedder, data, sts_pairs=1500, progress=None, regularisation=0.1):
    """Logistic regression on pair features; each train source weighs the same; the threshold
    maximises the mean F1 over the sources (STS en, de, fr and cross-lingual)."""
    data = Path(data)
    fit_half, held_out = crosslingual_halves(data)
    sources = {
        f"sts-{lang}": _sample(_load(data / "duplicates" / f"stsb-{lang}-train.jsonl"), sts_pairs)
        for lang in STS_LANGUAGES
    }
    sources["crosslingual"] = fit_half
    matrices = {name: _pair_matrix(rows, embedder, progress) for name, rows in sources.items()}
    held = _pair_matrix(held_out, embedder, progress)

    def columns(features):
        return np.column_stack([features[name] for name in DUPLICATE_FEATURES])

    x = np.vstack([columns(f) for f, _ in matrices.values()])
    y = np.concatenate([g for _, g in matrices.values()])
    weights = np.concatenate([np.full(len(g), len(y) / len(g)) for _, g in matrices.values()])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=regularisation, max_iter=2000)
    model.fit((x - mean) / scale, y, sample_weight=weights / len(matrices))
    parameters = {
        "model": "logistic-regression",
        "coefficients": dict(zip(DUPLICATE_FEATURES, map(float, model.coef_[0]), strict=True)),
        "intercept": float(model.intercept_[0]),
        "scaling": {
            n: [float(m), float(s)] for n, m, s in zip(DUPLICATE_FEATURES, mean, scale, strict=True)
        },
    }
    probabilities = {  # the model alone, before the near-verbatim rule
        name: DuplicateScorer.probabilities(features, parameters)
        for name, (features, _) in matrices.items()
    }
    same_language_negatives = np.concatenate(
        [
            f["lexical"][(~g) & (f["cross"] == 0)]
            for n, (f, g) in matrices.items()
            if n != "crosslingual"
        ]
    )
    near_verbatim = float(np.percentile(same_language_negatives, 97.5))
    copies = {name: f["lexical"] >= near_verbatim for name, (f, _) in matrices.items()}
    candidates = np.round(np.arange(0.05, 0.951, 0.01), 2)
    mean_f1 = [
        np.mean(
            [f1_score(g, (probabilities[n] >= t) | copies[n]) for n, (_, g) in matrices.items()]
        )
        for t in candidates
    ]
    parameters["threshold"] = threshold = float(candidates[int(np.argmax(mean_f1))])
    parameters["near_verbatim_lexical"] = near_verbatim
    report = {
        name: round(f1_score(gold, DuplicateScorer.probabilities(f, parameters) >= threshold), 4)
        for name, (f, gold) in matrices.items()
    }
    held_probabilities = DuplicateScorer.probabilities(held[0], parameters)
    report["crosslingual_held_out"] = round(f1_score(held[1], held_probabilities >= threshold), 4)
    parameters["train_report"] = {
        "f1": report,
        "pairs": {n: len(g) for n, (_, g) in matrices.items()},
    }
    return parameters


def clustering_train_sets(data, banking_per_label=40):
    """Name -> (texts, labels): banking77 (a stratified sample: pain-point-like intents) and the
    SIB-200 train splits, per language and all four mixed (translations must meet)."""
    banking = _load(data / "clustering" / "banking77-train.jsonl")
    random.Random(0).shuffle(banking)
    taken, per_label = [], {}
    for row in banking:
        if per_label.get(row["label"], 0) < banking_per_label:
            taken.append(row)
            per_label[row["label"]] = per_label.get(row["label"], 0) + 1
    sets = {"banking77": taken}
    for language in SIB_LANGUAGES:
        sets[f"sib200-{language}"] = _load(data / "clustering" / f"sib200-{language}-train.jsonl")
    sets["sib200-mixed"] = [row for lang in SIB_LANGUAGES for row in sets[f"sib200-{lang}"]]
    return {
        name: ([r["text"] for r in rows], [r["label"] for r in rows]) for name, rows in sets.items()
    }


def fit_clustering(embedder, data, progress=None, banking_per_label=40, linkage="average"):
    """The merge threshold maximising mean V-measure; banking77 weighs as much as all SIB-200
    sets together (it is the only one at "same pain point" granularity; SIB-200's 7 broad
    topics barely show in e5's space and mostly guard against merging too much)."""
    from scipy.cluster.hierarchy import fcluster
    from scipy.cluster.hierarchy import linkage as dendrogram
    from scipy.spatial.distance import pdist

    sets = clustering_train_sets(Path(data), banking_per_label)
    candidates = np.round(np.arange(0.80, 0.9501, 0.005), 3)
    scores = {}
    for name, (texts, labels) in sets.items():
        vectors = encode_in_chunks(embedder.encode_queries, texts, progress).astype(np.float64)
        tree = dendrogram(pdist(vectors, "cosine"), linkage)  # the same merges as merge_groups
        scores[name] = [
            v_measure_score(labels, fcluster(tree, 1 - t, "distance")) for t in candidates
        ]
    sib = [name for name in sets if name != "banking77"]
    objective = 0.5 * np.array(scores["banking77"]) + 0.5 * np.mean([scores[n] for n in sib], 0)
    # The objective has a plateau; V-measure keeps rewarding ever smaller clusters on small
    # sets, so take the coarsest threshold on it (larger groups of one pain point, better ARI).
    best = int(np.flatnonzero(objective >= objective.max() - PLATEAU)[0])
    return {
        "algorithm": "agglomerative",
        "linkage": linkage,
        "threshold": float(candidates[best]),
        "train_report": {
            "v_measure": {name: round(float(s[best]), 4) for name, s in scores.items()},
            "objective_by_threshold": {
                f"{t:.3f}": round(float(o), 4) for t, o in zip(candidates, objective, strict=True)
            },
        },
    }


def fit_mapping(embedder, lexical_factory, data, progress=None, text_chars_options=(0, 1000)):
    """Dense/lexical weight and text length maximising train MRR over de/en/fr questions, then
    the softmax temperature minimising the negative log-likelihood of the right page."""
    data = Path(data / "mapping")
    entries = _load(data / "integreat-pages.jsonl")
    queries = [
        q for lang in STS_LANGUAGES for q in _load(data / f"integreat-questions-{lang}-train.jsonl")
    ]
    index = {entry["id"]: i for i, entry in enumerate(entries)}
    queries = [q for q in queries if q["procedure_id"] in index]
    texts = [q["text"] for q in queries]
    wanted = np.array([index[q["procedure_id"]] for q in queries])
    query_vectors = encode_in_chunks(embedder.encode_queries, texts, progress)
    results = {}
    for chars in text_chars_options:
        matcher = HybridMatcher(embedder, lexical_factory(), text_chars=chars, temperature=1.0)
        vectors = encode_in_chunks(embedder.encode_passages, matcher.documents(entries), progress)
        matcher.fit(entries, passage_vectors=vectors)
        for weight, bonus in itertools.product(np.arange(0.0, 1.001, 0.1), LANGUAGE_BONUSES):
            matcher.dense_weight, matcher.language_bonus = round(float(weight), 2), bonus
            fused = matcher.fused_scores(texts, query_vectors)
            rank = (fused > fused[np.arange(len(wanted)), wanted][:, None]).sum(axis=1) + 1
            key = (chars, matcher.dense_weight, bonus)
            results[key] = (
                fused,
                {
                    "top1": float(np.mean(rank == 1)),
                    "top5": float(np.mean(rank <= 5)),
                    "mrr": float(np.mean(1.0 / rank)),
                },
            )
    # Best MRR; among equals, the most dense weight and the smallest bonus (the simplest).
    chars, weight, bonus = max(results, key=lambda k: (round(results[k][1]["mrr"], 3), k[1], -k[2]))
    fused, report = results[(chars, weight, bonus)]
    temperatures = np.exp(np.linspace(np.log(0.05), np.log(5.0), 60))
    losses = [
        -np.mean(np.log(softmax(fused, t)[np.arange(len(wanted)), wanted] + 1e-12))
        for t in temperatures
    ]
    return {
        "dense_weight": weight,
        "language_bonus": bonus,
        "text_chars": int(chars),
        "temperature": float(temperatures[int(np.argmin(losses))]),
        "train_report": {
            **{k: round(v, 4) for k, v in report.items()},
            "mrr_by_setting": {
                ":".join(map(str, k)): round(r[1]["mrr"], 4) for k, r in results.items()
            },
        },
    }
