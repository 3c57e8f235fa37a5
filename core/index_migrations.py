"""Migration operations that drop or rename indexes in the schema being migrated (issue 11).

Every client schema holds its own copy of each index, so an index that earns nothing costs
a relation per client (catalogue rows, cache memory, DDL replayed for every new client).
The redundant ones are dropped by name: a single-column foreign-key index whose column
leads another index of the same table, and the ``varchar_pattern_ops`` ("``_like``") twins
that Django adds for ``unique=True`` / ``db_index=True`` text columns and that no query
uses. Django's own ``AlterField(db_index=False)`` would also drop and re-add (and so
re-validate) the foreign key constraint of every table in every schema; dropping the index
alone is a catalogue change.

Names are qualified with ``current_schema()``: with a client's search path
(``"c_x", public``) an unqualified name missing from the client schema would otherwise
reach the same-named index of a shared table in ``public``.
"""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import ProjectState


def _loop(names: list[str], statement: str) -> str:
    array = ", ".join("'" + name.replace("'", "''") + "'" for name in names)
    literal = "'" + statement.replace("'", "''") + "'"
    return (
        "DO $$ DECLARE name text; BEGIN FOREACH name IN ARRAY ARRAY[" + array + "]::text[] LOOP "
        f"EXECUTE format({literal}, current_schema(), name); END LOOP; END $$"
    )


def indexes_drop(*definitions: str) -> migrations.RunSQL:
    """Drop the indexes these ``CREATE INDEX name ON table ...`` statements made, from the
    current schema only; reversing the migration runs the statements again."""
    names = []
    for definition in definitions:
        words = definition.split()
        if words[:2] != ["CREATE", "INDEX"] or words[3] != "ON":
            raise ValueError(f"Not a CREATE INDEX statement: {definition!r}")
        names.append(words[2])
    return migrations.RunSQL(
        sql=[_loop(names, "DROP INDEX IF EXISTS %I.%I")],
        reverse_sql=[
            definition.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1) for definition in definitions
        ],
    )


def index_rename(old_name: str, new_name: str) -> migrations.RunSQL:
    """Rename an index of the current schema (``Meta.indexes`` names are at most 30
    characters; Django's generated ones are often longer)."""

    def rename(old: str, new: str) -> str:
        new_quoted = new.replace('"', '""')
        return _loop([old], f'ALTER INDEX IF EXISTS %I.%I RENAME TO "{new_quoted}"')

    return migrations.RunSQL(sql=[rename(old_name, new_name)], reverse_sql=[rename(new_name, old_name)])


class AddIndexIfMissing(migrations.AddIndex):
    """``AddIndex`` whose statement is ``CREATE INDEX IF NOT EXISTS``: applying it again to a
    schema that already holds the index does nothing. So a client schema rewound past it
    (``bench_provisioning --one-column``, the release tests) replays it for free, and the
    work measured stays the one ``AddField``. Reversing drops the index as ``AddIndex`` does."""

    def database_forwards(
        self, app_label: str, schema_editor: BaseDatabaseSchemaEditor, from_state: ProjectState, to_state: ProjectState
    ) -> None:
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            statement = str(self.index.create_sql(model, schema_editor))
            if not statement.startswith("CREATE INDEX "):
                raise ValueError(f"Not a CREATE INDEX statement: {statement!r}")
            schema_editor.execute(statement.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1), params=None)
