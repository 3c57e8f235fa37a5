from django.apps import AppConfig


class AiConfig(AppConfig):
    """The AI assistant features (agent, MCQ generation, e-mail formatting) and the
    OpenAI-compatible client other apps call. No tables of its own."""

    name = "tenant_apps.ai"
    label = "ai"
