# Wegwijzer developer commands. `make run` and `make test` work on a fresh machine with Python >= 3.11.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

## Import the bundled infobundle (updates in place) and serve the website and API on http://127.0.0.1:8000.
run: $(STAMP)
	$(BIN)/wegwijzer import
	$(BIN)/wegwijzer serve

## The whole test suite on SQLite and on PostgreSQL (real databases, headless Chromium + axe-core;
## installs what is missing, starts a throw-away PostgreSQL when none listens on 127.0.0.1:5432).
test: $(STAMP)
	bash scripts/test-deps.sh
	$(BIN)/ruff check wegwijzer tests bench
	bash scripts/run-tests.sh

lint: $(STAMP)
	$(BIN)/ruff check wegwijzer tests
	$(BIN)/ruff format --check wegwijzer tests

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
