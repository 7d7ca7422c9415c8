import numpy as np


class Clusterer:
    """Groups L2-normalised vectors without being told the number of clusters.

    `fit_predict` labels every row (0..k-1; -1 for rows left alone, if the algorithm has noise).
    `assign` places one new vector: the index of the closest centroid when it is close enough,
    else None (the caller opens a new cluster), so new posts join clusters between re-runs.
    """

    # Cosine similarity to a centroid above which a new vector joins that cluster.
    assign_threshold = 0.85

    def fit_predict(self, vectors):
        raise NotImplementedError

    def assign(self, vector, centroids):
        if centroids is None or len(centroids) == 0:
            return None
        scores = np.asarray(centroids, dtype=np.float32) @ np.asarray(vector, dtype=np.float32)
        best = int(np.argmax(scores))
        return best if scores[best] >= self.assign_threshold else None
