# Deep Learning Basics: the two commands are `make book` and `make test`.
# Both create the virtual environment .venv and install requirements.txt and
# the dlbasics package (editable) first; nothing else needs to be installed.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: book pdf pdf-if-tex notebooks bench test test-package test-site serve clean distclean help system-deps

help:
	@echo "make book   build the site in both languages into _build/html"
	@echo "make test   run the whole test suite (package, strict builds, site checks)"
	@echo "make pdf    build one PDF per language into _build/pdf (needs TeX: make system-deps)"
	@echo "make serve  serve _build/html on http://localhost:8000"
	@echo "make bench  measure build and run costs on this machine (writes BENCHMARK.md)"
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

pdf: $(STAMP)
	$(PY) tools/build_book.py --pdf

# Measure build and run costs on this machine; writes BENCHMARK.md.
bench: $(STAMP)
	$(PY) tools/bench.py

# Regenerate the paired notebooks book/<lang>/NAME.ipynb after editing a chapter.
notebooks: $(STAMP)
	$(PY) tools/notebooks.py write

BUILT := site or pdf or notebooks or browser

test-package: $(STAMP)
	$(PY) -m pytest -m "not ($(BUILT))"

test-site: $(STAMP)
	$(PY) -m pytest -m "$(BUILT)"

# The PDFs need TeX (Debian packages): built when latexmk is there, otherwise
# the PDF tests are skipped and say so.
pdf-if-tex: $(STAMP)
	@if command -v latexmk >/dev/null; then $(PY) tools/build_book.py --pdf; \
	else echo "SKIPPED: the PDFs (no TeX here; install it with: sudo make system-deps)"; fi

test: test-package book pdf-if-tex test-site

# Debian packages for the checks beyond Python: TeX for the PDFs, poppler for
# reading them back, Chromium for the browser checks.
SYSTEM_PACKAGES := texlive-xetex texlive-latex-recommended texlive-latex-extra \
	texlive-fonts-recommended texlive-lang-french latexmk fonts-freefont-otf \
	poppler-utils chromium
system-deps:
	@if [ -n "$(SYSTEM_PACKAGES)" ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES); else echo "no system packages needed"; fi

serve:
	@echo "Serving _build/html on http://localhost:8000 (Ctrl-C to stop)"
	$(PYTHON) -m http.server --directory _build/html 8000

clean:
	find _build -mindepth 1 -maxdepth 1 ! -name .jupyter_cache -exec rm -rf {} +

distclean:
	rm -rf _build $(VENV)
