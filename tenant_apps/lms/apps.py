from django.apps import AppConfig


class LmsConfig(AppConfig):
    name = "tenant_apps.lms"
    label = "lms"
