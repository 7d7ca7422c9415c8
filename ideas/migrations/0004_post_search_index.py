"""GIN index for full-text search of posts, on PostgreSQL only (SQLite keeps LIKE search).

The expression must stay identical to ideas.models.SearchDocument, or the planner will not
use the index.
"""

from django.db import migrations

INDEX = "ideas_post_search_gin"
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON ideas_post USING gin "
    "(to_tsvector('simple'::regconfig, title || ' ' || body || ' ' || suggestion))"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("ideas", "0003_post_hidden_reason")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
