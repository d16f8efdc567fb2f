# Insyn: `make run` serves the demo municipality, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
# The apt step is skipped where the packages are already there (or we are not root).
SYSTEM_PACKAGES := chromium libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core poppler-utils openjdk-17-jre-headless xmlsec1

.PHONY: run test test-fast lint format bench install system-deps npm-deps clean demo migrate

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

node_modules/.installed: package.json
	npm install --no-audit --no-fund --silent
	touch node_modules/.installed

npm-deps: node_modules/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput -v0

demo: migrate
	$(BIN)/python manage.py seed_demo

# seed_demo prints the demo logins (one per role) before the server starts.
run: migrate
	$(BIN)/python manage.py seed_demo --if-empty
	DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install system-deps npm-deps
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 ./scripts/test.sh

test-fast: install
	$(BIN)/python -m pytest -q -m "not e2e and not live" -n 2

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Its own database (bench/out/bench.sqlite3, or BENCH_DATABASE_URL), e.g.
# make bench BENCH_ARGS="--scale 0.1 --only registry"
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles media
