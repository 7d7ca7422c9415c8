"""Free-text survey answers grouped by meaning with the platform's NLP pipeline (the same
embedder, clusterer and c-TF-IDF keywords as posts: clustering/), for the survey's owner.

Computed on demand (the owner's "group similar answers" link) and not stored: answers are few
per survey and the embedder is kept loaded per process (clustering.backends)."""

from collections import defaultdict

import numpy as np

from clustering import backends
from clustering.services.labels import ctfidf_keywords

MAX_TEXTS = 2000


def group_texts(texts):
    """[{"keywords": [...], "texts": [...]}, ...], the biggest group first."""
    texts = [t for t in texts if t.strip()][:MAX_TEXTS]
    if not texts:
        return []
    if len(texts) == 1:
        labels = np.zeros(1, dtype=np.int64)
    else:
        vectors = backends.get("EMBEDDER").encode_queries(texts)
        labels = np.asarray(backends.get("CLUSTERER").fit_predict(np.asarray(vectors)))
    groups = defaultdict(list)
    for index, (text, label) in enumerate(zip(texts, labels, strict=True)):
        # A text the algorithm leaves alone (-1) is a group of its own.
        groups[int(label) if label >= 0 else f"alone-{index}"].append(text)
    members = sorted(groups.values(), key=len, reverse=True)
    keywords = ctfidf_keywords([" ".join(group) for group in members])
    return [
        {"keywords": words, "texts": group} for words, group in zip(keywords, members, strict=True)
    ]
