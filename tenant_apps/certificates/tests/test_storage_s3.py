"""The certificate PDF through django-storages' S3Storage against moto's S3 server on
127.0.0.1: stored under certificates/<schema>/, offered as the bucket's presigned URL."""

import io

import pytest
import requests
from pypdf import PdfReader

from tenant_apps.certificates.models import Certificate
from tenant_apps.certificates.tests.test_issue_verify import finish_course, listing
from tests.test_media_s3 import BUCKET, s3_server, s3_storage  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def test_pdf_is_stored_in_s3_and_downloaded_by_presigned_url(
    s3_storage,  # noqa: F811
    client_a,
    as_user,
    in_a,
    django_capture_on_commit_callbacks,
):
    # given
    api, student = as_user(client_a, first_name="Sam", last_name="Three")
    # when
    finish_course(api, client_a, student, in_a, lambda: django_capture_on_commit_callbacks(execute=True))
    # then
    with in_a():
        certificate = Certificate.objects.get(user=student)
    key = f"certificates/{client_a.schema_name}/{certificate.code}.pdf"
    assert certificate.file == key
    assert [o["Key"] for o in s3_storage.list_objects_v2(Bucket=BUCKET)["Contents"]] == [key]
    (row,) = api.get(listing(client_a)).json()
    assert "X-Amz-Signature=" in row["download_url"] and "X-Amz-Expires=600" in row["download_url"]
    body = requests.get(row["download_url"], timeout=5).content
    assert body.startswith(b"%PDF-") and "Sam Three" in PdfReader(io.BytesIO(body)).pages[0].extract_text()
