"""The default INDEX backend: pgvector on PostgreSQL with the extension, else the in-memory index.

The embedded default (SQLite) and a PostgreSQL without pgvector keep NumpyIndex; a database
where migration 0003 created the pgvector table gets PgvectorIndex. Options go to whichever is
built, each taking the ones it knows (e.g. {"ef_search": 200} only matters to pgvector).
"""

import inspect

from .numpy_index import NumpyIndex
from .pgvector_index import PgvectorIndex, is_available


def auto_index(using="default", **options):
    cls = PgvectorIndex if is_available(using) else NumpyIndex
    accepted = inspect.signature(cls).parameters
    kwargs = {name: value for name, value in options.items() if name in accepted}
    if cls is PgvectorIndex:
        kwargs["using"] = using
    return cls(**kwargs)
