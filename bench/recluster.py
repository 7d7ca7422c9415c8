"""Full re-clustering time from stored embeddings, on synthetic posts (target: <= 60 s at 100k).

    .venv/bin/python bench/recluster.py --posts 100000

Stored embeddings are stood in for by synthetic unit vectors shaped like e5's space: every
vector shares a common direction (e5 gives ~0.77 to unrelated texts), posts about one pain
point lie around their cluster's centre (~0.93 to each other), cluster sizes follow a Zipf law
and 10% of posts are about nothing else. Uses the configured clusterer (CLUSTERING_PIPELINE),
prints a table, then one JSON line with the same figures.
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


def synthetic_posts(n, dim=384, clusters=None, seed=0, background=0.83, spread=0.93):
    """(vectors, true labels): centres ~`background` apart, members ~`spread` to each other."""
    rng = np.random.default_rng(seed)
    clusters = clusters or max(2, n // 50)
    alone = n // 10
    sizes = 1.0 / np.arange(1, clusters + 1) ** 0.8
    sizes = np.maximum(1, np.floor(sizes / sizes.sum() * (n - alone))).astype(int)
    sizes[0] += n - alone - sizes.sum()
    labels = np.concatenate([np.repeat(np.arange(clusters), sizes), clusters + np.arange(alone)])

    def unit(matrix):
        return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)

    common = unit(rng.normal(size=(1, dim)))
    centres = unit(
        np.sqrt(background) * common
        + np.sqrt(1 - background) * unit(rng.normal(size=(clusters + alone, dim)))
    )
    noise = unit(rng.normal(size=(n, dim)))
    vectors = unit(np.sqrt(spread) * centres[labels] + np.sqrt(1 - spread) * noise)
    order = rng.permutation(n)  # posts arrive in no particular order
    return vectors[order].astype(np.float32), labels[order]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--dim", type=int, default=384)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    import django

    django.setup()
    from sklearn.metrics import adjusted_rand_score, v_measure_score

    from clustering import backends

    started = time.perf_counter()
    vectors, truth = synthetic_posts(args.posts, args.dim, seed=args.seed)
    generate_seconds = time.perf_counter() - started
    clusterer = backends.build("CLUSTERER")
    started = time.perf_counter()
    labels = clusterer.fit_predict(vectors)
    seconds = time.perf_counter() - started
    result = {
        "posts": args.posts,
        "dim": args.dim,
        "clusterer": type(clusterer).__name__,
        "threshold": round(float(getattr(clusterer, "threshold", float("nan"))), 4),
        "seconds": round(seconds, 2),
        "target_seconds": 60,
        "within_target": seconds <= 60,
        "clusters": int(len(np.unique(labels))),
        "true_clusters": int(len(np.unique(truth))),
        "v_measure": round(float(v_measure_score(truth, labels)), 4),
        "ari": round(float(adjusted_rand_score(truth, labels)), 4),
        "generate_seconds": round(generate_seconds, 2),
    }
    print(f"{'posts':>10} {'seconds':>9} {'target':>7} {'clusters':>9} {'true':>7} {'v_meas':>7}")
    print(
        f"{result['posts']:>10} {result['seconds']:>9.2f} {60:>7} {result['clusters']:>9} "
        f"{result['true_clusters']:>7} {result['v_measure']:>7.3f}"
    )
    print(f"time / target = {seconds / 60:.2f}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
