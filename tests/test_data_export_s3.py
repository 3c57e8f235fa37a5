"""A data export on S3-compatible storage (moto's server on 127.0.0.1): the archive goes to
the bucket through django-storages, and the job's link is the bucket's presigned URL."""

import io
import zipfile

import pytest
import requests

from tests.test_media_s3 import BUCKET, s3_server, s3_storage  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def test_export_is_stored_in_the_bucket_and_served_by_a_presigned_url(
    s3_storage,  # noqa: F811 - the fixture
    client_a,
    as_user,
    django_capture_on_commit_callbacks,
):
    api, student = as_user(client_a)
    with django_capture_on_commit_callbacks(execute=True):
        job = api.post(f"/api/clients/{client_a.id}/my-data/exports/").json()
    done = api.get(f"/api/clients/{client_a.id}/my-data/exports/{job['id']}/").json()
    assert done["status"] == "completed"
    keys = [o["Key"] for o in s3_storage.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [f"data-exports/{client_a.schema_name}/{job['id']}.zip"]
    url = done["download_url"]
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=900" in url
    body = requests.get(url, timeout=5).content
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert "accounts.user.json" in archive.namelist()
        assert student.email.encode() in archive.read("accounts.user.json")
