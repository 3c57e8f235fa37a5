import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.errors import DomainError
from tenants.models import Client
from tenants.services import client_create


class Command(BaseCommand):
    help = 'Create a client and its schema; prints {"client_id": N, "schema_name": "..."}. Idempotent by slug.'

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--slug", required=True)

    def handle(self, *args: Any, name: str, slug: str, **options: Any) -> None:
        client = Client.objects.filter(slug=slug.strip().lower()).first()
        if client is None:
            try:
                client = client_create(name=name, slug=slug)
            except DomainError as exc:
                raise CommandError(json.dumps(exc.payload())) from exc
        self.stdout.write(json.dumps({"client_id": client.id, "schema_name": client.schema_name}))
