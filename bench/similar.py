"""Duplicate-suggestion latency: the similar-posts path of /posts/similar.json without the
database (embed the query, search the in-memory index, score the candidates) over N posts,
next to a lexical baseline (character TF-IDF query over the same N texts).

    .venv/bin/python bench/similar.py --posts 100000 [--queries 100] [--base 3000]

Posts: real texts (SIB-200 English and German sentences, Banking77 questions) embedded once
(cached on disk), then repeated with a little noise up to N vectors, so that the index is as big
as N posts and neighbours are realistic. Queries: French and Luxembourgish translations of
sentences that are in the index (cross-lingual duplicates) and unseen Banking77 questions.
The model is warm; each query is encoded alone, as in the endpoint. Target: p95 <= 20 ms at
100k posts. Prints a table, then one JSON object with the same figures as the last line.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
# Idle OpenMP threads of the model must sleep, not spin: spinning threads fight numpy's for the
# cores, which made single-query encoding ~30x slower here (1.6 s instead of 50 ms on 2 cores).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "eval" / "clustering"
TARGET_P95_MS = 20.0


def read(name):
    with open(DATA / name, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def texts_and_queries(base_size, queries, rng):
    """Index texts (SIB-200 eng+deu, Banking77) and queries (fra/ltz translations of indexed
    SIB-200 sentences, half; unseen Banking77 questions, half)."""
    sib = {lang: read(f"sib200-{lang}-train.jsonl") for lang in ("eng", "deu", "fra", "ltz")}
    banking = [row["text"] for row in read("banking77-train.jsonl")]
    rng.shuffle(banking)
    indexed = [r["text"] for r in sib["eng"] + sib["deu"]]
    indexed += banking[: max(0, base_size - len(indexed))]
    indexed = indexed[:base_size]
    in_index = {r["sentence_id"] for r in sib["eng"][: base_size // 2]}
    translations = [r["text"] for lang in ("fra", "ltz") for r in sib[lang]]
    translations = [
        t
        for t, r in zip(translations, sib["fra"] + sib["ltz"], strict=True)
        if r["sentence_id"] in in_index
    ]
    rng.shuffle(translations)
    unseen = banking[base_size : base_size + queries]
    half = queries // 2
    return indexed, translations[:half] + unseen[: queries - half]


def percentiles(values):
    values = np.asarray(values) * 1000
    return float(np.percentile(values, 50)), float(np.percentile(values, 95))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--base", type=int, default=3000, help="real texts embedded")
    parser.add_argument("--noise", type=float, default=0.02, help="per-dimension noise")
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    import django

    django.setup()
    from clustering import backends
    from clustering.embedders.base import Embedder
    from clustering.embedders.cache import CachedEmbedder
    from clustering.services.similar import OVERFETCH, duplicate_flags, min_score, search_index

    rng = np.random.default_rng(args.seed)
    base, queries = texts_and_queries(args.base, args.queries, rng)
    embedder = backends.get("EMBEDDER")
    started = time.perf_counter()
    base_vectors = CachedEmbedder(embedder).encode_queries(base)
    embed_seconds = time.perf_counter() - started

    rows = np.arange(args.posts) % len(base)
    vectors = base_vectors[rows] + rng.normal(0, args.noise, (args.posts, base_vectors.shape[1]))
    vectors = Embedder.normalise(vectors)
    texts = [base[r] for r in rows]
    index = backends.build("INDEX")
    for start in range(0, args.posts, 20_000):
        end = min(start + 20_000, args.posts)
        meta = [{"campaign": None, "visibility": "public"}] * (end - start)
        index.add(list(range(start, end)), vectors[start:end], meta)

    threshold = min_score()
    fetch = args.k * OVERFETCH
    for text in ["warm up the model", queries[0], queries[-1]]:  # model, index and scorer warm
        vector = embedder.encode_queries([text])[0]
        hits = search_index(index, vector, fetch, threshold)[: args.k]
        duplicate_flags(
            text,
            vector,
            [texts[i] for i, _ in hits],
            vectors[[i for i, _ in hits]],
            [s for _, s in hits],
        )

    timings = {"embed": [], "search": [], "score": [], "total": []}
    candidates, duplicates = 0, 0
    for text in queries:
        t0 = time.perf_counter()
        vector = embedder.encode_queries([text])[0]
        t1 = time.perf_counter()
        hits = search_index(index, vector, fetch, threshold)[: args.k]
        t2 = time.perf_counter()
        flags = []
        if hits:
            ids = [i for i, _ in hits]
            flags = duplicate_flags(
                text, vector, [texts[i] for i in ids], vectors[ids], [s for _, s in hits]
            )
        t3 = time.perf_counter()
        for key, value in (("embed", t1 - t0), ("search", t2 - t1), ("score", t3 - t2)):
            timings[key].append(value)
        timings["total"].append(t3 - t0)
        candidates += len(hits)
        duplicates += sum(flags)

    lexical = backends.build("LEXICAL")
    started = time.perf_counter()
    matrix = lexical.fit_transform(texts)
    lexical_fit = time.perf_counter() - started
    lexical_times = []
    for text in queries:
        t0 = time.perf_counter()
        scores = lexical.similarity([text], matrix)[0]
        top = np.argpartition(-scores, args.k)[: args.k]
        top[np.argsort(-scores[top])]
        lexical_times.append(time.perf_counter() - t0)

    ours = {key: percentiles(values) for key, values in timings.items()}
    lex50, lex95 = percentiles(lexical_times)
    result = {
        "posts": args.posts,
        "queries": len(queries),
        "embedder": embedder.name,
        "ours_p50_ms": round(ours["total"][0], 2),
        "ours_p95_ms": round(ours["total"][1], 2),
        "embed_p50_ms": round(ours["embed"][0], 2),
        "embed_p95_ms": round(ours["embed"][1], 2),
        "search_p50_ms": round(ours["search"][0], 2),
        "search_p95_ms": round(ours["search"][1], 2),
        "score_p50_ms": round(ours["score"][0], 2),
        "score_p95_ms": round(ours["score"][1], 2),
        "lexical_p50_ms": round(lex50, 2),
        "lexical_p95_ms": round(lex95, 2),
        "p95_ratio_ours_to_lexical": round(ours["total"][1] / max(lex95, 1e-9), 3),
        "target_p95_ms": TARGET_P95_MS,
        "meets_target": ours["total"][1] <= TARGET_P95_MS,
        "min_score": round(threshold, 4),
        "mean_candidates": round(candidates / len(queries), 2),
        "likely_duplicates": duplicates,
        "base_embed_seconds": round(embed_seconds, 1),
        "lexical_fit_seconds": round(lexical_fit, 1),
        "cpu_load_1min": round(os.getloadavg()[0], 2),
    }
    print(f"Similar posts over {args.posts:,} posts, {len(queries)} queries, {embedder.name}")
    print(f"{'step':<28}{'p50 ms':>10}{'p95 ms':>10}")
    for key, label in (
        ("embed", "embed query"),
        ("search", "index search"),
        ("score", "duplicate scorer"),
        ("total", "ours: total"),
    ):
        print(f"{label:<28}{ours[key][0]:>10.2f}{ours[key][1]:>10.2f}")
    print(f"{'lexical baseline (char TF-IDF)':<28}{lex50:>10.2f}{lex95:>10.2f}")
    print(
        f"p95 ours / lexical: {result['p95_ratio_ours_to_lexical']}; target p95 <= "
        f"{TARGET_P95_MS} ms: {'met' if result['meets_target'] else 'NOT met'} "
        f"(load average {result['cpu_load_1min']} on {os.cpu_count()} cores)"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
