from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "tenant_apps.engagement"
    label = "engagement"
