import os
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django_tenants.utils import get_public_schema_name

from tenants.services import (
    dropped_schemas_purge,
    migrations_pending,
    public_client_ensure,
    spare_schemas_fill,
    spare_schemas_prune,
    template_schema_ensure,
    tenant_schemas_behind,
    tenant_schemas_migrate,
)


class Command(BaseCommand):
    help = (
        "Release step: migrate public, the template schema new clients copy, then only the client "
        "schemas whose applied migrations differ from the template's, in parallel."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--processes",
            type=int,
            default=int(os.environ.get("MIGRATE_PROCESSES", "0")) or min(4, os.cpu_count() or 1),
            help="Client schemas migrated at once (MIGRATE_PROCESSES; default: CPUs, at most 4).",
        )
        parser.add_argument(
            "--always", action="store_true", help="Run migrate in public and the template even with nothing pending."
        )

    def handle(self, *args: Any, processes: int, **options: Any) -> None:
        verbosity = options.get("verbosity", 1)
        steps: list[tuple[str, float]] = []
        start = last = time.perf_counter()

        def step(name: str) -> None:
            nonlocal last
            now = time.perf_counter()
            steps.append((name, now - last))
            last = now

        # Django's migrate (and its post-migrate signals) only where a migration is pending.
        if options["always"] or migrations_pending(schema_name=get_public_schema_name()):
            call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
        public_client_ensure()
        step("public")
        template_schema_ensure(verbosity=verbosity, skip_if_current=not options["always"])
        step("template")
        behind, total = tenant_schemas_behind()
        step("compare")
        tenant_schemas_migrate(schema_names=behind, processes=processes, verbosity=verbosity)
        step("clients")
        purged = dropped_schemas_purge()
        pruned = spare_schemas_prune()
        filled = spare_schemas_fill()
        step("spares")
        if verbosity:
            self.stdout.write(
                f"migrate_platform: {len(behind)} of {total} client schemas migrated, "
                f"{total - len(behind)} already up to date; spare schemas: {pruned} stale dropped, "
                f"{filled} created; {purged} dropped clients' schemas purged; "
                f"{time.perf_counter() - start:.1f} s ({', '.join(f'{n} {t:.1f} s' for n, t in steps)})"
            )
