"""Author–year citations, as students cite: "Cybenko (1989)", "(Ioffe and
Szegedy, 2015)", and a References page that lists the works the same way.

sphinxcontrib-bibtex formats the citations in the text (its *referencing*
style, configuration value ``bibtex_reference_style``) and pybtex the entries
of the bibliography (its *formatting* style, ``bibtex_default_style``).  This
extension registers one of each, both named ``author_year_book``, when
the edition's configuration is read:

- the referencing style is sphinxcontrib-bibtex's ``author_year`` with round
  brackets (its default is square) and the edition's word for "and" between
  two authors (``strings.and`` in ``book/editions.yml``: « Hochreiter et
  Schmidhuber (1997) » in French).
- the formatting style is pybtex's ``unsrt`` with the year right after the
  authors, family name first, the edition's "and" ("Cybenko, G. (1989). Approximation by…"),
  sorted by author, year and title, for the four entry types the book's
  ``references.bib`` uses (article, inproceedings, book, misc); any other
  type fails the build with a clear message.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pybtex.plugin import register_plugin as register_pybtex_plugin
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.formatting.unsrt import pages
from pybtex.style.template import field as bib_field
from pybtex.style.template import first_of, join, names, optional, optional_field, sentence, tag, words
from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinxcontrib.bibtex.plugin import register_plugin
from sphinxcontrib.bibtex.style.referencing import BracketStyle, PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

from edition import current

NAME = "author_year_book"


class AuthorYearStyle(UnsrtStyle):
    """Bibliography entries that start with "Family, F. and Family, F. (year)."."""

    default_name_style = "lastfirst"
    default_sorting_style = "author_year_title"
    #: Between two authors, and before the last of several (the edition's
    #: ``strings.and`` and ``strings.and_last``).
    and_two = " and "
    and_last = ", and "

    def __init__(self, **kwargs):
        kwargs.setdefault("abbreviate_names", True)
        super().__init__(**kwargs)

    def format_names(self, role, as_sentence=True):
        formatted = names(role, sep=", ", sep2=self.and_two, last_sep=self.and_last)
        return sentence[formatted] if as_sentence else formatted

    def _authors_year(self):
        return sentence[join[self.format_names("author", as_sentence=False),
                             " (", bib_field("year"), ")"]]

    def get_article_template(self, e):
        volume_and_pages = first_of[
            # "9(8), 1735–1780": a comma, not a colon, which French
            # typography (babel) would space as « 9(8) : 1735 ».
            optional[join[bib_field("volume"), optional["(", bib_field("number"), ")"],
                          ", ", pages]],
            words["pages", pages],
        ]
        return toplevel[
            self._authors_year(),
            self.format_title(e, "title"),
            sentence[tag("em")[bib_field("journal")], optional[volume_and_pages]],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]

    def get_inproceedings_template(self, e):
        return toplevel[
            self._authors_year(),
            self.format_title(e, "title"),
            words["In", sentence[self.format_btitle(e, "booktitle", as_sentence=False),
                                 optional[pages]]],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]

    def get_book_template(self, e):
        return toplevel[
            self._authors_year(),
            self.format_btitle(e, "title"),
            sentence[optional[words[bib_field("edition"), "edition"]], bib_field("publisher")],
            self.format_web_refs(e),
        ]

    def get_misc_template(self, e):
        return toplevel[
            self._authors_year(),
            optional[self.format_title(e, "title")],
            sentence[optional_field("howpublished")],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]

    def format_entry(self, label, entry, bib_data=None):
        if entry.type not in ("article", "inproceedings", "book", "misc"):
            raise ConfigError(
                f"references.bib: entry {entry.key!r} has type @{entry.type}; "
                f"book/_ext/citations.py formats @article, @inproceedings, @book and @misc "
                f"(add a template there for another type)"
            )
        return super().format_entry(label, entry, bib_data)


def _round() -> BracketStyle:
    return BracketStyle(left="(", right=")")


def _register_styles(app: Sphinx, config) -> None:
    """Define the edition's two styles (they use its word for "and")."""
    strings = current(config)["strings"]

    class BookAuthorYearStyle(AuthorYearStyle):
        and_two = strings["and"]
        and_last = strings["and_last"]

    register_pybtex_plugin("pybtex.style.formatting", NAME, BookAuthorYearStyle, force=True)

    def names_style() -> PersonStyle:
        return PersonStyle(sep2=strings["and"], last_sep=strings["and_last"])

    @dataclass
    class BookAuthorYear(AuthorYearReferenceStyle):
        bracket_textual: BracketStyle = field(default_factory=_round)
        bracket_parenthetical: BracketStyle = field(default_factory=_round)
        bracket_author: BracketStyle = field(default_factory=_round)
        bracket_label: BracketStyle = field(default_factory=_round)
        bracket_year: BracketStyle = field(default_factory=_round)
        person: PersonStyle = field(default_factory=names_style)

    register_plugin("sphinxcontrib.bibtex.style.referencing", NAME, BookAuthorYear, force=True)


def setup(app: Sphinx) -> dict:
    app.setup_extension("edition")
    app.connect("config-inited", _register_styles)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
