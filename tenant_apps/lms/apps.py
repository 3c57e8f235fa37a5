from django.apps import AppConfig


class LmsConfig(AppConfig):
    name = "tenant_apps.lms"
    label = "lms"

    def ready(self) -> None:
        from tenant_apps.lms import cache

        cache.connect()
