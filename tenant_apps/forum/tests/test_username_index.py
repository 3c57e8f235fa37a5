"""``users/by-username/{name}`` on the index ``accounts_user_name_handle_idx`` (docs/forum.md,
"User names"): the same answers as the former scan of every user, the index used, and the
handle in step with every way a name is written.

The handle is an index on an expression (``accounts.models.public_name_handle``): PostgreSQL
computes it on every write of a row, so each write path below is only checked, not trusted.
"""

from __future__ import annotations

import re
import uuid

import pytest
from django.db import connection
from django.db.models import Case, CharField, F, Func, IntegerField, Q, Value, When
from django.db.models.functions import Cast, Concat, Lower, Trim
from django_tenants.utils import schema_context

from tenant_apps.accounts.actor import Actor
from tenant_apps.accounts.models import PUBLIC_NAME_PREFIX, User
from tenant_apps.forum import selectors
from tenant_apps.forum.errors import MemberNotFound
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db
INDEX = "accounts_user_name_handle_idx"


def by_name(client) -> str:
    return f"/community-forum/api/clients/{client.id}/users/by-username/"


def _former_lookup(username: str) -> int | None:
    """The lookup as it was before the index (a scan computing every user's name), kept
    here as the reference the indexed one must agree with."""
    handle = re.sub(r"[^a-z0-9]", "", username.lower())
    if not handle:
        return None
    full = Trim(Concat("first_name", Value(" "), "last_name", output_field=CharField()))
    nameless = Concat(Value(PUBLIC_NAME_PREFIX), Cast("id", CharField()), output_field=CharField())
    rows = (
        selectors.members()
        .annotate(_full=full)
        .annotate(_display=Lower(Case(When(~Q(_full=""), then=F("_full")), default=nameless, output_field=CharField())))
        .annotate(
            _handle=Func(
                F("_display"),
                Value("[^a-z0-9]"),
                Value(""),
                Value("g"),
                function="regexp_replace",
                output_field=CharField(),
            )
        )
    )
    exact = Case(When(_display=username.strip().lower(), then=Value(0)), default=Value(1), output_field=IntegerField())
    user = rows.filter(_handle=handle).order_by(exact, "id").first()
    return user.id if user else None


def _indexed_lookup(username: str) -> int | None:
    try:
        return selectors.member_by_username(username=username).id
    except MemberNotFound:
        return None


NAMES = [
    ("Ana", "Smith"),
    ("ana", "smith"),  # the same name in other case: a newer account
    ("Ana.Smith", ""),  # another spelling of the same handle
    ("ANA", "SMITH"),
    ("  Ana ", " Smith  "),  # spaces around: trimmed, the inner ones kept
    ("Member", "9999999"),  # a real name spelled like a nameless member's
    ("", ""),  # nameless: "Member <id>"
    ("   ", ""),  # only spaces: nameless too
    ("José", "Núñez"),  # letters outside ASCII drop out of the handle
    ("Ada", "Lovelace 2"),
    ("O'Brien", "Ng"),
    ("", "Solo"),
    ("R2", "D2"),
]


def test_the_indexed_lookup_answers_as_the_former_scan(client_a, in_a, make_user):
    # given: names that share handles, differ in case and spacing, or have none
    users = [make_user(client_a, first_name=first, last_name=last) for first, last in NAMES]
    make_user(client_a, first_name="Ana", last_name="Smith", is_active=False)
    spellings = {
        "Ana Smith",
        "ana smith",
        "ANA.SMITH",
        "ana_smith",
        "anasmith",
        " Ana Smith ",
        "Ana  Smith",
        "Ana.Smith",
        "member 9999999",
        "Member9999999",
        "jose nunez",
        "josé núñez",
        "Jos Nez",
        "ada lovelace 2",
        "adalovelace2",
        "obrien ng",
        "o'brien ng",
        "solo",
        "r2d2",
        "R2 D2",
        "nobody",
        "...",
        "",
    }
    spellings |= {f"Member {user.id}" for user in users} | {f"member_{user.id}" for user in users}
    with in_a():
        # then: every spelling finds the same member, or none, both ways
        for spelling in sorted(spellings):
            assert _indexed_lookup(spelling) == _former_lookup(spelling), spelling
        # and the documented cases: the exact spelling (ignoring case) first, then the oldest
        assert _indexed_lookup("ana smith") == users[0].id  # exact for users 0, 1 and 3: the oldest
        assert _indexed_lookup("ana.smith") == users[2].id  # "Ana.Smith" is spelled so: before older ones
        assert _indexed_lookup("ana   smith") == users[4].id  # the inner spaces kept: exact for user 4 only
        assert _indexed_lookup("anasmith") == users[0].id  # no exact spelling: the oldest of the handle
        nameless = users[6]
        assert _indexed_lookup(f"member{nameless.id}") == nameless.id
        assert _indexed_lookup("member_9999999") == users[5].id


def test_a_name_spelled_like_a_nameless_members_comes_after_the_older_account(client_a, in_a, make_user):
    nameless = make_user(client_a, first_name="", last_name="")
    named = make_user(client_a, first_name="Member", last_name=str(nameless.id))
    with in_a():
        # both are "Member <id>" exactly: the oldest account wins, as before
        assert _indexed_lookup(f"Member {nameless.id}") == _former_lookup(f"Member {nameless.id}") == nameless.id
        User.objects.filter(id=nameless.id).update(is_active=False)
        assert _indexed_lookup(f"member{nameless.id}") == named.id


def test_the_lookup_is_one_query_on_the_index(client_a, in_a, make_user):
    # given: enough members that a scan would cost, and fresh statistics
    ada = make_user(client_a, first_name="Ada", last_name="Lovelace")
    with in_a():
        User.objects.bulk_create(
            User(email=f"m{n}-{uuid.uuid4().hex[:6]}@x.test", first_name=f"Member{n}", last_name=f"Number {n}")
            for n in range(3000)
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE accounts_user")
        # when
        plan = selectors.members_named(username="ada.lovelace")[:1].explain()
        with StatementCount(1):
            found = selectors.member_by_username(username="ada.lovelace")
    # then
    assert INDEX in plan and "Seq Scan" not in plan, plan
    assert found.id == ada.id


def test_every_client_schema_has_the_index(client_a, client_b):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT schemaname FROM pg_indexes WHERE indexname = %s AND schemaname = ANY(%s)",
            [INDEX, [client_a.schema_name, client_b.schema_name]],
        )
        assert sorted(row[0] for row in cursor.fetchall()) == sorted([client_a.schema_name, client_b.schema_name])


def test_the_handle_follows_every_way_a_name_is_written(client_a, in_a, make_user, as_user):
    # given
    api, me = as_user(client_a, first_name="Old", last_name="Name")
    admin, admin_user = as_user(client_a, role="admin")
    with in_a():
        # bulk_create (imports, seeds)
        User.objects.bulk_create(
            [User(email=f"bulk-{uuid.uuid4().hex[:6]}@x.test", first_name="Bulk", last_name="Made")]
        )
        assert _indexed_lookup("bulk.made") is not None
        # a queryset update()
        User.objects.filter(first_name="Bulk").update(first_name="Mass", last_name="Renamed")
        assert _indexed_lookup("bulk.made") is None and _indexed_lookup("mass.renamed") is not None
        # raw SQL
        with connection.cursor() as cursor:
            cursor.execute("UPDATE accounts_user SET last_name = 'Rewritten' WHERE first_name = 'Mass'")
        assert _indexed_lookup("mass.renamed") is None and _indexed_lookup("mass.rewritten") is not None
    # the learner's own profile edit
    assert api.patch(f"/accounts/clients/{client_a.id}/user-profile/", {"first_name": "New"}).status_code == 200
    assert api.get(by_name(client_a) + "old.name/").status_code == 404
    assert api.get(by_name(client_a) + "new.name/").json()["id"] == me.id
    # an admin's edit
    edit = admin.patch(
        f"/admin-dashboard/api/clients/{client_a.id}/manage-student/{me.id}/", {"first_name": "", "last_name": ""}
    )
    assert edit.status_code == 200, edit.json()
    assert api.get(by_name(client_a) + "new.name/").status_code == 404
    assert api.get(by_name(client_a) + f"member{me.id}/").json()["id"] == me.id  # nameless now
    # erasure (privacy): the erased member is found by no name
    with in_a():
        from tenant_apps.privacy.services import student_erase

        User.objects.filter(id=me.id).update(first_name="Erase", last_name="Me")
        student_erase(actor=Actor.at_home(admin_user, client_a), user=User.objects.get(id=me.id))
        erased = User.objects.get(id=me.id)
        assert _indexed_lookup("erase.me") is None
        assert _indexed_lookup(f"{erased.first_name} {erased.last_name}") is None  # not a member any more


def test_a_name_at_one_client_is_not_found_at_another(client_a, client_b, make_user, as_user):
    make_user(client_a, first_name="Only", last_name="AtAlpha")
    api_b, _ = as_user(client_b)
    assert api_b.get(by_name(client_b) + "only.atalpha/").status_code == 404
    with schema_context(client_b.schema_name):
        assert _indexed_lookup("only.atalpha") is None
