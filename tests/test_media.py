import base64

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client as DjangoClient

from tests.queries import StatementCount

pytestmark = pytest.mark.django_db

# A real 1x1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def fetch(path: str):
    response = DjangoClient().get(path)
    body = response.getvalue()  # the streamed chunks joined, or the content
    return response.status_code, response.headers, body


def upload(token: str | None, folder: str, name: str, content: bytes, content_type="image/png"):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = DjangoClient().post(
        f"/images/folder/{folder}/",
        {"file": ContentFile(content, name=name)},
        headers=headers,
    )
    return response


class TestServe:
    def test_serves_bytes_with_content_type(self, media, api):
        default_storage.save("images/logos/alpha.png", ContentFile(PNG))
        status, headers, body = fetch("/images/logos/alpha.png")
        assert status == 200 and body == PNG
        assert headers["Content-Type"] == "image/png" and headers["X-Content-Type-Options"] == "nosniff"

    @pytest.mark.parametrize(
        "path",
        [
            "/images/logos/missing.png",
            "/images/logos/..%2F..%2Fetc%2Fpasswd",
            "/images/../config/settings.py",
            "/images/logos/.hidden.png",
            "/images/logos/secret.txt",
            "/images/..%2Fsecret/alpha.png",
            "/images/cheat-sheets/paid.png",
            "/images/../cheat-sheets/paid.png",
        ],
    )
    def test_missing_or_unsafe_is_404(self, media, path):
        (media / "secret.txt").write_text("top secret")
        (media / "images" / "logos").mkdir(parents=True)
        (media / "images" / "logos" / "secret.txt").write_text("top secret")
        (media / "images" / "logos" / ".hidden.png").write_bytes(PNG)
        (media / "cheat-sheets").mkdir()
        (media / "cheat-sheets" / "paid.png").write_bytes(PNG)
        status, _, body = fetch(path)
        assert status == 404 and b"secret" not in body

    def test_appears_in_openapi(self, api):
        spec = api.get("/api/openapi.json").json()
        operation = spec["paths"]["/images/{folder_name}/{image_name}"]["get"]
        assert "image/png" in operation["responses"]["200"]["content"]
        assert "/images/folder/{folder_name}/" in spec["paths"] and "/images/folders/" in spec["paths"]


class TestUploadAndList:
    def test_admin_uploads_lists_and_serves(self, media, client_a, as_user, token_for, make_user):
        admin = make_user(client_a, role="admin")
        token = token_for(admin, client_a)
        first = upload(token, "banners", "hero.png", PNG)
        assert first.status_code == 201, first.content
        body = first.json()
        assert body["name"] == "hero.png" and body["url"] == "http://testserver/images/banners/hero.png"
        second = upload(token, "banners", "hero.png", PNG)
        assert second.status_code == 201 and second.json()["name"] != "hero.png"  # never overwrites
        assert upload(token, "photos", "me.jpg", JPEG).status_code == 201
        default_storage.save("images/banners/readme.txt", ContentFile(b"not an image"))
        api = DjangoClient(headers={"Authorization": f"Bearer {token}"})
        listing = api.get("/images/folder/banners/").json()
        assert listing["folder_name"] == "banners"
        assert [i["name"] for i in listing["images"]] == sorted([body["name"], second.json()["name"]])
        assert listing["images"][0]["size"] == len(PNG) and listing["images"][0]["created_at"]
        assert api.get("/images/folders/").json() == {
            "folders": [{"name": "banners", "image_count": 2}, {"name": "photos", "image_count": 1}]
        }
        assert fetch("/images/banners/hero.png")[2] == PNG

    @pytest.mark.parametrize(
        "folder,name,content,field",
        [
            ("banners", "hero.png", b"GIF89a not a png", "file"),
            ("banners", "hero.exe", PNG, "file"),
            ("banners", "hero.png", b"", "file"),
            ("bad.folder", "hero.png", PNG, "folder_name"),
        ],
    )
    def test_upload_validation(self, media, client_a, make_user, token_for, folder, name, content, field):
        token = token_for(make_user(client_a, role="admin"), client_a)
        response = upload(token, folder, name, content)
        assert response.status_code == 400 and field in response.json()

    def test_size_limit(self, media, client_a, make_user, token_for, settings):
        settings.MEDIA_MAX_IMAGE_BYTES = 50
        token = token_for(make_user(client_a, role="admin"), client_a)
        response = upload(token, "banners", "big.png", PNG + b"\x00" * 100)
        assert response.status_code == 400 and "larger" in response.json()["file"][0]

    def test_roles(self, media, client_a, make_user, token_for, platform_admin):
        student = token_for(make_user(client_a), client_a)
        assert upload(student, "banners", "hero.png", PNG).status_code == 403
        assert upload(None, "banners", "hero.png", PNG).status_code == 401
        api = DjangoClient(headers={"Authorization": f"Bearer {student}"})
        assert api.get("/images/folders/").status_code == 403
        assert api.get("/images/folder/banners/").status_code == 403
        admin_api, _ = platform_admin
        assert admin_api.get("/images/folders/").json() == {"folders": []}

    def test_unknown_folder_listing_is_404(self, media, platform_admin):
        admin_api, _ = platform_admin
        assert admin_api.get("/images/folder/nothing/").status_code == 404


@pytest.mark.parametrize("count", [1, 20])
def test_listings_make_no_queries_of_their_own(media, platform_admin, count):
    from django.core.cache import cache

    admin_api, _ = platform_admin
    for index in range(count):
        default_storage.save(f"images/f{index}/img.png", ContentFile(PNG))
        default_storage.save(f"images/f0/img{index}.png", ContentFile(PNG))
    cache.clear()
    # token's client, user+session: the storage is listed, the DB is not
    with StatementCount(2):
        assert len(admin_api.get("/images/folders/").json()["folders"]) == count
    cache.clear()
    with StatementCount(2):
        assert len(admin_api.get("/images/folder/f0/").json()["images"]) == count + 1
