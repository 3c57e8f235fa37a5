import statistics
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.test.utils import override_settings

from tenants.models import Client
from tenants.services import client_create, client_drop, template_schema_ensure


class Command(BaseCommand):
    help = "Time creating clients by cloning the template schema vs replaying migrations (drops them after)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--n", type=int, default=5)

    def handle(self, *args: Any, n: int, **options: Any) -> None:
        template_schema_ensure()
        results = {}
        for mode, fakes in (("clone", True), ("migrate", False)):
            timings = []
            with override_settings(
                TENANT_CREATION_FAKES_MIGRATIONS=fakes, TENANT_BASE_SCHEMA="tenant_template" if fakes else None
            ):
                for i in range(n):
                    slug = f"bench-{mode}-{i}"
                    Client.objects.filter(slug=slug).delete()
                    start = time.perf_counter()
                    client = client_create(name=slug, slug=slug)
                    timings.append(time.perf_counter() - start)
                    client_drop(client=client)
            results[mode] = timings
            self.stdout.write(
                f"{mode:8} n={n} median={statistics.median(timings):.3f}s "
                f"min={min(timings):.3f}s max={max(timings):.3f}s"
            )
