"""api.errors.validation_payload: which field a Ninja/pydantic error names (no database)."""

from api.errors import validation_payload


def _field(*loc: str | int) -> str:
    payload = validation_payload([{"loc": loc, "msg": "Bad."}])
    [field] = [key for key in payload if key != "detail"]
    return field


def test_a_body_error_names_the_field_path_without_the_parameter():
    assert _field("body", "payload", "title") == "title"
    assert _field("body", "payload", "items", 0, "id") == "items.0.id"
    assert _field("body", "payload", "body") == "body"


def test_a_query_list_parameter_is_itself_the_field():
    assert _field("query", "course_ids", 0) == "course_ids.0"


def test_a_query_schema_field_drops_the_schema_parameter():
    assert _field("query", "kind") == "kind"
    assert _field("query", "filters", "tags", 0) == "tags.0"
    assert _field("path", "pid") == "pid"
