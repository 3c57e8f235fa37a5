"""An upload racing its member's erasure (the ``attack2`` review): the upload was already past
authentication when an admin erased the member. Before, its row waited for the erasure's lock
on the member's row, then was stored for the erased account: the erasure had already listed
the files it deletes, so the screenshot outlived the erasure. Each side has its own database
connection and commits, as in tests/test_security_concurrency.py, and the rows are deleted
after.
"""

from __future__ import annotations

import threading
import time

from django.db import connection, transaction
from django.test import Client as HttpClient
from django.utils import timezone
from django_tenants.utils import schema_context

from storage.models import ClientFile
from tenant_apps.accounts.models import User
from tenant_apps.accounts.services import session_start
from tenant_apps.accounts.tests.factories import UserFactory
from tenants.models import Client
from tenants.schema import use_public_schema
from tests.test_real_client_uploads import screenshot, url


def test_an_upload_racing_the_members_erasure_keeps_nothing(django_db_setup, django_db_blocker, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    with django_db_blocker.unblock():
        client = Client.objects.get(slug="alpha")
        with schema_context(client.schema_name):
            user = UserFactory()
            token = session_start(user=user, client_id=client.id).access
        use_public_schema()
        headers = {"Authorization": f"Bearer {token}"}
        assert HttpClient().get(url(client), headers=headers).status_code == 200  # warm: the upload is quick
        locked = threading.Event()

        def erasure() -> None:
            # the erasure's part that matters: the member's row locked, then made inactive, committed
            # once the upload is waiting for a lock (pg_locks is live, not a snapshot)
            try:
                with schema_context(client.schema_name), transaction.atomic():
                    row = User.objects.select_for_update().get(id=user.id)
                    locked.set()
                    deadline = time.monotonic() + 20
                    with connection.cursor() as cursor:
                        while time.monotonic() < deadline:
                            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
                            if cursor.fetchone()[0]:
                                break
                            time.sleep(0.05)
                    row.is_active, row.deleted_at = False, timezone.now()
                    row.save(update_fields=["is_active", "deleted_at"])
            finally:
                connection.close()

        eraser = threading.Thread(target=erasure)
        eraser.start()
        try:
            assert locked.wait(timeout=10)
            # when: the upload, past authentication, waits for the erasure's lock on the member
            response = HttpClient().post(url(client), screenshot(), headers=headers)
            eraser.join(timeout=15)
            # then: refused, no row and no bytes for the erased member
            assert response.status_code in (400, 403), response.content
            with schema_context(client.schema_name):
                assert not ClientFile.objects.filter(owner_id=user.id).exists()
            assert not list(tmp_path.rglob("*.jpg"))
        finally:
            eraser.join(timeout=25)
            with schema_context(client.schema_name):
                ClientFile.objects.filter(owner_id=user.id).delete()
                User.objects.filter(id=user.id).delete()
            use_public_schema()
