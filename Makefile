# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install demo test test-fast lint bench clean browser postgres serve reliability messages

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The whole chain on a copy of the demo team (the examples stay as committed):
# history -> forecast.csv -> requirements.csv -> headcount check -> roster.
demo: $(STAMP)
	rm -rf out/demo-team && mkdir -p out && cp -r examples/demo-team out/demo-team
	$(BIN)/scheduler forecast out/demo-team --month 2026-11
	$(BIN)/scheduler staff out/demo-team --month 2026-11
	$(BIN)/scheduler headcount out/demo-team --month 2026-11
	$(BIN)/scheduler roster out/demo-team --month 2026-11 --out out/demo-team-2026-11 --time-limit 20

lint: $(STAMP)
	$(BIN)/ruff format --check scheduler solver tests
	$(BIN)/ruff check scheduler solver tests
	$(BIN)/mypy solver scheduler

# The browser tests drive Debian's Chromium; install it only when it is missing.
browser:
	@test -x $(CHROMIUM) || { $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends chromium; }

# The store's tests marked `pg` run again on a throwaway PostgreSQL cluster (tests/postgres.py
# starts it in a temporary folder); install Debian's server only when it is missing.
postgres:
	@ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || { $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends postgresql; }

# One pytest worker per core, a test file per worker at a time (its module fixtures, a server
# or a browser, are started once).
test: $(STAMP) lint browser postgres
	$(BIN)/python -m pytest -q -n auto --dist loadfile

# The tests without the long solves (marked `slow`) and without lint: a quick check while working.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

serve: $(STAMP)
	$(BIN)/scheduler serve --data-dir data

bench: $(STAMP)
	$(BIN)/scheduler bench roster
	$(BIN)/scheduler bench demand
	$(BIN)/scheduler bench replan

# The longer runs of docs/reliability.md (make test runs short forms of each).
reliability: $(STAMP)
	FUZZ_EXAMPLES=2000 $(BIN)/python -m pytest -q -s tests/fuzz
	SCHEMATHESIS_EXAMPLES=100 $(BIN)/python -m pytest -q -s tests/web/test_schemathesis.py
	$(BIN)/scheduler bench load --requests 1000 --clients 20

# New labels from the templates into the catalogs (empty msgstr for the translator to fill).
messages: $(STAMP)
	$(BIN)/python scripts/update_messages.py

clean:
	rm -rf $(VENV) out
