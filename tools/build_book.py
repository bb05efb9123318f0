"""Build the book in each language and assemble the published site.

Usage (from anywhere; ``make book`` and ``make pdf`` call it)::

    python tools/build_book.py                 # every edition, HTML
    python tools/build_book.py --lang fr       # French only
    python tools/build_book.py --pdf           # every PDF (LaTeX + xelatex)
    python tools/build_book.py --toc my.yml    # only the pages of another toc

For each edition of ``book/editions.yml`` the driver writes one Jupyter Book
configuration, ``_build/<lang>/_config.yml``: the shared ``_config.yml``
deep-merged with the edition's block (:func:`edition_config`: language,
title, LaTeX title and file name, search text, date format, execution cache,
the book's version and release date, the editions for the extensions...).
It then runs Jupyter Book's own command on it, in a child process::

    jupyter-book build book/<lang> --config _build/<lang>/_config.yml \\
        --toc <absolute path of _toc.yml> --path-output _build/<lang> \\
        --builder html -W --keep-going

which writes ``_build/<lang>/_build/html``.  The HTML of every edition is
then assembled into ``_build/html/<lang>`` with a root ``index.html`` that
sends readers to their language.

The build is strict: a Sphinx warning, an unresolved reference (``nitpicky``
in ``_config.yml``), a cell error or anything a cell writes to stderr fails
it, and the failing language and file are named.  Execution is cached per
language (``_build/.jupyter_cache/<lang>``), so an edit to prose re-executes
nothing.

Three upstream behaviours need a step of their own, each in one function:
:func:`copy_book_static` (static files on a build that rewrote no page),
:func:`forget_environment` (the warnings of unchanged pages after a failed
build) and :func:`publish_executed_notebooks` (the downloadable notebooks).
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import jinja2
import yaml

from editions import (
    BOOK,
    BUILD,
    EDITIONS,
    LANGUAGES,
    ROOT,
    cache_dir,
    citation,
    edition_build,
    executed_notebook,
    output_dir,
    project_version,
)

def kernel_env() -> dict[str, str]:
    """Environment of the build and of the kernels it starts.

    TensorFlow's C++ and oneDNN messages would otherwise land in the pages
    (the variables of ``dlbasics.runtime.TF_QUIET_ENV``, which
    ``dlbasics.setup()`` sets in a notebook run), and a fixed hash seed keeps
    set iteration (hence some outputs) identical between builds.
    """
    from dlbasics.runtime import TF_QUIET_ENV

    return {**TF_QUIET_ENV, "KERAS_BACKEND": "tensorflow", "PYTHONHASHSEED": "0"}


def deep_merge(base: dict, update: dict) -> dict:
    """``base`` with ``update`` merged in: mappings are merged key by key,
    anything else (lists included) is replaced."""
    merged = copy.deepcopy(base)
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def edition_config(lang: str) -> dict:
    """The Jupyter Book configuration of one edition: ``_config.yml`` plus
    the edition's values from ``book/editions.yml``."""
    shared = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    edition = EDITIONS[lang]
    strings = edition["strings"]
    # Paths in `local_extensions` are relative to the configuration file,
    # which is now in _build/<lang>/: make them absolute.
    local = {name: str((ROOT / path).resolve())
             for name, path in shared["sphinx"]["local_extensions"].items()}
    # The version is written once, in pyproject.toml; its date in CITATION.cff
    # (book/_ext/cite_book.py shows both on the home page, LaTeX's title page
    # prints `release`).
    version = project_version()
    block = {
        "title": edition["title"],  # also the LaTeX title (Jupyter Book's latex_doc_overrides)
        "execute": {"cache": str(cache_dir(lang))},
        "repository": {"path_to_book": f"book/{lang}"},
        "latex": {"latex_documents": {"targetname": f"{edition['pdf_name']}.tex"}},
        "sphinx": {
            "local_extensions": local,
            "config": {
                "language": lang,
                "project": edition["title"],
                "version": version,
                "release": version,
                "book_release_date": citation()["date-released"],
                "today_fmt": edition["today_fmt"],
                "nb_code_prompt_show": strings["show_code"],
                "nb_code_prompt_hide": strings["hide_code"],
                "html_theme_options": {"search_bar_text": strings["search"]},
                "latex_elements": {
                    "babel": rf"\usepackage[{edition['babel']}]{{babel}}",
                    "polyglossia": "",
                },
                # For book/_ext/edition.py and the extensions that use it.
                "book_editions": EDITIONS,
            },
        },
    }
    return deep_merge(shared, block)


def write_config(lang: str) -> Path:
    """Write ``_build/<lang>/_config.yml`` and return its path."""
    path = edition_build(lang) / "_config.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = (f"# Generated by tools/build_book.py from _config.yml and book/editions.yml "
            f"({lang}): edit those.\n")
    text += yaml.safe_dump(edition_config(lang), allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def jupyter_book() -> str:
    """The ``jupyter-book`` command of this interpreter's environment."""
    path = Path(sys.executable).parent / "jupyter-book"
    return str(path) if path.exists() else (shutil.which("jupyter-book") or "jupyter-book")


def build_command(lang: str, builder: str, toc: Path) -> list[str]:
    """The ``jupyter-book build`` command line of one edition."""
    return [jupyter_book(), "build", str(BOOK / lang),
            "--config", str(write_config(lang)),
            # Absolute: a relative --toc is read from the source folder.
            "--toc", str(toc.resolve()),
            "--path-output", str(edition_build(lang)),
            "--builder", builder,
            "--warningiserror", "--keep-going"]


def build_edition(lang: str, builder: str, toc: Path) -> int:
    """Build one edition with Jupyter Book in a child process; return its status."""
    code = subprocess.call(build_command(lang, builder, toc), cwd=ROOT,
                           env={**os.environ, **kernel_env()})
    if code:
        forget_environment(lang)
    elif builder == "html":
        copy_book_static(lang)
    return code


def copy_book_static(lang: str) -> None:
    """Copy ``book/_static`` (CSS, favicon) into the edition's HTML again.

    Sphinx copies static files only when some page was rewritten, and then
    does not overwrite existing ones: after an edit to the CSS alone, the
    site would keep the old file.
    """
    target = output_dir(lang, "html") / "_static"
    target.mkdir(parents=True, exist_ok=True)
    for static in (BOOK / "_static").iterdir():
        shutil.copy2(static, target / static.name)


def forget_environment(lang: str) -> None:
    """Delete the edition's Sphinx environment after a failed build.

    Sphinx re-reads only changed pages: without this, the next build would
    not repeat the warnings of unchanged pages and could report success.
    Forgetting the environment makes it re-read (not re-execute) them all.
    """
    (edition_build(lang) / "_build" / ".doctrees" / "environment.pickle").unlink(missing_ok=True)


def publish_executed_notebooks(lang: str, site: Path) -> None:
    """Serve each chapter's executed notebook from the execution cache.

    The download button offers ``_sources/NAME.ipynb``, which the theme copies
    from ``jupyter_execute/``; but when MyST-NB re-reads a page and takes its
    outputs from the cache, it writes that notebook without outputs.  The
    cache always holds the executed notebook: publish that one.
    """
    import nbformat

    for published in sorted((site / "_sources").glob("*.ipynb")):
        try:
            notebook = executed_notebook(lang, published.stem)
        except LookupError as error:
            raise SystemExit(f"[build_book] {error}") from error
        nbformat.write(notebook, published)


def root_page() -> str:
    """The site's root page (``book/_root/index.html``, a Jinja template),
    listing every edition of ``book/editions.yml``."""
    template = jinja2.Template((BOOK / "_root" / "index.html").read_text(encoding="utf-8"))
    return template.render(editions=EDITIONS, default=LANGUAGES[0])


def assemble_html(langs: list[str]) -> None:
    """Copy each edition's HTML into _build/html/<lang> and add the root page."""
    site = BUILD / "html"
    site.mkdir(parents=True, exist_ok=True)
    for lang in langs:
        target = site / lang
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(output_dir(lang, "html"), target)
        publish_executed_notebooks(lang, target)
        pdf = BUILD / "pdf" / f"{EDITIONS[lang]['pdf_name']}.pdf"
        if pdf.exists():  # from an earlier `make pdf`
            shutil.copy2(pdf, target / pdf.name)
    (site / "index.html").write_text(root_page(), encoding="utf-8")
    (site / ".nojekyll").touch()


def build_pdf(lang: str) -> int:
    """Compile the edition's LaTeX with latexmk (xelatex); return its status."""
    latex_dir = output_dir(lang, "latex")
    name = EDITIONS[lang]["pdf_name"]
    # latexmk remembers a failed run and then says "Nothing to do": start clean.
    for leftover in latex_dir.glob(f"{name}.*"):
        if leftover.suffix not in {".tex", ".pdf"}:
            leftover.unlink()
    log = latex_dir / "latexmk.log"
    with log.open("w") as stream:
        code = subprocess.call(
            ["latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error",
             "-f-", f"{name}.tex"],
            cwd=latex_dir, stdout=stream, stderr=subprocess.STDOUT,
        )
    if code:
        tail = log.read_text(errors="replace").splitlines()[-30:]
        print("\n".join(tail), file=sys.stderr)
        print(f"[build_book] {lang}: latexmk failed (full log: {log})", file=sys.stderr)
        return code
    target = BUILD / "pdf"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(latex_dir / f"{name}.pdf", target / f"{name}.pdf")
    html = BUILD / "html" / lang
    if html.is_dir():  # publish the PDF with the site, where the download button points
        shutil.copy2(latex_dir / f"{name}.pdf", html / f"{name}.pdf")
    print(f"[build_book] {lang}: {target / f'{name}.pdf'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", nargs="+", choices=LANGUAGES, default=list(LANGUAGES),
                        help="editions to build (default: all of book/editions.yml)")
    parser.add_argument("--builder", default="html", choices=["html", "latex"])
    parser.add_argument("--pdf", action="store_true",
                        help="build the LaTeX sources and compile them to PDF")
    parser.add_argument("--toc", type=Path, default=ROOT / "_toc.yml",
                        help="table of contents (default: _toc.yml; a smaller one builds fewer pages)")
    args = parser.parse_args(argv)

    if args.pdf:
        args.builder = "latex"
        if shutil.which("latexmk") is None:
            print("[build_book] latexmk is not installed: run `sudo make system-deps`",
                  file=sys.stderr)
            return 1

    failed = []
    for lang in args.lang:
        start = time.perf_counter()
        print(f"[build_book] building {lang} ({args.builder})", flush=True)
        code = build_edition(lang, args.builder, args.toc)
        elapsed = time.perf_counter() - start
        status = "ok" if code == 0 else f"FAILED (exit {code})"
        print(f"[build_book] {lang}: {status} in {elapsed:.1f} s", flush=True)
        if code:
            failed.append(lang)
    if failed:
        print(f"[build_book] the build failed for: {', '.join(failed)} "
              "(see the warnings and errors above; each names its file)", file=sys.stderr)
        return 1
    if args.builder == "html":
        assemble_html(args.lang)
        print(f"[build_book] site assembled in {BUILD / 'html'}")
    if args.pdf:
        failed = [lang for lang in args.lang if build_pdf(lang)]
        if failed:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
