from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from tenant_apps.engagement.models import CheatSheet, ReferralProgram, WorkshopRegistration
from tests.factories import ModelFactory


class WorkshopRegistrationFactory(ModelFactory[WorkshopRegistration]):
    class Meta:
        model = WorkshopRegistration

    workshop_name = factory.Sequence(lambda n: f"Workshop {n}")
    workshop_date = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


class ReferralProgramFactory(ModelFactory[ReferralProgram]):
    class Meta:
        model = ReferralProgram

    referral_code = factory.Sequence(lambda n: f"CODE{n:04d}")
    discount_percentage = Decimal("10.00")


class CheatSheetFactory(ModelFactory[CheatSheet]):
    class Meta:
        model = CheatSheet

    title = factory.Sequence(lambda n: f"Cheat sheet {n}")
    file_path = factory.Sequence(lambda n: f"cheat-sheets/sheet-{n}.pdf")
