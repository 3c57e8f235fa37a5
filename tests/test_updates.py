"""core.updates: the one partial-update rule (no database: unsaved rows)."""

import pytest

from core.errors import FieldErrors
from core.updates import NULL_MESSAGE, differing, fields_apply, given
from tenant_apps.lms.models import Module


def test_given_drops_only_none():
    assert given(title="", weekno=0, description=None) == {"title": "", "weekno": 0}


def test_fields_apply_sets_what_is_there_and_leaves_the_rest():
    module = Module(title="Old", weekno=3, description="Keep me")
    assert fields_apply(module, {"title": "New", "weekno": 1}) == ["title", "weekno"]
    assert (module.title, module.weekno, module.description) == ("New", 1, "Keep me")


def test_null_as_blank_only_for_the_named_fields():
    module = Module(title="Old", weekno=3, description="Text")
    fields_apply(module, {"description": None}, null_as_blank=("description",))
    assert module.description == ""


def test_a_null_for_a_field_that_cannot_hold_one_is_refused_before_anything_is_set():
    # ``description`` may be blank: ``full_clean`` would let its null through to the database
    module = Module(title="Old", weekno=3, description="Text")
    with pytest.raises(FieldErrors) as refused:
        fields_apply(module, {"weekno": 4, "title": None, "description": None})
    assert refused.value.errors == {"title": [NULL_MESSAGE], "description": [NULL_MESSAGE]}
    assert (module.title, module.weekno, module.description) == ("Old", 3, "Text")


def test_differing_keeps_only_new_values():
    module = Module(title="Same", weekno=3, description="Old")
    changes = {"title": "Same", "weekno": 4, "description": "New"}
    assert differing(module, changes) == {"weekno": 4, "description": "New"}
    assert differing(module, {"title": "Same"}) == {}
