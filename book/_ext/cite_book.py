"""The book's version, and how to cite it.

The version is written once, as ``[project] version`` in ``pyproject.toml``,
and the date of its release once, as ``date-released`` in ``CITATION.cff``
(which the tests hold to the same version).  ``tools/build_book.py`` hands
them to Sphinx as ``release`` (and ``version``) and ``book_release_date``.
From there

- the PDF's title page prints ``release`` (sphinxmanual's ``\\py@release``,
  under "Release"/"Version", the word translated by Sphinx);
- a page shows it with MyST's ``{sub-ref}`release``` (Sphinx fills the
  ``release`` substitution);
- the directive ``cite-book`` writes the book's reference: one line in the
  author–year style of the References page and a BibTeX entry, made from the
  edition's title, ``author``, the version, the year of the release and the
  repository (``repository.url`` of ``_config.yml``).

So no page repeats a number or a date that changes at every release.  A build
without a version or a release date (not through ``tools/build_book.py``)
stops with a configuration error.
"""

from __future__ import annotations

import datetime

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinx.util.docutils import SphinxDirective

from edition import current


def _check_config(app: Sphinx, config) -> None:
    if not config.release:
        raise ConfigError("release is empty: build the book with tools/build_book.py, which "
                          "sets it from [project] version of pyproject.toml")
    try:
        datetime.date.fromisoformat(config.book_release_date)
    except (TypeError, ValueError) as error:
        raise ConfigError(f"book_release_date {config.book_release_date!r} is not an ISO date: "
                          "set date-released in CITATION.cff (YYYY-MM-DD)") from error


def repository_url(config) -> str:
    """The book's repository (``repository.url`` of ``_config.yml``)."""
    url = config.html_theme_options.get("repository_url")
    if not url:
        raise ConfigError("html_theme_options has no repository_url: set repository.url "
                          "in _config.yml (the book's reference gives it)")
    return url.rstrip("/")


def bibtex(key: str, author: str, title: str, year: int, version: str, url: str,
           language: str) -> str:
    """A BibTeX ``@book`` entry for one edition of the book.

    The author is braced twice (a collective name: BibTeX must not split it
    into first and last names); ``version`` is biblatex's field.

    Examples
    --------
    >>> print(bibtex("dlb-en", "The Authors", "Deep Learning Basics", 2026, "0.1.0",
    ...              "https://example.org/dlb", "english"))
    @book{dlb-en,
      author   = {{The Authors}},
      title    = {Deep Learning Basics},
      year     = {2026},
      version  = {0.1.0},
      url      = {https://example.org/dlb},
      language = {english},
    }
    """
    fields = [("author", f"{{{author}}}"), ("title", title), ("year", str(year)),
              ("version", version), ("url", url), ("language", language)]
    width = max(len(name) for name, _ in fields)
    lines = [f"  {name:<{width}} = {{{value}}}," for name, value in fields]
    return "\n".join([f"@book{{{key},", *lines, "}"])


class CiteBook(SphinxDirective):
    """``cite-book``: the edition's reference, as a line and as BibTeX."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        config = self.env.config
        edition = current(config)
        url = repository_url(config)
        year = datetime.date.fromisoformat(config.book_release_date).year
        line = nodes.paragraph(classes=["book-reference"])
        line += nodes.Text(f"{config.author} ({year}). ")
        line += nodes.emphasis(text=edition["title"])
        line += nodes.Text(f", version {config.release}. ")
        # The address in full: the theme shortens a GitHub link whose text is
        # its address ("owner/name"), unless the text is wrapped.
        line += nodes.reference("", "", nodes.inline(url, url), refuri=url)
        entry = bibtex(edition["pdf_name"], config.author, edition["title"], year,
                       config.release, url, edition["babel"])
        block = nodes.literal_block(entry, entry, language="bibtex", classes=["book-bibtex"])
        self.set_source_info(line)
        self.set_source_info(block)
        return [line, block]


def setup(app: Sphinx) -> dict:
    app.setup_extension("edition")
    app.add_config_value("book_release_date", "", "env", types=[str])
    app.connect("config-inited", _check_config)
    app.add_directive("cite-book", CiteBook)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
