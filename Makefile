# Sociaal Werkboek: two commands.
#   make lab   - set up (first time) and open the workbooks in JupyterLab
#   make app   - set up (first time) and open the workbooks as an app without code (Voila)
#   make test  - set up (first time) and run every test
#   make check - set up (first time) and run the quick tests: no browser, hub or slow tests, no workbooks (< 2 min)
#   make check-all - make check on every Python 3.11, 3.12 and 3.13 found (tools/check_pythons.sh)
#   make bench - benchmark (ratios against a baseline measured in the same run)
#   make site  - build site/: every workbook as a static site that runs in the browser (docs/SITE.md)
# Options for lab and app, in Dutch as in the README (tests/test_readme_commands.py checks it):
#   POORT=8870       another port (lab: --port, app: --poort)
#   GEEN_BROWSER=1   do not open a browser (lab: --no-browser, app: --geen-browser); 0 or nee: do

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ROOT_FLAG := $(shell [ "$$(id -u)" = "0" ] && echo --allow-root)
POORT ?=
GEEN_BROWSER ?=
no_browser = $(filter-out 0 nee,$(strip $(GEEN_BROWSER)))
LAB_FLAGS := $(if $(POORT),--port=$(POORT)) $(if $(no_browser),--no-browser)
APP_FLAGS := $(if $(POORT),--poort $(POORT)) $(if $(no_browser),--geen-browser)

.PHONY: lab app test check check-all bench setup clean strip site

setup: $(STAMP)

# pip 26 shows the setuptools note on every editable install ("be careful with folders named like
# your package"); here that folder is the package itself, so the note is only noise: filtered out.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	PYTHONWARNINGS='ignore:Editable installation' $(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

lab: $(STAMP)
	$(strip $(BIN)/jupyter lab --notebook-dir=workbooks $(ROOT_FLAG) $(LAB_FLAGS))

app: $(STAMP)
	$(strip $(BIN)/werkboek app $(APP_FLAGS))

test: $(STAMP)
	$(BIN)/python -m pytest

# Developers: everything but the browser, hub and slow tests and the nbval run of workbooks/ (those are in make test).
check: $(STAMP)
	$(BIN)/python -m pytest -q -m "not browser and not hub and not slow" tests

# make check on each Python found (python3.X on PATH or in pyenv), each with its own venv in /tmp;
# PYTHONS="3.12 3.13" chooses the versions.
PYTHONS ?=
check-all:
	tools/check_pythons.sh $(PYTHONS)

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# Build tools live in .site-build/ (their own venv and caches), not in .venv.
site:
	$(PYTHON) tools/build_site.py

strip: $(STAMP)
	$(BIN)/python tools/strip_notebooks.py workbooks

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
