"""Tests of book/_ext/cite_book.py: the BibTeX entry, and a build without a
version or a release date stops."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sphinx.errors import ConfigError

import cite_book  # book/_ext/, on pytest's pythonpath


def test_bibtex_entry():
    entry = cite_book.bibtex("introduction-au-deep-learning-fr", "The Authors",
                             "Introduction au deep learning", 2026, "1.2.3",
                             "https://github.com/o/r", "french")
    lines = entry.splitlines()
    assert lines[0] == "@book{introduction-au-deep-learning-fr,"
    assert lines[-1] == "}"
    fields = dict(line.strip().rstrip(",").split(" = ", 1) for line in lines[1:-1])
    assert {name.strip(): value for name, value in fields.items()} == {
        "author": "{{The Authors}}",  # a collective author: never split into names
        "title": "{Introduction au deep learning}",
        "year": "{2026}",
        "version": "{1.2.3}",
        "url": "{https://github.com/o/r}",
        "language": "{french}",
    }
    assert entry.count("{") == entry.count("}")


@pytest.mark.parametrize("release, date, message", [
    ("", "2026-12-07", "release is empty"),
    ("0.1.0", "", "not an ISO date"),
    ("0.1.0", "7 December 2026", "not an ISO date"),
])
def test_a_build_without_version_or_date_stops(release, date, message):
    config = SimpleNamespace(release=release, book_release_date=date)
    with pytest.raises(ConfigError, match=message):
        cite_book._check_config(None, config)


def test_a_build_with_both_goes_on():
    cite_book._check_config(None, SimpleNamespace(release="0.1.0", book_release_date="2026-12-07"))


def test_the_repository_is_required():
    with pytest.raises(ConfigError, match="repository_url"):
        cite_book.repository_url(SimpleNamespace(html_theme_options={}))
    assert cite_book.repository_url(SimpleNamespace(
        html_theme_options={"repository_url": "https://github.com/o/r/"})) == "https://github.com/o/r"
