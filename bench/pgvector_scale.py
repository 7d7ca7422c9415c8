"""NLP benchmarks on PostgreSQL + pgvector at 100k posts (issue 8).

1. Similar-post search: the pgvector HNSW index (PgvectorIndex, what production uses) against
   exact numpy search (NumpyIndex) over the SAME vectors, in the same process: latency per query
   and recall@k of HNSW (share of the exact top k it finds), without and with a campaign filter
   that 10% of the posts pass. Vectors: real texts embedded with the configured multilingual
   model, repeated with a little noise up to N (as bench/similar.py does); queries: French and
   Luxembourgish translations of indexed sentences and unseen questions, embedded once.
2. Re-clustering: clustering.services.clusters.recluster() on N posts whose embeddings are stored
   in PostgreSQL (load, cluster, describe, swap in one transaction) against the clusterer alone
   on the same matrix (the ratio is what the database part costs). Embeddings are synthetic, as in
   bench/recluster.py (clusters of known membership, so the V-measure is known too).

    createdb -h 127.0.0.1 -p 55432 -U postgres simplify_nlp
    export DJANGO_SETTINGS_MODULE=config.settings.bench_nlp
    export DATABASE_URL=postgres://postgres@127.0.0.1:55432/simplify_nlp
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/pgvector_scale.py --posts 100000

Posts for part 2 come from `generate_posts` (added when fewer than N exist). Prints tables, then
one JSON line with the same figures.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench_nlp")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # see bench/similar.py

NAMESPACE = "bench-scale"


def ms(values):
    values = np.asarray(values) * 1000
    return [round(float(np.percentile(values, q)), 2) for q in (50, 95, 99)]


def search_vectors(n, base_size, queries, seed, noise=0.02):
    from similar import texts_and_queries

    from clustering import backends
    from clustering.embedders.base import Embedder
    from clustering.embedders.cache import CachedEmbedder

    rng = np.random.default_rng(seed)
    base, query_texts = texts_and_queries(base_size, queries, rng)
    embedder = CachedEmbedder(backends.get("EMBEDDER"))
    base_vectors = embedder.encode_queries(base)
    rows = np.arange(n) % len(base)
    vectors = Embedder.normalise(
        base_vectors[rows] + rng.normal(0, noise, (n, base_vectors.shape[1]))
    ).astype(np.float32)
    return vectors, embedder.encode_queries(query_texts)


def compare_search(vectors, queries, k):
    from django.db import connection

    from clustering.index.numpy_index import NumpyIndex
    from clustering.index.pgvector_index import PgvectorIndex

    # exact_below=0: always the HNSW index, as on any site past 20,000 posts.
    hnsw = PgvectorIndex(namespace=NAMESPACE, exact_below=0)
    exact = NumpyIndex()
    # The same seed gives the same vectors: a table already holding exactly them (a previous
    # run) is kept, since inserting 100k rows into HNSW takes minutes (add() skips unchanged
    # rows by digest, but still sends them to compare).
    kept = len(hnsw) == len(vectors)
    if not kept:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM clustering_vector_index WHERE namespace = %s", [NAMESPACE])
    started = time.perf_counter()
    for start in range(0, len(vectors), 5000):
        ids = list(range(start, min(start + 5000, len(vectors))))
        meta = [{"campaign": 1 if i % 10 == 0 else None, "visibility": "public"} for i in ids]
        if not kept:
            hnsw.add(ids, vectors[ids], meta)
        exact.add(ids, vectors[ids], meta)
    insert_seconds = None if kept else time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE clustering_vector_index")
    rows = {}
    for label, filters in (("no filter", None), ("campaign filter (10%)", {"campaign": 1})):
        for vector in queries[:3]:  # warm both
            hnsw.search(vector, k, filters)
            exact.search(vector, k, filters)
        times = {"pgvector HNSW": [], "numpy exact": []}
        recalls = []
        for vector in queries:
            t0 = time.perf_counter()
            approx = hnsw.search(vector, k, filters)
            t1 = time.perf_counter()
            truth = exact.search(vector, k, filters)
            t2 = time.perf_counter()
            times["pgvector HNSW"].append(t1 - t0)
            times["numpy exact"].append(t2 - t1)
            wanted = {i for i, _ in truth}
            recalls.append(len(wanted & {i for i, _ in approx}) / max(1, len(wanted)))
        rows[label] = {
            "recall_at_k": round(float(np.mean(recalls)), 4),
            "min_recall": round(float(np.min(recalls)), 2),
            **{name: ms(values) for name, values in times.items()},
        }
    return insert_seconds, rows


def ensure_posts(n):
    from django.conf import settings
    from django.core.management import call_command

    from ideas.models import Post
    from procedures.models import Procedure

    if not Procedure.objects.exists():
        call_command(
            "import_procedures", str(settings.SHARED_DATA_DIR / "guichet/procedures.jsonl")
        )
    missing = n - Post.objects.count()
    if missing > 0:
        call_command("generate_posts", count=missing, verbosity=0)
    return list(Post.objects.order_by("pk").values_list("pk", flat=True)[:n])


def compare_recluster(n, seed):
    from recluster import synthetic_posts
    from sklearn.metrics import v_measure_score

    from clustering import backends
    from clustering.models import Cluster, ClusterMembership, PostEmbedding, to_bytes
    from clustering.services.clusters import recluster

    post_ids = ensure_posts(n)
    vectors, truth = synthetic_posts(len(post_ids), 384, seed=seed)
    model = backends.get("EMBEDDER").name
    ClusterMembership.objects.all().delete()
    Cluster.objects.all().delete()
    PostEmbedding.objects.all().delete()
    for start in range(0, len(post_ids), 5000):
        PostEmbedding.objects.bulk_create(
            PostEmbedding(
                post_id=pk, vector=to_bytes(vectors[i]), model_name=model, dim=384, text_hash=""
            )
            for i, pk in enumerate(post_ids[start : start + 5000], start)
        )
    runs = []
    for _run in range(2):  # the second run reuses the first one's cluster ids (updates)
        stages, last = {}, [time.perf_counter()]

        def progress(stage, done, total, stages=stages, last=last):
            now, key = time.perf_counter(), stage if total == 1 else f"{stage} {done}/{total}"
            stages[key] = stages.get(key, 0.0) + now - last[0]
            last[0] = now

        started = time.perf_counter()
        summary = recluster(progress)
        runs.append((time.perf_counter() - started, stages, summary))
    (full_seconds, stages, first), (again_seconds, again_stages, second) = runs
    started = time.perf_counter()
    backends.build("CLUSTERER").fit_predict(vectors)
    alone_seconds = time.perf_counter() - started
    label_of = dict(ClusterMembership.objects.values_list("post_id", "cluster_id"))
    predicted = [label_of.get(pk, -1) for pk in post_ids]
    return {
        "posts": len(post_ids),
        "recluster_seconds": round(full_seconds, 2),
        "stages": {k: round(v, 2) for k, v in stages.items()},
        "second_run_seconds": round(again_seconds, 2),
        "second_run_stages": {k: round(v, 2) for k, v in again_stages.items()},
        "second_run_reused_ids": second.get("reused_ids"),
        "clusterer_alone_seconds": round(alone_seconds, 2),
        "ratio_full_to_clusterer": round(full_seconds / max(alone_seconds, 1e-9), 2),
        "clusters": first.get("clusters", len(set(predicted))),
        "v_measure": round(float(v_measure_score(truth, predicted)), 4),
        "target_seconds": 60,
    }


def search_part(args):
    vectors, queries = search_vectors(args.posts, args.base, args.queries, args.seed)
    insert_seconds, search = compare_search(vectors, queries, args.k)
    print(f"Similar-post search over {args.posts:,} vectors, {len(queries)} queries, k={args.k}")
    print(f"{'filter':<24}{'index':<16}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'recall':>9}")
    for label, row in search.items():
        for name in ("pgvector HNSW", "numpy exact"):
            recall = f"{row['recall_at_k']:>9.3f}" if name.startswith("pgvector") else ""
            print(f"{label:<24}{name:<16}" + "".join(f"{v:>9.2f}" for v in row[name]) + recall)
    if insert_seconds is None:
        print("(vectors of a previous run with the same seed kept in the table)")
    else:
        print(f"(insert + HNSW upkeep of {args.posts:,} vectors: {insert_seconds:.1f} s)")
        insert_seconds = round(insert_seconds, 1)
    return {"insert_seconds": insert_seconds, "search": search}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--base", type=int, default=3000, help="real texts embedded")
    parser.add_argument("--k", type=int, default=20, help="5 shown x over-fetch 4 (similar.py)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-recluster", action="store_true")
    parser.add_argument("--skip-search", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from clustering.index.pgvector_index import is_available

    if not is_available():
        sys.exit(f"Needs PostgreSQL with pgvector and migrations applied ({connection.vendor}).")
    result = {"posts": args.posts}
    if not args.skip_search:
        result.update(search_part(args))
    if not args.skip_recluster:
        result["recluster"] = rc = compare_recluster(args.posts, args.seed)
        print(f"\nRe-clustering {rc['posts']:,} posts stored in PostgreSQL")
        print(f"{'run':<34}{'seconds':>9}")
        print(f"{'recluster() (load+cluster+swap)':<34}{rc['recluster_seconds']:>9.2f}")
        for stage, seconds in rc["stages"].items():
            print(f"{'  ' + stage:<34}{seconds:>9.2f}")
        print(f"{'recluster() again (ids reused)':<34}{rc['second_run_seconds']:>9.2f}")
        for stage, seconds in rc["second_run_stages"].items():
            print(f"{'  ' + stage:<34}{seconds:>9.2f}")
        print(f"{'clusterer alone, same matrix':<34}{rc['clusterer_alone_seconds']:>9.2f}")
        print(
            f"ratio full / clusterer = {rc['ratio_full_to_clusterer']}; target <= 60 s: "
            f"{'met' if rc['recluster_seconds'] <= 60 else 'NOT met'}; "
            f"V-measure {rc['v_measure']}"
        )
    result["cpu_load_1min"] = round(os.getloadavg()[0], 2)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
