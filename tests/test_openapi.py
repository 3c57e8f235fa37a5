"""The OpenAPI document is complete and true: one schema per name, every contract
operation present with the contract's response fields."""

import json
import re
from pathlib import Path

import pytest
from ninja import Schema

CONTRACT = Path(__file__).resolve().parents[2] / "shared" / "API_CONTRACT.md"


def _our_schemas() -> dict[str, set[str]]:
    from api.api import api  # noqa: F401 - importing mounts every router

    names: dict[str, set[str]] = {}
    seen = [Schema]
    while seen:
        cls = seen.pop()
        for sub in cls.__subclasses__():
            seen.append(sub)
            module = sub.__module__
            if module.startswith(("tenant_apps.", "shared_apps.", "tenants.", "api.", "storage.")):
                names.setdefault(sub.__name__, set()).add(f"{module}.{sub.__qualname__}")
    return names


def test_schema_names_are_unique():
    """Ninja keys OpenAPI components by class name: two schemas of one name would make
    the document describe one of them twice."""
    dupes = {name: places for name, places in _our_schemas().items() if len(places) > 1}

    assert dupes == {}


def _openapi(api_client) -> dict:
    return api_client.get("/api/openapi.json").json()


def _norm(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path)


def _props(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].split("/")[-1]]
    for union in ("anyOf", "oneOf"):  # a union answers the fields of its members
        if union in schema:
            merged: dict = {}
            for option in schema[union]:
                merged.update(_props(spec, option))
            return merged
    if schema.get("type") == "array":
        return _props(spec, schema.get("items", {}))
    return schema.get("properties", {})


def _contract_responses():
    """(method, path, example) for every contract endpoint with a JSON response example."""
    if not CONTRACT.exists():
        return []
    found = []
    for section in CONTRACT.read_text().split("\n#### "):
        endpoint = re.search(r"\*\*Endpoint\*\*: `([A-Z/]+) ([^`]+)`", section)
        response = re.search(r"\*\*Response\*\* \(\d+[^)]*\):\s*```json\n(.*?)```", section, re.S)
        if not endpoint or not response:
            continue
        try:
            example = json.loads(re.sub(r"//.*", "", response.group(1)))
        except json.JSONDecodeError:
            continue
        if isinstance(example, list):
            example = example[0] if example else {}
        methods = endpoint.group(1).split("/")
        # A list/create pair documents the list; a GET/PUT/DELETE trio the object.
        for method in [m for m in methods if m in ("GET", "POST", "PUT", "PATCH")]:
            if method != "GET" and "GET" in methods:
                continue
            found.append((method, _norm(endpoint.group(2)), example))
    return found


@pytest.mark.skipif(not CONTRACT.exists(), reason="shared/API_CONTRACT.md is not beside the project")
def test_implemented_operations_have_the_contract_fields(api):
    spec = _openapi(api)
    paths = {_norm(path): item for path, item in spec["paths"].items()}
    problems = []
    for method, path, example in _contract_responses():
        operation = paths.get(path, {}).get(method.lower())
        if operation is None or not isinstance(example, dict):
            continue  # not built yet: contract_coverage.py reports those
        schemas = [
            response["content"]["application/json"]["schema"]
            for code, response in operation["responses"].items()
            if code.startswith("2") and "content" in response
        ]
        have: dict = {}
        for schema in schemas:
            have.update(_props(spec, schema))
        missing = [key for key in example if key not in have]
        for key, value in example.items():
            nested = value[0] if isinstance(value, list) and value and isinstance(value[0], dict) else value
            if key in have and isinstance(nested, dict) and nested:
                inner = _props(spec, have[key])
                if inner:
                    missing += [f"{key}.{sub}" for sub in nested if sub not in inner]
        if missing:
            problems.append(f"{method} {path}: {missing}")

    assert problems == []
