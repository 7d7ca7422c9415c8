"""Measure the pipeline's stages on labelled JSON Lines files (`manage.py evaluate`, benchmarks).

Input formats (one JSON object a line; blank lines are skipped):
- duplicate pairs: {"a", "b", "score"} with score 0-5 (>= 4 is a duplicate) or {"a", "b",
  "duplicate": true|false};
- clustering items: {"text", "label"};
- mapping: catalogue {"id", "title", "text"?, "path"?, "theme"?}, queries {"text", "procedure_id"}.
Every stage decides with its own configured parameters: nothing here is tuned on the input.
"""

import json
import math

import numpy as np
from scipy.stats import spearmanr
from sklearn import metrics

DUPLICATE_MIN_SCORE = 4.0


class InputError(ValueError):
    """A bad evaluation file; the message names the file and line."""


def read_jsonl(path, check):
    """Parsed rows of `path`; `check(row)` returns an error message or None for each row."""
    rows = []
    try:
        handle = open(path, encoding="utf-8")  # noqa: SIM115 - closed below, errors mapped
    except OSError as error:
        raise InputError(f"{path}: cannot read the file ({error.strerror or error})") from error
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as error:
                    raise InputError(f"{path}, line {number}: invalid JSON ({error.msg})") from None
                problem = "must be a JSON object" if not isinstance(row, dict) else check(row)
                if problem:
                    raise InputError(f"{path}, line {number}: {problem}")
                rows.append(row)
        except UnicodeDecodeError as error:
            raise InputError(f"{path}: not UTF-8 text ({error.reason})") from None
    if not rows:
        raise InputError(f"{path}: no rows")
    return rows


def _text_fields(row, *names):
    for name in names:
        if not isinstance(row.get(name), str) or not row[name].strip():
            return f'"{name}" must be a non-empty string'
    return None


def _check_pair(row):
    problem = _text_fields(row, "a", "b")
    if problem:
        return problem
    if "score" in row:
        score = row["score"]
        if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 5:
            return '"score" must be a number from 0 to 5'
    elif not isinstance(row.get("duplicate"), bool):
        return 'needs "score" (0-5) or "duplicate" (true/false)'
    return None


def _check_item(row):
    problem = _text_fields(row, "text")
    if problem:
        return problem
    if not isinstance(row.get("label"), str | int) or isinstance(row.get("label"), bool):
        return '"label" must be a string or an integer'
    return None


def _check_entry(row):
    if not isinstance(row.get("id"), str | int) or isinstance(row.get("id"), bool):
        return '"id" must be a string or an integer'
    problem = _text_fields(row, "title")
    if problem:
        return problem
    for name in ("text", "path", "theme"):
        if name in row and not isinstance(row[name], str | list | type(None)):
            return f'"{name}" must be a string'
    return None


def _check_query(row):
    problem = _text_fields(row, "text")
    if problem:
        return problem
    if not isinstance(row.get("procedure_id"), str | int) or isinstance(row["procedure_id"], bool):
        return '"procedure_id" must be a string or an integer'
    return None


def load_pairs(path):
    return read_jsonl(path, _check_pair)


def load_items(path):
    return read_jsonl(path, _check_item)


def load_catalogue(path):
    entries = read_jsonl(path, _check_entry)
    seen = set()
    for entry in entries:
        if str(entry["id"]) in seen:
            raise InputError(f"{path}: duplicate id {entry['id']!r}")
        seen.add(str(entry["id"]))
    return entries


def load_queries(path, catalogue_ids=None):
    queries = read_jsonl(path, _check_query)
    if catalogue_ids is not None:
        missing = sum(str(q["procedure_id"]) not in catalogue_ids for q in queries)
        if missing == len(queries):
            raise InputError(f"{path}: no procedure_id is in the catalogue")
    return queries


def _round(value):
    return (
        None
        if value is None or (isinstance(value, float) and math.isnan(value))
        else round(float(value), 4)
    )


def duplicate_report(pairs, probabilities, threshold):
    """Precision/recall/F1 of `probabilities >= threshold`; Spearman when grades are given."""
    gold = np.array(
        [p["score"] >= DUPLICATE_MIN_SCORE if "score" in p else p["duplicate"] for p in pairs]
    )
    predicted = np.asarray(probabilities) >= threshold
    precision, recall, f1, _ = metrics.precision_recall_fscore_support(
        gold, predicted, average="binary", zero_division=0
    )
    report = {
        "precision": _round(precision),
        "recall": _round(recall),
        "f1": _round(f1),
        "accuracy": _round(metrics.accuracy_score(gold, predicted)),
        "positives": int(gold.sum()),
        "predicted_positives": int(predicted.sum()),
        "threshold": _round(threshold),
    }
    graded = [i for i, p in enumerate(pairs) if "score" in p]
    if len(graded) >= 2:
        scores = [pairs[i]["score"] for i in graded]
        report["spearman"] = _round(spearmanr(scores, np.asarray(probabilities)[graded])[0])
    return report


def clustering_report(labels, predicted):
    return {
        "v_measure": _round(metrics.v_measure_score(labels, predicted)),
        "ari": _round(metrics.adjusted_rand_score(labels, predicted)),
        "nmi": _round(metrics.normalized_mutual_info_score(labels, predicted)),
        "clusters": int(len(set(np.asarray(predicted).tolist()))),
        "labels": int(len(set(labels))),
    }


def mapping_report(queries, rankings):
    """Top-1/top-5 hit rates and mean reciprocal rank of each query's procedure_id."""
    top1 = top5 = reciprocal = 0.0
    for query, ranking in zip(queries, rankings, strict=True):
        ids = [str(entry_id) for entry_id, _ in ranking]
        wanted = str(query["procedure_id"])
        if wanted in ids:
            rank = ids.index(wanted) + 1
            top1 += rank == 1
            top5 += rank <= 5
            reciprocal += 1 / rank
    n = len(queries)
    return {"top1": _round(top1 / n), "top5": _round(top5 / n), "mrr": _round(reciprocal / n)}


def encode_in_chunks(encode, texts, progress=None, chunk=256):
    """`encode` over `texts` in chunks, calling `progress(done, total)` after each one."""
    parts = []
    for start in range(0, len(texts), chunk):
        parts.append(np.asarray(encode(texts[start : start + chunk]), dtype=np.float32))
        if progress:
            progress(min(start + chunk, len(texts)), len(texts))
    if not parts:
        return np.zeros((0, 0), dtype=np.float32)
    return np.concatenate(parts)


def _by_language(rows, report):
    """`report(subset_indices)` for each value of the rows' optional "language" field."""
    languages = sorted({str(r["language"]) for r in rows if r.get("language")})
    if len(languages) < 2:
        return None
    return {
        lang: report([i for i, r in enumerate(rows) if str(r.get("language")) == lang])
        for lang in languages
    }


def run_duplicates(pairs, embedder, scorer, progress=None):
    a = [p["a"] for p in pairs]
    b = [p["b"] for p in pairs]
    vectors = encode_in_chunks(embedder.encode_queries, a + b, progress)
    probabilities = np.asarray(scorer.score(a, b, vectors[: len(a)], vectors[len(a) :]))
    report = duplicate_report(pairs, probabilities, scorer.threshold)
    by_language = _by_language(
        pairs,
        lambda idx: duplicate_report([pairs[i] for i in idx], probabilities[idx], scorer.threshold),
    )
    report["calibrated"] = bool(getattr(scorer, "calibrated", True))
    return {**report, "by_language": by_language} if by_language else report


def run_clustering(items, embedder, clusterer, progress=None):
    vectors = encode_in_chunks(embedder.encode_queries, [i["text"] for i in items], progress)
    predicted = np.asarray(clusterer.fit_predict(vectors))
    gold = [str(i["label"]) for i in items]
    report = clustering_report(gold, predicted)
    report["threshold"] = _round(getattr(clusterer, "threshold", None))
    return report


def run_mapping(entries, queries, embedder, matcher, progress=None, k=100):
    """Top-k hit rates; MRR over the top `k` (a procedure ranked lower counts as a miss)."""
    document = getattr(matcher, "documents", None)
    if document is not None:  # encode the catalogue here, with progress
        vectors = encode_in_chunks(embedder.encode_passages, document(entries), progress)
        matcher.fit(entries, passage_vectors=vectors)
    else:
        matcher.fit(entries)
    texts = [q["text"] for q in queries]
    query_vectors = encode_in_chunks(embedder.encode_queries, texts, progress)
    rankings = matcher.rank(texts, k=k, query_vectors=query_vectors)
    report = mapping_report(queries, rankings)
    report["mean_top1_confidence"] = _round(np.mean([r[0][1] for r in rankings if r] or [0.0]))
    by_language = _by_language(
        queries, lambda idx: mapping_report([queries[i] for i in idx], [rankings[i] for i in idx])
    )
    return {**report, "by_language": by_language} if by_language else report
