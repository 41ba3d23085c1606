# The two commands of the README. Each creates .venv (Python 3.12+) and installs the
# project into it when missing or when pyproject.toml has changed since.

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# First interpreter on PATH that is Python 3.12 or newer.
PYTHON ?= $(shell for p in python3.12 python3.13 python3.14 python3 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' \
	2>/dev/null && { echo $$p; break; }; done)

.PHONY: run baseline test lint clean

run: $(STAMP)
	$(PY) run.py dashboard

baseline: $(STAMP)
	$(PY) run.py run

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check .

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed; none found on PATH" >&2; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	$(PY) -m dashboards.assets
	@touch $(STAMP)

clean:
	rm -rf $(VENV) results .pytest_cache .ruff_cache .hypothesis
