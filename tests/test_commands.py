"""The operator commands print one JSON line and are idempotent."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_tenants.utils import schema_context

from tenant_apps.accounts.models import User


def _run(*args) -> dict:
    out = StringIO()
    call_command(*args, stdout=out)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    assert len(lines) == 1, lines
    return json.loads(lines[0])


class CommandTests:
    def test_create_platform_admin_is_idempotent(self, public_client):
        first = _run("create_platform_admin", "--email", "Root@Platform.test", "--password", "Secret-Passw0rd!")
        second = _run("create_platform_admin", "--email", "root@platform.test", "--password", "Secret-Passw0rd!")

        assert first == second == {"client_id": 1, "user_id": first["user_id"]}
        with schema_context("public"):
            assert User.objects.get(id=first["user_id"]).role == "superadmin"

    def test_create_client_and_user(self, db, api):
        client = _run("create_client", "--name", "Delta", "--slug", "delta")
        again = _run("create_client", "--name", "Delta", "--slug", "delta")
        user = _run(
            "create_user", "--client-id", str(client["client_id"]), "--email", "t@delta.test",
            "--password", "Secret-Passw0rd!", "--role", "instructor", "--first-name", "Tia",
        )  # fmt: skip

        assert client == again and client["schema_name"] == "c_delta"
        login = api.post(
            f"/accounts/clients/{client['client_id']}/user/login/",
            {"email": "t@delta.test", "password": "Secret-Passw0rd!"},
        )
        assert login.status_code == 200
        assert login.json()["user"].items() >= {  # the contract's fields (the web clients' beside them)
            "id": user["user_id"], "email": "t@delta.test", "first_name": "Tia", "last_name": "", "role": "instructor",
        }.items()  # fmt: skip

    def test_bad_input_is_a_command_error(self, client_a):
        with pytest.raises(CommandError):
            call_command("create_user", "--client-id", "999999", "--email", "a@b.test", "--password", "x")
        with pytest.raises(CommandError):
            call_command(
                "create_user",
                "--client-id",
                str(client_a.id),
                "--email",
                "a@b.test",
                "--password",
                "x",
                "--role",
                "wizard",
            )
        with pytest.raises(CommandError):
            call_command("create_client", "--name", "X", "--slug", "Not A Slug")
        with pytest.raises(CommandError):  # platform admins exist only in client 1
            call_command(
                "create_user",
                "--client-id",
                str(client_a.id),
                "--email",
                "a@b.test",
                "--password",
                "Secret-Passw0rd!",
                "--role",
                "superadmin",
            )
        with pytest.raises(CommandError):  # and client 1 has no students
            call_command("create_user", "--client-id", "1", "--email", "a@b.test", "--password", "Secret-Passw0rd!")

    def test_seed_demo_is_idempotent(self, db, api):
        call_command("seed_demo", stdout=StringIO())
        out = StringIO()
        call_command("seed_demo", stdout=out)

        assert "student1@demo.local" in out.getvalue()
        from tenants.models import Client

        demo = Client.objects.get(slug="demo")
        login = api.post(
            f"/accounts/clients/{demo.id}/user/login/", {"email": "admin@demo.local", "password": "Demo-Passw0rd!"}
        )
        assert login.status_code == 200 and login.json()["user"]["role"] == "admin"
        root = api.post(
            "/accounts/clients/1/user/login/", {"email": "admin@platform.local", "password": "Demo-Passw0rd!"}
        )
        assert root.status_code == 200 and root.json()["user"]["role"] == "superadmin"
