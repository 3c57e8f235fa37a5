#!/usr/bin/env sh
# Release phase: migrate public, the template schema, then every client schema.
set -eu
exec python manage.py migrate_platform
