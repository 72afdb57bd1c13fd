# Two entry points: `make build` builds the graph of seeds/ into exports/, `make test` runs the tests.
# Both create .venv with python3 -m venv and install the project into it first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test install clean screenshot bench

build: $(STAMP)
	$(BIN)/kg build seeds --exports exports

test: $(STAMP)
	$(BIN)/python -m pytest

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

screenshot: $(STAMP)
	$(BIN)/kg screenshot --exports exports --output docs/seeds-graph.png

bench: $(STAMP)
	$(BIN)/python bench/sparql_bench.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
