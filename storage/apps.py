from django.apps import AppConfig


class StorageConfig(AppConfig):
    """Media (``/images/``, no tables) and the clients' uploaded files (a table per client
    schema: ``storage.models.ClientFile``)."""

    name = "storage"
    label = "storage"
