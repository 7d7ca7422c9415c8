"""Keep cluster ids stable across re-runs: match each new cluster to the old cluster it shares
most members with.

Greedy maximum-Jaccard matching over the (new, old) pairs that share at least one post: the
best-overlapping pair is matched first, each old id is used once. With the same data the
clusters are identical and every id is kept; when a cluster splits, the bigger part keeps the
id; when two merge, the merged cluster keeps the id of the one it overlaps most. Only pairs that
share members are considered, so the cost is linear in the number of posts, not clusters².
"""

from collections import Counter

# Below this overlap a new cluster is a different pain point and gets a new id.
MIN_JACCARD = 0.3


def match_clusters(new_by_post, old_by_post, min_jaccard=MIN_JACCARD):
    """{post: new label}, {post: old cluster id} -> {new label: old cluster id}."""
    new_sizes = Counter(new_by_post.values())
    old_sizes = Counter(old_by_post.values())
    shared = Counter(
        (label, old_by_post[post]) for post, label in new_by_post.items() if post in old_by_post
    )
    candidates = []
    for (label, old), both in shared.items():
        jaccard = both / (new_sizes[label] + old_sizes[old] - both)
        if jaccard >= min_jaccard:
            # Ties: more shared posts, then the older (smaller) id, then the label: deterministic.
            candidates.append((-jaccard, -both, old, label))
    candidates.sort()
    mapping, used = {}, set()
    for _jaccard, _both, old, label in candidates:
        if label not in mapping and old not in used:
            mapping[label] = old
            used.add(old)
    return mapping
