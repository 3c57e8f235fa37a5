"""Measure client provisioning at 1, 100 and N existing clients (docs/benchmarks.md).

Fills the database with ``bench-NNNN`` clients (kept between runs, so a rerun only adds the
missing ones; ``--cleanup`` drops them), then at each stage times ``client_create`` from a
spare schema and by replaying the template's DDL, ``client_drop``, and the background
purge of a dropped schema. At the last stage it times the release command
(``migrate_platform``) with nothing to apply and, with ``--one-column``, with one
AddField migration (accounts.0002_user_deleted_at) to apply in every client schema, and a
backend's memory after touching every client schema.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.test.utils import override_settings
from django_tenants.utils import get_public_schema_name

from tenants import provisioning
from tenants.models import Client
from tenants.services import client_create, client_drop, dropped_schemas_purge, spare_schemas_fill

BENCH_PREFIX = "bench-"
PROBE_PREFIX = "probe-"
ONE_COLUMN = ("accounts", "0002_user_deleted_at", "accounts_user", "deleted_at")
# Later migrations of ONE_COLUMN's app that are forgotten with it (Django refuses a history
# with a gap) and replayed by the release: their database step is DROP INDEX IF EXISTS of
# indexes that are already gone, or CREATE INDEX IF NOT EXISTS of one still there
# (core.index_migrations.AddIndexIfMissing), so the work measured stays one AddField.
REPLAYABLE_SUFFIXES = ("_drop_redundant_indexes", "_name_handle_idx")


def _client_count() -> int:
    count: int = Client.objects.exclude(schema_name=get_public_schema_name()).count()
    return count


def _fill_worker(slugs: list[str]) -> int:
    """Create these bench clients (one forked process; its own connection, renewed every 25
    clients so its catalogue caches stay small)."""
    connection.close()
    made = 0
    with override_settings(TENANT_SPARE_SCHEMAS=0):
        for n, slug in enumerate(slugs):
            if n and n % 25 == 0:
                connection.close()
            if not Client.objects.filter(slug=slug).exists():
                client_create(name=slug, slug=slug, features=[])
                made += 1
    connection.close()
    return made


def _ms(values: list[float]) -> str:
    return f"median {statistics.median(values):.3f} s (min {min(values):.3f}, max {max(values):.3f})"


class Command(BaseCommand):
    help = "Time client creation/drop at 1, 100 and --clients existing clients, and the no-op release."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clients", type=int, default=100, help="Largest number of existing clients.")
        parser.add_argument("--samples", type=int, default=5, help="Creations timed per stage and path.")
        parser.add_argument("--jobs", type=int, default=2, help="Processes filling the database.")
        parser.add_argument("--one-column", action="store_true", help="Also time a one-column migration.")
        parser.add_argument("--behind", type=int, default=0, help="Schemas --one-column rewinds (default: all).")
        parser.add_argument("--skip-migrate", action="store_true", help="Skip the migrate_platform timings.")
        parser.add_argument("--migrate-only", action="store_true", help="Only the migrate_platform timings.")
        parser.add_argument("--cleanup", action="store_true", help="Drop every bench client and exit.")
        parser.add_argument(
            "--fill-only", action="store_true", help="Only create bench clients up to --clients (nothing timed)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["cleanup"]:
            self._cleanup()
            return
        target: int = options["clients"]
        if options["fill_only"]:
            self._fill_to(target, jobs=options["jobs"])
            return
        stages = sorted({s for s in (1, 100, target) if s <= target})
        for stage in [] if options["migrate_only"] else stages:
            self._fill_to(stage, jobs=options["jobs"])
            self._measure(stage, samples=options["samples"])
        if not options["skip_migrate"]:
            self._migrate_platform("no-op")
            if options["one_column"]:
                self._rewind_one_column(options["behind"])
                self._migrate_platform("one column")
                self._migrate_platform("no-op again")
        self._backend_memory()

    def _out(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()

    def _fill_to(self, stage: int, *, jobs: int) -> None:
        have = _client_count()
        if have >= stage:
            return
        existing = set(Client.objects.filter(slug__startswith=BENCH_PREFIX).values_list("slug", flat=True))
        slugs: list[str] = []
        n = 0
        while len(slugs) < stage - have:
            slug = f"{BENCH_PREFIX}{n:05d}"
            if slug not in existing:
                slugs.append(slug)
            n += 1
        start = time.perf_counter()
        connection.close()
        if jobs > 1 and len(slugs) > jobs:
            import multiprocessing

            with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
                made = sum(pool.map(_fill_worker, [slugs[i::jobs] for i in range(jobs)]))
        else:
            made = _fill_worker(slugs)
        elapsed = time.perf_counter() - start
        self._out(f"filled to {_client_count()} clients: {made} created in {elapsed:.1f} s ({jobs} processes)")

    def _measure(self, stage: int, *, samples: int) -> None:
        existing = _client_count()
        spare, replay, drop, purge = [], [], [], []
        probes: list[Client] = []
        with override_settings(TENANT_SPARE_SCHEMAS=0):  # no refill task: timed separately below
            spare_schemas_fill(count=samples)
            for n in range(samples):
                connection.close()  # a fresh backend, as after CONN_MAX_AGE
                start = time.perf_counter()
                probes.append(client_create(name=f"Probe {n}", slug=f"{PROBE_PREFIX}spare-{n}", features=[]))
                spare.append(time.perf_counter() - start)
            leftover = provisioning.spare_schema_names()
            assert not leftover, f"spares left over: {leftover}"
            for n in range(samples):
                connection.close()
                start = time.perf_counter()
                probes.append(client_create(name=f"Probe {n}", slug=f"{PROBE_PREFIX}replay-{n}", features=[]))
                replay.append(time.perf_counter() - start)
            for probe in probes:
                connection.close()
                start = time.perf_counter()
                client_drop(client=probe)
                drop.append(time.perf_counter() - start)
            count = len(provisioning.spare_schema_names(provisioning.DROPPED_PREFIX))
            start = time.perf_counter()
            dropped_schemas_purge()
            purge.append((time.perf_counter() - start) / max(count, 1))
        self._out(f"at {existing} existing clients (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs):")
        self._out(f"  client_create, spare schema renamed: {_ms(spare)}")
        self._out(f"  client_create, template DDL replayed (also the refill cost of a spare): {_ms(replay)}")
        self._out(f"  client_drop (schema renamed away):   {_ms(drop)}")
        self._out(f"  background purge, per dropped schema: {purge[0]:.3f} s")

    def _migrate_platform(self, label: str) -> None:
        manage = Path(settings.BASE_DIR) / "manage.py"
        load = os.getloadavg()[0]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run(  # noqa: S603 (this interpreter and manage.py, fixed arguments)
            [sys.executable, str(manage), "migrate_platform", "-v", "1"],
            capture_output=True,
            text=True,
            env={**os.environ, "TENANT_SPARE_SCHEMAS": "0"},
        )
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        summary = [line for line in result.stdout.splitlines() if line.startswith("migrate_platform:")]
        if result.returncode:
            self._out(result.stdout[-2000:] + result.stderr[-2000:])
            raise SystemExit(result.returncode)
        self._out(
            f"migrate_platform ({label}) at {_client_count()} clients: {elapsed:.1f} s wall, {cpu:.1f} s CPU of its "
            f"own processes, load average {load:.1f} on {os.cpu_count()} CPUs; {summary}"
        )

    def _rewind_one_column(self, behind: int) -> None:
        """Put client schemas (``behind`` of them, or all) one AddField behind, as before a
        deploy adding a column."""
        app, name, table, column = ONE_COLUMN
        from django.db.migrations.loader import MigrationLoader

        later = sorted(
            n for a, n in MigrationLoader(None, ignore_no_migrations=True).disk_migrations if a == app and n > name
        )
        if any(not n.endswith(REPLAYABLE_SUFFIXES) for n in later):
            raise CommandError(f"{app}.{name} is no longer the last one-column step of {app} (after it: {later})")
        names = [name, *later]
        schemas = list(
            Client.objects.exclude(schema_name=get_public_schema_name())
            .order_by("id")
            .values_list("schema_name", flat=True)
        )
        schemas = schemas[:behind] if behind else schemas
        start = time.perf_counter()
        for i in range(0, len(schemas), 50):
            with transaction.atomic(), connection.cursor() as cursor:
                for schema in schemas[i : i + 50]:
                    q = provisioning.quote_ident(schema)
                    cursor.execute(f'ALTER TABLE {q}."{table}" DROP COLUMN IF EXISTS "{column}"')
                    cursor.execute(f"DELETE FROM {q}.django_migrations WHERE app = %s AND name = ANY(%s)", [app, names])
        self._out(f"rewound {app} {names} in {len(schemas)} schemas in {time.perf_counter() - start:.1f} s")

    def _backend_memory(self) -> None:
        """One backend reads a few tables in every client schema, as a long-lived web
        connection serving every client would; its cache memory before and after."""
        connection.close()
        schemas = list(
            Client.objects.exclude(schema_name=get_public_schema_name()).values_list("schema_name", flat=True)
        )

        def memory() -> tuple[float, float]:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT coalesce(sum(total_bytes) FILTER (WHERE name = 'CacheMemoryContext'"
                    " OR parent = 'CacheMemoryContext'), 0), sum(total_bytes) FROM pg_backend_memory_contexts"
                )
                cache, total = cursor.fetchone()
            return cache / 2**20, total / 2**20

        before = memory()
        start = time.perf_counter()
        with connection.cursor() as cursor:
            for schema in schemas:
                q = provisioning.quote_ident(schema)
                cursor.execute(
                    f"SELECT (SELECT count(*) FROM {q}.accounts_user), (SELECT count(*) FROM {q}.lms_course c "
                    f"JOIN {q}.lms_enrollment e ON e.course_id = c.id), (SELECT count(*) FROM {q}.django_migrations)"
                )
                cursor.fetchall()
        elapsed = time.perf_counter() - start
        after = memory()
        self._out(
            f"one backend, 4 tables read in each of {len(schemas)} schemas ({elapsed:.1f} s): cache memory "
            f"{before[0]:.1f} -> {after[0]:.1f} MiB, all contexts {before[1]:.1f} -> {after[1]:.1f} MiB"
        )
        connection.close()

    def _cleanup(self) -> None:
        clients = list(Client.objects.filter(slug__startswith=BENCH_PREFIX)) + list(
            Client.objects.filter(slug__startswith=PROBE_PREFIX)
        )
        start = time.perf_counter()
        with override_settings(TENANT_SPARE_SCHEMAS=0):
            for client in clients:
                client_drop(client=client)
            purged = dropped_schemas_purge()
        elapsed = time.perf_counter() - start
        self._out(f"dropped {len(clients)} bench clients, purged {purged} schemas in {elapsed:.1f} s")
