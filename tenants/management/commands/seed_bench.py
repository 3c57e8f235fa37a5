from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fixtures.bench import PRESETS, seed_bench


class Command(BaseCommand):
    help = "Seed the benchmark world of a preset (small, medium, target); idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--preset", choices=sorted(PRESETS), default="small")

    def handle(self, *args: Any, **options: Any) -> None:
        ids = seed_bench(options["preset"], log=self.stdout.write)
        self.stdout.write(f"seeded clients: {' '.join(map(str, ids))}")
