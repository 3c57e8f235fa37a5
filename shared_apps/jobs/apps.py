from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "shared_apps.jobs"
    label = "jobs"
