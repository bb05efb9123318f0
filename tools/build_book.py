"""Build the book in each language and assemble the published site.

Usage (from anywhere; ``make book`` and ``make pdf`` call it)::

    python tools/build_book.py                 # both languages, HTML
    python tools/build_book.py --lang fr       # French only
    python tools/build_book.py --pdf           # both PDFs (LaTeX + xelatex)

Each language is built by Jupyter Book's Sphinx entry point from the shared
``_config.yml`` and ``_toc.yml`` plus the overrides in :data:`LANGUAGES`
(``language``, title, search text, execution cache...), into its own tree
``_build/<lang>/`` so that the two builds never share execution outputs.
The HTML of both is then assembled into ``_build/html/{en,fr}`` with a root
``index.html`` that sends readers to their language.

The build is strict: a Sphinx warning, an unresolved reference, a cell error
or anything a cell writes to stderr fails it, and the failing language and
file are named.  Execution is cached per language
(``_build/.jupyter_cache/<lang>``), so an edit to prose re-executes nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Output folder; BOOK_BUILD_DIR moves it (e.g. to build a copy elsewhere).
BUILD = Path(os.environ.get("BOOK_BUILD_DIR", ROOT / "_build")).resolve()

#: Per-language overrides of the shared configuration.
LANGUAGES: dict[str, dict] = {
    "en": {
        "title": "Deep Learning Basics",
        "pdf_name": "deep-learning-basics-en",
        "babel": "english",
        "search": "Search this book…",
        "today_fmt": "%B %d, %Y",
        "show_code": "Show code cell {type}",
        "hide_code": "Hide code cell {type}",
    },
    "fr": {
        "title": "Introduction au deep learning",
        "pdf_name": "introduction-au-deep-learning-fr",
        "babel": "french",
        "search": "Rechercher dans ce livre…",
        "today_fmt": "%d/%m/%Y",
        "show_code": "Afficher le code",
        "hide_code": "Masquer le code",
    },
}

#: Environment of the build and of the kernels it starts: TensorFlow's C++
#: and oneDNN messages would otherwise land in the pages, and a fixed hash
#: seed keeps set iteration (hence some outputs) identical between builds.
KERNEL_ENV = {
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "KERAS_BACKEND": "tensorflow",
    "PYTHONHASHSEED": "0",
}


def overrides(lang: str, builder: str) -> dict:
    """Sphinx configuration overrides for one language."""
    strings = LANGUAGES[lang]
    return {
        "language": lang,
        "project": strings["title"],
        "html_title": strings["title"],
        "today_fmt": strings["today_fmt"],
        "nb_code_prompt_show": strings["show_code"],
        "nb_code_prompt_hide": strings["hide_code"],
        "html_theme_options": {
            "search_bar_text": strings["search"],
            "path_to_docs": f"book/{lang}",
        },
        "nb_execution_cache_path": str(BUILD / ".jupyter_cache" / lang),
        "external_toc_path": str(ROOT / "_toc.yml"),
        "latex_individualpages": False,
        "nitpicky": True,
        "book_pdf_name": f"{strings['pdf_name']}.pdf",
        "latex_elements": {
            "babel": rf"\usepackage[{strings['babel']}]{{babel}}",
            "polyglossia": "",
        },
    }


#: Extensions Jupyter Book loads by default that this book does not want:
#: sphinx_thebe adds its configuration twice to every page (a JavaScript
#: error, "THEBE_JS_URL has already been declared") and a CDN URL, for a
#: live-code button the book does not use (launch buttons open Binder/Colab).
UNWANTED_EXTENSIONS = {"sphinx_thebe"}


def _patch_jupyter_book(lang: str) -> None:
    """Adjust two things Jupyter Book's build entry point does not let us set.

    - Drop :data:`UNWANTED_EXTENSIONS` from the final configuration.
    - Give the LaTeX document of ``lang`` its own title and file name:
      Jupyter Book forces the top-level ``title`` of ``_config.yml`` into
      ``latex_documents`` after Sphinx has read every override.
    """
    import jupyter_book.sphinx as jb_sphinx

    for name in ("get_final_config", "update_latex_documents"):
        if not hasattr(jb_sphinx, name):
            raise RuntimeError(f"jupyter_book.sphinx.{name} is gone: check tools/build_book.py "
                               "against this Jupyter Book version")
    get_final_config = jb_sphinx.get_final_config
    update_latex_documents = jb_sphinx.update_latex_documents
    strings = LANGUAGES[lang]

    def final_config(*args, **kwargs):
        sphinx_config, meta = get_final_config(*args, **kwargs)
        sphinx_config["extensions"] = [
            ext for ext in sphinx_config["extensions"] if ext not in UNWANTED_EXTENSIONS
        ]
        return sphinx_config, meta

    def latex_documents(documents, overrides):
        overrides = {**overrides, "title": strings["title"],
                     "targetname": f"{strings['pdf_name']}.tex"}
        return update_latex_documents(documents, overrides)

    jb_sphinx.get_final_config = final_config
    jb_sphinx.update_latex_documents = latex_documents


def build_one(lang: str, builder: str) -> int:
    """Build one language in this process; return Sphinx's status code."""
    from jupyter_book.sphinx import build_sphinx

    os.environ.update(KERNEL_ENV)
    os.chdir(ROOT)
    _patch_jupyter_book(lang)
    outdir = BUILD / lang / builder
    result = build_sphinx(
        str(ROOT / "book" / lang),
        str(outdir),
        noconfig=True,
        path_config=str(ROOT / "_config.yml"),
        confoverrides=overrides(lang, builder),
        builder=builder,
        warningiserror=True,
        keep_going=True,
    )
    code = 2 if isinstance(result, BaseException) else int(result)
    if builder == "html" and not code:
        # Sphinx copies static files only when some page was rewritten, and
        # then does not overwrite existing ones: copy the book's own (CSS,
        # favicon) every time, so that an edit always reaches the site.
        for static in (ROOT / "book" / "_static").iterdir():
            shutil.copy2(static, outdir / "_static" / static.name)
    if isinstance(result, BaseException):
        print(f"\n[build_book] {lang}: the build raised {type(result).__name__}: {result}",
              file=sys.stderr)
    if code:
        # Sphinx re-reads only changed pages: without this, the next build would
        # not repeat the warnings of unchanged pages and could report success.
        # Forgetting the environment makes it re-read (not re-execute) them all.
        (outdir.parent / ".doctrees" / "environment.pickle").unlink(missing_ok=True)
    return code


def _publish_executed_notebooks(lang: str, site: Path) -> None:
    """Serve each chapter's executed notebook from the execution cache.

    The download button offers ``_sources/NAME.ipynb``, which the theme copies
    from ``jupyter_execute/``; but when MyST-NB re-reads a page and takes its
    outputs from the cache, it writes that notebook without outputs.  The
    cache always holds the executed notebook: publish that one.
    """
    import jupytext
    import nbformat
    from jupyter_cache import get_cache

    cache = get_cache(BUILD / ".jupyter_cache" / lang)
    for published in sorted((site / "_sources").glob("*.ipynb")):
        source = ROOT / "book" / lang / f"{published.stem}.md"
        try:
            record = cache.match_cache_notebook(jupytext.read(source, fmt="md:myst"))
        except KeyError as error:
            raise SystemExit(f"[build_book] {source} has no execution in the cache") from error
        nbformat.write(cache.get_cache_bundle(record.pk).nb, published)


def assemble_html(langs: list[str]) -> None:
    """Copy each language's HTML into _build/html/<lang> and add the root page."""
    site = BUILD / "html"
    site.mkdir(parents=True, exist_ok=True)
    for lang in langs:
        target = site / lang
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(BUILD / lang / "html", target)
        _publish_executed_notebooks(lang, target)
        pdf = BUILD / "pdf" / f"{LANGUAGES[lang]['pdf_name']}.pdf"
        if pdf.exists():  # from an earlier `make pdf`
            shutil.copy2(pdf, target / pdf.name)
    shutil.copy2(ROOT / "book" / "_root" / "index.html", site / "index.html")
    (site / ".nojekyll").touch()


def build_pdf(lang: str) -> int:
    """Compile ``_build/<lang>/latex`` with latexmk (xelatex); return its status."""
    latex_dir = BUILD / lang / "latex"
    name = LANGUAGES[lang]["pdf_name"]
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
    parser.add_argument("--lang", nargs="+", choices=sorted(LANGUAGES),
                        default=sorted(LANGUAGES), help="languages to build")
    parser.add_argument("--builder", default="html", choices=["html", "latex"])
    parser.add_argument("--pdf", action="store_true",
                        help="build the LaTeX sources and compile them to PDF")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: build one language
    args = parser.parse_args(argv)

    if args.one:
        return build_one(args.one, args.builder)
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
        # One process per language: Sphinx and docutils keep global state.
        code = subprocess.call(
            [sys.executable, __file__, "--one", lang, "--builder", args.builder],
            env={**os.environ, **KERNEL_ENV},
        )
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
