# The two commands of the README: `make run` and `make test`. Everything else builds on them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

SARIF_SCHEMA := .cache/sarif/sarif-2.1.0.json

.PHONY: run test check format lint types schema bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@# An editable install leaves the package uncompiled; where bytecode is not written
	@# (PYTHONDONTWRITEBYTECODE, read-only folders) every start would compile it again.
	$(BIN)/python -m compileall -q workbench
	touch $(STAMP)

## Set up (once) and open the workbench on the reference workspace in this folder.
run: $(STAMP)
	@$(BIN)/python -m compileall -q workbench
	$(BIN)/workbench .

## Set up (once) and run the whole test suite (unit, property, store on SQLite and PostgreSQL, CLI).
test: $(STAMP) $(SARIF_SCHEMA)
	$(BIN)/python -m pytest -n auto

## The official SARIF 2.1.0 JSON Schema (from an MIT-licensed npm package), which the check
## command's SARIF output is validated against; without npm that test is skipped (not in CI).
$(SARIF_SCHEMA):
	@mkdir -p .cache/sarif
	@if command -v npm >/dev/null 2>&1; then \
	  cd .cache/sarif && npm pack --silent @microsoft/jest-sarif@1.0.0-beta.0 >/dev/null && \
	  tar xzf microsoft-jest-sarif-1.0.0-beta.0.tgz package/lib/schemas/sarif-2.1.0-rtm.5.json && \
	  mv package/lib/schemas/sarif-2.1.0-rtm.5.json sarif-2.1.0.json && \
	  rm -rf package microsoft-jest-sarif-1.0.0-beta.0.tgz; \
	else echo "npm not found: the SARIF schema test will be skipped"; fi

## Everything a change must pass: formatting, lint, strict types, tests.
check: $(STAMP) $(SARIF_SCHEMA)
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
	rm -rf $(VENV) .cache .pytest_cache .mypy_cache .ruff_cache .hypothesis
