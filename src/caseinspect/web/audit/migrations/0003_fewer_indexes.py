# ruff: noqa: RUF012  (Django migration attributes)
"""Index the audit log by case only (see ``AuditEvent``): drop the indexes on ``at``,
``actor_id`` and ``inspection_id``.

Only the indexes are dropped, by name, found in the database's own catalogue: on SQLite,
Django's ``AlterField`` would rebuild the whole table — copying the log and losing the
append-only triggers of migration 0002 with the old table."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

TABLE = "audit_auditevent"
COLUMNS = ("at", "actor_id", "inspection_id")


def _single_column_indexes(schema_editor: BaseDatabaseSchemaEditor) -> dict[str, str]:
    """column → name of the plain (not unique, not key) index on that column alone."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    return {
        info["columns"][0]: name
        for name, info in constraints.items()
        if info["index"] and not info["unique"] and not info["primary_key"]
        and len(info["columns"]) == 1 and info["columns"][0] in COLUMNS
    }


def drop_indexes(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    quote = schema_editor.quote_name
    for name in _single_column_indexes(schema_editor).values():
        schema_editor.execute(f"DROP INDEX {quote(name)}")


def create_indexes(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    quote = schema_editor.quote_name
    present = _single_column_indexes(schema_editor)
    for column in COLUMNS:
        if column not in present:
            name = f"{TABLE}_{column}_idx"
            schema_editor.execute(f"CREATE INDEX {quote(name)} ON {quote(TABLE)} ({quote(column)})")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only_triggers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_indexes, create_indexes)],
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="actor",
                    field=models.ForeignKey(
                        db_index=False,
                        help_text="Who; empty for the system itself (e.g. loading demo data).",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="at",
                    field=models.DateTimeField(default=django.utils.timezone.now),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="inspection_id",
                    field=models.BigIntegerField(null=True),
                ),
            ],
        ),
    ]
