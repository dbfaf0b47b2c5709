# Sổ tay — the two commands of the README contract are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/sotay

.PHONY: setup run test test-sqlite test-postgres test-explore bench chromium lint messages

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

run: setup
	mkdir -p var
	$(BIN)/sotay migrate --noinput
	$(BIN)/sotay collectstatic --noinput -v 0
	$(BIN)/sotay demo --if-empty
	$(BIN)/sotay demo --logins
	@echo "Sổ tay: http://127.0.0.1:$(PORT)/  (Ctrl-C to stop)"
	$(BIN)/sotay worker & WORKER=$$!; trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	  $(BIN)/sotay serve --port $(PORT)

chromium:
	@command -v chromium >/dev/null 2>&1 || test -x /usr/bin/chromium || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core)

test: setup chromium
	$(BIN)/sotay collectstatic --noinput -v 0
	$(MAKE) --no-print-directory test-sqlite
	@if $(BIN)/python scripts/pg_ready.py "$${DATABASE_URL:-$(PG_URL)}"; then \
	  $(MAKE) --no-print-directory test-postgres; \
	else echo "PostgreSQL does not answer: the PostgreSQL run is left out."; fi

test-sqlite:
	@echo "== Test suite on SQLite =="
	env -u DATABASE_URL $(BIN)/pytest -q

test-postgres:
	@echo "== Test suite on PostgreSQL =="
	DATABASE_URL="$${DATABASE_URL:-$(PG_URL)}" $(BIN)/pytest -q

test-explore: setup
	@echo "== Property tests with a random search (hypothesis profile explore) =="
	env -u DATABASE_URL HYPOTHESIS_PROFILE=explore $(BIN)/pytest -q -m "not browser"

bench: setup
	$(BIN)/python -m sotay.bench

lint: setup
	$(BIN)/ruff check .

messages: setup
	$(BIN)/sotay makemessages -l en --no-obsolete --no-location --ignore='.venv/*' --ignore='node_modules/*' --ignore='var/*'
	$(BIN)/sotay compilemessages --ignore='.venv/*' --ignore='node_modules/*' 
