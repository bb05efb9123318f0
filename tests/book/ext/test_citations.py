"""Author–year citations (book/_ext/citations.py): the bibliography style
formats every entry of references.bib as "Family, F. (year). Title…", sorted
by author, and refuses an entry type it has no template for."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from pybtex.database import parse_file, parse_string
from sphinx.errors import ConfigError

import citations  # book/_ext/, on pytest's pythonpath
import page_buttons
from _sources import BOOK, EDITIONS


def formatted(bib) -> list[str]:
    style = citations.AuthorYearStyle()
    return [entry.text.render_as("text") for entry in style.format_entries(bib.entries.values())]


def test_entries_start_with_authors_and_year():
    bib = parse_string(r"""
    @article{b, author = {Hochreiter, Sepp and Schmidhuber, J{\"u}rgen},
      title = {Long short-term memory}, journal = {Neural Computation},
      volume = {9}, number = {8}, pages = {1735--1780}, year = {1997}}
    @inproceedings{a, author = {Ioffe, Sergey and Szegedy, Christian},
      title = {Batch normalization}, booktitle = {Proceedings of ICML},
      pages = {448--456}, year = {2015}}
    """, "bibtex")
    texts = formatted(bib)
    # Sorted by author: Hochreiter before Ioffe, whatever the keys say.
    assert texts[0].startswith("Hochreiter, S. and Schmidhuber, J. (1997). Long short-term memory.")
    assert "Neural Computation, 9(8), 1735–1780." in texts[0]
    assert texts[1].startswith("Ioffe, S. and Szegedy, C. (2015). Batch normalization. In Proceedings of ICML")


def test_every_entry_of_the_book_is_formatted():
    bib = parse_file(str(BOOK / "references.bib"))
    texts = formatted(bib)
    assert len(texts) == len(bib.entries)
    years = {entry.fields["year"] for entry in bib.entries.values()}
    assert all(any(f"({year})" in text for text in texts) for year in years)


def test_unknown_entry_type_fails_loudly():
    bib = parse_string("@phdthesis{x, author = {Doe, Jane}, title = {T}, school = {S}, year = {2000}}",
                       "bibtex")
    with pytest.raises(ConfigError, match="@phdthesis"):
        formatted(bib)


@pytest.mark.parametrize("lang", list(EDITIONS))
def test_report_url_names_the_page(lang):
    strings = EDITIONS[lang]["strings"]
    url = page_buttons.report_url("https://github.com/o/r/", lang, "cnn", strings)
    parts = urlsplit(url)
    assert parts.netloc == "github.com" and parts.path == "/o/r/issues/new"
    query = parse_qs(parts.query)
    assert f"{lang}/cnn" in query["title"][0]
    assert f"book/{lang}/cnn.md" in query["body"][0]
