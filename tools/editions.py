"""The book's editions and build folders, for the tools and the tests.

``book/editions.yml`` declares every edition once (code, name, title, PDF
name, babel language, date format, interface strings).  This module reads
it for ``tools/build_book.py``, ``tools/notebooks.py``, ``tools/bench.py``,
``tools/release.py`` and ``tests/book/_sources.py``, names the build's
folders, reads the book's version (:func:`project_version`) and citation
(:func:`citation`), and holds the one look-up of a chapter's execution in the
build's execution cache (:func:`execution_record`, :func:`executed_notebook`),
used by the build (to publish the executed notebooks) and by the tests of the
built book (to read what cells printed, and what the status page reports).

The book's Sphinx extensions do not import this module: the build hands them
the same mapping as the Sphinx configuration value ``book_editions``.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
EDITIONS_FILE = BOOK / "editions.yml"
#: The book's version is ``[project] version`` of this file (the package's).
PYPROJECT = ROOT / "pyproject.toml"
#: The citation metadata (Citation File Format 1.2.0).
CITATION = ROOT / "CITATION.cff"
#: Where `make book` / `make pdf` write; BOOK_BUILD_DIR moves it (tools/bench.py
#: builds a copy of the repository elsewhere).
BUILD = Path(os.environ.get("BOOK_BUILD_DIR", ROOT / "_build")).resolve()

#: Where the student edition (``tools/build_book.py --student``: no exercise
#: solutions) writes its site, PDFs and notebooks; it shares the book's
#: execution cache (:func:`cache_dir`), so it executes nothing the book did.
STUDENT_BUILD = BUILD / "student"
#: The framework tags of the code cells (``book/_ext/framework_tabs.py``'s
#: ``FRAMEWORKS``, which tests/book/ext/test_framework_tabs.py holds to this
#: one) -> their names; ``make pdf`` builds one PDF per framework besides the book.
FRAMEWORKS = {"keras": "Keras", "pytorch": "PyTorch"}

#: The keys every edition must define (see the comments in book/editions.yml).
KEYS = {"name", "title", "pdf_name", "babel", "today_fmt", "smartquotes", "strings", "theme"}


def load(path: Path = EDITIONS_FILE) -> dict[str, dict]:
    """The editions of ``path``, by language code, in the file's order.

    Every edition must have the keys in :data:`KEYS` and the same interface
    strings as the first one, and its folder ``book/<code>/`` must exist.
    """
    editions = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(editions, dict) or not editions:
        raise ValueError(f"{path}: expected a mapping of language codes to editions")
    first = next(iter(editions.values()))
    for code, edition in editions.items():
        missing = KEYS - set(edition)
        if missing:
            raise ValueError(f"{path}: edition {code!r} lacks {sorted(missing)}")
        strings = set(edition["strings"]) ^ set(first["strings"])
        if strings:
            raise ValueError(f"{path}: edition {code!r} and the first one differ in the "
                             f"strings {sorted(strings)}")
        if not (path.parent / code).is_dir():
            raise ValueError(f"{path}: edition {code!r} has no folder {path.parent / code}")
    return editions


EDITIONS = load()
#: The language codes, in the order of book/editions.yml.
LANGUAGES = tuple(EDITIONS)


def project_version(path: Path = PYPROJECT) -> str:
    """The book's version: ``[project] version`` of ``pyproject.toml``.

    Written there only: the build hands it to Sphinx (home page, PDF title
    page), ``tools/release.py`` tags ``v<version>``, and the tests hold
    ``CITATION.cff`` to it.
    """
    import tomllib

    project = tomllib.loads(path.read_text(encoding="utf-8")).get("project", {})
    version = project.get("version")
    if not isinstance(version, str) or not version:
        raise ValueError(f"{path}: [project] has no version")
    return version


def citation(path: Path = CITATION) -> dict:
    """``CITATION.cff``, parsed; ``date-released`` as an ISO date string.

    YAML reads an unquoted ``date-released: 2026-12-07`` as a date: it is
    given back as the string the file holds, as the schema describes it.
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping (Citation File Format)")
    released = data.get("date-released")
    if released is not None:
        data["date-released"] = str(released)
    return data


def edition_build(lang: str, root: Path = BUILD) -> Path:
    """The build folder of one edition: ``jupyter-book build --path-output``
    puts its output under ``<folder>/_build/`` (``html``, ``latex``,
    ``.doctrees``, ``jupyter_execute``).  ``root`` is the build's folder:
    :data:`BUILD` for the book, :data:`STUDENT_BUILD` for the student edition."""
    return root / lang


def output_dir(lang: str, builder: str, root: Path = BUILD) -> Path:
    """Where Sphinx writes one edition with ``builder`` (``html`` or ``latex``)."""
    return edition_build(lang, root) / "_build" / builder


def pdf_name(lang: str, framework: str | None = None, student: bool = False) -> str:
    """The file name, without ``.pdf``, of one of an edition's PDFs.

    The book's is the edition's ``pdf_name``
    (``deep-learning-basics-en``); a framework's adds the framework's tag
    (``deep-learning-basics-en-keras``), the student edition's ``-student``
    (``deep-learning-basics-en-keras-student``).
    """
    if framework is not None and framework not in FRAMEWORKS:
        raise ValueError(f"unknown framework {framework!r}: one of {sorted(FRAMEWORKS)}")
    parts = [EDITIONS[lang]["pdf_name"], framework, "student" if student else None]
    return "-".join(part for part in parts if part)


def pdf_subtitle(lang: str, framework: str | None = None, student: bool = False) -> str:
    """Which of an edition's PDFs this is, in the edition's words
    (``strings.framework_edition``, ``strings.student_edition`` of
    book/editions.yml): "Keras edition, without solutions"; empty for the
    book itself."""
    strings = EDITIONS[lang]["strings"]
    parts = []
    if framework is not None:
        parts.append(strings["framework_edition"].format(framework=FRAMEWORKS[framework]))
    if student:
        parts.append(strings["student_edition"])
    return ", ".join(parts)


def pdf_title(lang: str, framework: str | None = None, student: bool = False) -> str:
    """The title of one of an edition's PDFs (its metadata and page headers):
    the edition's title, then :func:`pdf_subtitle` if any: "Deep Learning
    Basics, Keras edition"."""
    subtitle = pdf_subtitle(lang, framework, student)
    title = EDITIONS[lang]["title"]
    return f"{title}, {subtitle}" if subtitle else title


def book_pdfs(lang: str, student: bool = False) -> list[dict]:
    """Every PDF of an edition, in the download menu's default order (the
    book, then one per framework): ``framework`` (None for the book) and
    ``file`` (the file name, published at the root of the edition's site)."""
    return [{"framework": framework, "file": f"{pdf_name(lang, framework, student)}.pdf"}
            for framework in (None, *FRAMEWORKS)]


def cache_dir(lang: str) -> Path:
    """The execution cache of one edition (jupyter-cache)."""
    return BUILD / ".jupyter_cache" / lang


def execution_record(lang: str, chapter: str):
    """The execution cache's record of ``book/<lang>/<chapter>.md``'s current code.

    A jupyter-cache record: ``pk``, ``created`` (when the execution was
    stored, UTC) and ``data`` (MyST-NB stores ``execution_seconds`` there).
    Raises :class:`LookupError` when the cache holds no execution of the
    chapter's current code.
    """
    import jupytext
    from jupyter_cache import get_cache

    source = BOOK / lang / f"{chapter}.md"
    if not cache_dir(lang).is_dir():
        raise LookupError(f"no execution cache {cache_dir(lang)}: run `make book`")
    cache = get_cache(cache_dir(lang))
    try:
        return cache.match_cache_notebook(jupytext.read(source, fmt="md:myst"))
    except KeyError as error:
        raise LookupError(f"{source.relative_to(ROOT)} has no execution in the build's cache "
                          f"{cache_dir(lang)}: run `make book`") from error


def executed_notebook(lang: str, chapter: str):
    """The book build's execution of ``book/<lang>/<chapter>.md``, with outputs.

    Read from the edition's execution cache (:func:`execution_record`): the
    copy MyST-NB writes to ``jupyter_execute/`` has no outputs when the page
    was re-read with its outputs taken from the cache.  Raises
    :class:`LookupError` when the cache holds no execution of the chapter's
    current code.
    """
    from jupyter_cache import get_cache

    record = execution_record(lang, chapter)
    return get_cache(cache_dir(lang)).get_cache_bundle(record.pk).nb
