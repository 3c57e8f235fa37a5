from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from tenant_apps.live_classes.models import AttendanceActivity, LiveClass
from tests.factories import ModelFactory


class LiveClassFactory(ModelFactory[LiveClass]):
    class Meta:
        model = LiveClass

    title = factory.Sequence(lambda n: f"Live class {n}")
    description = "Live Q&A."
    scheduled_time = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    duration_minutes = 60
    meeting_link = "https://meet.example.test/abc"


class AttendanceActivityFactory(ModelFactory[AttendanceActivity]):
    class Meta:
        model = AttendanceActivity

    title = factory.Sequence(lambda n: f"Roll call {n}")
    description = "Mark yourself present."
    scheduled_time = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=10))
    duration_minutes = 60
