from django.apps import AppConfig


class ThrottlingConfig(AppConfig):
    name = "shared_apps.throttling"
    label = "throttling"
