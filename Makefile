# The two commands of the README: `make run` and `make test`. Everything else builds on them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check format lint types schema bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Set up (once) and open the workbench on the reference workspace in this folder.
run: $(STAMP)
	$(BIN)/workbench .

## Set up (once) and run the whole test suite (unit, property, store on SQLite and PostgreSQL, CLI).
test: $(STAMP)
	$(BIN)/python -m pytest -n auto

## Everything a change must pass: formatting, lint, strict types, tests.
check: $(STAMP)
	$(BIN)/ruff format --check workbench tests benchmarks
	$(BIN)/ruff check workbench tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -n auto

format: $(STAMP)
	$(BIN)/ruff format workbench tests benchmarks
	$(BIN)/ruff check --fix workbench tests benchmarks

## Regenerate the JSON Schemas shipped in docs/schema.
schema: $(STAMP)
	$(BIN)/workbench schema --out docs/schema

## Time the store and mirror on the large generated model (see docs/performance.md).
bench: $(STAMP)
	$(BIN)/python -m benchmarks.bench_foundation

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
