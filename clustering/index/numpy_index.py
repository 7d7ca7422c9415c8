"""In-memory exact search with numpy: the embedded default (one process, no database extension).

Rows live in one growing float32 matrix; removal swaps the last row into the hole, so add,
remove and search stay O(1)/O(n) without rebuilding.
"""

import threading

import numpy as np

from .base import VectorIndex


class NumpyIndex(VectorIndex):
    def __init__(self, dim=None, capacity=1024):
        self.dim = dim
        self._capacity = capacity
        self._vectors = None
        self._ids = []
        self._rows = {}
        self._meta = {}  # field -> list of values, aligned with rows
        self._lock = threading.RLock()

    def __len__(self):
        return len(self._ids)

    def _ensure_capacity(self, extra, dim):
        if self._vectors is None:
            self.dim = self.dim or dim
            self._vectors = np.zeros((max(self._capacity, extra), self.dim), dtype=np.float32)
        needed = len(self._ids) + extra
        if needed > len(self._vectors):
            grown = np.zeros((max(needed, 2 * len(self._vectors)), self.dim), dtype=np.float32)
            grown[: len(self._ids)] = self._vectors[: len(self._ids)]
            self._vectors = grown

    def add(self, ids, vectors, metadata=None):
        vectors = np.asarray(vectors, dtype=np.float32).reshape(len(ids), -1)
        metadata = metadata or [{} for _ in ids]
        with self._lock:
            self.remove([i for i in ids if i in self._rows])
            self._ensure_capacity(len(ids), vectors.shape[1])
            if vectors.shape[1] != self.dim:
                raise ValueError(
                    f"vector dimension {vectors.shape[1]} != index dimension {self.dim}"
                )
            start = len(self._ids)
            self._vectors[start : start + len(ids)] = vectors
            for offset, (item_id, meta) in enumerate(zip(ids, metadata, strict=True)):
                self._rows[item_id] = start + offset
                self._ids.append(item_id)
                for field in set(self._meta) | set(meta):
                    column = self._meta.setdefault(field, [None] * (start + offset))
                    column.append(meta.get(field))

    def remove(self, ids):
        with self._lock:
            for item_id in ids:
                row = self._rows.pop(item_id, None)
                if row is None:
                    continue
                last = len(self._ids) - 1
                if row != last:
                    moved = self._ids[last]
                    self._vectors[row] = self._vectors[last]
                    self._ids[row] = moved
                    self._rows[moved] = row
                    for column in self._meta.values():
                        column[row] = column[last]
                self._ids.pop()
                for column in self._meta.values():
                    column.pop()

    def _mask(self, filters, exclude_ids):
        n = len(self._ids)
        mask = np.ones(n, dtype=bool)
        for field, wanted in (filters or {}).items():
            values = self._meta.get(field, [None] * n)
            allowed = set(wanted) if isinstance(wanted, list | tuple | set) else {wanted}
            mask &= np.fromiter((v in allowed for v in values), dtype=bool, count=n)
        for item_id in exclude_ids:
            row = self._rows.get(item_id)
            if row is not None:
                mask[row] = False
        return mask

    def search(self, vector, k=10, filters=None, exclude_ids=()):
        with self._lock:
            n = len(self._ids)
            if n == 0 or k <= 0:
                return []
            scores = self._vectors[:n] @ np.asarray(vector, dtype=np.float32).reshape(-1)
            if filters or exclude_ids:
                scores = np.where(self._mask(filters, exclude_ids), scores, -np.inf)
            k = min(k, n)
            top = np.argpartition(-scores, k - 1)[:k]
            top = top[np.argsort(-scores[top])]
            return [(self._ids[i], float(scores[i])) for i in top if np.isfinite(scores[i])]

    def vectors(self):
        """(ids, matrix) snapshot, e.g. to recluster everything."""
        with self._lock:
            return list(self._ids), self._vectors[: len(self._ids)].copy()
