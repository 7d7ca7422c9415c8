"""A disk cache around an embedder, for evaluation and benchmark runs (not for production).

Keyed by the embedder's `name` (model + options that change vectors), the kind of encoding
(query/passage/symmetric) and the SHA-1 of the text, in one SQLite file per model: exploring
several settings on the same eval files encodes each text once. Safe across processes.
"""

import hashlib
import os
import re
import sqlite3
import tempfile
import threading

import numpy as np

from .base import Embedder

DEFAULT_DIRECTORY = os.environ.get(
    "CLUSTERING_EMBEDDING_CACHE", os.path.join(tempfile.gettempdir(), "emb-cache")
)


class CachedEmbedder(Embedder):
    def __init__(self, embedder, directory=DEFAULT_DIRECTORY):
        self.embedder = embedder
        self.name = embedder.name
        os.makedirs(directory, exist_ok=True)
        safe = re.sub(r"[^\w.-]+", "_", self.name)
        self.path = os.path.join(directory, f"{safe}.sqlite3")
        self._local = threading.local()
        self.hits = 0
        self.misses = 0
        with self._connection() as db:
            db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB)")

    @property
    def dim(self):
        return self.embedder.dim

    def _connection(self):
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = sqlite3.connect(self.path, timeout=60)
            db.execute("PRAGMA journal_mode=WAL")
        return db

    def _cached(self, kind, texts, encode):
        texts = [texts] if isinstance(texts, str) else [t or "" for t in texts]
        keys = [
            hashlib.sha1(f"{kind}\0{t}".encode(), usedforsecurity=False).hexdigest() for t in texts
        ]
        db = self._connection()
        found = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 900):  # SQLite's bound-parameter limit
            chunk = unique[start : start + 900]
            marks = ",".join("?" * len(chunk))
            rows = db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", chunk)  # noqa: S608
            found.update((key, np.frombuffer(blob, dtype=np.float32)) for key, blob in rows)
        missing = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in found:
                missing.setdefault(key, text)
        self.hits += len(texts) - sum(1 for k in keys if k in missing)
        self.misses += len(missing)
        if missing:
            vectors = encode(list(missing.values()))
            with db:
                db.executemany(
                    "INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                    [
                        (k, v.astype(np.float32).tobytes())
                        for k, v in zip(missing, vectors, strict=True)
                    ],
                )
            found.update(zip(missing, vectors, strict=True))
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # Stored as the embedder returned them (already normalised): bit-identical on reuse.
        return np.stack([found[k] for k in keys]).astype(np.float32, copy=False)

    def _kind(self, kind):
        # Symmetric models embed queries and passages alike: store them once. `encode` is the
        # symmetric use, which the Embedder contract equates with `encode_queries`.
        return "sym" if getattr(self.embedder, "symmetric", False) else kind

    def encode(self, texts):
        return self._cached(self._kind("query"), texts, self.embedder.encode)

    def encode_queries(self, texts):
        return self._cached(self._kind("query"), texts, self.embedder.encode_queries)

    def encode_passages(self, texts):
        return self._cached(self._kind("passage"), texts, self.embedder.encode_passages)
