import threading

import numpy as np


class Embedder:
    """Turns texts into L2-normalised float32 vectors, so that a dot product is a cosine.

    Asymmetric models (e5) embed search queries and documents differently: `encode_queries` is
    for posts and questions (also when comparing two posts), `encode_passages` for catalogue
    entries that are searched. Symmetric models use the same `encode` for both.
    """

    name = "base"
    dim = 0
    _model = None
    # Subclasses set an instance lock; one encode at a time per model and process.
    _lock = threading.Lock()

    def _load(self):
        """Load the model. Called once, on first use, so Django start-up never pays for it."""
        raise NotImplementedError

    @property
    def model(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = self._load()
        return self._model

    def encode(self, texts):
        raise NotImplementedError

    def encode_queries(self, texts):
        return self.encode(texts)

    def encode_passages(self, texts):
        return self.encode(texts)

    @staticmethod
    def normalise(vectors):
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.ndim == 1:
            vectors = vectors[None, :]
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)
