from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from tenants.services import public_client_ensure, template_schema_ensure


class Command(BaseCommand):
    help = "Release step: migrate public, the template schema new clients clone, then every client."

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options.get("verbosity", 1)
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
        public_client_ensure()
        template_schema_ensure(verbosity=verbosity)
        call_command("migrate_schemas", tenant=True, interactive=False, verbosity=verbosity)
