from django.apps import AppConfig


class AdminDashboardConfig(AppConfig):
    name = "tenant_apps.admin_dashboard"
    label = "admin_dashboard"
