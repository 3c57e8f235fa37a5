import os
from typing import Any

from django.core.management.base import BaseCommand

from fixtures.demo import seed_demo


class Command(BaseCommand):
    help = "Create (or refresh) the demo client and its users, and print their logins."

    def handle(self, *args: Any, **options: Any) -> None:
        result = seed_demo()
        port = os.environ.get("PORT", "8000")
        self.stdout.write("")
        self.stdout.write(f"Demo client id {result['client_id']} (platform admins log in through client 1)")
        self.stdout.write(f"API docs: http://127.0.0.1:{port}/api/docs")
        self.stdout.write(f"{'client':>6}  {'role':<11} {'email':<26} password")
        for login in result["logins"]:
            self.stdout.write(f"{login['client_id']:>6}  {login['role']:<11} {login['email']:<26} {login['password']}")
        self.stdout.write(
            f"Try: curl -s -X POST http://127.0.0.1:{port}/accounts/clients/{result['client_id']}/user/login/ "
            f"-H 'Content-Type: application/json' "
            f'-d \'{{"email": "student1@demo.local", "password": "{result["logins"][0]["password"]}"}}\''
        )
        self.stdout.write("")
