"""tools/solutions.py: the student edition's notebooks and sources lose
their exercise solutions, and nothing else."""

from __future__ import annotations

import re

import nbformat
import pytest

import solutions  # tools/, on pytest's pythonpath
from _sources import BOOK, LANGUAGES, chapters, read_notebook

CHAPTERS = chapters()
EXERCISE = re.compile(r"^(`{3,}|:{3,})\{exercise\}", re.M)
SOLUTION = re.compile(r"\{solution(-start|-end)?\}")


def test_a_solution_goes_with_its_code_and_math():
    text = ("Before.\n\n````{exercise} Sum\n:label: ex\n\nWhat?\n````\n\n"
            "````{solution} ex\n:class: dropdown\n\n```python\nx = 1\n```\n\n$$\na\n$$\n````\n\n"
            "After.\n")
    assert solutions.strip_solutions(text) == (
        "Before.\n\n````{exercise} Sum\n:label: ex\n\nWhat?\n````\n\nAfter.\n")


def test_colon_fences_nested_directives_and_gated_solutions():
    text = ("::::{admonition} Note\n:::{solution} ex\nHidden.\n:::\nKept.\n::::\n"
            "```{solution-start} ex2\n```\nHidden too.\n```{solution-end}\n```\nEnd.\n")
    assert solutions.strip_solutions(text) == "::::{admonition} Note\nKept.\n::::\nEnd.\n"


def test_code_that_shows_a_solution_directive_is_kept():
    text = "````markdown\n```{solution} ex\nshown as an example\n```\n````\n"
    assert solutions.strip_solutions(text) == text


def test_an_unclosed_solution_fails():
    with pytest.raises(ValueError, match="never closed"):
        solutions.strip_solutions("````{solution} ex\nText.\n```\n")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_loses_its_solutions_and_keeps_the_rest(lang, chapter):
    text = (BOOK / lang / f"{chapter}.md").read_text(encoding="utf-8")
    student = solutions.strip_solutions(text)
    assert not SOLUTION.search(student), f"book/{lang}/{chapter}.md: a solution is left"
    assert len(EXERCISE.findall(student)) == len(EXERCISE.findall(text)) >= 2
    # What is left is the source, in order, less whole lines.
    source_lines = iter(text.splitlines())
    assert all(line in source_lines for line in student.splitlines())
    # The code cells are all there.
    assert student.count("```{code-cell}") == text.count("```{code-cell}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_student_notebook_keeps_every_code_cell(lang):
    notebook = read_notebook(lang, f"{CHAPTERS[0]}.md")
    student = solutions.student_notebook(notebook)
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    assert [cell.source for cell in student.cells if cell.cell_type == "code"] == code
    assert not any(SOLUTION.search(cell.source) for cell in student.cells)
    assert any(SOLUTION.search(cell.source) for cell in notebook.cells), "the original is untouched"
    nbformat.validate(student)
