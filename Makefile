# The two commands: `make run` and `make test`. Everything else is a step of theirs.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
PYTEST := $(BIN)/python -m pytest
# The web app's front end (the NHS.UK design system), built into web/static/ (git-ignored).
WEB_STAMP := web/static/.built
WEB_SOURCES := web/package.json web/package-lock.json $(wildcard web/styles/*.scss web/scripts/*.js)

.PHONY: run test install web lint unit integration e2e browser services bench migrate seed clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

$(WEB_STAMP): $(WEB_SOURCES)
	npm ci --prefix web --no-audit --no-fund --omit=optional --ignore-scripts
	npm run --prefix web build
	touch $(WEB_STAMP)

web: $(WEB_STAMP)

run: install web
	$(BIN)/mskpeer run

migrate: install
	$(BIN)/mskpeer migrate

seed: install
	$(BIN)/mskpeer seed-demo

test: install web lint services unit integration e2e browser

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

services:
	scripts/ensure-services

unit: install
	$(PYTEST) tests/unit -q

integration: install services
	$(PYTEST) tests/integration -q

e2e: install services
	$(PYTEST) tests/e2e -q

browser: install web
	scripts/ensure-browser
	$(PYTEST) tests/browser -q

bench: install services
	$(BIN)/python bench/run.py
	$(BIN)/python bench/pid_guard.py
	$(BIN)/python bench/red_flags.py
	$(BIN)/python bench/expert_recall.py
	$(BIN)/python bench/notifications.py
	$(BIN)/python bench/rota.py
	$(BIN)/python bench/follow_ups.py
	$(BIN)/python bench/referrals.py

clean:
	rm -rf $(VENV) var test-output web/node_modules web/static
