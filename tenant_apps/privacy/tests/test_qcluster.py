"""A data export on a real ``manage.py qcluster`` (ORM broker), killed with ``kill -9`` in
the middle of the archive: a new cluster finishes the same job, once, and its link works.

Like ``shared_apps/operations/tests/test_qcluster.py`` (whose cluster helper it uses), the
test commits its rows through ``django_db_blocker`` and deletes exactly what it made."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.db import connections
from django_tenants.utils import schema_context

from shared_apps.operations.tests.test_qcluster import (  # noqa: F401 - fixtures
    Cluster,
    _wait_for,
    committed,
    db_name,
    smtp_server,
)
from tenant_apps.privacy import archive
from tenant_apps.privacy.tests.test_data_requests import download

pytestmark = pytest.mark.slow

SETTINGS = "tenant_apps.privacy.tests.qcluster_settings"


@pytest.fixture
def media_root(tmp_path):
    return str(tmp_path)


def test_export_survives_a_killed_worker(committed, db_name, smtp_server, media_root, settings):  # noqa: F811
    from conftest import ApiClient
    from tenant_apps.accounts.services import session_start
    from tenant_apps.accounts.tests.factories import UserFactory
    from tenant_apps.notifications.models import Notification
    from tenant_apps.privacy.models import DataExport
    from tenants.models import Client

    settings.MEDIA_ROOT = media_root  # this process serves the download from the same folder
    alpha = Client.objects.get(slug="alpha")
    with schema_context(alpha.schema_name):
        student = UserFactory(email="qcluster-export@example.test")
        Notification.objects.create(user=student, title="Kept", message="Exported once")
        token = session_start(user=student, client_id=alpha.id).access
    api = ApiClient(token)
    env = {
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "MEDIA_ROOT": media_root,
        "QCLUSTER_TEST_TIMEOUT": "5",
        "QCLUSTER_TEST_RETRY": "6",
        "QCLUSTER_TEST_STALE_SECONDS": "2",
    }
    # a second connection holds a lock that stops the archive at the notifications table
    blocker = connections.create_connection("default")
    cluster = Cluster(db_name, smtp_server.port, **env).start()
    path = f"/api/clients/{alpha.id}/my-data/exports/"
    try:
        blocker.set_autocommit(False)
        with blocker.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{alpha.schema_name}"."notifications_notification" IN ACCESS EXCLUSIVE MODE')
        job = api.post(path).json()

        def mid_archive():
            body = api.get(f"{path}{job['id']}/").json()
            return body if body["status"] == "processing" and body["progress"] > 5 else None

        stuck = _wait_for(mid_archive, cluster, seconds=60)  # a cluster starts slowly on a busy machine
        assert stuck["attempts"] == 1

        # when: the machine dies, the lock goes, a new cluster starts
        cluster.kill()
        blocker.rollback()
        cluster = Cluster(db_name, smtp_server.port, **env).start()

        # then: the same job completes, claimed a second time, with one archive
        def finished():
            body = api.get(f"{path}{job['id']}/").json()
            return body if body["status"] in ("completed", "failed") else None

        done = _wait_for(finished, cluster, seconds=60)
        assert done["status"] == "completed", done
        assert done["attempts"] >= 2  # the killed run's claim and the one that finished
        with schema_context(alpha.schema_name):
            assert DataExport.objects.filter(user=student).count() == 1
        status, _, body = download(done["download_url"])
        assert status == 200
        with zipfile.ZipFile(io.BytesIO(body)) as archive_file:
            names = set(archive_file.namelist())
            assert b"Exported once" in archive_file.read("notifications.notification.json")
        for model, _ in archive.user_models():
            assert f"{model._meta.app_label}.{model._meta.model_name}.json" in names
    finally:
        blocker.close()
        cluster.stop()
        with schema_context(alpha.schema_name):
            DataExport.objects.filter(user=student).delete()
            student.delete()
