"""The feature catalogue: machine names the portals gate on, labels beside them, the
platform admins' catalogue management and the default selection of a new client."""

import re

import pytest

from platform_services.catalog.models import Feature
from tenants.models import Client
from tenants.services import client_create
from tests.queries import StatementCount

# The names the AI-Linc portals compare `features[].name` against, for products the
# platform has (docs/real-client.md, "Feature names"). Written from the portals' usage.
NEXT_BUILD_LEARNER = {"course", "assessment", "live_sessions", "community_forum", "mock_interview", "jobs_v2"}
NEXT_BUILD_ADMIN = {
    "admin_dashboard",
    "admin_manage_students",
    "admin_assessment",
    "admin_emails",
    "admin_live_sessions",
}
VITE_BUILD_LEARNER = {
    "course",
    "assessment",
    "live_class",
    "job_portal",
    "attendance",
    "community_forum",
    "mock_interview",
}
VITE_BUILD_ADMIN = {
    "admin_dashboard", "admin_manage_students", "admin_course_builder", "admin_workshop_reg", "admin_assessment",
    "admin_referral", "admin_emails", "admin_live", "admin_attendance", "admin_verify_content",
}  # fmt: skip
GATED_NAMES = NEXT_BUILD_LEARNER | NEXT_BUILD_ADMIN | VITE_BUILD_LEARNER | VITE_BUILD_ADMIN
# Switches that hide something in the Next.js portal when present.
HIDE_SWITCHES = {"no_leaderboard_view", "hide_participant_counts"}
# The rows 0002 created, by id: renamed in place, so existing selections keep their meaning.
RENAMED = {
    1: ("course", "Courses"),
    2: ("assessment", "Assessments"),
    3: ("live_sessions", "Live sessions"),
    4: ("community_forum", "Community forum"),
    5: ("mock_interview", "Mock interviews"),
    6: ("jobs_v2", "Jobs"),
    11: ("attendance", "Attendance"),
}


def _count(call) -> int:
    with StatementCount() as counted:
        response = call()
    assert response.status_code < 300, response.json()
    return counted.count


def _add_features(n: int) -> None:
    Feature.objects.bulk_create(Feature(name=f"extra_{i}", label=f"Extra {i}", is_default=True) for i in range(n))


class FeatureNameTests:
    def test_client_info_names_are_the_keys_the_portals_gate_on(self, api, client_a):
        """Contract: client-info's `features[].name` holds the machine names, for both builds."""
        # when
        body = api.get(f"/api/clients/{client_a.id}/client-info/").json()

        # then
        names = [f["name"] for f in body["features"]]
        assert GATED_NAMES <= set(names)
        assert not HIDE_SWITCHES & set(names)
        for feature in body["features"]:
            assert isinstance(feature["id"], int)
            assert re.fullmatch(r"[a-z][a-z0-9_]*", feature["name"])  # exact match in H, lowercased in V
            assert isinstance(feature["label"], str) and feature["label"].strip()

    def test_existing_rows_keep_their_ids(self, api, db):
        listed = {f["id"]: (f["name"], f["label"]) for f in api.get("/accounts/features/").json()}

        assert {i: listed[i] for i in RENAMED} == RENAMED
        assert {name for name, _ in listed.values()} >= GATED_NAMES | HIDE_SWITCHES

    def test_every_listing_carries_name_and_label(self, api, platform_admin, client_a):
        admin, _ = platform_admin
        course = {"id": 1, "name": "course", "label": "Courses"}

        catalogue = api.get("/accounts/features/").json()
        info = api.get(f"/api/clients/{client_a.id}/client-info/").json()["features"]
        listed = next(c for c in admin.get("/accounts/clients/").json() if c["id"] == client_a.id)["features"]
        detail = admin.get(f"/accounts/clients/{client_a.id}/").json()["features"]
        selected = admin.get(f"/accounts/clients/{client_a.id}/features/select/").json()["features"]
        patched = admin.patch(f"/accounts/clients/{client_a.id}/features/select/", {"feature_ids": [1, 2]}).json()

        assert course.items() <= catalogue[0].items()
        for features in (info, listed, detail, selected, patched["client"]["features"]):
            assert features[0] == course
            assert all(set(f) == {"id", "name", "label"} for f in features)
        assert patched["detail"] == patched["message"] == "Features updated successfully"


class CatalogueApiTests:
    def test_platform_admin_creates_relabels_and_deletes_a_feature(self, platform_admin, api):
        admin, _ = platform_admin

        # when
        created = admin.post("/accounts/features/", {"name": "roadmaps", "label": "Roadmaps"})
        feature_id = created.json()["id"]
        relabelled = admin.patch(f"/accounts/features/{feature_id}/", {"label": "  Learning roadmaps "})
        fetched = admin.get(f"/accounts/features/{feature_id}/")
        deleted = admin.delete(f"/accounts/features/{feature_id}/")

        # then
        assert created.status_code == 201
        assert created.json() == {
            "id": feature_id, "name": "roadmaps", "label": "Roadmaps", "is_active": True, "is_default": False,
        }  # fmt: skip
        assert relabelled.status_code == 200
        assert relabelled.json()["label"] == "Learning roadmaps" and relabelled.json()["name"] == "roadmaps"
        assert fetched.json()["label"] == "Learning roadmaps"
        assert deleted.status_code == 204
        assert admin.get(f"/accounts/features/{feature_id}/").status_code == 404
        assert "roadmaps" not in [f["name"] for f in api.get("/accounts/features/").json()]

    def test_name_is_fixed_once_created(self, platform_admin):
        admin, _ = platform_admin

        response = admin.patch("/accounts/features/1/", {"name": "courses", "label": "Courses"})

        assert response.status_code == 200
        assert response.json()["name"] == "course"

    @pytest.mark.parametrize(
        "body, field",
        [
            ({"name": "Course Builder", "label": "X"}, "name"),
            ({"name": "1st", "label": "X"}, "name"),
            ({"name": "course", "label": "Duplicate"}, "name"),
            ({"name": "x" * 101, "label": "X"}, "name"),
            ({"name": "new_feature", "label": "   "}, "label"),
            ({"name": "new_feature"}, "label"),
            ({"label": "No name"}, "name"),
        ],
    )
    def test_bad_feature_is_a_field_error(self, platform_admin, body, field):
        admin, _ = platform_admin

        response = admin.post("/accounts/features/", body)

        assert response.status_code == 400
        assert field in response.json()

    def test_bad_update_is_a_field_error(self, platform_admin):
        admin, _ = platform_admin

        response = admin.patch("/accounts/features/1/", {"label": ""})

        assert response.status_code == 400
        assert "label" in response.json()

    def test_selected_feature_can_be_neither_deleted_nor_deactivated(self, platform_admin, client_a):
        admin, _ = platform_admin
        assert client_a.features.filter(id=1).exists()

        deleted = admin.delete("/accounts/features/1/")
        deactivated = admin.patch("/accounts/features/1/", {"is_active": False})

        for response in (deleted, deactivated):
            assert response.status_code == 400
            assert response.json()["code"] == "feature_in_use"
        assert Feature.objects.filter(id=1, is_active=True).exists()

    def test_unselected_feature_is_deactivated_and_hidden(self, platform_admin, api, client_a):
        admin, _ = platform_admin
        feature = Feature.objects.get(name="no_leaderboard_view")

        off = admin.patch(f"/accounts/features/{feature.id}/", {"is_active": False})
        active = [f["name"] for f in api.get("/accounts/features/").json()]
        everything = [f["name"] for f in api.get("/accounts/features/?include_inactive=true").json()]
        selecting = admin.post(f"/accounts/clients/{client_a.id}/features/select/", {"feature_ids": [feature.id]})

        assert off.status_code == 200 and off.json()["is_active"] is False
        assert "no_leaderboard_view" not in active and "no_leaderboard_view" in everything
        assert selecting.status_code == 400 and "feature_ids" in selecting.json()
        assert admin.patch(f"/accounts/features/{feature.id}/", {"is_active": True}).json()["is_active"] is True

    def test_unknown_feature_is_404(self, platform_admin):
        admin, _ = platform_admin

        assert admin.get("/accounts/features/999999/").status_code == 404
        assert admin.patch("/accounts/features/999999/", {"label": "X"}).status_code == 404
        assert admin.delete("/accounts/features/999999/").status_code == 404

    def test_only_platform_admins_manage_the_catalogue(self, api, client_a, as_user):
        client_admin, _ = as_user(client_a, role="admin")
        student, _ = as_user(client_a)

        for caller, expected in ((api, 401), (client_admin, 403), (student, 403)):
            assert caller.post("/accounts/features/", {"name": "x_feature", "label": "X"}).status_code == expected
            assert caller.get("/accounts/features/1/").status_code == expected
            assert caller.patch("/accounts/features/1/", {"label": "X"}).status_code == expected
            assert caller.delete("/accounts/features/1/").status_code == expected
            assert caller.get(f"/accounts/clients/{client_a.id}/features/select/").status_code == expected
            assert (
                caller.patch(f"/accounts/clients/{client_a.id}/features/select/", {"feature_ids": []}).status_code
                == expected
            )
        assert Feature.objects.filter(id=1, label="Courses").exists()

    def test_catalogue_queries_do_not_grow_with_the_features(self, platform_admin, api, client_a):
        admin, _ = platform_admin
        calls = {
            "list": lambda: api.get("/accounts/features/?include_inactive=true"),
            "detail": lambda: admin.get("/accounts/features/1/"),
            "update": lambda: admin.patch("/accounts/features/1/", {"label": "Courses"}),
            "client-info": lambda: api.get(f"/api/clients/{client_a.id}/client-info/"),
            "select": lambda: admin.post(f"/accounts/clients/{client_a.id}/features/select/", {"feature_ids": [1]}),
        }
        budget = {
            "list": 1,  # the features
            "detail": 2,  # the caller, the feature
            "update": 7,  # the caller, the feature; savepoint, lock it, update it, audit it, release
            "client-info": 3,  # the path's client (its cache was just cleared by select), the client, its features
            # the caller, the client, its features; savepoint, lock the chosen features, the selected ids,
            # the join rows to drop, drop them, audit it (in the client's schema), release; the client and
            # its features again for the answer
            "select": 12,
        }
        admin.get("/accounts/features/1/")  # the caller's session and client are cached from here on
        api.get("/accounts/features/")  # and the public client, whose response profile the list asks
        before = {name: _count(call) for name, call in calls.items()}

        _add_features(5)
        Client.objects.get(id=client_a.id).features.set(Feature.objects.all())
        after = {name: _count(call) for name, call in calls.items()}

        assert before == after == budget

    def test_delete_queries_do_not_grow_with_the_features(self, platform_admin):
        admin, _ = platform_admin
        admin.get("/accounts/features/1/")  # the caller's session and client are cached from here on
        _add_features(1)
        path = f"/accounts/features/{Feature.objects.get(name='extra_0').id}/"
        one = _count(lambda: admin.delete(path))

        _add_features(6)
        path = f"/accounts/features/{Feature.objects.get(name='extra_0').id}/"
        six = _count(lambda: admin.delete(path))

        # the caller, the feature; savepoint, lock it, count its clients, its join rows, delete it, audit it,
        # release
        assert one == six == 9


class DefaultSelectionTests:
    def test_new_client_gets_the_default_features(self, platform_admin):
        admin, _ = platform_admin
        defaults = set(Feature.objects.filter(is_default=True, is_active=True).values_list("name", flat=True))

        response = admin.post("/accounts/clients/", {"name": "Delta", "slug": "delta"})

        assert response.status_code == 201
        names = {f["name"] for f in response.json()["features"]}
        assert names == defaults
        assert GATED_NAMES <= names and not HIDE_SWITCHES & names

    def test_explicit_feature_ids_win(self, platform_admin):
        admin, _ = platform_admin

        some = admin.post("/accounts/clients/", {"name": "Eps", "slug": "eps", "feature_ids": [2, 4]})
        none = admin.post("/accounts/clients/", {"name": "Zeta", "slug": "zeta", "feature_ids": []})

        assert [f["name"] for f in some.json()["features"]] == ["assessment", "community_forum"]
        assert none.json()["features"] == []

    def test_default_set_follows_the_catalogue(self, platform_admin):
        admin, _ = platform_admin
        hide = Feature.objects.get(name="hide_participant_counts")
        admin.patch(f"/accounts/features/{hide.id}/", {"is_default": True})
        admin.patch("/accounts/features/1/", {"is_default": False})

        client = client_create(name="Eta", slug="eta")

        names = set(client.features.values_list("name", flat=True))
        assert "hide_participant_counts" in names and "course" not in names

    def test_unknown_feature_rolls_the_whole_creation_back(self, platform_admin):
        admin, _ = platform_admin

        response = admin.post("/accounts/clients/", {"name": "Theta", "slug": "theta", "feature_ids": [1, 999999]})

        assert response.status_code == 400 and "feature_ids" in response.json()
        assert not Client.objects.filter(slug="theta").exists()


class SelectionIsolationTests:
    def test_one_clients_selection_never_changes_anothers(self, platform_admin, api, client_a, client_b):
        admin, _ = platform_admin
        b_before = [f["id"] for f in api.get(f"/api/clients/{client_b.id}/client-info/").json()["features"]]

        admin.patch(f"/accounts/clients/{client_a.id}/features/select/", {"feature_ids": [3]})
        admin.patch("/accounts/features/3/", {"label": "Live classes"})

        a_after = api.get(f"/api/clients/{client_a.id}/client-info/").json()["features"]
        b_after = api.get(f"/api/clients/{client_b.id}/client-info/").json()["features"]
        assert a_after == [{"id": 3, "name": "live_sessions", "label": "Live classes"}]
        assert [f["id"] for f in b_after] == b_before and len(b_before) > 1

    def test_client_admin_of_one_client_cannot_select_for_another(self, client_a, client_b, as_user):
        admin_a, _ = as_user(client_a, role="admin")

        response = admin_a.patch(f"/accounts/clients/{client_b.id}/features/select/", {"feature_ids": [1]})

        assert response.status_code in (401, 403)
        assert client_b.features.count() > 1
