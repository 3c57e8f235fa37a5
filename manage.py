#!/usr/bin/env python
"""Django's command-line utility; starts the embedded PostgreSQL when it is needed."""

import os
import sys

NO_DATABASE_COMMANDS = {"export_openapi_schema", "help", "makemigrations", "check", "shell_plus", "collectstatic"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    command = sys.argv[1] if len(sys.argv) > 1 else "help"
    if not os.environ.get("DATABASE_URL") and command not in NO_DATABASE_COMMANDS:
        from config.embedded_pg import ensure_running

        ensure_running()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
