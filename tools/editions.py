"""The book's editions and build folders, for the tools and the tests.

``book/editions.yml`` declares every edition once (code, name, title, PDF
name, babel language, date format, interface strings).  This module reads
it for ``tools/build_book.py``, ``tools/notebooks.py``, ``tools/bench.py``
and ``tests/book/_sources.py``, names the build's folders, and holds the one
look-up of a chapter's execution in the build's execution cache
(:func:`executed_notebook`), used by the build (to publish the executed
notebooks) and by the tests of the built book (to read what cells printed).

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
#: Where `make book` / `make pdf` write; BOOK_BUILD_DIR moves it (tools/bench.py
#: builds a copy of the repository elsewhere).
BUILD = Path(os.environ.get("BOOK_BUILD_DIR", ROOT / "_build")).resolve()

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


def edition_build(lang: str) -> Path:
    """The build folder of one edition: ``jupyter-book build --path-output``
    puts its output under ``<folder>/_build/`` (``html``, ``latex``,
    ``.doctrees``, ``jupyter_execute``)."""
    return BUILD / lang


def output_dir(lang: str, builder: str) -> Path:
    """Where Sphinx writes one edition with ``builder`` (``html`` or ``latex``)."""
    return edition_build(lang) / "_build" / builder


def cache_dir(lang: str) -> Path:
    """The execution cache of one edition (jupyter-cache)."""
    return BUILD / ".jupyter_cache" / lang


def executed_notebook(lang: str, chapter: str):
    """The book build's execution of ``book/<lang>/<chapter>.md``, with outputs.

    Read from the edition's execution cache: the copy MyST-NB writes to
    ``jupyter_execute/`` has no outputs when the page was re-read with its
    outputs taken from the cache.  Raises :class:`LookupError` when the cache
    holds no execution of the chapter's current code.
    """
    import jupytext
    from jupyter_cache import get_cache

    source = BOOK / lang / f"{chapter}.md"
    cache = get_cache(cache_dir(lang))
    try:
        record = cache.match_cache_notebook(jupytext.read(source, fmt="md:myst"))
    except KeyError as error:
        raise LookupError(f"{source.relative_to(ROOT)} has no execution in the build's cache "
                          f"{cache_dir(lang)}: run `make book`") from error
    return cache.get_cache_bundle(record.pk).nb
