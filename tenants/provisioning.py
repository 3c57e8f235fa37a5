"""Client schemas in constant time: the template's DDL, captured once per migration state.

django-tenants' ``clone_schema`` walks the catalogue for every new client, and its queries
grow with the number of schemas in the database (1.5-3.5 s per client at 130 clients,
issue 11). Here the template schema's tables, identity columns, constraints and indexes
are read from the catalogue once per migration state (the template's applied migrations
are the key), stored in ``tenants_schemablueprint`` and replayed for each client in the
creating transaction: a few hundred DDL statements in one round trip, whose cost does not
depend on how many clients exist.

No name is rewritten in text. The DDL is captured with ``search_path`` set to the template
alone, so PostgreSQL's own ``pg_get_*def`` functions leave the template's objects
unqualified (and qualify anything elsewhere, ``public.x``); it is replayed with
``search_path`` set to the new schema alone.

A template holding anything the capture does not reproduce (views, functions, triggers,
enums, sequences not owned by an identity column, generated columns, inheritance,
partitions, row security) has no blueprint: ``schema_create_from_template`` then returns
False and the caller clones the slow way.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction

from tenants.models import SchemaBlueprint

# Schema names django-tenants accepts (``_check_schema_name``) are a subset of this.
_SCHEMA_NAME_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

# Part of every blueprint key: a change to what ``_capture`` writes invalidates old ones.
CAPTURE_VERSION = 2  # 2: triggers whose function lives outside the template


@dataclass(frozen=True)
class Blueprint:
    fingerprint: str
    sql: str
    sql_after_rows: str
    tables_with_rows: list[str]


# One blueprint per process and fingerprint: a web process reads the table once per deploy.
_blueprints: dict[str, Blueprint] = {}


def quote_ident(name: str) -> str:
    """A schema name checked against the names django-tenants allows, double-quoted."""
    if not _SCHEMA_NAME_RE.match(name):
        raise ValueError(f"Not a client schema name: {name!r}")
    return f'"{name}"'


def migrations_fingerprint(schema_name: str) -> str | None:
    """md5 of the schema's applied migrations (app.name, sorted); None without the table."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [f"{quote_ident(schema_name)}.django_migrations"])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(
            f"SELECT md5(coalesce(string_agg(app || '.' || name, ',' ORDER BY app, name), '')) "
            f"FROM {quote_ident(schema_name)}.django_migrations"
        )
        return str(cursor.fetchone()[0])


def migrations_fingerprints(schema_names: list[str], *, chunk: int = 200) -> dict[str, str | None]:
    """The fingerprints of many schemas, a few statements in all (UNION ALL per chunk).

    A schema without a ``django_migrations`` table (or none at all) maps to None."""
    result: dict[str, str | None] = {name: None for name in schema_names}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relname = 'django_migrations' AND c.relkind = 'r' AND n.nspname = ANY(%s)",
            [schema_names],
        )
        present = sorted(row[0] for row in cursor.fetchall())
        for start in range(0, len(present), chunk):
            part = present[start : start + chunk]
            sql = " UNION ALL ".join(
                f"SELECT %s, md5(coalesce(string_agg(app || '.' || name, ',' ORDER BY app, name), '')) "
                f"FROM {quote_ident(name)}.django_migrations"
                for name in part
            )
            cursor.execute(sql, part)
            for name, fingerprint in cursor.fetchall():
                result[name] = fingerprint
    return result


class Unsupported(Exception):
    """The template holds an object kind the capture does not reproduce."""


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _capture(schema_name: str) -> tuple[str, str, list[str]]:
    """The template's DDL (unqualified names): before and after its rows are copied, and
    the tables that hold rows."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT oid FROM pg_namespace WHERE nspname = %s", [schema_name])
        nsp = cursor.fetchone()[0]
        checks = {
            "relations other than tables, indexes and sequences": (
                "SELECT count(*) FROM pg_class WHERE relnamespace = %s AND relkind NOT IN ('r', 'i', 'S')"
            ),
            "functions": "SELECT count(*) FROM pg_proc WHERE pronamespace = %s",
            "types": (
                "SELECT count(*) FROM pg_type t WHERE typnamespace = %s AND typtype NOT IN ('c', 'b') "
                "OR (typnamespace = %s AND typtype = 'c' AND NOT EXISTS "
                "(SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind = 'r'))"
            ),
            # Triggers are reproduced (pg_get_triggerdef) when their function lives outside the
            # template (the audit trail's append-only guard is public.audit_event_append_only).
            "triggers calling a function of the template": (
                "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "JOIN pg_proc p ON p.oid = t.tgfoid WHERE c.relnamespace = %s AND NOT t.tgisinternal "
                "AND p.pronamespace = c.relnamespace"
            ),
            "sequences not owned by an identity column": (
                "SELECT count(*) FROM pg_class s WHERE s.relnamespace = %s AND s.relkind = 'S' AND NOT EXISTS "
                "(SELECT 1 FROM pg_depend d WHERE d.objid = s.oid AND d.classid = 'pg_class'::regclass "
                "AND d.deptype = 'i')"
            ),
            "generated columns, inheritance, row security or partitions": (
                "SELECT count(*) FROM pg_class c WHERE c.relnamespace = %s AND c.relkind = 'r' AND "
                "(c.relrowsecurity OR c.relispartition OR c.relhassubclass OR EXISTS "
                "(SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid) OR EXISTS "
                "(SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attgenerated <> ''))"
            ),
        }
        for what, sql in checks.items():
            cursor.execute(sql, [nsp] * sql.count("%s"))
            if cursor.fetchone()[0]:
                raise Unsupported(what)

        # Only the template on the path: pg_get_*def leave its names unqualified.
        cursor.execute("SELECT set_config('search_path', %s, true)", [_q(schema_name)])
        statements: list[str] = []
        cursor.execute(
            "SELECT c.oid, c.relname, obj_description(c.oid, 'pg_class') FROM pg_class c "
            "WHERE c.relnamespace = %s AND c.relkind = 'r' ORDER BY c.oid",
            [nsp],
        )
        tables = cursor.fetchall()
        comments: list[str] = []
        for oid, relname, comment in tables:
            cursor.execute(
                """
                SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                       pg_get_expr(d.adbin, d.adrelid), a.attidentity,
                       CASE WHEN a.attcollation <> t.typcollation THEN co.collname END,
                       s.seqrelid::regclass::text, s.seqstart, s.seqincrement, s.seqmin, s.seqmax,
                       s.seqcache, s.seqcycle, col_description(a.attrelid, a.attnum)
                FROM pg_attribute a
                JOIN pg_type t ON t.oid = a.atttypid
                LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                LEFT JOIN pg_collation co ON co.oid = a.attcollation
                LEFT JOIN pg_sequence s ON a.attidentity <> '' AND
                     s.seqrelid = pg_get_serial_sequence(%s, a.attname)::regclass
                WHERE a.attrelid = %s AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attnum
                """,
                [_q(relname), oid],
            )
            columns = []
            for (name, typ, notnull, default, identity, collation, seq, start, inc, smin, smax, cache, cycle,
                 colcomment) in cursor.fetchall():  # fmt: skip
                column = f"{_q(name)} {typ}"
                if collation:
                    column += f" COLLATE {_q(collation)}"
                if notnull:
                    column += " NOT NULL"
                if default is not None:
                    column += f" DEFAULT {default}"
                if identity:
                    kind = "ALWAYS" if identity == "a" else "BY DEFAULT"
                    column += (
                        f" GENERATED {kind} AS IDENTITY (SEQUENCE NAME {seq} START WITH {start} "
                        f"INCREMENT BY {inc} MINVALUE {smin} MAXVALUE {smax} CACHE {cache}"
                        f"{' CYCLE' if cycle else ''})"
                    )
                columns.append(column)
                if colcomment is not None:
                    comments.append(f"COMMENT ON COLUMN {_q(relname)}.{_q(name)} IS {_literal(colcomment)}")
            if comment is not None:
                comments.append(f"COMMENT ON TABLE {_q(relname)} IS {_literal(comment)}")
            statements.append(f"CREATE TABLE {_q(relname)} ({', '.join(columns)})")

        # Primary keys, unique and check constraints, then indexes, then foreign keys
        # (which need their targets' unique indexes).
        cursor.execute(
            """
            SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype
            FROM pg_constraint c WHERE c.connamespace = %s AND c.conrelid <> 0
            ORDER BY c.contype = 'f', c.oid
            """,
            [nsp],
        )
        constraints = cursor.fetchall()
        # pg_get_indexdef always qualifies the table ("ON tenant_template.t USING"): that one
        # known span, quoted by PostgreSQL itself, is cut to the bare table name, and an
        # index whose definition lacks it stops the capture.
        cursor.execute(
            """
            SELECT pg_get_indexdef(i.indexrelid),
                   ' ON ' || quote_ident(%s) || '.' || quote_ident(t.relname) || ' USING ',
                   ' ON ' || quote_ident(t.relname) || ' USING '
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
            WHERE c.relnamespace = %s AND NOT EXISTS
                  (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
            ORDER BY i.indexrelid
            """,
            [schema_name, nsp],
        )
        indexes = []
        for definition, qualified, bare in cursor.fetchall():
            head, found, tail = definition.partition(qualified)
            if not found or not head.startswith("CREATE "):
                raise Unsupported(f"index definition {definition!r}")
            indexes.append(head + bare + tail)
        for table, name, definition, contype in constraints:
            if contype != "f":
                statements.append(f"ALTER TABLE {table} ADD CONSTRAINT {_q(name)} {definition}")
        statements.extend(indexes)
        # Foreign keys after the rows are copied: checked once, with no deferred trigger
        # events left pending (which would forbid dropping the schema in the same transaction).
        after_rows = [
            f"ALTER TABLE {table} ADD CONSTRAINT {_q(name)} {definition}"
            for table, name, definition, contype in constraints
            if contype == "f"
        ]
        after_rows.extend(comments)
        # Triggers last, once the rows are in. pg_get_triggerdef may qualify the table
        # ("ON tenant_template.t FOR"): that one span is cut to the bare name, as for indexes;
        # a definition that still names the template stops the capture.
        cursor.execute(
            "SELECT pg_get_triggerdef(t.oid), ' ON ' || quote_ident(%s) || '.' || quote_ident(c.relname) || ' ', "
            "' ON ' || quote_ident(c.relname) || ' ' FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE c.relnamespace = %s AND NOT t.tgisinternal ORDER BY t.oid",
            [schema_name, nsp],
        )
        triggers = []
        for definition, qualified, bare in cursor.fetchall():
            definition = definition.replace(qualified, bare, 1)
            if schema_name in definition or not definition.startswith("CREATE TRIGGER "):
                unsupported = f"trigger definition {definition!r}"
                break
            triggers.append(definition)
        else:
            unsupported = ""
        after_rows.extend(triggers)

        with_rows = []
        for _oid, relname, _comment in tables:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {_q(relname)})")
            if cursor.fetchone()[0]:
                with_rows.append(relname)
        cursor.execute("SELECT set_config('search_path', %s, true)", [_q(schema_name) + ", public"])
    if unsupported:  # raised with the path restored: the caller's transaction goes on
        raise Unsupported(unsupported)
    return _script(statements), _script(after_rows), with_rows


def _script(statements: list[str]) -> str:
    return "".join(f"{statement};\n" for statement in statements)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def blueprint_get(template: str | None = None) -> Blueprint | None:
    """The blueprint of the template's current migration state, captured on first use.

    None when the template is missing or holds something the capture cannot reproduce."""
    template = template or settings.TENANT_BASE_SCHEMA
    fingerprint = migrations_fingerprint(template)
    if fingerprint is None:
        return None
    key = hashlib.sha256(f"{CAPTURE_VERSION}:{template}:{fingerprint}".encode()).hexdigest()
    cached = _blueprints.get(key)
    if cached is not None:
        return cached
    row = SchemaBlueprint.objects.filter(fingerprint=key).first()
    if row is None:
        with transaction.atomic():
            try:
                sql, after_rows, with_rows = _capture(template)
            except Unsupported:
                return None
        row = SchemaBlueprint(
            fingerprint=key, template=template, sql=sql, sql_after_rows=after_rows, tables_with_rows=with_rows
        )
        SchemaBlueprint.objects.bulk_create([row], ignore_conflicts=True)
    blueprint = Blueprint(
        fingerprint=key, sql=row.sql, sql_after_rows=row.sql_after_rows, tables_with_rows=list(row.tables_with_rows)
    )
    _blueprints[key] = blueprint
    return blueprint


def schema_create_from_template(schema_name: str, *, template: str | None = None) -> bool:
    """Create ``schema_name`` as the template's twin in the current transaction.

    Tables, constraints and indexes from the blueprint; the template's rows (applied
    migrations, content types, permissions) copied, identity sequences set past them.
    False, with nothing done, when there is no blueprint (the caller clones instead)."""
    template = template or settings.TENANT_BASE_SCHEMA
    blueprint = blueprint_get(template)
    if blueprint is None:
        return False
    target, source = quote_ident(schema_name), quote_ident(template)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('search_path')")
        previous = cursor.fetchone()[0]
        cursor.execute(f"CREATE SCHEMA {target}")
        cursor.execute("SELECT set_config('search_path', %s, true)", [target])
        cursor.execute(blueprint.sql)
        copies = [
            f"INSERT INTO {target}.{_q(table)} OVERRIDING SYSTEM VALUE SELECT * FROM {source}.{_q(table)}"
            for table in blueprint.tables_with_rows
        ]
        if copies:
            cursor.execute(";\n".join(copies))
            # Identity sequences continue after the copied rows, as in the template.
            cursor.execute(
                """
                SELECT s.relname FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace
                JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.deptype = 'i'
                JOIN pg_class t ON t.oid = d.refobjid
                WHERE n.nspname = %s AND s.relkind = 'S' AND t.relname = ANY(%s)
                """,
                [template, blueprint.tables_with_rows],
            )
            setvals = [
                f"SELECT setval({_literal(f'{target}.{_q(seq)}')}, last_value, is_called) FROM {source}.{_q(seq)}"
                for (seq,) in cursor.fetchall()
            ]
            if setvals:
                cursor.execute(";\n".join(setvals))
        if blueprint.sql_after_rows:
            cursor.execute(blueprint.sql_after_rows)
        cursor.execute("SELECT set_config('search_path', %s, true)", [previous])
    return True


# --- Spare schemas: created ahead, renamed into place -----------------------------------
# Replaying ~400 DDL statements costs 1-4 s on a busy 2-core machine, whatever the number
# of clients. A spare schema, built from the blueprint beforehand (by migrate_platform and
# by a background task after each client creation), becomes a client's schema by one
# ALTER SCHEMA ... RENAME, which takes milliseconds. Its name carries the blueprint key, so
# a spare from an older migration state is never taken (and migrate_platform drops it).
SPARE_PREFIX = "spare_"


def spare_prefix(blueprint: Blueprint) -> str:
    return f"{SPARE_PREFIX}{blueprint.fingerprint[:12]}_"


def _like_prefix(prefix: str) -> str:
    return prefix.replace("_", r"\_") + "%"


def spare_schema_names(prefix: str = SPARE_PREFIX) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s ORDER BY nspname", [_like_prefix(prefix)]
        )
        return [row[0] for row in cursor.fetchall()]


def spare_schema_take(schema_name: str) -> bool:
    """Rename a current spare schema to ``schema_name`` in this transaction; False if none.

    A transaction-scoped advisory lock per spare keeps two concurrent creations from
    taking the same one; the loser moves on to the next spare (or replays the blueprint)."""
    blueprint = blueprint_get()
    if blueprint is None:
        return False
    target = quote_ident(schema_name)
    with connection.cursor() as cursor:
        for name in spare_schema_names(spare_prefix(blueprint))[:16]:
            cursor.execute("SELECT pg_try_advisory_xact_lock(hashtext(%s))", [name])
            if not cursor.fetchone()[0]:
                continue
            cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [name])
            if cursor.fetchone() is None:  # taken by a transaction that has committed since
                continue
            cursor.execute(f"ALTER SCHEMA {quote_ident(name)} RENAME TO {target}")
            return True
    return False


def spare_schemas_fill(count: int) -> int:
    """Create current spare schemas until ``count`` exist, each in its own transaction."""
    blueprint = blueprint_get()
    if blueprint is None or count <= 0:
        return 0
    prefix = spare_prefix(blueprint)
    created = 0
    with connection.cursor() as cursor:
        # One filler at a time (a session lock: each spare commits on its own).
        cursor.execute("SELECT pg_try_advisory_lock(hashtext('tenants.spare_schemas_fill'))")
        if not cursor.fetchone()[0]:
            return 0
        try:
            for _ in range(max(0, count - len(spare_schema_names(prefix)))):
                with transaction.atomic():
                    schema_create_from_template(prefix + secrets.token_hex(5))
                created += 1
        finally:
            cursor.execute("SELECT pg_advisory_unlock(hashtext('tenants.spare_schemas_fill'))")
    return created


def spare_schemas_prune() -> int:
    """Drop spare schemas built for another migration state than the template's."""
    blueprint = blueprint_get()
    keep = spare_prefix(blueprint) if blueprint is not None else None
    dropped = 0
    for name in spare_schema_names():
        if keep is None or not name.startswith(keep):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"DROP SCHEMA IF EXISTS {quote_ident(name)} CASCADE")
            dropped += 1
    return dropped


# --- Dropped schemas: renamed away now, dropped in the background -------------------------
# DROP SCHEMA ... CASCADE of ~390 relations takes 1-3 s on a busy machine. A dropped client's
# schema is renamed out of the way in the dropping transaction (milliseconds) and dropped by
# a background task (and by migrate_platform) afterwards.
DROPPED_PREFIX = "dropped_"


def schema_retire(schema_name: str) -> bool:
    """Rename the schema to ``dropped_<random>`` in this transaction; False if it is missing."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema_name])
        if cursor.fetchone() is None:
            return False
        cursor.execute(
            f"ALTER SCHEMA {quote_ident(schema_name)} RENAME TO {quote_ident(DROPPED_PREFIX + secrets.token_hex(8))}"
        )
    return True


def dropped_schemas_purge() -> int:
    """DROP SCHEMA ... CASCADE every retired schema, each in its own transaction."""
    purged = 0
    for name in spare_schema_names(DROPPED_PREFIX):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {quote_ident(name)} CASCADE")
        purged += 1
    return purged
