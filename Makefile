# Deep Learning Basics: the two commands are `make book` and `make test`.
# Both create the virtual environment .venv and install requirements.txt and
# the dlbasics package (editable) first; nothing else needs to be installed.
# `make help` lists every target (from the `## ` comments below).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# The environment of Colab's versions (colab/constraints.txt), for make colab-check.
COLAB_VENV  := .venv-colab
COLAB_STAMP := $(COLAB_VENV)/.installed

# The tests, by folder: what needs no build, and the checks of the built book.
PACKAGE_TESTS := tests/dlbasics tests/book/sources tests/book/ext tests/ci code/dlbasics
SITE_TESTS    := tests/book/built

# A teacher's table of contents (README, For teachers): `make book TOC=my-toc.yml`
# builds its chapters, in its order; so do `make pdf` and `make student`.
TOC ?=
TOC_ARG := $(if $(TOC),--toc $(TOC))

.PHONY: help book book-and-pdf pdf student notebooks bench test test-package test-site colab-check release serve clean distclean system-deps

help: ## list the targets
	@echo "Deep Learning Basics: the two commands are make book and make test."
	@grep -E '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  make %-13s %s\n", $$1, $$2}'

CHECK_PYTHON = @$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + "); set PYTHON=python3.x")'

$(STAMP): requirements.txt pyproject.toml
	$(CHECK_PYTHON)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

book: $(STAMP) ## build the site of every edition into _build/html (TOC=my-toc.yml: your chapters)
	$(PY) tools/build_book.py $(TOC_ARG)

pdf: $(STAMP) ## build the PDFs of every edition into _build/pdf: the book, one per framework (needs TeX)
	$(PY) tools/build_book.py --pdf $(TOC_ARG)

# The student edition: the book without the exercise solutions (site, PDFs
# where TeX is installed, notebooks), into _build/student; it reuses the
# book's execution cache.
student: $(STAMP) ## the student edition, without solutions: site, PDFs, notebooks in _build/student
	$(PY) tools/build_book.py --student $(TOC_ARG)
	@if command -v latexmk >/dev/null; then $(PY) tools/build_book.py --student --pdf $(TOC_ARG); \
	else echo "SKIPPED: the student PDFs (no TeX here; install it with: sudo make system-deps)"; fi

bench: $(STAMP) ## measure build and run costs on this machine (writes BENCHMARK.md)
	$(PY) tools/bench.py

notebooks: $(STAMP) ## regenerate the paired notebooks book/<lang>/NAME.ipynb, NAME.keras.ipynb, NAME.pytorch.ipynb after editing a chapter
	$(PY) tools/notebooks.py write

# The book build runs one chapter at a time, mostly on one core (PyTorch and
# TensorFlow on one thread: dlbasics.setup), and the package tests run on one
# core too, so all three start together (-j3): the Colab environment
# downloads and installs meanwhile, then colab-check runs its notebooks two at
# a time beside the build, and two cores stay busy until the last of them
# ends instead of waiting for each other.  The editions build at once, each
# its site, then its PDFs (they reuse its execution cache: build_book.py
# --with-pdf); the site checks come after everything (they read both runs).
test: ## the whole test suite: package, strict builds, PDFs, notebooks at Colab's versions, site checks
	$(MAKE) --no-print-directory -j3 test-package book-and-pdf colab-check
	$(MAKE) --no-print-directory test-site

# The PDFs need TeX (Debian packages): built when latexmk is there, otherwise
# the PDF tests are skipped and say so.
book-and-pdf: $(STAMP)
	@if command -v latexmk >/dev/null; then $(PY) tools/build_book.py --with-pdf; \
	else $(PY) tools/build_book.py && \
	echo "SKIPPED: the PDFs (no TeX here; install it with: sudo make system-deps)"; fi

test-package: $(STAMP) ## only the tests that need no build (package, sources, extensions, CI)
	$(PY) -m pytest $(PACKAGE_TESTS)

# Two workers (pytest-xdist): most site checks wait on Chromium or on files.
test-site: $(STAMP) ## only the checks of an already built site and PDFs (and of the colab-check runs)
	$(PY) -m pytest -n 2 --dist worksteal $(SITE_TESTS)

# A release (README, Releasing): check the tree first (clean, new version,
# CITATION.cff agrees, TeX installed), build and test everything, then write
# the site archive, the PDFs and the notebooks into _build/release and tag
# v<version> (tools/release.py).  Nothing is pushed.
release: $(STAMP) ## tag v<version> and write the site, PDFs and notebooks into _build/release
	$(PY) tools/release.py check
	$(MAKE) test
	$(PY) tools/release.py publish

# Colab's versions, in their own environment: made again from scratch when
# colab/constraints.txt changes.  torch's CUDA build makes it about 7 GB, which
# uv installs in under a minute where pip takes three; uv is removed afterwards
# (Colab's pip stays, for the notebooks' first cell).  uv writes no bytecode:
# the notebooks' kernels write what they import (tools/colab_check.py's
# LOCAL_SETTINGS), which costs less than compiling all 7 GB.
UV := uv==0.13.9
$(COLAB_STAMP): colab/constraints.txt
	$(CHECK_PYTHON)
	rm -rf $(COLAB_VENV)
	$(PYTHON) -m venv $(COLAB_VENV)
	$(COLAB_VENV)/bin/python -m pip install --quiet $(UV)
	$(COLAB_VENV)/bin/uv pip install --quiet --link-mode=copy --python $(COLAB_VENV)/bin/python \
		-r colab/constraints.txt
	$(COLAB_VENV)/bin/uv pip uninstall --quiet --python $(COLAB_VENV)/bin/python uv
	touch $(COLAB_STAMP)

colab-check: $(COLAB_STAMP) ## run every notebook from an empty folder as on Colab, at Colab's versions
	$(COLAB_VENV)/bin/python tools/colab_check.py

# Debian packages for the checks beyond Python: TeX for the PDFs, poppler for
# reading them back, Chromium for the browser checks.
SYSTEM_PACKAGES := texlive-xetex texlive-latex-recommended texlive-latex-extra \
	texlive-fonts-recommended texlive-lang-french latexmk fonts-freefont-otf \
	poppler-utils chromium
system-deps: ## install the Debian packages of the PDF and browser checks (as root)
	apt-get update -qq && apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES)

serve: ## serve _build/html on http://localhost:8000
	@echo "Serving _build/html on http://localhost:8000 (Ctrl-C to stop)"
	$(PYTHON) -m http.server --directory _build/html 8000

clean: ## remove the built site (keeps the execution cache)
	find _build -mindepth 1 -maxdepth 1 ! -name .jupyter_cache -exec rm -rf {} +

distclean: ## remove _build/, .venv/ and .venv-colab/
	rm -rf _build $(VENV) $(COLAB_VENV)
