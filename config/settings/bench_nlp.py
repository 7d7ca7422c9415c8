"""NLP benchmarks on PostgreSQL + pgvector (bench/pgvector_scale.py): the bench settings with
the real clustering pipeline (clustering/conf.py defaults; the load test uses a fake embedder)."""

from .bench import *

del CLUSTERING_PIPELINE  # noqa: F821 - back to clustering/conf.py's defaults: the multilingual model
ROOT_URLCONF = "config.urls"
