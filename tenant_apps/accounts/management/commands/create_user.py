import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tenants.utils import schema_context

from core.errors import DomainError
from tenant_apps.accounts.services import user_create
from tenants.models import Client


class Command(BaseCommand):
    help = 'Create (or update) a user of a client; prints {"user_id": N}.'

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--client-id", type=int, required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--role", default="student")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        client = Client.objects.filter(id=options["client_id"]).first()
        if client is None:
            raise CommandError(f"No client with id {options['client_id']}")
        with schema_context(client.schema_name):
            try:
                user, _ = user_create(
                    email=options["email"],
                    password=options["password"],
                    role=options["role"],
                    first_name=options["first_name"],
                    last_name=options["last_name"],
                )
            except DomainError as exc:
                raise CommandError(json.dumps(exc.payload())) from exc
        self.stdout.write(json.dumps({"user_id": user.id}))
