from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "tenant_apps.certificates"
    label = "certificates"
