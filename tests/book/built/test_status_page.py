"""The execution status page of each edition (book/_ext/execution_status.py):
one row per chapter, in the order of the book, saying what the build's
execution cache recorded (run time) and what the chapter's own execution line
says (device, versions, date); every chapter's execution line links to its
row."""

from __future__ import annotations

import copy

import pytest
import yaml

from _sources import EDITIONS, LANGUAGES, ROOT, chapters
from _sources import built_page as soup  # parsed once per worker: never change its tree
from editions import execution_record

STATUS = "status"
NOTEBOOKS = chapters(LANGUAGES[0])


def _toc_files(node) -> list[str]:
    if isinstance(node, dict):
        own = [node[key] for key in ("root", "file") if key in node]
        return own + [name for value in node.values() for name in _toc_files(value)]
    if isinstance(node, list):
        return [name for item in node for name in _toc_files(item)]
    return []


def _words(tag) -> str:
    """A tag's text, its spaces (no-break ones included) made single spaces."""
    return " ".join(tag.get_text("").split())


def _rows(lang: str) -> dict[str, list[str]]:
    """The status table's rows: chapter -> the cells' text, in the table's order."""
    (table,) = soup(lang, STATUS).select("article table.execution-status")
    return {row["id"].removeprefix("status-"): [cell.get_text("").strip("\n ")
                                                for cell in row.select("td")]
            for row in table.select("tbody tr")}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_one_row_per_chapter_in_the_books_order(lang):
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    in_order = [name for name in _toc_files(toc) if name in NOTEBOOKS]
    assert list(_rows(lang)) == in_order
    strings = EDITIONS[lang]["strings"]
    headers = [th.get_text(strip=True) for th in soup(lang, STATUS).select(
        "table.execution-status thead th")]
    assert headers == [strings[f"status_{key}"]
                       for key in ("chapter", "time", "device", "versions", "date")]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", NOTEBOOKS)
def test_row_says_what_the_cache_and_the_chapter_say(lang, page):
    """The run time is the cache record's (so the page was rewritten after
    the last execution); device, versions and date are the chapter's line."""
    try:
        record = execution_record(lang, page)
    except LookupError as error:
        pytest.fail(str(error))
    strings = EDITIONS[lang]["strings"]
    seconds = f"{record.data['execution_seconds']:.1f}".replace(".", strings["decimal_mark"])
    line = soup(lang, page).select_one("p.execution-info").get_text("", strip=True)
    device, *versions, date = line.split(" · ")
    chapter, *cells = _rows(lang)[page]
    assert cells == [strings["status_seconds"].format(seconds=seconds), device,
                     ", ".join(versions), date]
    title = copy.copy(soup(lang, page).select_one("article h1"))  # a copy to edit
    for anchor in title.select("a.headerlink"):
        anchor.decompose()
    assert " ".join(chapter.split()) == _words(title), (
        "the row names the chapter as its title does (number included)")
    (link,) = soup(lang, STATUS).select(f"tr#status-{page} td a")
    assert link["href"] == f"{page}.html"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", NOTEBOOKS)
def test_execution_line_links_to_its_row(lang, page):
    (line,) = soup(lang, page).select("p.execution-info")
    (link,) = line.select("a")
    assert link["href"] == f"{STATUS}.html#status-{page}"
    assert link["title"] == EDITIONS[lang]["strings"]["status_tooltip"]
    assert link.get_text() == line.get_text(), "the whole line is the link"
    assert soup(lang, STATUS).find(id=f"status-{page}") is not None
