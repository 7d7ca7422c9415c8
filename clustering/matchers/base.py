class ProcedureMatcher:
    """Ranks catalogue entries (procedures, or pages in evaluation) for free-text posts.

    `fit` takes entries as dicts with "id", "title" and optionally "text", "path", "theme".
    `rank` returns, per query, up to k (id, confidence) pairs, best first, confidence in [0, 1].
    """

    def fit(self, entries):
        raise NotImplementedError

    def rank(self, queries, k=5):
        raise NotImplementedError
