"""The WSGI application. The URLconf (every router and schema of the API, ~3 s of CPU) is
imported here rather than on a worker's first request, so gunicorn's master (``preload_app``)
holds it and a replaced worker serves at once: otherwise workers replaced together after
``max_requests`` each spent seconds importing it while requests queued (docs/benchmarks.md)."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 (imports the URLconf now)
