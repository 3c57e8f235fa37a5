from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "tenant_apps.calendars"
    label = "calendars"
