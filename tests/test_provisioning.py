"""Client schemas from the template's captured DDL or a spare schema (tenants/provisioning.py),
dropped by a rename, and a release that migrates only the schemas behind the template."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client as HttpClient
from django_tenants.utils import schema_context, schema_exists

from tenant_apps.accounts.tests.factories import DEFAULT_PASSWORD
from tenants import provisioning
from tenants.models import Client
from tenants.schema import use_public_schema
from tenants.services import (
    client_create,
    client_drop,
    dropped_schemas_purge,
    migrations_pending,
    spare_schemas_fill,
    tenant_schemas_behind,
    tenant_schemas_migrate,
)

TEMPLATE = "tenant_template"


def _one_spelling(definition: str) -> str:
    """PostgreSQL deparses ``status IN ('a', 'b')`` on a varchar column as
    ``ANY ((ARRAY['a'::character varying, …])::text[])`` and, parsing that text again,
    ``ANY (ARRAY[('a'::character varying)::text, …])``: one predicate, two spellings."""
    return re.sub(
        r"\(ARRAY\[([^\]]*)\]\)::text\[\]",
        lambda m: "ARRAY[" + ", ".join(f"({item.strip()})::text" for item in m.group(1).split(",")) + "]",
        definition,
    )


def catalogue(schema: str) -> dict[str, set]:
    """Tables, columns, indexes, constraints, sequences and triggers of one schema, names unqualified."""
    with connection.cursor() as cursor:

        def rows(sql: str) -> set:
            cursor.execute(sql, {"s": schema, "prefix": f"{schema}.", "quoted": f'"{schema}".'})
            return set(cursor.fetchall())

        found = {
            "tables": rows("SELECT relname FROM pg_class WHERE relnamespace = %(s)s::regnamespace AND relkind = 'r'"),
            "columns": rows(
                "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity, "
                "a.attcollation FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                "WHERE c.relnamespace = %(s)s::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped"
            ),
            "indexes": rows(
                "SELECT c.relname, replace(replace(pg_get_indexdef(c.oid), %(quoted)s, ''), %(prefix)s, '') "
                "FROM pg_class c WHERE c.relnamespace = %(s)s::regnamespace AND c.relkind = 'i'"
            ),
            "constraints": rows(
                "SELECT conrelid::regclass::text, conname, contype, condeferrable, condeferred, "
                "replace(replace(pg_get_constraintdef(oid), %(quoted)s, ''), %(prefix)s, '') "
                "FROM pg_constraint WHERE connamespace = %(s)s::regnamespace"
            ),
            "triggers": rows(
                "SELECT c.relname, t.tgname, t.tgtype, t.tgfoid::regproc::text FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = %(s)s::regnamespace AND NOT t.tgisinternal"
            ),
            "sequences": rows(
                "SELECT c.relname, s.seqtypid, s.seqstart, s.seqincrement, s.seqmax, s.seqmin, s.seqcache, s.seqcycle "
                "FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid WHERE c.relnamespace = %(s)s::regnamespace"
            ),
        }
        found["indexes"] = {(name, _one_spelling(definition)) for name, definition in found["indexes"]}
        return found


def bookkeeping(schema: str) -> dict[str, set]:
    with connection.cursor() as cursor:
        out = {}
        for table, columns in (
            ("django_migrations", "app, name"),
            ("django_content_type", "id, app_label, model"),
            ("auth_permission", "id, content_type_id, codename"),
        ):
            cursor.execute(f'SELECT {columns} FROM "{schema}".{table}')
            out[table] = set(cursor.fetchall())
        return out


def without_schema_oids(schema: str, catalogue_: dict[str, set]) -> dict[str, set]:
    """Constraint rows name their table as regclass text: qualified when off the search path."""
    fixed = dict(catalogue_)
    fixed["constraints"] = {(t.split(".")[-1], *rest) for t, *rest in catalogue_["constraints"]}
    return fixed


class SchemaFromTemplateTests:
    @pytest.mark.parametrize("path", ["replayed", "spare"])
    def test_a_new_client_schema_is_the_template_twin(self, db, path):
        # given
        if path == "spare":
            assert spare_schemas_fill(count=1) == 1
        # when
        client = client_create(name="Twin", slug="twin", features=[])
        # then
        assert provisioning.spare_schema_names() == []  # the spare (if any) was taken
        template = without_schema_oids(TEMPLATE, catalogue(TEMPLATE))
        twin = without_schema_oids(client.schema_name, catalogue(client.schema_name))
        for kind in template:
            assert twin[kind] == template[kind], kind
        assert len(template["tables"]) > 40 and len(template["indexes"]) > 150
        assert bookkeeping(client.schema_name) == bookkeeping(TEMPLATE)
        assert provisioning.migrations_fingerprint(client.schema_name) == provisioning.migrations_fingerprint(TEMPLATE)
        assert client.schema_name not in tenant_schemas_behind()[0]

    def test_identity_sequences_continue_after_the_copied_rows(self, db):
        client = client_create(name="Seq", slug="seq", features=[])

        with schema_context(client.schema_name), connection.cursor() as cursor:
            cursor.execute("SELECT max(id) FROM auth_permission")
            highest = cursor.fetchone()[0]
            cursor.execute(
                "INSERT INTO auth_permission (name, content_type_id, codename) "
                "SELECT 'x', min(id), 'bench_x' FROM django_content_type RETURNING id"
            )
            assert cursor.fetchone()[0] == highest + 1
            cursor.execute(
                "INSERT INTO accounts_user (password, email, first_name, last_name, phone, role, profile_pic_url, "
                "is_active, is_profile_active, google_sub, date_joined, updated_at) "
                "VALUES ('', 'a@x.test', '', '', '', 'student', '', true, true, '', now(), now()) RETURNING id"
            )
            assert cursor.fetchone()[0] == 1

    def test_the_blueprint_is_captured_once_per_migration_state(self, db):
        blueprint = provisioning.blueprint_get()
        assert blueprint is not None
        assert provisioning.blueprint_get() is blueprint
        assert "tenant_template" not in blueprint.sql + blueprint.sql_after_rows  # nothing names the template
        assert re.search(r"^CREATE TABLE", blueprint.sql, re.M)
        assert "FOREIGN KEY" not in blueprint.sql and "FOREIGN KEY" in blueprint.sql_after_rows

    def test_a_template_with_a_view_has_no_blueprint(self, db):
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE VIEW "{TEMPLATE}".v AS SELECT 1 AS one')
        with transaction.atomic(), pytest.raises(provisioning.Unsupported, match="relations other than"):
            provisioning._capture(TEMPLATE)

    def test_a_created_client_works_end_to_end(self, api, platform_admin, smtp_sink):
        admin, _ = platform_admin
        # a platform admin creates the client
        created = admin.post("/accounts/clients/", {"name": "Omega", "slug": "omega"})
        assert created.status_code == 201, created.json()
        client_id = created.json()["id"]
        base = f"/accounts/clients/{client_id}"
        # someone signs up, verifies and logs in
        signup = {
            "first_name": "Ada", "last_name": "L", "email": "ada@omega.test", "phone": "+15550100",
            "password": "Str0ng-Passw0rd!", "confirm_password": "Str0ng-Passw0rd!",
        }  # fmt: skip
        assert api.post(f"{base}/user/signup/", signup).status_code == 200
        found = re.search(r"\b(\d{6})\b", smtp_sink.messages[-1].text())
        assert found is not None, smtp_sink.messages[-1].text()
        otp = found.group(1)
        assert api.post(f"{base}/user/verify-email/", {"email": "ada@omega.test", "otp": otp}).status_code == 201
        login = api.post(f"{base}/user/login/", {"email": "ada@omega.test", "password": "Str0ng-Passw0rd!"})
        assert login.status_code == 200
        student = api.with_token(login.json()["access"])
        # the client's admin builds a course, the student sees it and enrolls
        client = Client.objects.get(id=client_id)
        with schema_context(client.schema_name):
            from tenant_apps.accounts.tests.factories import UserFactory

            UserFactory(email="boss@omega.test", role="admin")
        boss_login = api.post(f"{base}/user/login/", {"email": "boss@omega.test", "password": DEFAULT_PASSWORD})
        boss = api.with_token(boss_login.json()["access"])
        course = boss.post(f"/admin-dashboard/api/clients/{client_id}/courses/", {"title": "Fresh 101"})
        assert course.status_code == 201, course.json()
        listed = student.get(f"/lms/clients/{client_id}/courses/")
        assert listed.status_code == 200 and [c["title"] for c in listed.json()] == ["Fresh 101"]
        enroll = student.post(f"/lms/clients/{client_id}/courses/{course.json()['id']}/enroll/")
        assert enroll.status_code in (200, 201), enroll.json()


class DropTests:
    def test_dropping_a_client_renames_its_schema_away_then_purges_it(self, db, platform_admin):
        # given
        admin, _ = platform_admin
        client = client_create(name="Gone", slug="gone", features=[])
        schema = client.schema_name
        # when
        client_drop(client=client)
        # then
        assert not Client.objects.filter(id=client.id).exists()
        assert not schema_exists(schema)
        retired = provisioning.spare_schema_names(provisioning.DROPPED_PREFIX)
        assert len(retired) == 1
        assert admin.get(f"/accounts/clients/{client.id}/").status_code == 404
        assert dropped_schemas_purge() == 1
        assert provisioning.spare_schema_names(provisioning.DROPPED_PREFIX) == []

    def test_a_slug_is_free_again_once_its_client_is_dropped(self, db):
        client_drop(client=client_create(name="Again", slug="again", features=[]))

        again = client_create(name="Again", slug="again", features=[])

        assert schema_exists(again.schema_name)


# Redundant single-column indexes kept: Django's own auth tables and the auto-created
# many-to-many tables, whose fields cannot take db_index=False without new models.
KEPT_LED_BY_ANOTHER = {"auth_group_permissions", "auth_permission", "forum_thread_tags", "lms_course_instructors",
                       "lms_course_trusted_by"}  # fmt: skip
# varchar_pattern_ops twins kept: a query needs it (assessment slugs are made unique with
# slug__startswith), or Django's auth model declares it.
KEPT_LIKE = {("assessment_assessment", "slug"), ("auth_group", "name")}


def led_by_another(schema: str) -> set[str]:
    """Tables of the schema with a single-column index whose column leads another of its
    plain indexes (the SQL of docs/benchmarks.md "Relations per client schema")."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH ix AS (SELECT i.indexrelid, i.indrelid, string_to_array(i.indkey::text, ' ') k,
                               i.indpred IS NULL AND i.indexprs IS NULL plain, pg_get_indexdef(i.indexrelid) d
                        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                        WHERE c.relnamespace = %s::regnamespace)
            SELECT DISTINCT t.relname FROM ix a JOIN ix b
              ON a.indrelid = b.indrelid AND a.indexrelid <> b.indexrelid AND a.plain AND b.plain
             AND array_length(a.k, 1) < array_length(b.k, 1) AND b.k[1:array_length(a.k, 1)] = a.k
             AND a.d NOT LIKE '%%pattern_ops%%' AND a.d NOT LIKE '%%UNIQUE%%'
            JOIN pg_class t ON t.oid = a.indrelid
            """,
            [schema],
        )
        return {row[0] for row in cursor.fetchall()}


class TemplateIndexesTests:
    """Every index in a client schema is one more relation in each of 1,000 schemas
    (docs/benchmarks.md "Relations per client schema"): none may be led by another."""

    def test_no_single_column_index_is_led_by_another_index_of_its_table(self, db):
        assert led_by_another(TEMPLATE) <= KEPT_LED_BY_ANOTHER

    def test_an_index_led_by_another_is_found(self, db):
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE INDEX probe_course_idx ON "{TEMPLATE}".lms_enrollment (course_id)')

        assert "lms_enrollment" in led_by_another(TEMPLATE)  # led by (course_id, user_id)

    def test_only_the_like_twins_a_query_needs_are_left(self, db):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT t.relname, a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_class t ON t.oid = i.indrelid JOIN pg_attribute a ON a.attrelid = t.oid "
                "AND a.attnum = i.indkey[0] WHERE c.relnamespace = %s::regnamespace "
                "AND pg_get_indexdef(i.indexrelid) LIKE '%%pattern_ops%%'",
                [TEMPLATE],
            )
            assert set(cursor.fetchall()) == KEPT_LIKE


def _rewind_deleted_at(schema_name: str) -> None:
    """Put a schema one AddField behind: accounts.0002_user_deleted_at unapplied. The later
    accounts.0003 and 0004 are forgotten with it (Django refuses a history with a gap); they
    only drop indexes IF EXISTS or create one IF NOT EXISTS, so applying them again does nothing."""
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER TABLE "{schema_name}".accounts_user DROP COLUMN deleted_at')
        cursor.execute(
            f"DELETE FROM \"{schema_name}\".django_migrations WHERE app = 'accounts' "
            "AND name IN ('0002_user_deleted_at', '0003_drop_redundant_indexes', '0004_user_name_handle_idx')"
        )


class ReleaseTests:
    def test_only_schemas_behind_the_template_are_migrated(self, db):
        # given: one client one AddField behind (accounts.0002_user_deleted_at unapplied)
        late = client_create(name="Late", slug="late", features=[])
        _rewind_deleted_at(late.schema_name)
        # when
        behind, total = tenant_schemas_behind()
        # then
        assert behind == [late.schema_name]
        assert total == Client.objects.exclude(schema_name="public").count() >= 3
        tenant_schemas_migrate(schema_names=behind, processes=1)
        assert tenant_schemas_behind()[0] == []
        with schema_context(late.schema_name):
            from tenant_apps.accounts.models import User

            assert list(User.objects.values_list("deleted_at", flat=True)) == []  # the column is back

    def test_migrate_platform_reports_what_it_skipped(self, db):
        out = StringIO()

        call_command("migrate_platform", processes=1, verbosity=1, stdout=out)

        total = Client.objects.exclude(schema_name="public").count()
        assert f"0 of {total} client schemas migrated, {total} already up to date" in out.getvalue()

    def test_migrate_platform_skips_migrate_in_an_up_to_date_template_and_runs_it_in_one_behind(self, db):
        # given
        assert not migrations_pending(schema_name=TEMPLATE)
        _rewind_deleted_at(TEMPLATE)
        assert migrations_pending(schema_name=TEMPLATE)
        # when
        call_command("migrate_platform", processes=1, verbosity=0, stdout=StringIO())
        # then
        assert not migrations_pending(schema_name=TEMPLATE)
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT deleted_at FROM "{TEMPLATE}".accounts_user')
        assert tenant_schemas_behind()[0] == []

    def test_a_client_without_a_schema_counts_as_behind(self, db):
        ghost = Client(schema_name="c_ghost", name="Ghost", slug="ghost")
        ghost.auto_create_schema = False
        ghost.save()

        assert "c_ghost" in tenant_schemas_behind()[0]


def test_two_simultaneous_creations_of_one_slug_give_one_client_and_a_400(django_db_setup, django_db_blocker):
    """Each request on its own connection, committed: the loser waits on the unique slug and
    answers 400, never 500; one spare schema goes to exactly one of two creations."""
    from tenant_apps.accounts.services import session_start
    from tenant_apps.accounts.tests.factories import UserFactory
    from tenant_apps.assessment.tests.concurrency import run_together
    from tenants.selectors import public_client_get

    def create(slug: str, token: str):
        def go() -> int:
            response = HttpClient().post(
                "/accounts/clients/",
                data={"name": "Race", "slug": slug, "feature_ids": []},
                content_type="application/json",
                headers={"Authorization": f"Bearer {token}"},
            )
            return response.status_code

        return go

    with django_db_blocker.unblock():
        with schema_context("public"):
            root = UserFactory(role="superadmin", email="race-root@platform.test")
            token = session_start(user=root, client_id=public_client_get().id).access
        try:
            # given
            spare_schemas_fill(count=1)
            # when
            same = run_together([create("race", token), create("race", token)])
            # then
            assert sorted(same) == [201, 400]
            assert Client.objects.filter(slug="race").count() == 1
            assert provisioning.spare_schema_names() == []

            # given
            spare_schemas_fill(count=1)
            # when
            different = run_together([create("race-a", token), create("race-b", token)])
            # then
            assert different == [201, 201]
            assert provisioning.spare_schema_names() == []
            for slug in ("race-a", "race-b"):
                schema = Client.objects.get(slug=slug).schema_name
                assert provisioning.migrations_fingerprint(schema) == provisioning.migrations_fingerprint(TEMPLATE)
        finally:
            use_public_schema()
            for client in Client.objects.filter(slug__in=["race", "race-a", "race-b"]):
                client_drop(client=client)
            dropped_schemas_purge()
            for name in provisioning.spare_schema_names():
                with connection.cursor() as cursor:
                    cursor.execute(f'DROP SCHEMA "{name}" CASCADE')
            with connection.cursor() as cursor:  # the ORM's cascade would look for tenant tables
                cursor.execute("DELETE FROM public.accounts_authsession WHERE user_id = %s", [root.id])
                cursor.execute("DELETE FROM public.accounts_user WHERE id = %s", [root.id])
