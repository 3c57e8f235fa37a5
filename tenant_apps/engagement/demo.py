"""Idempotent demo content of the engagement features for the demo client."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from tenant_apps.engagement.models import CheatSheet, ReferralProgram, WorkshopRegistration, WorkshopVariable

CHEAT_SHEET_PATH = "cheat-sheets/sql-basics.txt"
CHEAT_SHEET_TEXT = """SQL basics cheat sheet
SELECT col FROM t WHERE cond ORDER BY col LIMIT n;
INSERT INTO t (a, b) VALUES (1, 2);
UPDATE t SET a = 1 WHERE id = 2;
DELETE FROM t WHERE id = 2;
JOIN: SELECT * FROM a JOIN b ON b.a_id = a.id;
"""


def build_demo_engagement(client, users_by_email) -> None:
    if not default_storage.exists(CHEAT_SHEET_PATH):
        default_storage.save(CHEAT_SHEET_PATH, ContentFile(CHEAT_SHEET_TEXT.encode()))
    CheatSheet.objects.get_or_create(
        file_path=CHEAT_SHEET_PATH, defaults={"title": "SQL basics", "description": "The SQL you use every day."}
    )
    ReferralProgram.objects.get_or_create(referral_code="DEMO10", defaults={"discount_percentage": Decimal("10.00")})
    workshop_date = (timezone.now() + timedelta(days=14)).replace(hour=10, minute=0, second=0, microsecond=0)
    variables = {
        "next_workshop_name": "Data Science 101",
        "seats_total": 50,
        "meeting_link": "https://meet.example.com/ds101",
    }
    for key, value in variables.items():
        WorkshopVariable.objects.get_or_create(key=key, defaults={"value": value})
    student = users_by_email.get("student1@demo.local")
    if student is not None and not WorkshopRegistration.objects.filter(user=student).exists():
        WorkshopRegistration.objects.create(
            user=student, workshop_name="Data Science 101", workshop_date=workshop_date, status="confirmed"
        )
