"""Inline math that Markdown would cut: a ``$…$`` formula wrapped over two
lines must not put ``+``, ``-`` or ``*`` and a space at the start of a line.
There, Markdown reads a new list item, the formula loses its closing ``$``
and the page shows raw LaTeX (``\\frac``…), in HTML as in the PDF.
"""

from __future__ import annotations

import re

import pytest

from _sources import BOOK, LANGUAGES, chapter_files

#: What Markdown takes for a list marker at the start of a line.
LIST_MARKER = re.compile(r"^\s*[-+*]\s")
#: Fences whose content is not Markdown prose (code, display math).
FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*(\{code-cell\}|\{literalinclude\}|\{math\}|\{eval-rst\}|python|bash|text)")


def cut_formulas(text: str) -> list[str]:
    """Lines that open a list item inside an inline formula left open."""
    found = []
    fence = None
    in_display = False
    open_dollar = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if fence is not None:
            if stripped.startswith(fence) and stripped.strip("`~") == "":
                fence = None
            continue
        match = FENCE.match(line)
        if match:
            fence = match.group(1)
            continue
        if stripped.startswith("$$"):
            in_display = not (in_display or stripped.endswith("$$") and len(stripped) > 2)
            continue
        if in_display:
            continue
        if not stripped:
            open_dollar = False
            continue
        if open_dollar and LIST_MARKER.match(line):
            found.append(f"line {number}: {stripped[:80]}")
        dollars = len(re.findall(r"(?<!\\)\$", re.sub(r"`[^`]*`", "", line)))
        open_dollar ^= dollars % 2 == 1
    return found


def test_detects_a_cut_formula():
    assert cut_formulas("and mean $a\n  + b$ here.\n") == ["line 2: + b$ here."]
    assert cut_formulas("and mean $a +\n  b$ here.\n\n- a list item\n") == []


@pytest.mark.parametrize("page", chapter_files(LANGUAGES[0]))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_formula_is_cut_by_a_list_marker(lang, page):
    found = cut_formulas((BOOK / lang / page).read_text(encoding="utf-8"))
    assert not found, (f"book/{lang}/{page}: an inline formula wraps onto a line that starts "
                       "like a list item; move the operator to the end of the line before:\n"
                       + "\n".join(found))
