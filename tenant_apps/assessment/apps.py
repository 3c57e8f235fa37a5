from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "tenant_apps.assessment"
    label = "assessment"
