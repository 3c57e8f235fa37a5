"""Print the import graph between the layers' members of ``[tool.importlinter]`` (pyproject.toml).

Usage: ``.venv/bin/python tools/import_graph.py [project_dir]`` (default: this project).
One line per direct import between two members (test modules left out), marked ``UP`` when
it runs from a lower layer to a higher one; the exit status is 1 if any does. Used to record
the before/after graph in docs/architecture.md; ``make lint`` enforces the same layers with
``lint-imports``.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import grimp


def _layers(config: dict) -> list[list[str]]:
    contract = next(c for c in config["contracts"] if c["type"] == "layers")
    layers = []
    for raw in contract["layers"]:
        delimiter = "|" if "|" in raw else ":"
        layers.append([part.strip() for part in raw.split(delimiter)])
    return layers


def _member(module: str, members: list[str]) -> str | None:
    """The longest layer member that is ``module`` or contains it."""
    found = [m for m in members if module == m or module.startswith(m + ".")]
    return max(found, key=len) if found else None


def main() -> int:
    project = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    config = tomllib.loads((project / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = _layers(config)
    level = {member: index for index, layer in enumerate(layers) for member in layer}
    sys.path.insert(0, str(project))
    graph = grimp.build_graph(*config["root_packages"], include_external_packages=False, cache_dir=None)
    edges: set[tuple[str, str]] = set()
    for module in graph.modules:
        if ".tests" in module or ".migrations" in module:
            continue
        source = _member(module, list(level))
        if source is None:
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            target = _member(imported, list(level))
            if target and target != source and ".tests" not in imported:
                edges.add((source, target))
    upward = 0
    for source, target in sorted(edges, key=lambda e: (level[e[0]], e[0], level[e[1]], e[1])):
        up = level[source] > level[target]
        upward += up
        print(f"{'UP ' if up else '   '}{source} -> {target}")
    print(f"{len(edges)} edges, {upward} from a lower layer to a higher one")
    return 1 if upward else 0


if __name__ == "__main__":
    sys.exit(main())
