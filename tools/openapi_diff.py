"""Compare two OpenAPI documents (``make openapi`` output): paths, methods, operation ids,
parameters, and the fields of each operation's request and response bodies.

Usage: ``.venv/bin/python tools/openapi_diff.py before.json after.json``; exit status 1 when
the operation set or a field differs. Component schemas may be renamed or gain detail
(an ``object`` becoming a typed one); what the contract binds is compared.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def _deref(doc: dict[str, Any], node: Any, seen: frozenset[str] = frozenset()) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if ref:
            if ref in seen:
                return {"$ref": ref.rsplit("/", 1)[-1]}
            target = doc
            for part in ref.lstrip("#/").split("/"):
                target = target[part]
            return _deref(doc, target, seen | {ref})
        return {key: _deref(doc, value, seen) for key, value in node.items()}
    if isinstance(node, list):
        return [_deref(doc, value, seen) for value in node]
    return node


def _fields(node: Any, prefix: str = "") -> set[str]:
    """Every property path of a schema (through arrays, objects and unions)."""
    out: set[str] = set()
    if not isinstance(node, dict):
        return out
    for key in ("anyOf", "oneOf", "allOf"):
        for option in node.get(key, []):
            out |= _fields(option, prefix)
    if "items" in node:
        out |= _fields(node["items"], prefix + "[]")
    for name, child in node.get("properties", {}).items():
        path = f"{prefix}.{name}" if prefix else name
        out.add(path)
        out |= _fields(child, path)
    return out


def _body_schema(response: dict[str, Any]) -> dict[str, Any]:
    """The schema of a response's first content type ({} for a body-less answer)."""
    contents: dict[str, dict[str, Any]] = response.get("content", {})
    for content in contents.values():
        return content.get("schema", {})
    return {}


def operations(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    ops = {}
    for path, item in doc["paths"].items():
        for method, op in item.items():
            op = _deref(doc, op)
            body = op.get("requestBody", {}).get("content", {})
            responses = {status: sorted(_fields(_body_schema(r))) for status, r in op.get("responses", {}).items()}
            ops[f"{method.upper()} {path}"] = {
                "operationId": op.get("operationId"),
                "parameters": sorted((p["in"], p["name"], p.get("required", False)) for p in op.get("parameters", [])),
                "request": {ctype: sorted(_fields(c.get("schema", {}))) for ctype, c in body.items()},
                "responses": responses,
            }
    return ops


def main() -> int:
    before, after = (operations(json.load(open(name))) for name in sys.argv[1:3])
    problems = 0
    for key in sorted(before.keys() - after.keys()):
        print(f"missing: {key}")
        problems += 1
    for key in sorted(after.keys() - before.keys()):
        print(f"added: {key}")
        problems += 1
    for key in sorted(before.keys() & after.keys()):
        for aspect in ("operationId", "parameters", "request", "responses"):
            if before[key][aspect] != after[key][aspect]:
                print(f"{key}: {aspect} differs:\n  before {before[key][aspect]}\n  after  {after[key][aspect]}")
                problems += 1
    print(f"{len(before)} operations before, {len(after)} after, {problems} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
