# Sociaal Werkboek: two commands.
#   make lab   - set up (first time) and open the workbooks in JupyterLab
#   make app   - set up (first time) and open the workbooks as an app without code (Voila)
#   make test  - set up (first time) and run every test
#   make bench - benchmark (ratios against a baseline measured in the same run)
#   make site  - build site/: every workbook as a static site that runs in the browser (docs/SITE.md)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ROOT_FLAG := $(shell [ "$$(id -u)" = "0" ] && echo --allow-root)

.PHONY: lab app test bench setup clean strip site

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=workbooks $(ROOT_FLAG)

app: $(STAMP)
	$(BIN)/werkboek app

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# Build tools live in .site-build/ (their own venv and caches), not in .venv.
site:
	$(PYTHON) tools/build_site.py

strip: $(STAMP)
	$(BIN)/python tools/strip_notebooks.py workbooks

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
