class VectorIndex:
    """Stored vectors with ids and a few metadata fields to filter on (e.g. campaign_id).

    Vectors are L2-normalised, so scores are cosines. The production issue adds a pgvector
    (HNSW) implementation of this same small interface.
    """

    def add(self, ids, vectors, metadata=None):
        """Add or replace vectors; `metadata` is one dict per id."""
        raise NotImplementedError

    def remove(self, ids):
        raise NotImplementedError

    def search(self, vector, k=10, filters=None, exclude_ids=()):
        """Top-k (id, score) pairs, best first. `filters`: {field: value or list of values}."""
        raise NotImplementedError

    def __len__(self):
        raise NotImplementedError
