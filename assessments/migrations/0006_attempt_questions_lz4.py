"""An attempt's frozen questions (about 10 KB of JSON for 20 questions) compressed with lz4 on
PostgreSQL: written once at the start and read at every page view, save and grading, so the
cheaper compression and decompression matter more than the few bytes pglz would save. Only
where the server was built with lz4 (PostgreSQL 14 or newer); elsewhere nothing changes."""

from django.db import migrations

_LZ4_AVAILABLE = (
    "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression'"
    " AND 'lz4' = ANY(enumvals)"
)


def _set_compression(method: str):
    def run(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute(_LZ4_AVAILABLE)
            if not cursor.fetchone():
                return
        table = schema_editor.quote_name(apps.get_model("assessments", "Attempt")._meta.db_table)
        schema_editor.execute(
            f"ALTER TABLE {table} ALTER COLUMN {schema_editor.quote_name('questions')}"
            f" SET COMPRESSION {method}"
        )

    return run


class Migration(migrations.Migration):
    dependencies = [("assessments", "0005_course_result_rule_counts")]

    operations = [migrations.RunPython(_set_compression("lz4"), _set_compression("pglz"))]
