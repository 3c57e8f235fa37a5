from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "tenant_apps.assessment"
    label = "assessment"

    def ready(self) -> None:
        """Assessments and programs are what students pay for: billing prices them through us."""
        from shared_apps.billing.targets import target_register
        from tenant_apps.assessment import cache
        from tenant_apps.assessment.payments import assessment_payment_target, program_payment_target

        cache.connect()

        target_register("ASSESSMENT", assessment_payment_target)
        target_register("PROGRAM", program_payment_target)
