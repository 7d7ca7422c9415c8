"""Average-linkage agglomerative clustering on cosine similarity, stopped by a threshold.

Why this algorithm (measured, see docs/nlp.md): it needs no number of clusters, leaves an
unrelated post alone instead of forcing it into a group, is deterministic, and its one parameter
has a plain meaning: two groups merge while the mean cosine similarity between their members is
at least `threshold`. With unit vectors that mean is the dot product of the groups' (unnormalised)
mean vectors, so a group is fully described by its mean and its size. That gives:

- an exact small case: every vector starts as its own group;
- a scalable large case: vectors are first over-segmented into many small groups (a few rounds of
  spherical k-means seeded by a fixed sample), which are then merged by the same exact rule;
- `assign` with the same rule: a new vector joins the group whose mean it matches best when
  vector . mean >= threshold, i.e. when its average similarity to the members reaches it.
"""

import numpy as np
from scipy import sparse

from clustering import calibration

from .base import Clusterer

# Used when the embedder has no calibration file; fits well-spread models (cosines in -1..1).
GENERIC_THRESHOLD = 0.5


def merge_groups(means, sizes, threshold, linkage="average"):
    """Greedy agglomeration of groups (rows of `means`, unnormalised) while similarity >= threshold.

    Returns a group label per row (0..k-1, in order of first row). Average linkage keeps the
    size-weighted mean similarity (UPGMA, via the Lance-Williams update); complete linkage the
    minimum, single linkage the maximum.
    """
    m = len(means)
    if m == 0:
        return np.zeros(0, dtype=np.int64)
    sizes = np.asarray(sizes, dtype=np.float32).copy()  # float32 throughout: no conversions
    sim = np.asarray(means, dtype=np.float32) @ np.asarray(means, dtype=np.float32).T
    np.fill_diagonal(sim, -np.inf)
    owner = np.arange(m)  # row of `means` -> its group's position in `sim`
    active = np.ones(m, dtype=bool)
    best = np.argmax(sim, axis=1)
    best_sim = sim[np.arange(m), best]
    while True:
        i = int(np.argmax(best_sim))
        if not best_sim[i] >= threshold:
            break
        j = int(best[i])
        if linkage == "average":
            row = (sizes[i] * sim[i] + sizes[j] * sim[j]) / (sizes[i] + sizes[j])
        elif linkage == "complete":
            row = np.minimum(sim[i], sim[j])
        elif linkage == "single":
            row = np.maximum(sim[i], sim[j])
        else:
            raise ValueError(f"unknown linkage {linkage!r}")
        row[i] = row[j] = -np.inf
        sim[i, :] = row
        sim[:, i] = row
        sim[j, :] = -np.inf
        sim[:, j] = -np.inf
        sizes[i] += sizes[j]
        owner[owner == j] = i
        active[j] = False
        best_sim[j] = -np.inf
        # Rows that pointed at i or j may now have a different best partner.
        stale = np.flatnonzero(((best == i) | (best == j)) & active)
        for k in stale:
            best[k] = int(np.argmax(sim[k]))
            best_sim[k] = sim[k, best[k]]
        closer = row > best_sim
        best[closer] = i
        best_sim[closer] = row[closer]
        if len(sim) > 512 and 2 * active.sum() < len(sim):
            # Drop merged-away rows and columns: column writes cost one cache miss per row.
            keep = np.flatnonzero(active)
            position = np.full(len(sim), -1)
            position[keep] = np.arange(len(keep))
            sim = np.ascontiguousarray(sim[np.ix_(keep, keep)])
            sizes, best_sim = sizes[keep], best_sim[keep]
            best, owner = position[best[keep]], position[owner]
            active = np.ones(len(keep), dtype=bool)
    _, labels = np.unique(owner, return_inverse=True)
    return _in_order_of_appearance(labels)


def _in_order_of_appearance(labels):
    """Renumber so that label 0 is the group of row 0, etc.: stable for the same input."""
    _, first = np.unique(labels, return_index=True)
    order = np.argsort(first)
    renumber = np.empty_like(order)
    renumber[order] = np.arange(len(order))
    return renumber[labels]


def _best_match(vectors, centres, block=8192):
    """Index and dot product of the best centre for each vector, in blocks to bound memory."""
    index = np.empty(len(vectors), dtype=np.int64)
    score = np.empty(len(vectors), dtype=np.float32)
    for start in range(0, len(vectors), block):
        scores = vectors[start : start + block] @ centres.T
        index[start : start + block] = np.argmax(scores, axis=1)
        score[start : start + block] = scores[np.arange(len(scores)), index[start : start + block]]
    return index, score


def _leave_one_out(dot_with_mean, size):
    """Mean similarity to the other members, from the dot product with the mean (members are
    unit vectors, so each one's similarity to itself is 1). Alone in its group: 1."""
    others = np.maximum(size - 1, 1)
    return np.where(size > 1, (dot_with_mean * size - 1) / others, 1.0)


def over_segment(vectors, groups, seed=0):
    """Many small groups: each vector joins the most similar of `groups` seeds sampled at random
    (a fixed seed: same input, same output). One pass; the exact merge does the real work."""
    rng = np.random.default_rng(seed)
    seeds = vectors[np.sort(rng.choice(len(vectors), size=groups, replace=False))]
    labels, _ = _best_match(vectors, seeds)
    return labels


def group_means(vectors, labels, k=None):
    """Unnormalised mean vector and size of each label 0..k-1."""
    k = (int(labels.max()) + 1 if len(labels) else 0) if k is None else k
    indicator = sparse.csr_matrix(
        (np.ones(len(labels), dtype=np.float32), (labels, np.arange(len(labels)))),
        shape=(k, len(labels)),
    )
    sizes = np.bincount(labels, minlength=k)
    sums = np.asarray(indicator @ vectors)
    return (sums / np.maximum(sizes, 1)[:, None]).astype(np.float32), sizes


class AgglomerativeClusterer(Clusterer):
    """`threshold`: mean cosine similarity at which groups stop merging (calibrated per embedder).

    `exact_limit`: up to this many vectors, exact clustering (memory ~ 4 * n^2 bytes). Above it,
    rounds of: over-segment into ~n / `group_size` groups (at most `max_groups`), merge them
    exactly, keep each vector whose mean similarity to its merged group (or to another group of
    the round) reaches the threshold, and cluster the rest again. A round that keeps few
    vectors means the rest are mostly unrelated posts: they are then clustered exactly in
    blocks of neighbours (vectors that chose the same seed stay together).
    """

    def __init__(
        self,
        threshold=None,
        linkage="average",
        exact_limit=8000,
        group_size=4,
        max_groups=8000,
        embedder_name=None,
    ):
        if threshold is None:
            name = embedder_name or calibration.configured_embedder_name()
            stored = calibration.load("clustering", name) or {}
            threshold = stored.get("threshold", GENERIC_THRESHOLD)
            linkage = stored.get("linkage", linkage)
        self.threshold = float(threshold)
        self.assign_threshold = self.threshold
        self.linkage = linkage
        self.exact_limit = int(exact_limit)
        self.group_size = int(group_size)
        self.max_groups = int(max_groups)

    def _exact(self, vectors):
        return merge_groups(vectors, np.ones(len(vectors)), self.threshold, self.linkage)

    def _round(self, vectors, seed):
        """Labels of the vectors this round keeps (-1 for the others), and the seed choices."""
        groups = min(self.max_groups, self.exact_limit, max(2, len(vectors) // self.group_size))
        small = over_segment(vectors, groups, seed)
        means, sizes = group_means(vectors, small, groups)
        merged = merge_groups(means, sizes, self.threshold, self.linkage)
        labels = merged[small]
        means, sizes = group_means(vectors, labels)
        # The rule of `assign`: mean similarity to the *other* members of the group >= threshold
        # (leaving the vector itself out, which would flatter small groups).
        own = _leave_one_out(np.einsum("ij,ij->i", vectors, means[labels]), sizes[labels])
        kept = own >= self.threshold
        others = np.flatnonzero(~kept)
        for start in range(0, len(others), 8192):
            rows = others[start : start + 8192]
            scores = vectors[rows] @ means.T
            scores[np.arange(len(rows)), labels[rows]] = own[rows]
            best = np.argmax(scores, axis=1)
            joined = scores[np.arange(len(rows)), best] >= self.threshold
            labels[rows[joined]] = best[joined]
            kept[rows[joined]] = True
        labels[~kept] = -1
        return labels, small

    def fit_predict(self, vectors):
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        n = len(vectors)
        labels = np.full(n, -1, dtype=np.int64)
        remaining = np.arange(n)
        offset = 0
        seed = 0
        while len(remaining) > self.exact_limit:
            round_labels, seeds = self._round(vectors[remaining], seed)
            kept = round_labels >= 0
            labels[remaining[kept]] = round_labels[kept] + offset
            offset += int(round_labels.max()) + 1 if kept.any() else 0
            left = remaining[~kept]
            if len(remaining) - len(left) < len(remaining) // 10:
                # Mostly unrelated posts: exact clustering of blocks of neighbours.
                left = left[np.argsort(seeds[~kept], kind="stable")]
                for start in range(0, len(left), self.exact_limit):
                    block = left[start : start + self.exact_limit]
                    labels[block] = self._exact(vectors[block]) + offset
                    offset = int(labels[block].max()) + 1
                left = left[:0]
            remaining = left
            seed += 1
        if len(remaining):
            labels[remaining] = self._exact(vectors[remaining]) + offset
        return _in_order_of_appearance(np.unique(labels, return_inverse=True)[1])

    def assign(self, vector, centroids):
        """Best centroid if vector . centroid >= threshold, else None.

        For the same rule as `fit_predict`, pass each cluster's mean vector NOT re-normalised:
        then the dot product is the average similarity to the members. (Unit-length centroids
        give higher dot products, so assignment is then a little more permissive.)
        """
        return super().assign(vector, centroids)
