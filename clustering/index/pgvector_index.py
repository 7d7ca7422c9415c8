"""Vector search in PostgreSQL with pgvector's HNSW index: the production backend.

One table (clustering_vector_index, migration 0003) is shared by every process, so a worker's
newly embedded post is searchable by the web processes at once, and no process holds 100k
vectors in memory. Rows are kept apart by `namespace` (by default the embedder's name: vectors
of different models are not comparable) and by `dim` (each dimension has its own partial HNSW
index). Metadata (campaign, visibility, ...) is a jsonb pre-filter, as in NumpyIndex.

Vectors are L2-normalised, so the inner product (`<#>`, which pgvector returns negated) is the
cosine, the same score NumpyIndex gives. Up to `exact_below` stored rows a sequential scan is
both exact and fast (~2 ms for 2,000 x 384, ~20 ms for 20,000 on a loaded 2-core machine), so
small sites get exactly NumpyIndex's answers. Above it the HNSW index answers, approximately:
`ef_search` candidates are kept per query, and with filters pgvector's iterative scan keeps
searching until k rows pass them; a query that still finds fewer than k is answered exactly.
"""

import hashlib
import json
import time

import numpy as np
from django.db import DatabaseError, connections, transaction

from .base import VectorIndex

TABLE = "clustering_vector_index"
MAX_HNSW_DIM = 2000  # pgvector cannot build an HNSW index on wider `vector` columns
SIZE_SECONDS = 60.0  # how long the table's row estimate is trusted


def to_literal(vector):
    # repr of the float64 value of each float32 is exact: PostgreSQL parses the same float32.
    return "[" + ",".join(map(repr, np.asarray(vector, dtype=np.float32).tolist())) + "]"


def from_literal(text):
    return np.array(json.loads(text), dtype=np.float32)


def is_available(using="default"):
    """PostgreSQL with the `vector` extension and the index table (migration 0003 ran there)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector')"
            " AND to_regclass(%s) IS NOT NULL",
            [TABLE],
        )
        return bool(cursor.fetchone()[0])


class PgvectorIndex(VectorIndex):
    _indexed_dims = set()  # dimensions known to have their HNSW index, per process

    def __init__(self, namespace=None, using="default", ef_search=200, exact_below=20_000):
        self._namespace = namespace
        self.using = using
        self.ef_search = ef_search
        self.exact_below = exact_below
        self._size = (None, 0.0)  # (estimated rows, when estimated)

    @property
    def namespace(self):
        if self._namespace is None:
            from clustering import backends

            self._namespace = backends.get("EMBEDDER").name
        return self._namespace

    def _cursor(self):
        return connections[self.using].cursor()

    def __len__(self):
        with self._cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM clustering_vector_index WHERE namespace = %s",
                [self.namespace],
            )
            return cursor.fetchone()[0]

    def add(self, ids, vectors, metadata=None):
        vectors = np.asarray(vectors, dtype=np.float32).reshape(len(ids), -1)
        metadata = metadata or [{} for _ in ids]
        dim = vectors.shape[1]
        rows = {}
        for item_id, vector, meta in zip(ids, vectors, metadata, strict=True):
            meta_json = json.dumps(meta, sort_keys=True)
            digest = hashlib.sha1(vector.tobytes() + meta_json.encode(), usedforsecurity=False)
            rows[int(item_id)] = (vector, meta_json, digest.hexdigest())
        with transaction.atomic(using=self.using), self._cursor() as cursor:
            self._ensure_hnsw(cursor, dim)
            # Every process warms its index from all stored embeddings on first use: rows
            # already stored unchanged (same digest) are not sent again.
            cursor.execute(
                "SELECT item_id, digest FROM clustering_vector_index"
                " WHERE namespace = %s AND item_id = ANY(%s::bigint[])",
                [self.namespace, list(rows)],
            )
            for item_id, digest in cursor.fetchall():
                if rows[item_id][2] == digest:
                    del rows[item_id]
            if not rows:
                return
            cursor.executemany(
                "INSERT INTO clustering_vector_index"
                " (namespace, item_id, dim, embedding, meta, digest)"
                " VALUES (%s, %s, %s, %s::vector, %s::jsonb, %s)"
                " ON CONFLICT (namespace, item_id) DO UPDATE SET dim = EXCLUDED.dim,"
                " embedding = EXCLUDED.embedding, meta = EXCLUDED.meta, digest = EXCLUDED.digest",
                [
                    (self.namespace, item_id, dim, to_literal(vector), meta_json, digest)
                    for item_id, (vector, meta_json, digest) in rows.items()
                ],
            )

    def _ensure_hnsw(self, cursor, dim):
        if dim in self._indexed_dims or dim > MAX_HNSW_DIM:
            return
        # One partial index per dimension: HNSW needs a fixed one. IF NOT EXISTS: other
        # processes may create it at the same time, and the migration made the 384-d one.
        try:
            with transaction.atomic(using=self.using):  # a savepoint: a lost race is harmless
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {TABLE}_hnsw_{int(dim)} ON {TABLE} USING hnsw"
                    f" ((embedding::vector({int(dim)})) vector_ip_ops) WHERE dim = {int(dim)}"
                )
        except DatabaseError:
            return  # another process is creating it right now
        self._indexed_dims.add(dim)

    def remove(self, ids):
        if not ids:
            return
        with self._cursor() as cursor:
            cursor.execute(
                "DELETE FROM clustering_vector_index"
                " WHERE namespace = %s AND item_id = ANY(%s::bigint[])",
                [self.namespace, [int(i) for i in ids]],
            )

    def search(self, vector, k=10, filters=None, exclude_ids=()):
        if k <= 0:
            return []
        vector = np.asarray(vector, dtype=np.float32).reshape(-1)
        dim = len(vector)
        where, params = self._where(dim, filters, exclude_ids)
        small = self.exact_below > 0 and self._estimated_rows() <= self.exact_below
        exact = small or dim > MAX_HNSW_DIM
        hits = self._query(vector, k, where, params, exact=exact)
        if len(hits) < k and not exact:
            # Too few passed the filters within the scan's limits: ask exactly (cheap when few
            # rows match, and it only happens then or when the index holds fewer than k).
            hits = self._query(vector, k, where, params, exact=True)
        return hits

    def _estimated_rows(self):
        """Rows in the table, from the planner's statistics (no scan), re-read every minute."""
        rows, at = self._size
        if rows is None or time.monotonic() - at > SIZE_SECONDS:
            with self._cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples FROM pg_class WHERE oid = to_regclass(%s)", [TABLE]
                )
                rows = cursor.fetchone()[0]
                if rows < 0:  # never analysed yet: count
                    cursor.execute("SELECT count(*) FROM clustering_vector_index")
                    rows = cursor.fetchone()[0]
            self._size = (rows, time.monotonic())
        return rows

    def _where(self, dim, filters, exclude_ids):
        where = ["namespace = %s", f"dim = {int(dim)}"]
        params = [self.namespace]
        for field, wanted in (filters or {}).items():
            values = list(wanted) if isinstance(wanted, list | tuple | set) else [wanted]
            # A missing field counts as None, as in NumpyIndex.
            where.append("coalesce(meta -> %s, 'null'::jsonb) = ANY(%s::jsonb[])")
            params += [field, [json.dumps(v) for v in values]]
        if exclude_ids:
            where.append("NOT (item_id = ANY(%s::bigint[]))")
            params.append([int(i) for i in exclude_ids])
        return " AND ".join(where), params

    def _query(self, vector, k, where, params, exact):
        dim = len(vector)
        # The HNSW index is on `embedding::vector(dim)`: ordering by the plain column does not
        # match it, so the planner scans exactly.
        column = "embedding" if exact else f"embedding::vector({dim})"
        distance = f"{column} <#> %s::vector({dim})"
        # Only integers and fixed fragments are formatted in; every value is a parameter.
        sql = f"SELECT item_id, {distance} FROM {TABLE} WHERE {where} ORDER BY {distance} LIMIT %s"  # noqa: S608
        literal = to_literal(vector)
        with transaction.atomic(using=self.using), self._cursor() as cursor:
            if not exact:
                # enable_sort off: a small or unanalysed table would otherwise be sorted
                # exactly, and the HNSW settings would silently not apply.
                cursor.execute(
                    "SELECT set_config('hnsw.ef_search', %s, true),"
                    " set_config('hnsw.iterative_scan', 'strict_order', true),"
                    " set_config('enable_sort', 'off', true)",
                    [str(max(self.ef_search, k))],
                )
            cursor.execute(sql, [literal, *params, literal, int(k)])
            return [(item_id, -float(distance)) for item_id, distance in cursor.fetchall()]

    def vectors(self):
        """(ids, matrix) snapshot, e.g. to recluster everything (ids in ascending order)."""
        with self._cursor() as cursor:
            cursor.execute(
                "SELECT item_id, embedding::text FROM clustering_vector_index WHERE namespace = %s"
                " ORDER BY item_id",
                [self.namespace],
            )
            rows = cursor.fetchall()
        if not rows:
            return [], np.zeros((0, 0), dtype=np.float32)
        return [r[0] for r in rows], np.vstack([from_literal(r[1]) for r in rows])
