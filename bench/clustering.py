"""Our clusterer vs BERTopic's default pipeline (UMAP + HDBSCAN) on the SAME embeddings.

    .venv/bin/python bench/clustering.py --input ../shared/data/eval/clustering/sib200-eng-dev.jsonl

Items are {"text", "label"} lines. Texts are embedded once with the configured embedder (kept in
an on-disk cache, --cache), then both pipelines cluster those vectors without being told the
number of labels. BERTopic is timed for its whole fit_transform (UMAP, HDBSCAN and its c-TF-IDF
topic words: our pipeline labels clusters too, see clustering/services); its UMAP + HDBSCAN part
alone is reported as well. BERTopic runs once untimed first, so it is not charged for Numba's
one-off compilation. Prints a table, then one JSON line with the same figures.
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


def bertopic_default(texts, vectors, seed):
    """BERTopic() as shipped, given our embeddings; UMAP seeded so that runs repeat."""
    from bertopic import BERTopic
    from umap import UMAP

    # BERTopic's default UMAP, plus a seed (BERTopic's docs do the same for reproducibility).
    umap = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=seed)
    model = BERTopic(embedding_model=None, umap_model=umap)
    started = time.perf_counter()
    topics, _ = model.fit_transform(texts, embeddings=vectors)
    total = time.perf_counter() - started
    started = time.perf_counter()
    reduced = UMAP(
        n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=seed
    ).fit_transform(vectors)
    model.hdbscan_model.fit(reduced)
    core = time.perf_counter() - started
    return np.asarray(topics), total, core


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", required=True, help='JSON Lines of {"text","label"}')
    parser.add_argument("--cache", default=None, help="embedding cache folder (default: /tmp)")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    import django

    django.setup()
    from clustering import backends, evaluation
    from clustering.embedders.cache import CachedEmbedder

    try:
        items = evaluation.load_items(args.input)
    except evaluation.InputError as error:
        parser.error(str(error))
    texts = [item["text"] for item in items]
    gold = [str(item["label"]) for item in items]
    embedder = backends.build("EMBEDDER")
    embedder = CachedEmbedder(embedder, args.cache) if args.cache else CachedEmbedder(embedder)
    started = time.perf_counter()
    vectors = embedder.encode_queries(texts)
    embed_seconds = time.perf_counter() - started

    clusterer = backends.build("CLUSTERER")
    started = time.perf_counter()
    ours = clusterer.fit_predict(vectors)
    ours_seconds = time.perf_counter() - started
    # An untimed first run compiles Numba code (UMAP, pynndescent: other code paths above 4,096
    # rows), so the timed run measures BERTopic's work, not its one-off compilation.
    bertopic_default(texts, vectors, args.seed)
    theirs, bertopic_seconds, core_seconds = bertopic_default(texts, vectors, args.seed)

    ours_report = evaluation.clustering_report(gold, ours)
    theirs_report = evaluation.clustering_report(gold, theirs)
    result = {
        "input": args.input,
        "n": len(items),
        "labels": len(set(gold)),
        "embedder": embedder.name,
        "embed_seconds": round(embed_seconds, 2),
        "ours_seconds": round(ours_seconds, 3),
        "ours_v_measure": ours_report["v_measure"],
        "ours_ari": ours_report["ari"],
        "ours_clusters": ours_report["clusters"],
        "bertopic_seconds": round(bertopic_seconds, 3),
        "bertopic_umap_hdbscan_seconds": round(core_seconds, 3),
        "bertopic_v_measure": theirs_report["v_measure"],
        "bertopic_ari": theirs_report["ari"],
        "bertopic_clusters": theirs_report["clusters"],
        "bertopic_outliers": int((theirs == -1).sum()),
        "speedup": round(bertopic_seconds / max(ours_seconds, 1e-6), 1),
    }
    print(f"{'pipeline':<22} {'seconds':>9} {'v_measure':>10} {'ari':>7} {'clusters':>9}")
    for name, prefix in (("ours (agglomerative)", "ours"), ("BERTopic default", "bertopic")):
        print(
            f"{name:<22} {result[prefix + '_seconds']:>9.3f} {result[prefix + '_v_measure']:>10.3f}"
            f" {result[prefix + '_ari']:>7.3f} {result[prefix + '_clusters']:>9}"
        )
    print(
        f"speedup {result['speedup']}x; BERTopic UMAP+HDBSCAN alone "
        f"{result['bertopic_umap_hdbscan_seconds']:.3f} s; {result['labels']} true labels"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
