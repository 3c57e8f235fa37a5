import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tenants.utils import get_public_schema_name, schema_context

from core.errors import DomainError
from tenant_apps.accounts.models import Role
from tenant_apps.accounts.services import user_create
from tenants.services import public_client_ensure


class Command(BaseCommand):
    help = 'Create (or update) a platform admin; prints {"client_id": <public client id>, "user_id": N}.'

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--password", required=True)

    def handle(self, *args: Any, email: str, password: str, **options: Any) -> None:
        client = public_client_ensure()
        with schema_context(get_public_schema_name()):
            try:
                user, _ = user_create(email=email, password=password, role=Role.SUPERADMIN)
            except DomainError as exc:
                raise CommandError(json.dumps(exc.payload())) from exc
        self.stdout.write(json.dumps({"client_id": client.id, "user_id": user.id}))
