from django.apps import AppConfig


class LiveClassesConfig(AppConfig):
    name = "tenant_apps.live_classes"
    label = "live_classes"
