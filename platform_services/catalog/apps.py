from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "platform_services.catalog"
    label = "catalog"
