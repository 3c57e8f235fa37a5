import time

import pytest
from django.core import signing
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client as DjangoClient
from django_tenants.utils import schema_context

from tenant_apps.engagement import services
from tenant_apps.engagement.models import CheatSheetDownload, IssueReport, ReferralProgram
from tenant_apps.engagement.tests.factories import (
    CheatSheetFactory,
    ReferralProgramFactory,
    WorkshopRegistrationFactory,
)
from tests.queries import StatementCount

pytestmark = pytest.mark.django_db


def url(client, rest: str) -> str:
    return f"/api/clients/{client.id}/{rest}"


def budget(queries: int) -> int:
    """Client lookup (cache cleared first), user+session (``SET search_path`` not counted)."""
    cache.clear()
    return 2 + queries


def download(path: str):
    """GET a file endpoint (a streaming response) -> (status, headers, bytes)."""
    response = DjangoClient().get(path.removeprefix("http://testserver"))
    body = response.getvalue()  # the streamed chunks joined, or the content
    return response.status_code, response.headers, body


REG = {
    "workshop_name": "Data Science 101",
    "workshop_date": "2030-01-15T10:00:00Z",
    "additional_info": {"city": "Pune"},
}


class TestWorkshopRegistrations:
    def test_register_list_own_and_cancel(self, client_a, as_user):
        api, user = as_user(client_a)
        other, _ = as_user(client_a)
        other.post(url(client_a, "workshop-registrations/"), REG)
        response = api.post(url(client_a, "workshop-registrations/"), REG)
        assert response.status_code == 201, response.json()
        body = response.json()
        assert set(body) == {"id", "workshop_name", "workshop_date", "status", "registered_at"}
        assert body["status"] == "pending" and body["workshop_date"] == "2030-01-15T10:00:00Z"
        assert [r["id"] for r in api.get(url(client_a, "workshop-registrations/")).json()] == [body["id"]]
        again = api.post(url(client_a, "workshop-registrations/"), REG)
        assert again.status_code == 400 and again.json()["code"] == "duplicate_registration"
        # a student may cancel, not confirm
        confirm = api.patch(url(client_a, f"workshop-registrations/{body['id']}/"), {"status": "confirmed"})
        assert confirm.status_code == 403
        cancel = api.patch(url(client_a, f"workshop-registrations/{body['id']}/"), {"status": "cancelled"})
        assert cancel.status_code == 200 and set(cancel.json()) == {"id", "status", "updated_at"}
        assert cancel.json()["status"] == "cancelled"
        # after cancelling, registering again is fine
        assert api.post(url(client_a, "workshop-registrations/"), REG).status_code == 201

    def test_staff_confirm_and_counts(self, client_a, as_user):
        api, _ = as_user(client_a)
        admin, _ = as_user(client_a, role="admin")
        ids = [as_user(client_a)[0].post(url(client_a, "workshop-registrations/"), REG).json()["id"] for _ in range(3)]
        assert (
            admin.patch(url(client_a, f"workshop-registrations/{ids[0]}/"), {"status": "confirmed"}).status_code == 200
        )
        admin.patch(url(client_a, f"workshop-registrations/{ids[1]}/"), {"status": "cancelled"})
        api.post(url(client_a, "workshop-registrations/"), {**REG, "workshop_name": "Other"})
        counts = api.get(url(client_a, "workshop-registrations/count/")).json()
        assert counts == {"total_registrations": 3, "confirmed": 1, "pending": 2}
        only = api.get(url(client_a, "workshop-registrations/count/?workshop_name=Data%20Science%20101")).json()
        assert only == {"total_registrations": 2, "confirmed": 1, "pending": 1}

    def test_others_registration_is_404_and_bad_status_400(self, client_a, as_user):
        api, _ = as_user(client_a)
        other, _ = as_user(client_a)
        rid = other.post(url(client_a, "workshop-registrations/"), REG).json()["id"]
        assert api.patch(url(client_a, f"workshop-registrations/{rid}/"), {"status": "cancelled"}).status_code == 404
        bad = other.patch(url(client_a, f"workshop-registrations/{rid}/"), {"status": "done"})
        assert bad.status_code == 400 and "status" in bad.json()
        naive = api.post(
            url(client_a, "workshop-registrations/"), {"workshop_name": "x", "workshop_date": "2030-02-01T09:00:00"}
        )
        assert naive.status_code == 201 and naive.json()["workshop_date"] == "2030-02-01T09:00:00Z"
        missing = api.post(url(client_a, "workshop-registrations/"), {"workshop_name": "x"})
        assert missing.status_code == 400 and "workshop_date" in missing.json()

    @pytest.mark.parametrize("count", [1, 20])
    def test_list_and_count_budget(self, client_a, as_user, count):
        api, user = as_user(client_a)
        with schema_context(client_a.schema_name):
            WorkshopRegistrationFactory.create_batch(count, user=user)
        with StatementCount(budget(1)):
            assert len(api.get(url(client_a, "workshop-registrations/")).json()) == count
        with StatementCount(budget(1)):
            assert api.get(url(client_a, "workshop-registrations/count/")).json()["pending"] == count

    def test_isolation(self, client_a, client_b, as_user):
        api_a, _ = as_user(client_a)
        api_b, _ = as_user(client_b, role="admin")
        rid = api_a.post(url(client_a, "workshop-registrations/"), REG).json()["id"]
        assert api_a.get(url(client_b, "workshop-registrations/")).status_code == 401
        assert api_b.patch(url(client_b, f"workshop-registrations/{rid}/"), {"status": "confirmed"}).status_code == 404
        assert api_b.get(url(client_b, "workshop-registrations/count/")).json()["total_registrations"] == 0


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


class TestCheatSheets:
    def _sheet(self, client, content=b"%PDF-1.4 cheat sheet"):
        default_storage.save("cheat-sheets/sql.pdf", ContentFile(content))
        with schema_context(client.schema_name):
            return CheatSheetFactory(title="SQL", file_path="cheat-sheets/sql.pdf")

    def test_signed_link_downloads_the_file(self, client_a, as_user, api, media):
        user_api, user = as_user(client_a)
        sheet = self._sheet(client_a)
        response = user_api.post(url(client_a, "free-cheat-sheet-download/"), {"cheat_sheet_id": sheet.id})
        assert response.status_code == 200, response.json()
        body = response.json()
        assert body["download_url"].startswith(
            f"http://testserver/api/clients/{client_a.id}/free-cheat-sheet-download/"
        )
        assert body["expires_at"].endswith("Z")
        status, headers, content = download(body["download_url"])
        assert status == 200 and content == b"%PDF-1.4 cheat sheet"
        assert headers["Content-Disposition"].startswith('attachment; filename="sql.pdf"')
        with schema_context(client_a.schema_name):
            assert CheatSheetDownload.objects.get().user_id == user.id

    def test_expired_tampered_or_foreign_links_are_403(self, client_a, client_b, api, media):
        sheet = self._sheet(client_a)

        class OldSigner(signing.TimestampSigner):
            def timestamp(self):
                return signing.b62_encode(int(time.time()) - 3600)

        stale = OldSigner(salt=services.CHEAT_SHEET_SALT).sign_object({"c": client_a.id, "s": sheet.id})
        good = services.cheat_sheet_token(client_id=client_a.id, cheat_sheet_id=sheet.id)
        base = "/api/clients/{}/free-cheat-sheet-download/{}/"
        assert api.get(base.format(client_a.id, stale)).status_code == 403
        assert api.get(base.format(client_a.id, good[:-2] + "xx")).status_code == 403
        assert api.get(base.format(client_b.id, good)).status_code == 403
        assert download(base.format(client_a.id, good))[0] == 200

    def test_unknown_sheet_or_missing_file_is_404(self, client_a, as_user, api, media):
        user_api, _ = as_user(client_a)
        assert user_api.post(url(client_a, "free-cheat-sheet-download/"), {"cheat_sheet_id": 999}).status_code == 404
        with schema_context(client_a.schema_name):
            ghost = CheatSheetFactory(file_path="cheat-sheets/missing.pdf")
        link = user_api.post(url(client_a, "free-cheat-sheet-download/"), {"cheat_sheet_id": ghost.id}).json()
        assert download(link["download_url"])[0] == 404

    def test_needs_login_and_own_client(self, client_a, client_b, as_user, api, media):
        sheet = self._sheet(client_a)
        assert api.post(url(client_a, "free-cheat-sheet-download/"), {"cheat_sheet_id": sheet.id}).status_code == 401
        api_b, _ = as_user(client_b)
        assert api_b.post(url(client_b, "free-cheat-sheet-download/"), {"cheat_sheet_id": sheet.id}).status_code == 404


class TestReferralProgram:
    def test_admin_crud(self, client_a, as_user):
        admin, _ = as_user(client_a, role="admin")
        created = admin.post(
            url(client_a, "referral-program/"), {"referral_code": " summer25 ", "discount_percentage": "25"}
        )
        assert created.status_code == 201, created.json()
        body = created.json()
        assert body["referral_code"] == "SUMMER25" and body["discount_percentage"] == 25.00 and body["usage_count"] == 0
        dup = admin.post(url(client_a, "referral-program/"), {"referral_code": "Summer25", "discount_percentage": "5"})
        assert dup.status_code == 400 and "referral_code" in dup.json()
        detail = admin.get(url(client_a, f"referrals-program/{body['id']}/"))
        assert detail.status_code == 200 and detail.json()["referral_code"] == "SUMMER25"
        put = admin.put(
            url(client_a, f"referrals-program/{body['id']}/"),
            {"referral_code": "WINTER", "discount_percentage": "12.5"},
        )
        assert put.status_code == 200 and put.json()["discount_percentage"] == 12.50
        assert [r["referral_code"] for r in admin.get(url(client_a, "referral-program/")).json()] == ["WINTER"]
        assert admin.delete(url(client_a, f"referrals-program/{body['id']}/")).status_code == 204
        assert admin.get(url(client_a, f"referrals-program/{body['id']}/")).status_code == 404

    @pytest.mark.parametrize(
        "body,field",
        [
            ({"referral_code": "OK123", "discount_percentage": "100.01"}, "discount_percentage"),
            ({"referral_code": "OK123", "discount_percentage": "-1"}, "discount_percentage"),
            ({"referral_code": "no spaces", "discount_percentage": "5"}, "referral_code"),
            ({"referral_code": "AB", "discount_percentage": "5"}, "referral_code"),
            ({"discount_percentage": "5"}, "referral_code"),
        ],
    )
    def test_validation(self, client_a, as_user, body, field):
        admin, _ = as_user(client_a, role="admin")
        response = admin.post(url(client_a, "referral-program/"), body)
        assert response.status_code == 400 and field in response.json()

    def test_students_are_403(self, client_a, as_user):
        api, _ = as_user(client_a)
        with schema_context(client_a.schema_name):
            referral = ReferralProgramFactory()
        assert api.get(url(client_a, "referral-program/")).status_code == 403
        assert (
            api.post(
                url(client_a, "referral-program/"), {"referral_code": "ABC", "discount_percentage": "5"}
            ).status_code
            == 403
        )
        assert api.get(url(client_a, f"referrals-program/{referral.id}/")).status_code == 403
        assert api.delete(url(client_a, f"referrals-program/{referral.id}/")).status_code == 403

    def test_codes_are_per_client(self, client_a, client_b, as_user):
        admin_a, _ = as_user(client_a, role="admin")
        admin_b, _ = as_user(client_b, role="admin")
        a = admin_a.post(
            url(client_a, "referral-program/"), {"referral_code": "SAME", "discount_percentage": "5"}
        ).json()
        assert (
            admin_b.post(
                url(client_b, "referral-program/"), {"referral_code": "SAME", "discount_percentage": "5"}
            ).status_code
            == 201
        )
        assert admin_b.get(url(client_b, f"referrals-program/{a['id'] + 1000}/")).status_code == 404
        assert admin_a.get(url(client_b, "referral-program/")).status_code == 401

    def test_other_clients_id_is_404(self, client_a, client_b, as_user):
        admin_b, _ = as_user(client_b, role="admin")
        with schema_context(client_a.schema_name):
            referral = ReferralProgramFactory()
        assert admin_b.get(url(client_b, f"referrals-program/{referral.id}/")).status_code == 404

    @pytest.mark.parametrize("count", [1, 20])
    def test_list_budget(self, client_a, as_user, count):
        admin, _ = as_user(client_a, role="admin")
        with schema_context(client_a.schema_name):
            ReferralProgramFactory.create_batch(count)
        with StatementCount(budget(1)):
            assert len(admin.get(url(client_a, "referral-program/")).json()) == count

    def test_platform_admin_creates_without_owner(self, client_a, platform_admin):
        admin, _ = platform_admin
        response = admin.post(url(client_a, "referral-program/"), {"referral_code": "ROOT", "discount_percentage": "1"})
        assert response.status_code == 201
        with schema_context(client_a.schema_name):
            assert ReferralProgram.objects.get().created_by_id is None


class TestReportIssue:
    def test_report(self, client_a, as_user):
        api, user = as_user(client_a)
        response = api.post(
            url(client_a, "report-issue/"),
            {"issue_type": "bug", "description": "Video won't play", "screenshot_url": "https://cdn.test/s.png"},
        )
        assert response.status_code == 201
        body = response.json()
        assert body["status"] == "open" and body["message"] == "Issue reported successfully"
        with schema_context(client_a.schema_name):
            report = IssueReport.objects.get(id=body["id"])
            assert report.user_id == user.id and report.screenshot_url == "https://cdn.test/s.png"

    @pytest.mark.parametrize(
        "body,field",
        [
            ({"issue_type": "bug", "description": "x", "screenshot_url": "not a url"}, "screenshot_url"),
            ({"issue_type": " ", "description": "x"}, "issue_type"),
            ({"issue_type": "bug"}, "description"),
        ],
    )
    def test_validation(self, client_a, as_user, body, field):
        api, _ = as_user(client_a)
        response = api.post(url(client_a, "report-issue/"), body)
        assert response.status_code == 400 and field in response.json()

    def test_anonymous_401(self, client_a, api):
        assert api.post(url(client_a, "report-issue/"), {"issue_type": "bug", "description": "x"}).status_code == 401


class TestWorkshopVariables:
    def test_admin_sets_everyone_reads(self, client_a, client_b, as_user):
        admin, _ = as_user(client_a, role="admin")
        student, _ = as_user(client_a)
        assert student.get(url(client_a, "workshop/variables/")).json() == {"variables": {}}
        response = admin.post(
            url(client_a, "workshop/variables/"), {"variables": {"next_date": "2030-01-01", "seats": 40}}
        )
        assert response.status_code == 200
        admin.post(
            url(client_a, "workshop/variables/"), {"variables": {"seats": {"left": 3}, "next_date": None, "zoom": "z"}}
        )
        assert student.get(url(client_a, "workshop/variables/")).json() == {
            "variables": {"seats": {"left": 3}, "zoom": "z"}
        }
        assert student.post(url(client_a, "workshop/variables/"), {"variables": {"x": 1}}).status_code == 403
        other, _ = as_user(client_b)
        assert other.get(url(client_b, "workshop/variables/")).json() == {"variables": {}}

    def test_budget(self, client_a, as_user):
        admin, _ = as_user(client_a, role="admin")
        admin.post(url(client_a, "workshop/variables/"), {"variables": {f"k{i}": i for i in range(20)}})
        with StatementCount(budget(1)):
            assert len(admin.get(url(client_a, "workshop/variables/")).json()["variables"]) == 20


class TestCheatSheetCatalogue:
    def _upload(self, client, token, **data):
        return DjangoClient().post(
            f"/api/clients/{client.id}/cheat-sheets/", data, headers={"Authorization": f"Bearer {token}"}
        )

    def test_admin_uploads_students_list_and_download(self, client_a, make_user, token_for, as_user, media):
        token = token_for(make_user(client_a, role="admin"), client_a)
        response = self._upload(
            client_a, token, title="Git", description="Daily git", file=ContentFile(b"git add -A", name="git cheat.txt")
        )
        assert response.status_code == 201, response.content
        sheet = response.json()
        assert set(sheet) == {"id", "title", "description", "created_at"} and sheet["title"] == "Git"
        assert (media / "cheat-sheets" / client_a.schema_name / "git-cheat.txt").read_bytes() == b"git add -A"
        student, _ = as_user(client_a)
        assert [s["id"] for s in student.get(url(client_a, "cheat-sheets/")).json()] == [sheet["id"]]
        link = student.post(url(client_a, "free-cheat-sheet-download/"), {"cheat_sheet_id": sheet["id"]}).json()
        assert download(link["download_url"])[2] == b"git add -A"
        student_token = student.token
        denied = self._upload(client_a, student_token, title="x", file=ContentFile(b"x", name="x.txt"))
        assert denied.status_code == 403

    @pytest.mark.parametrize("name,content", [("run.exe", b"MZ"), ("empty.pdf", b"")])
    def test_upload_validation(self, client_a, make_user, token_for, media, name, content):
        token = token_for(make_user(client_a, role="admin"), client_a)
        response = self._upload(client_a, token, title="T", file=ContentFile(content, name=name))
        assert response.status_code == 400 and "file" in response.json()

    @pytest.mark.parametrize("count", [1, 20])
    def test_list_budget(self, client_a, as_user, count):
        api, _ = as_user(client_a)
        with schema_context(client_a.schema_name):
            CheatSheetFactory.create_batch(count)
            CheatSheetFactory(is_active=False)
        with StatementCount(budget(1)):
            assert len(api.get(url(client_a, "cheat-sheets/")).json()) == count


@pytest.mark.parametrize(
    "method,rest",
    [
        ("get", "workshop-registrations/"),
        ("get", "workshop-registrations/count/"),
        ("patch", "workshop-registrations/1/"),
        ("get", "cheat-sheets/"),
        ("post", "free-cheat-sheet-download/"),
        ("get", "referral-program/"),
        ("get", "referrals-program/1/"),
        ("post", "report-issue/"),
        ("get", "workshop/variables/"),
        ("post", "workshop/variables/"),
    ],
)
def test_other_clients_token_is_401(client_a, client_b, as_user, method, rest):
    api, _ = as_user(client_a, role="admin")
    assert getattr(api, method)(url(client_b, rest)).status_code == 401


class TestIssueList:
    def test_admin_lists_students_403(self, client_a, as_user):
        student, user = as_user(client_a)
        admin, _ = as_user(client_a, role="admin")
        student.post(url(client_a, "report-issue/"), {"issue_type": "bug", "description": "Broken"})
        listed = admin.get(url(client_a, "report-issue/")).json()
        assert [(i["issue_type"], i["status"], i["reported_by"]["id"]) for i in listed] == [("bug", "open", user.id)]
        assert admin.get(url(client_a, "report-issue/?status=closed")).json() == []
        assert student.get(url(client_a, "report-issue/")).status_code == 403

    @pytest.mark.parametrize("count", [1, 20])
    def test_budget(self, client_a, as_user, count):
        admin, _ = as_user(client_a, role="admin")
        for _ in range(count):
            as_user(client_a)[0].post(url(client_a, "report-issue/"), {"issue_type": "bug", "description": "x"})
        with StatementCount(budget(1)):
            assert len(admin.get(url(client_a, "report-issue/")).json()) == count
