# backprop-lessons: the two commands in README.md are `make lab` and `make test`.
# Every target creates the virtual environment first when it is missing.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: lab test venv notebooks homework bench clean-venv

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

venv: $(STAMP)

## Open the courseware: JupyterLab on notebooks/.
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

## Run the whole test suite: unit tests, nbval on every notebook, browser tests.
test: $(STAMP)
	@bash scripts/ensure-browser.sh
	$(BIN)/python -m pytest

## Re-execute every notebook in place (after changing code they use).
notebooks: $(STAMP)
	$(BIN)/python scripts/execute_notebooks.py

clean-venv:
	rm -rf $(VENV)
