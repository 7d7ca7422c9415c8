"""The table behind clustering.index.pgvector_index.PgvectorIndex, on PostgreSQL with pgvector only.

Raw SQL rather than a model field, so SQLite (and a PostgreSQL without the extension) never
needs the `pgvector` package: there the migration does nothing and clustering.index.auto picks
the in-memory index. Vectors of any dimension share one untyped `vector` column; HNSW needs a
fixed dimension, so each dimension gets a partial expression index (created for the default
384-d embedder here, for others by PgvectorIndex when it first stores one).
"""

from django.db import migrations, transaction

TABLE = "clustering_vector_index"

CREATE = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    namespace varchar(200) NOT NULL,
    item_id bigint NOT NULL,
    dim integer NOT NULL,
    embedding vector NOT NULL,
    meta jsonb NOT NULL DEFAULT '{{}}'::jsonb,
    digest char(40) NOT NULL DEFAULT '',
    PRIMARY KEY (namespace, item_id)
);
CREATE INDEX IF NOT EXISTS {TABLE}_hnsw_384 ON {TABLE}
    USING hnsw ((embedding::vector(384)) vector_ip_ops) WHERE dim = 384;
"""


def create_vector_table(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
        if cursor.fetchone() is None:
            return
        try:
            # A savepoint: a refused CREATE EXTENSION (no privilege) must not abort the migration.
            with transaction.atomic(using=connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS vector")
        except Exception:  # noqa: BLE001 - without the extension the in-memory index is used
            return
        cursor.execute(CREATE)


def drop_vector_table(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("clustering", "0002_cluster_label_locked_and_more"),
    ]

    operations = [
        migrations.RunPython(create_vector_table, drop_vector_table, elidable=False),
    ]
