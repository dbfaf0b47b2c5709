# Sổ tay — the two commands of the README contract are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/sotay

.PHONY: setup run test test-sqlite test-postgres test-explore bench bench-national chromium lint messages audit

# The settings read var/secret_key (or $SOTAY_VAR_DIR/secret_key) when SECRET_KEY is not set.
VAR_DIR := $(or $(SOTAY_VAR_DIR),var)

setup: $(VENV)/.installed node_modules/.installed $(VAR_DIR)/secret_key

# A random secret key for this checkout, written once (var/ is never committed); production sets SECRET_KEY.
$(VAR_DIR)/secret_key:
	mkdir -p $(VAR_DIR)
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

run: setup
	@mkdir -p $(VAR_DIR)
	@$(BIN)/sotay migrate --noinput -v 0
	@$(BIN)/sotay collectstatic --noinput -v 0
	@$(BIN)/sotay demo --if-empty -v 0
	@# The worker and the web server log to var/log/ (worker.log, web.log, access.log); the terminal keeps the
	@# logins, the address and any warning or error.
	@$(BIN)/sotay worker & WORKER=$$!; trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	  $(BIN)/sotay demo --logins; echo "Nhật ký (logs): $(VAR_DIR)/log/"; \
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

# The national run of issue 18 on PostgreSQL (~6,000,000 members; the generation, cached, takes a long while on a
# small machine). Not part of `make bench`, `make test` or CI. A scaled run: `python -m sotay.benchmarks.national
# --members 300000`.
bench-national: setup
	$(BIN)/python -m sotay.benchmarks.national

# Known vulnerabilities in the pinned Python (pip-audit) and npm (npm audit) packages; not part of `make test`.
# Exit 0: none found; 1: vulnerabilities found; 2: a vulnerability database could not be reached.
# pip-audit gets a virtualenv of its own (var/audit-venv) so its dependencies never change the app's pinned ones;
# it reads requirements.lock and package-lock.json, so the app itself need not be installed.
audit:
	test -x var/audit-venv/bin/pip-audit || ($(PYTHON) -m venv var/audit-venv && \
	  var/audit-venv/bin/pip install -q --disable-pip-version-check pip-audit==2.10.1)
	$(PYTHON) scripts/audit.py --pip-audit var/audit-venv/bin/pip-audit

# ruff, then mypy with django-stubs over sotay/ (configuration in pyproject.toml; `make test` runs the same type
# check as sotay/core/tests/test_mypy.py).
lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

messages: setup
	$(BIN)/sotay makemessages -l en --no-obsolete --no-location --ignore='.venv/*' --ignore='node_modules/*' --ignore='var/*'
	$(BIN)/sotay compilemessages --ignore='.venv/*' --ignore='node_modules/*' 
