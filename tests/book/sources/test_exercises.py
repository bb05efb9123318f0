"""Every chapter has at least two exercises, each with a hidden solution."""

from __future__ import annotations

import re

import pytest

from _sources import BOOK, LANGUAGES, chapters

CHAPTERS = [f"{name}.md" for name in chapters()]
EXERCISE = re.compile(r"^(`{3,}|:{3,})\{exercise\}.*\n:label:\s*(\S+)", re.M)
SOLUTION = re.compile(r"^(`{3,}|:{3,})\{solution\}\s*(\S+)\s*\n((?::\S.*\n)*)", re.M)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_exercises_with_hidden_solutions(lang, chapter):
    text = (BOOK / lang / chapter).read_text(encoding="utf-8")
    exercises = [label for _, label in EXERCISE.findall(text)]
    solutions = {label: options for _, label, options in SOLUTION.findall(text)}
    assert len(exercises) >= 2, f"book/{lang}/{chapter}: {len(exercises)} exercise(s), 2 needed"
    for label in exercises:
        assert label in solutions, f"book/{lang}/{chapter}: exercise {label} has no solution"
        assert re.search(r":class:.*\bdropdown\b", solutions[label]), (
            f"book/{lang}/{chapter}: the solution of {label} is not hidden (:class: dropdown)"
        )
    assert set(solutions) <= set(exercises), f"book/{lang}/{chapter}: a solution without exercise"
