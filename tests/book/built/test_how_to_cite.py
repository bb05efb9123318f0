"""The home page of each edition shows the book's version and how to cite
it (book/_ext/cite_book.py): the version of pyproject.toml, the year of
CITATION.cff's date-released, the edition's title, the repository."""

from __future__ import annotations

import re

import pytest
import yaml
from bs4 import BeautifulSoup

from _sources import BUILD, EDITIONS, LANGUAGES, ROOT
from editions import citation, project_version

SITE = BUILD / "html"
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def _section(lang: str):
    path = SITE / lang / "index.html"
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make book`")
    html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    target = html.select_one("article #home-cite")
    assert target is not None, f"{lang}/index: no section (home-cite)= 'How to cite'"
    return target.parent


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_shows_the_version(lang):
    text = " ".join(_section(lang).get_text(" ").split())
    assert f"version {project_version()} " in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_reference(lang):
    (line,) = _section(lang).select("p.book-reference")
    year = citation()["date-released"][:4]
    url = CONFIG["repository"]["url"]
    assert " ".join(line.get_text("").split()) == (
        f"{CONFIG['author']} ({year}). {EDITIONS[lang]['title']}, "
        f"version {project_version()}. {url}")
    assert line.select_one("em").get_text() == EDITIONS[lang]["title"]
    assert line.select_one("a")["href"] == url


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_bibtex(lang):
    (block,) = _section(lang).select(".book-bibtex pre")
    entry = block.get_text()
    assert entry.startswith(f"@book{{{EDITIONS[lang]['pdf_name']},")
    fields = dict(re.findall(r"^\s+(\w+)\s+=\s+\{(.*)\},$", entry, re.M))
    assert fields == {
        "author": f"{{{CONFIG['author']}}}",
        "title": EDITIONS[lang]["title"],
        "year": citation()["date-released"][:4],
        "version": project_version(),
        "url": CONFIG["repository"]["url"],
        "language": EDITIONS[lang]["babel"],
    }
