"""Build the book in each language and assemble the published site.

Usage (from anywhere; ``make book``, ``make pdf`` and ``make student`` call it)::

    python tools/build_book.py                 # every edition, HTML
    python tools/build_book.py --lang fr       # French only
    python tools/build_book.py --pdf           # every PDF (LaTeX + xelatex)
    python tools/build_book.py --with-pdf      # the site and every PDF, editions at once (make test)
    python tools/build_book.py --toc my.yml    # only the pages of another toc, in its order
    python tools/build_book.py --student       # the student edition (no solutions), HTML
    python tools/build_book.py --student --pdf # ... and its PDFs
    python tools/build_book.py --output DIR    # build into DIR instead of _build

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

``--pdf`` writes three PDFs per edition (:func:`build_pdfs`): the book,
and one per framework (``deep-learning-basics-en-keras.pdf``: one
framework's code cells, no tabs; ``book_framework`` of
``book/_ext/framework_tabs.py``).  The framework's LaTeX is written by
Sphinx from the book's environment, in the same folder, after the book's:
it reads and executes nothing.  xelatex compiles them two at a time
(:data:`PDF_JOBS`), while Sphinx writes the next edition's LaTeX.
``--with-pdf`` builds the site and the PDFs of every edition at once
(`make test` runs it): each edition's site, then its PDFs, beside the other
editions' (executing a chapter keeps about one core busy); the site is
assembled once every PDF is there.

``--toc FILE`` builds the pages of another table of contents, in its order
(a teacher's course): references from the pages kept to the pages left out
become text (``book/_ext/toc_subset.py``), and the assembled site holds only
the pages of that table.

``--student`` builds the student edition: the same book without the
exercise solutions (sphinx-exercise's ``hide_solutions``), into
``_build/student/`` (``html/``, ``pdf/``, and ``notebooks/<lang>/``: the
paired notebooks without solutions, ``tools/solutions.py``); it shares the
book's execution cache, so after ``make book`` it executes nothing.  Its
pages offer their notebook and their source without solutions, and no
launch button (those open the repository's notebooks, solutions included).

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
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import jinja2
import yaml

from editions import (
    BOOK,
    BUILD,
    EDITIONS,
    FRAMEWORKS,
    LANGUAGES,
    ROOT,
    STUDENT_BUILD,
    book_pdfs,
    cache_dir,
    citation,
    edition_build,
    executed_notebook,
    output_dir,
    pdf_name,
    pdf_subtitle,
    pdf_title,
    project_version,
)
from solutions import strip_solutions, student_notebook, write_student_notebooks

#: xelatex runs at a time with ``--pdf``: each runs on one core, and the next
#: edition's LaTeX is written by Sphinx while the previous one's PDFs compile.
PDF_JOBS = 2


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


def edition_config(lang: str, framework: str | None = None, student: bool = False) -> dict:
    """The Jupyter Book configuration of one edition: ``_config.yml`` plus
    the edition's values from ``book/editions.yml``.

    ``framework`` (``keras``, ``pytorch``) makes the LaTeX of that
    framework's PDF (its file name and title page, its cells only);
    ``student`` the student edition (no solutions, its PDFs' names).
    """
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
        "title": edition["title"],  # the site's; the PDF's is latex_documents' title below
        "execute": {"cache": str(cache_dir(lang))},
        "repository": {"path_to_book": f"book/{lang}"},
        "latex": {"latex_documents": {
            "targetname": f"{pdf_name(lang, framework, student)}.tex",
            "title": pdf_title(lang, framework, student),
        }},
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
                    **title_page(lang, framework, student),
                },
                # For book/_ext/edition.py and the extensions that use it.
                "book_editions": EDITIONS,
                # The PDFs of the download menu (book/_ext/page_buttons.py).
                "book_pdfs": book_pdfs(lang, student),
                # One framework's cells only (book/_ext/framework_tabs.py).
                "book_framework": framework or "",
                # The student edition: sphinx-exercise leaves the solutions
                # out, page_buttons the launch buttons.
                "hide_solutions": student,
                "book_student": student,
            },
        },
    }
    return deep_merge(shared, block)


def title_page(lang: str, framework: str | None = None, student: bool = False) -> dict:
    """The ``latex_elements`` that write a PDF's subtitle (:func:`pdf_subtitle`:
    "Keras edition") on a line of its own under the edition's title on the
    title page; none for the book.

    The title itself (``latex_documents``) names the PDF in full, for the
    PDF's metadata and the page headers; on the title page, in the title's
    large type, it would break anywhere.
    """
    subtitle = pdf_subtitle(lang, framework, student)
    if not subtitle:
        return {}
    title = EDITIONS[lang]["title"]
    line = subtitle[:1].upper() + subtitle[1:]  # a line of its own: "Édition Keras"
    # \texorpdfstring: the title page breaks the line, the PDF's metadata
    # (hyperref's pdftitle, set from the title by \sphinxmaketitle) reads
    # "<title>, <subtitle>" as pdf_title does.
    return {"maketitle": "\\makeatletter\\let\\booktitle\\@title\n"
            f"\\title{{{title}\\texorpdfstring{{\\\\[1ex]{{\\LARGE {line}}}}}{{, {subtitle}}}}}\n"
            "\\sphinxmaketitle\n"
            "% the page headers name the PDF in full (latex_documents' title)\n"
            "\\let\\@title\\booktitle\\makeatother"}


def write_config(lang: str, root: Path = BUILD, framework: str | None = None,
                 student: bool = False) -> Path:
    """Write ``<root>/<lang>/_config.yml`` (:func:`edition_config`) and return its path."""
    path = edition_build(lang, root) / "_config.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = (f"# Generated by tools/build_book.py from _config.yml and book/editions.yml "
            f"({lang}): edit those.\n")
    text += yaml.safe_dump(edition_config(lang, framework, student), allow_unicode=True,
                           sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def jupyter_book() -> str:
    """The ``jupyter-book`` command of this interpreter's environment."""
    path = Path(sys.executable).parent / "jupyter-book"
    return str(path) if path.exists() else (shutil.which("jupyter-book") or "jupyter-book")


def build_command(lang: str, builder: str, toc: Path, root: Path = BUILD,
                  framework: str | None = None, student: bool = False) -> list[str]:
    """The ``jupyter-book build`` command line of one edition."""
    return [jupyter_book(), "build", str(BOOK / lang),
            "--config", str(write_config(lang, root, framework, student)),
            # Absolute: a relative --toc is read from the source folder.
            "--toc", str(toc.resolve()),
            "--path-output", str(edition_build(lang, root)),
            "--builder", builder,
            "--warningiserror", "--keep-going"]


def build_edition(lang: str, builder: str, toc: Path, root: Path = BUILD,
                  framework: str | None = None, student: bool = False) -> int:
    """Build one edition with Jupyter Book in a child process; return its status."""
    code = subprocess.call(build_command(lang, builder, toc, root, framework, student),
                           cwd=ROOT, env={**os.environ, **kernel_env()})
    if code:
        forget_environment(lang, root)
    elif builder == "html":
        copy_book_static(lang, root)
    return code


def copy_book_static(lang: str, root: Path = BUILD) -> None:
    """Copy ``book/_static`` (CSS, favicon) into the edition's HTML again.

    Sphinx copies static files only when some page was rewritten, and then
    does not overwrite existing ones: after an edit to the CSS alone, the
    site would keep the old file.
    """
    target = output_dir(lang, "html", root) / "_static"
    target.mkdir(parents=True, exist_ok=True)
    for static in (BOOK / "_static").iterdir():
        shutil.copy2(static, target / static.name)


def forget_environment(lang: str, root: Path = BUILD) -> None:
    """Delete the edition's Sphinx environment after a failed build.

    Sphinx re-reads only changed pages: without this, the next build would
    not repeat the warnings of unchanged pages and could report success.
    Forgetting the environment makes it re-read (not re-execute) them all.
    """
    (edition_build(lang, root) / "_build" / ".doctrees" / "environment.pickle").unlink(missing_ok=True)


def publish_executed_notebooks(lang: str, site: Path, student: bool = False) -> None:
    """Serve each chapter's executed notebook from the execution cache, with
    both frameworks and one per framework.

    The download button offers ``_sources/NAME.ipynb``, which the theme copies
    from ``jupyter_execute/``; but when MyST-NB re-reads a page and takes its
    outputs from the cache, it writes that notebook without outputs.  The
    cache always holds the executed notebook: publish that one.  Beside it go
    ``_sources/NAME.keras.ipynb`` and ``NAME.pytorch.ipynb``, the same
    notebook with one framework's cells only (``tools/notebooks.py``'s
    ``framework_notebook``: nothing is executed, the outputs are the page's),
    which the download menu offers when the reader has chosen that framework
    (``book/_static/reader-framework.js``).  In the student edition the
    notebooks and the page's source (``_sources/NAME.md``) are published
    without their solutions (``tools/solutions.py``).
    """
    import nbformat

    from notebooks import framework_notebook

    for published in sorted((site / "_sources").glob("*.ipynb")):
        if "." in published.stem:  # a per-framework copy of an earlier run
            continue
        try:
            notebook = executed_notebook(lang, published.stem)
        except LookupError as error:
            raise SystemExit(f"[build_book] {error}") from error
        if student:
            notebook = student_notebook(notebook)
        nbformat.write(notebook, published)
        for framework in FRAMEWORKS:
            nbformat.write(framework_notebook(notebook, framework, lang, published.name),
                           published.with_name(f"{published.stem}.{framework}.ipynb"))
    if student:
        for source in sorted((site / "_sources").glob("*.md")):
            source.write_text(strip_solutions(source.read_text(encoding="utf-8")),
                              encoding="utf-8")


def toc_pages(toc: Path) -> set[str]:
    """The pages (docnames) of a table of contents."""
    from sphinx_external_toc.parsing import parse_toc_yaml

    return set(parse_toc_yaml(toc).keys())


def prune_left_out(lang: str, site: Path, toc: Path) -> list[str]:
    """Remove from an edition's assembled site the pages the table of
    contents leaves out (written by an earlier build with another table,
    they would stay published); return their names."""
    kept = toc_pages(toc)
    removed = []
    for source in sorted((BOOK / lang).glob("*.md")):
        if source.stem in kept:
            continue
        for path in (site / f"{source.stem}.html", *(site / "_sources").glob(f"{source.stem}.*")):
            if path.exists():
                path.unlink()
        removed.append(source.stem)
    return removed


def root_page() -> str:
    """The site's root page (``book/_root/index.html``, a Jinja template),
    listing every edition of ``book/editions.yml``."""
    template = jinja2.Template((BOOK / "_root" / "index.html").read_text(encoding="utf-8"))
    return template.render(editions=EDITIONS, default=LANGUAGES[0])


def assemble_html(langs: list[str], toc: Path = ROOT / "_toc.yml", root: Path = BUILD,
                  student: bool = False) -> None:
    """Copy each edition's HTML into ``<root>/html/<lang>`` (with its
    executed notebooks, the PDFs already built, and only the pages of
    ``toc``), and add the root page."""
    site = root / "html"
    site.mkdir(parents=True, exist_ok=True)
    for lang in langs:
        target = site / lang
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(output_dir(lang, "html", root), target)
        publish_executed_notebooks(lang, target, student)
        prune_left_out(lang, target, toc)
        for pdf in book_pdfs(lang, student):  # from an earlier `make pdf`
            built = root / "pdf" / pdf["file"]
            if built.exists():
                shutil.copy2(built, target / built.name)
    (site / "index.html").write_text(root_page(), encoding="utf-8")
    (site / ".nojekyll").touch()


def compile_pdf(lang: str, name: str, root: Path = BUILD) -> int:
    """Compile ``<name>.tex`` of the edition's LaTeX folder with latexmk
    (xelatex), copy the PDF to ``<root>/pdf/`` and to the edition's site if
    it is built; return latexmk's status."""
    latex_dir = output_dir(lang, "latex", root)
    # latexmk remembers a failed run and then says "Nothing to do": start clean.
    for leftover in latex_dir.glob(f"{name}.*"):
        if leftover.suffix not in {".tex", ".pdf"}:
            leftover.unlink()
    log = latex_dir / f"{name}.latexmk.log"
    start = time.perf_counter()
    with log.open("w") as stream:
        code = subprocess.call(
            ["latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error",
             "-f-", f"{name}.tex"],
            cwd=latex_dir, stdout=stream, stderr=subprocess.STDOUT,
        )
    if code:
        tail = log.read_text(errors="replace").splitlines()[-30:]
        print("\n".join(tail), file=sys.stderr)
        print(f"[build_book] {lang}: latexmk failed on {name}.tex (full log: {log})",
              file=sys.stderr)
        return code
    target = root / "pdf"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(latex_dir / f"{name}.pdf", target / f"{name}.pdf")
    html = root / "html" / lang
    if html.is_dir():  # publish the PDF with the site, where the download menu points
        shutil.copy2(latex_dir / f"{name}.pdf", html / f"{name}.pdf")
    print(f"[build_book] {lang}: {target / f'{name}.pdf'} in {time.perf_counter() - start:.1f} s",
          flush=True)
    return 0


def build_pdfs(lang: str, toc: Path, root: Path, student: bool,
               pool: ThreadPoolExecutor) -> tuple[list[str], list[tuple[str, Future]]]:
    """Every PDF of one edition: the book's LaTeX (which reads, and executes
    what the cache lacks), each framework's (written from the same
    environment: nothing is read again), then xelatex on each, in `pool`.

    Returns what failed so far (``NAME.tex``) and the compilations under way
    (``(NAME, future)``, whose result is latexmk's status): the caller waits
    for them, so that the next edition's LaTeX is written while this one's
    PDFs compile (xelatex runs on one core).
    """
    failed = []
    for framework in (None, *FRAMEWORKS):
        name = pdf_name(lang, framework, student)
        start = time.perf_counter()
        if build_edition(lang, "latex", toc, root, framework, student):
            failed.append(f"{name}.tex")
            if framework is None:  # the frameworks' LaTeX needs the book's environment
                return failed, []
            continue
        print(f"[build_book] {lang}: {name}.tex in {time.perf_counter() - start:.1f} s",
              flush=True)
    compiling = []
    for framework in (None, *FRAMEWORKS):
        name = pdf_name(lang, framework, student)
        if f"{name}.tex" not in failed:
            compiling.append((name, pool.submit(compile_pdf, lang, name, root)))
    return failed, compiling


def site_and_pdfs(lang: str, toc: Path, root: Path, student: bool,
                  pool: ThreadPoolExecutor) -> list[str]:
    """One edition's site, then its PDFs (:func:`build_pdfs`, compiled in
    `pool`), for ``--with-pdf``, which runs every edition's at once; returns
    ``[lang]`` if any failed, else ``[]``."""
    start = time.perf_counter()
    kind = "html and pdf, student edition" if student else "html and pdf"
    print(f"[build_book] building {lang} ({kind}) into {edition_build(lang, root)}", flush=True)
    if build_edition(lang, "html", toc, root, student=student):
        return report(lang, start, ["build"])
    print(f"[build_book] {lang}: site built in {time.perf_counter() - start:.1f} s", flush=True)
    problems, compiling = build_pdfs(lang, toc, root, student, pool)
    problems += [f"{name}.pdf" for name, job in compiling if job.result()]
    return report(lang, start, problems)


def report(lang: str, start: float, problems: list[str]) -> list[str]:
    """Print how an edition's build ended; ``[lang]`` if it failed, else ``[]``."""
    status = "ok" if not problems else f"FAILED ({', '.join(problems)})"
    print(f"[build_book] {lang}: {status} in {time.perf_counter() - start:.1f} s", flush=True)
    return [lang] if problems else []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="Examples: `--student --pdf` (the student edition, site and PDFs, in "
               "_build/student); `--toc my-toc.yml` (a teacher's chapters, in their order).")
    parser.add_argument("--lang", nargs="+", choices=LANGUAGES, default=list(LANGUAGES),
                        help="editions to build (default: all of book/editions.yml)")
    parser.add_argument("--builder", default="html", choices=["html", "latex"])
    parser.add_argument("--pdf", action="store_true",
                        help="build the LaTeX sources and compile them to PDF: the book, and "
                             "one PDF per framework")
    parser.add_argument("--with-pdf", action="store_true",
                        help="build the site and every PDF, every edition at once (each its "
                             "site, then its PDFs)")
    parser.add_argument("--toc", type=Path, default=ROOT / "_toc.yml",
                        help="table of contents (default: _toc.yml); a teacher's own, with some "
                             "chapters in any order, builds those (references to the pages "
                             "it leaves out become text)")
    parser.add_argument("--student", action="store_true",
                        help="the student edition: no exercise solutions in the site, PDFs and "
                             "notebooks; written to _build/student (unless --output)")
    parser.add_argument("--output", type=Path, default=None,
                        help="the build's folder (default: _build, or _build/student with "
                             "--student); the execution cache stays in "
                             f"{cache_dir('<lang>').parent}")
    args = parser.parse_args(argv)
    root = (args.output or (STUDENT_BUILD if args.student else BUILD)).resolve()
    toc = args.toc.resolve()
    if not toc.is_file():
        parser.error(f"--toc {args.toc}: no such file")

    if args.pdf and args.with_pdf:
        parser.error("--pdf builds only the PDFs, --with-pdf the site and the PDFs: choose one")
    if args.with_pdf and args.builder != "html":
        parser.error("--with-pdf builds the HTML site and the PDFs: leave --builder out")
    if args.pdf or args.with_pdf:
        if args.pdf:
            args.builder = "latex"
        if shutil.which("latexmk") is None:
            print("[build_book] latexmk is not installed: run `sudo make system-deps`",
                  file=sys.stderr)
            return 1

    kind = "pdf" if args.pdf else args.builder
    if args.student:
        kind += ", student edition"
    failed = []
    with ThreadPoolExecutor(max_workers=PDF_JOBS) as pool:  # xelatex, PDF_JOBS at a time
        if args.with_pdf:  # every edition at once
            with ThreadPoolExecutor(max_workers=len(args.lang)) as editions:
                jobs = [editions.submit(site_and_pdfs, lang, toc, root, args.student, pool)
                        for lang in args.lang]
                failed = [lang for job in jobs for lang in job.result()]
        else:
            builds = []
            for lang in args.lang:
                start = time.perf_counter()
                print(f"[build_book] building {lang} ({kind}) into {edition_build(lang, root)}",
                      flush=True)
                if args.pdf:  # its PDFs compile while the next edition's LaTeX is written
                    builds.append((lang, start, *build_pdfs(lang, toc, root, args.student, pool)))
                else:
                    problems = ["build"] if build_edition(lang, args.builder, toc, root,
                                                          student=args.student) else []
                    failed += report(lang, start, problems)
            for lang, start, problems, compiling in builds:
                problems += [f"{name}.pdf" for name, job in compiling if job.result()]
                failed += report(lang, start, problems)
    if failed:
        print(f"[build_book] the build failed for: {', '.join(failed)} "
              "(see the warnings and errors above; each names its file)", file=sys.stderr)
        return 1
    if args.builder == "html" and not args.pdf:
        assemble_html(args.lang, toc, root, args.student)
        print(f"[build_book] site assembled in {root / 'html'}")
        if args.student:
            for lang in args.lang:
                written = write_student_notebooks(lang, root / "notebooks", toc_pages(toc))
                print(f"[build_book] {lang}: {len(written)} notebooks without solutions in "
                      f"{root / 'notebooks' / lang}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
