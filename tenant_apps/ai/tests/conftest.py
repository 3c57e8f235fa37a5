from tests.fakes.ai import _ai_server, ai_fake  # noqa: F401 - shared fixtures
