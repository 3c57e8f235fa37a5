from django.apps import AppConfig


class ThrottlingConfig(AppConfig):
    name = "platform_services.throttling"
    label = "throttling"
