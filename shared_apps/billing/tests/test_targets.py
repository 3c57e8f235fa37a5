"""Payment targets are registered by the apps that sell them; billing names none."""

import pytest

from core.errors import FieldErrors
from shared_apps.billing.targets import TARGET_RESOLVERS, payment_types, target_register, target_resolver
from tenant_apps.assessment.payments import assessment_payment_target, program_payment_target


def test_the_assessment_app_registers_its_types_when_django_starts():
    assert {"ASSESSMENT", "PROGRAM"} <= set(payment_types())
    assert target_resolver("ASSESSMENT") is assessment_payment_target
    assert target_resolver("PROGRAM") is program_payment_target


def test_registering_again_is_idempotent_and_a_second_resolver_is_refused():
    target_register("ASSESSMENT", assessment_payment_target)
    with pytest.raises(ValueError, match="already registered"):
        target_register("ASSESSMENT", program_payment_target)
    assert TARGET_RESOLVERS["ASSESSMENT"] is assessment_payment_target


def test_an_unregistered_type_is_a_400_naming_the_registered_ones():
    with pytest.raises(FieldErrors) as refused:
        target_resolver("COURSE")
    supported = ", ".join(sorted(payment_types()))
    assert refused.value.errors == {"payment_type": [f"Unsupported payment type. Use one of: {supported}."]}
    assert "ASSESSMENT" in supported
