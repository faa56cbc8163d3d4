# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench clean

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

test: $(STAMP) lint
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/scheduler bench roster
	$(BIN)/scheduler bench demand

clean:
	rm -rf $(VENV) out
