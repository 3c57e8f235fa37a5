"""core.updates: the one partial-update rule (no database: unsaved rows)."""

from core.updates import differing, fields_apply, given
from tenant_apps.lms.models import Module


def test_given_drops_only_none():
    assert given(title="", weekno=0, description=None) == {"title": "", "weekno": 0}


def test_fields_apply_sets_what_is_there_and_leaves_the_rest():
    module = Module(title="Old", weekno=3, description="Keep me")
    assert fields_apply(module, {"title": "New", "weekno": 1}) == ["title", "weekno"]
    assert (module.title, module.weekno, module.description) == ("New", 1, "Keep me")


def test_null_as_blank_only_for_the_named_fields():
    module = Module(title="Old", weekno=3, description="Text")
    fields_apply(module, {"description": None, "title": None}, null_as_blank=("description",))
    assert module.description == "" and module.title is None


def test_differing_keeps_only_new_values():
    module = Module(title="Same", weekno=3, description="Old")
    changes = {"title": "Same", "weekno": 4, "description": "New"}
    assert differing(module, changes) == {"weekno": 4, "description": "New"}
    assert differing(module, {"title": "Same"}) == {}
