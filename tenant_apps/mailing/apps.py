from django.apps import AppConfig


class MailingConfig(AppConfig):
    name = "tenant_apps.mailing"
    label = "mailing"
