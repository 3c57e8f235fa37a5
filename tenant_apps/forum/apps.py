from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "tenant_apps.forum"
    label = "forum"
