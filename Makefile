# The operator interface: `make run` and `make test` work on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
PORT ?= 8000
export PORT
# The secret key of this machine's `make run` (created once, mode 600; config/secret_key.py).
SECRET_KEY_FILE ?= .data/secret_key
# `make openapi` signs nothing and needs no database: any key will do when none is set.
OPENAPI_KEY := openapi-export-only-this-key-signs-nothing-0123456789

.PHONY: install run test fuzz openapi lint format db-start db-stop migrate seed clean secret-key bench system-deps prod-check static

$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

# Debian programs the production-shape and browser tests start (tests/prodshape.py), as
# program:package. Missing ones are installed with apt-get (as root, quietly, once: nothing
# happens when all are there); without apt-get or root, make says what is missing and those
# tests fail in CI (CI=true) and are skipped elsewhere.
SYSTEM_PROGRAMS := redis-server:redis-server pgbouncer:pgbouncer chromium:chromium
system-deps:
	@missing=""; \
	for pair in $(SYSTEM_PROGRAMS); do \
	  program=$${pair%%:*}; \
	  command -v $$program >/dev/null 2>&1 || [ -x /usr/sbin/$$program ] || missing="$$missing $${pair#*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    { apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing; } >/dev/null 2>&1 \
	      || echo "apt-get could not install$$missing; the tests that need them will fail" >&2; \
	  else \
	    echo "Missing Debian packages:$$missing (install them with apt-get as root)" >&2; \
	  fi; \
	fi

secret-key: install
	@$(PY) -m config.secret_key $(SECRET_KEY_FILE)

db-start: install
	@if [ -z "$$DATABASE_URL" ]; then $(PY) -m config.embedded_pg start; fi

db-stop:
	@$(PY) -m config.embedded_pg stop

migrate: db-start secret-key
	@$(PY) manage.py migrate_platform -v 0

seed: migrate
	@$(PY) manage.py seed_demo

# The static files WhiteNoise serves (admin, Swagger UI for /api/docs), into STATIC_ROOT.
static: secret-key
	@$(PY) manage.py collectstatic --noinput -v 0

run: seed static
	@echo "Serving on http://127.0.0.1:$(PORT)/  (docs: http://127.0.0.1:$(PORT)/api/docs)  Ctrl-C stops."
	@bash platform/run.sh

# Two workers (the CI machine has 2 cores): each gets its own test database. `loadgroup`
# keeps an xdist_group together on one worker (the production-shape module shares one set
# of servers); every other test is spread as usual.
PYTEST_WORKERS ?= 2
test: install system-deps
	@$(PY) -m pytest -q -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# The production shape alone (tests marked prodshape; make test runs them too): redis-server,
# pgbouncer, two gunicorn web processes and two qcluster workers on the production settings,
# walked through over HTTP; prints the timings it measured.
prod-check: install system-deps
	@$(PY) -m pytest -q -n 0 -s -m prodshape $(PYTEST_ARGS)

# Schemathesis over every operation: FUZZ_EXAMPLES cases per operation and role (make test
# runs 2). In-process on the test database, or against a running `make run` with
# FUZZ_URL=http://127.0.0.1:8000 (its demo logins; FUZZ_CLIENT_ID, default 2).
FUZZ_EXAMPLES ?= 25
fuzz: install
	@FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_URL=$(FUZZ_URL) $(PY) -m pytest -q -n 2 -m fuzz tests/test_fuzz.py $(PYTEST_ARGS)

# The hot endpoints over HTTP (gunicorn + worker as in the Procfile, wrk on 127.0.0.1), each
# between two runs of a trivial public read: BENCH_PRESET=small|medium|target seeds the world
# once (idempotent; fixtures/bench.py); BENCH_ARGS e.g. "--duration 10 --only heatmap".
BENCH_PRESET ?= small
bench: migrate
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
	@$(PY) manage.py seed_bench --preset $(BENCH_PRESET)
	@$(PY) manage.py bench_http $(BENCH_ARGS)

openapi: install
	@SECRET_KEY="$${SECRET_KEY:-$(OPENAPI_KEY)}" $(PY) manage.py export_openapi_schema --api api.api.api --indent 2

# ruff, the import layers (docs/architecture.md), then the type checker.
lint: install
	@$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check . && $(VENV)/bin/lint-imports --no-cache && $(VENV)/bin/mypy .

format: install
	@$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .

clean: db-stop
	rm -rf .data
