# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

.PHONY: run run-eid run-prod prod-db test test-default test-services install migrate demo lint format browser-deps messages compile-messages bench-deps clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo compile-messages
	@echo "Admin: username 'admin', password 'admin' at http://$(HOST)/admin/"
	$(BIN)/python manage.py runserver $(HOST)

# The demo plus two local OpenID Connect providers (a citizen eID and a staff directory) to try
# signing in with an eID: scripts/eid-demo.sh (demo people jean/jean and anne/anne).
run-eid: demo compile-messages
	HOST=$(HOST) bash scripts/eid-demo.sh

# Production path on this machine (README.md, "Production and scaling"): gunicorn, a Celery
# worker and beat against PostgreSQL 127.0.0.1:5432 and Redis 127.0.0.1:6379. DJANGO_SECRET_KEY
# is required, never defaulted: `export DJANGO_SECRET_KEY=$$(python3 -c 'import secrets;
# print(secrets.token_urlsafe(50))')`. Plain HTTP on loopback, so no HTTPS redirect by default;
# behind a TLS proxy set SECURE_SSL_REDIRECT=1. Ctrl-C stops all three processes.
run-prod prod-db: export DJANGO_SETTINGS_MODULE = config.settings.production
run-prod prod-db: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/simplify
run-prod: export CELERY_BROKER_URL ?= redis://127.0.0.1:6379/0
run-prod: export REDIS_URL ?= redis://127.0.0.1:6379/1
run-prod: export DJANGO_ALLOWED_HOSTS ?= 127.0.0.1,localhost
run-prod: export SECURE_SSL_REDIRECT ?= 0
run-prod: export WEB_CONCURRENCY ?= 3

# The database named in DATABASE_URL, created when missing (PostgreSQL's client tools).
prod-db:
	@psql "$$DATABASE_URL" -c "SELECT 1" >/dev/null 2>&1 || \
		createdb --maintenance-db="$(dir $(DATABASE_URL))postgres" "$(notdir $(DATABASE_URL))"

run-prod: install prod-db compile-messages
	@test -n "$$DJANGO_SECRET_KEY" || { echo "Set DJANGO_SECRET_KEY first (see Makefile)."; exit 1; }
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py export_open_data  # beat regenerates them nightly; first files now
	@echo "Web: http://$(HOST)/  (gunicorn, $$WEB_CONCURRENCY workers)"
	trap 'kill 0' INT TERM EXIT; \
	$(BIN)/celery -A config worker --loglevel=INFO & \
	$(BIN)/celery -A config beat --loglevel=INFO --schedule=$(VENV)/celerybeat-schedule & \
	$(BIN)/gunicorn config.wsgi:application --bind $(HOST) --access-logfile - & \
	wait

# Browser tests need Debian's Chromium; install it when we are allowed to (root), otherwise
# conftest.py skips only the browser tests and says why (REQUIRE_BROWSER=1 makes that a failure).
# They also need axe-core from npm (package.json, pinned by package-lock.json).
browser-deps:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "Could not install chromium: browser tests will be skipped"; \
	fi
	@test -f node_modules/axe-core/axe.min.js || npm ci --no-audit --no-fund

# The whole suite twice: on the embedded default (SQLite, eager tasks, in-memory index), then on
# the production services (PostgreSQL 18 + pgvector from scripts/pgvector-postgres.sh, Redis on
# 127.0.0.1:6379, real Celery worker processes in the tests marked `services`).
test: test-default test-services

test-default: install browser-deps compile-messages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

test-services: install browser-deps compile-messages
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || redis-server --daemonize yes \
		--bind 127.0.0.1 --port 6379 --save "" --appendonly no
	scripts/pgvector-postgres.sh > $(VENV)/pgvector-url
	DATABASE_URL=$$(tail -n 1 $(VENV)/pgvector-url) \
		$(BIN)/pytest --ds=config.settings.test_postgres -m "services or not services"

# BERTopic + UMAP, only for bench/clustering.py's comparison.
bench-deps: install
	$(BIN)/pip install --quiet -e ".[dev,bench]"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Translations: the .po catalogues are committed, the .mo files are compiled here (git-ignored).
# compilemessages needs GNU gettext's msgfmt: installed from Debian when missing and we are root.
# It runs inside locale/ so that only our catalogues are compiled (it walks the whole tree), with
# the dev settings whatever the caller exports (run-prod's settings would want a secret key).
compile-messages: install
	@if ! command -v msgfmt >/dev/null && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
	fi
	cd locale && DJANGO_SETTINGS_MODULE=config.settings.dev ../$(BIN)/python ../manage.py \
		compilemessages --verbosity 0

messages: install
	$(BIN)/python manage.py makemessages -l fr -l de -l lb --ignore=.venv --ignore=tests \
		--ignore=node_modules
	$(MAKE) compile-messages

clean:
	rm -rf $(VENV) db.sqlite3 media static_collected
	rm -f locale/*/LC_MESSAGES/django.mo
