"""A deterministic embedder for fast tests: hashed words and character trigrams.

Texts that share words get similar vectors, so similarity, clustering and ranking behave
plausibly without any model. Not multilingual (translations look unrelated).
"""

import hashlib
import re

import numpy as np

from .base import Embedder

_WORD = re.compile(r"\w+", re.UNICODE)


class HashingEmbedder(Embedder):
    name = "fake-hashing"

    def __init__(self, dim=256):
        self.dim = dim

    def _bucket(self, feature):
        digest = hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest()
        value = int.from_bytes(digest, "little")
        return value % self.dim, 1.0 if (value >> 63) & 1 else -1.0

    def encode(self, texts):
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            words = _WORD.findall((text or "").lower())
            features = words + [f"#{w[i : i + 3]}" for w in words for i in range(len(w) - 2)]
            for feature in features:
                index, sign = self._bucket(feature)
                vectors[row, index] += sign
        return self.normalise(vectors)
