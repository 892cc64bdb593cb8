# The two commands: `make run` and `make test`. Everything else is a step of theirs.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
PYTEST := $(BIN)/python -m pytest
# The web app's front end (the NHS.UK design system), built into web/static/ (git-ignored).
WEB_STAMP := web/static/.built
WEB_SOURCES := web/package.json web/package-lock.json $(wildcard web/styles/*.scss web/scripts/*.js)
# The OpenID provider the single sign-on tests sign in through (npm's oidc-provider).
OIDC_STAMP := tests/support/oidc/node_modules/.installed

.PHONY: run test install web lint unit integration e2e browser e2e-then-browser services bench
.PHONY: migrate seed clean
.PHONY: audit sbom safety-case

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

$(OIDC_STAMP): tests/support/oidc/package.json tests/support/oidc/package-lock.json
	npm ci --prefix tests/support/oidc --no-audit --no-fund --ignore-scripts
	touch $(OIDC_STAMP)

run: install web
	$(BIN)/mskpeer run

migrate: install
	$(BIN)/mskpeer migrate

seed: install
	$(BIN)/mskpeer seed-demo

# The integration suite runs beside the e2e and browser suites: all three mostly wait
# on brokers, databases and processes, and each test has its own vhost, databases and
# ports, so they cannot meet. Output is kept per suite.
test: install web lint services unit
	$(MAKE) -j2 --output-sync=target integration e2e-then-browser

e2e-then-browser: e2e
	$(MAKE) browser

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

services:
	scripts/ensure-services

unit: install
	$(PYTEST) tests/unit -q

integration: install services
	$(PYTEST) tests/integration -q --durations=8

e2e: install services
	$(PYTEST) tests/e2e -q --durations=8

browser: install web $(OIDC_STAMP)
	scripts/ensure-browser
	$(PYTEST) tests/browser -q --durations=8

bench: install services
	$(BIN)/python bench/run.py
	$(BIN)/python bench/reads.py --before 7ac5e98  # main before the reads stopped fanning out
	$(BIN)/python bench/pid_guard.py
	$(BIN)/python bench/red_flags.py
	$(BIN)/python bench/expert_recall.py
	$(BIN)/python bench/notifications.py
	$(BIN)/python bench/rota.py
	$(BIN)/python bench/outbox.py
	$(BIN)/python bench/follow_ups.py
	$(BIN)/python bench/referrals.py
	$(BIN)/python bench/self_help.py
	$(BIN)/python bench/cluster.py
	$(BIN)/python bench/scale.py

# Known vulnerabilities in our dependencies (PyPI and npm advisories): reported, not part of
# `make test`, since advisories change daily. Exits non-zero when either finds one.
audit: install web
	status=0; \
	$(BIN)/pip-audit --skip-editable --progress-spinner off || status=1; \
	npm audit --prefix web || status=1; \
	exit $$status

# CycloneDX bills of materials for a release: the runtime Python packages (installed alone
# in a scratch environment, without the dev tools) and the web front end's npm packages.
sbom: install web
	rm -rf dist/sbom-env && mkdir -p dist
	$(PYTHON) -m venv dist/sbom-env
	dist/sbom-env/bin/python -m pip install -q .
	$(BIN)/cyclonedx-py environment --pyproject pyproject.toml --output-reproducible \
		-o dist/sbom-python.cdx.json dist/sbom-env/bin/python
	npm sbom --prefix web --sbom-format cyclonedx --omit dev > dist/sbom-web.cdx.json
	rm -rf dist/sbom-env
	@echo "wrote dist/sbom-python.cdx.json and dist/sbom-web.cdx.json"

# The DCB0129 safety case: runs the tests docs/safety/hazard-log.yaml names and renders
# docs/safety/safety-case.md with their results, for the Clinical Safety Officer to sign.
safety-case: install web services
	scripts/ensure-browser
	$(BIN)/python scripts/safety_case.py

clean:
	rm -rf $(VENV) var test-output web/node_modules web/static dist tests/support/oidc/node_modules
