# Deep Learning Basics: the two commands are `make book` and `make test`.
# Both create the virtual environment .venv and install requirements.txt and
# the dlbasics package (editable) first; nothing else needs to be installed.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: book test test-package test-site serve clean distclean help system-deps

help:
	@echo "make book   build the site in both languages into _build/html"
	@echo "make test   run the whole test suite (package, strict builds, site checks)"
	@echo "make serve  serve _build/html on http://localhost:8000"
	@echo "make clean  remove the built site (keeps the execution cache)"

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + "); set PYTHON=python3.x")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

book: $(STAMP)
	$(PY) tools/build_book.py

test-package: $(STAMP)
	$(PY) -m pytest -m "not site"

test-site: $(STAMP)
	$(PY) -m pytest -m site

test: test-package book test-site

# Debian packages for the checks beyond Python (none needed yet).
SYSTEM_PACKAGES :=
system-deps:
	@if [ -n "$(SYSTEM_PACKAGES)" ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES); else echo "no system packages needed"; fi

serve:
	@echo "Serving _build/html on http://localhost:8000 (Ctrl-C to stop)"
	$(PYTHON) -m http.server --directory _build/html 8000

clean:
	find _build -mindepth 1 -maxdepth 1 ! -name .jupyter_cache -exec rm -rf {} +

distclean:
	rm -rf _build $(VENV)
