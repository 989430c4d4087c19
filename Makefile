# Two entry points a newcomer needs (README): `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup run test clean

# The venv's own pip, never upgraded: a fresh Python's pip (23.x for 3.11) resolves differently
# from the newest one, and CI (.ci/run) must catch what a new user's install would miss.
$(BIN)/dxextract: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -e ".[dev,datasette]"
	@touch $@

setup: $(BIN)/dxextract

run: setup  ## build the dataset from the bundled corpus into dataset/
	$(BIN)/dxextract build corpus -o dataset

test: setup  ## the whole test suite
	$(BIN)/python -m pytest -q -n 2

clean:
	rm -rf dataset .pytest_cache
