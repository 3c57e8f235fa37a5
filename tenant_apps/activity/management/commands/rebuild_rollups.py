"""``manage.py rebuild_rollups [--client-id N]``: recompute the activity rollups
(``DailyActivity``) from the raw rows, in one client or in every client; one JSON line."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tenants.utils import get_public_schema_name, schema_context

from tenant_apps.activity.rollups import rollups_rebuild
from tenants.models import Client


class Command(BaseCommand):
    help = "Recompute the per-user-per-day activity rollups from the raw activity rows."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--client-id", type=int, help="only this client (default: every client)")

    def handle(self, *args: Any, **options: Any) -> None:
        clients = Client.objects.exclude(schema_name=get_public_schema_name()).order_by("id")
        if options["client_id"] is not None:
            clients = clients.filter(id=options["client_id"])
            if not clients.exists():
                raise CommandError(f"No client {options['client_id']}.")
        rows: dict[str, int] = {}
        for client in clients:
            with schema_context(client.schema_name):
                rows[str(client.id)] = rollups_rebuild()
        self.stdout.write(json.dumps({"clients": len(rows), "rows": rows}))
