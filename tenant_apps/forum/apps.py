from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "tenant_apps.forum"
    label = "forum"

    def ready(self) -> None:
        from tenant_apps.forum import cache

        cache.connect()
