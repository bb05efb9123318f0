"""Tests of book/_ext/execution_status.py: the execution-info line is read
back as dlbasics writes it, a chapter's run is found in a jupyter-cache the
way MyST-NB stored it (and not found once its code changed), and the table
is laid out with the edition's strings."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import nbformat
import pytest
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from myst_nb.core.config import NbParserConfig
from myst_parser.config.main import MdParserConfig

import execution_status  # book/_ext/, on pytest's pythonpath
from _sources import EDITIONS
from dlbasics.runtime import ExecutionInfo

INFO = ExecutionInfo(device="NVIDIA H100 80GB HBM3", python="3.12.3", keras="3.15.1",
                     tensorflow="-", torch="2.11.0+cu128", date="2026-12-07")


def test_the_line_reads_back_as_dlbasics_writes_it():
    line = execution_status.parse_execution_line(str(INFO))
    assert line.device == INFO.device
    assert line.date == INFO.date
    assert dict(line.versions) == {label: value for label, value in INFO.items()
                                   if label not in ("device", "date")}


def test_the_html_line_is_recognised():
    match = execution_status.HTML_LINE.fullmatch(INFO._repr_html_())
    assert match is not None
    assert match.group("text") == str(INFO)
    assert execution_status.HTML_LINE.fullmatch("<p>CPU · Python 3.11 · 2026-12-07</p>") is None


@pytest.mark.parametrize("text", [
    "CPU (x86_64)",                                   # nothing but a device
    "CPU (x86_64) · 2026-12-07",                      # no version
    "CPU (x86_64) · Python · 2026-12-07",             # a name without a version
    "CPU (x86_64) · Python 3.11.7 · yesterday",       # not a date
])
def test_other_lines_are_refused(text):
    with pytest.raises(ValueError):
        execution_status.parse_execution_line(text)


HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
    format_version: 0.13
kernelspec:
  display_name: Python 3 (ipykernel)
  language: python
  name: python3
---

# A chapter

```{code-cell} ipython3
x = 1
```
"""
LAST_CELL = """
```{code-cell} ipython3
:tags: [remove-input, execution-info]

dlbasics.execution_info()
```
"""


@pytest.fixture
def book(tmp_path):
    """A one-chapter edition and its execution cache, as MyST-NB leaves them."""
    source = tmp_path / "chapter.md"
    source.write_text(HEADER + LAST_CELL, encoding="utf-8")
    env = SimpleNamespace(
        doc2path=lambda docname: tmp_path / f"{docname}.md",
        myst_config=MdParserConfig(),
        mystnb_config=NbParserConfig(execution_mode="cache",
                                     execution_cache_path=str(tmp_path / "cache")),
    )
    cache = get_cache(tmp_path / "cache")

    def execute(seconds=12.34, outputs=True):
        notebook = execution_status._read_notebook(env, source)
        last = notebook.cells[-1]
        last.outputs = [nbformat.v4.new_output(
            "execute_result", execution_count=2,
            data={"text/plain": str(INFO), "text/html": INFO._repr_html_()})] if outputs else []
        data = {} if seconds is None else {"execution_seconds": seconds}
        cache.cache_notebook_bundle(CacheBundleIn(notebook, str(source), data=data),
                                    check_validity=False, overwrite=True)

    return SimpleNamespace(env=env, cache=cache, source=source, execute=execute)


def test_a_chapter_run_comes_from_its_cache_record(book):
    book.execute()
    run = execution_status.chapter_run(book.env, book.cache, "chapter")
    assert run.docname == "chapter"
    assert run.seconds == pytest.approx(12.34)
    assert run.line == execution_status.parse_execution_line(str(INFO))


def test_a_prose_edit_keeps_the_record_a_code_edit_loses_it(book):
    book.execute()
    book.source.write_text(HEADER + "\nMore prose.\n" + LAST_CELL, encoding="utf-8")
    assert execution_status.chapter_run(book.env, book.cache, "chapter") is not None
    book.source.write_text(HEADER.replace("x = 1", "x = 2") + LAST_CELL, encoding="utf-8")
    with pytest.raises(LookupError, match="no execution of its current code"):
        execution_status.chapter_run(book.env, book.cache, "chapter")


def test_a_record_without_its_run_time_or_its_line_is_an_error(book):
    book.execute(seconds=None)
    with pytest.raises(LookupError, match="execution_seconds"):
        execution_status.chapter_run(book.env, book.cache, "chapter")
    book.execute(outputs=False)
    with pytest.raises(LookupError, match="no text output"):
        execution_status.chapter_run(book.env, book.cache, "chapter")


def test_a_page_that_is_not_a_notebook_is_no_chapter(book, tmp_path):
    (tmp_path / "glossary.md").write_text("# Glossary\n\nWords.\n", encoding="utf-8")
    assert execution_status.chapter_run(book.env, book.cache, "glossary") is None


def test_the_pages_in_reading_order():
    env = SimpleNamespace(config=SimpleNamespace(root_doc="index"), toctree_includes={
        "index": ["intro", "mlp", "status"], "intro": ["intro-extra"], "status": ["intro"]})
    assert execution_status.toctree_order(env) == ["intro", "intro-extra", "mlp", "status"]


@pytest.mark.parametrize("lang, seconds", [("en", "12.3\u00a0s"), ("fr", "12,3\u202fs")])
def test_the_table_in_each_edition(lang, seconds):
    strings = EDITIONS[lang]["strings"]
    run = execution_status.ChapterRun("intro", 12.34,
                                      execution_status.parse_execution_line(str(INFO)))
    env = SimpleNamespace(toc_secnumbers={"intro": {"": (1,)}})
    table = execution_status.status_table([run], strings, env, "status")
    header = [entry.astext() for entry in next(table.findall(execution_status.nodes.thead))
              .findall(execution_status.nodes.entry)]
    assert header == [strings[f"status_{key}"]
                      for key in ("chapter", "time", "device", "versions", "date")]
    (row,) = next(table.findall(execution_status.nodes.tbody)).children
    assert row["ids"] == ["status-intro"]
    cells = [entry.astext() for entry in row.children]
    assert cells[0].startswith("1. ")
    assert cells[1:] == [seconds, INFO.device,
                         "Python 3.12.3, Keras 3.15.1, TensorFlow -, PyTorch 2.11.0+cu128",
                         "2026-12-07"]
    datetime.date.fromisoformat(cells[-1])
