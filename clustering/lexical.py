"""Character n-gram TF-IDF: the lexical stage next to the dense embeddings.

Catches near-verbatim copies, spelling variants and shared rare words (procedure names, form
numbers) that a small dense model blurs; language-bound, so it never finds a translation. How it
is combined with the dense score was decided by measurement: see docs/nlp.md ("Lexical stage").

    lexical = CharTfidf().fit(corpus_texts)
    matrix = lexical.transform(corpus_texts)        # sparse, rows L2-normalised
    scores = lexical.similarity(["query"], matrix)  # (1, n) cosines
    lexical.pair_similarity(a_texts, b_texts)       # (n,) cosine of a[i] and b[i]
"""

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer


class CharTfidf:
    def __init__(
        self,
        analyzer="char_wb",
        ngram_range=(3, 5),
        sublinear_tf=True,
        min_df=1,
        max_features=None,
        strip_accents="unicode",
        dtype=np.float32,
    ):
        self.options = {
            "analyzer": analyzer,
            "ngram_range": tuple(ngram_range),
            "sublinear_tf": sublinear_tf,
            "min_df": min_df,
            "max_features": max_features,
            "strip_accents": strip_accents,
            "lowercase": True,
            "dtype": dtype,
        }
        self.vectorizer = None

    @property
    def fitted(self):
        return self.vectorizer is not None

    def fit(self, texts):
        """Learn the n-gram vocabulary and IDF weights from `texts` (e.g. all posts)."""
        texts = [t or "" for t in texts]
        vectorizer = TfidfVectorizer(**self.options)
        if not any(t.strip() for t in texts):
            texts = ["   "]  # keeps the vectorizer usable on an empty corpus
        try:
            vectorizer.fit(texts)
        except ValueError:  # nothing long enough to make an n-gram: no vocabulary
            vectorizer = TfidfVectorizer(**{**self.options, "ngram_range": (1, 1)})
            vectorizer.fit(texts + ["x"])
        self.vectorizer = vectorizer
        return self

    def transform(self, texts):
        """Sparse TF-IDF rows, L2-normalised (so a dot product is a cosine)."""
        if not self.fitted:
            raise RuntimeError("CharTfidf.fit() must be called before transform()")
        return self.vectorizer.transform([t or "" for t in texts])

    def fit_transform(self, texts):
        return self.fit(texts).transform(texts)

    def similarity(self, queries, matrix):
        """Dense (len(queries), matrix.shape[0]) cosines of query texts against transformed rows."""
        if isinstance(queries, str):
            queries = [queries]
        return np.asarray((self.transform(queries) @ matrix.T).toarray(), dtype=np.float32)

    def pair_similarity(self, a_texts, b_texts):
        """Cosine of a[i] and b[i] for each pair. Fits on the pairs themselves if not fitted."""
        if len(a_texts) != len(b_texts):
            raise ValueError("a_texts and b_texts must have the same length")
        if not self.fitted:
            self.fit(list(a_texts) + list(b_texts))
        a = self.transform(a_texts)
        b = self.transform(b_texts)
        return np.asarray(a.multiply(b).sum(axis=1), dtype=np.float32).ravel()
