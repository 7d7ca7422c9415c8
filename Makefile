# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

.PHONY: run test install migrate demo lint format browser-deps messages bench-deps clean

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

run: demo
	@echo "Admin: username 'admin', password 'admin' at http://$(HOST)/admin/"
	$(BIN)/python manage.py runserver $(HOST)

# Browser tests need Debian's Chromium; install it when we are allowed to (root), otherwise
# conftest.py skips only the browser tests and says why (REQUIRE_BROWSER=1 makes that a failure).
browser-deps:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "Could not install chromium: browser tests will be skipped"; \
	fi

test: install browser-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

# BERTopic + UMAP, only for bench/clustering.py's comparison.
bench-deps: install
	$(BIN)/pip install --quiet -e ".[dev,bench]"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Translations: .po and the compiled .mo are committed (a fresh machine may lack gettext).
messages: install
	$(BIN)/python manage.py makemessages -l fr -l de -l lb --ignore=.venv --ignore=tests
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 media static_collected
