from django.apps import AppConfig


class MockInterviewsConfig(AppConfig):
    name = "tenant_apps.mock_interviews"
    label = "mock_interviews"
