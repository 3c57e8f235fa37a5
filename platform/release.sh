#!/usr/bin/env sh
# Release phase: migrate public, the template schema, then every client schema; collect the
# static files WhiteNoise serves (the admin's, Swagger UI's for /api/docs) into STATIC_ROOT.
set -eu
python manage.py migrate_platform
exec python manage.py collectstatic --noinput -v 0
