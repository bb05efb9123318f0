"""The exercise solutions of the chapters' sources, and the student edition's
notebooks without them.

A solution is a ``solution`` directive of sphinx-exercise in a chapter's
prose (a Markdown cell of the notebook)::

    ````{solution} losses-ex-by-hand
    :class: dropdown

    1. ...
    ````

(a colon fence ``::::{solution}`` works the same, and so does the pair
``{solution-start}`` ... ``{solution-end}``).  The student edition's site and
PDFs leave them out through sphinx-exercise's ``hide_solutions``; its
notebooks, which Sphinx does not write, are the chapters' notebooks with
these blocks removed (:func:`strip_solutions`, :func:`student_notebook`):

- the one each page offers for download (the executed notebook, from the
  execution cache) and its MyST source (``tools/build_book.py --student``);
- the paired notebooks of ``tools/notebooks.py`` (no outputs, Colab's setup
  cell; each chapter's with both frameworks and its two per-framework ones),
  written by :func:`write_student_notebooks` into the student edition's
  ``notebooks/<lang>/`` for a teacher to hand out.
"""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import nbformat

#: The opening line of a solution: its fence (group 1) and the directive.
OPENING = re.compile(r"^\s*(`{3,}|:{3,})\{(solution|solution-start)\}")
#: The closing line of a ``solution-start`` block.
END = re.compile(r"^\s*(`{3,}|:{3,})\{solution-end\}")
#: Any fence's opening line: its characters (group 1), and the directive's
#: name (group 2) if it opens a directive.
FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*(?:\{([\w:-]+)\})?")
#: Blocks whose content is code or data, not prose: copied as they are.
VERBATIM = {None, "code-cell", "code", "code-block", "sourcecode", "literalinclude",
            "math", "raw", "eval-rst", "bibliography"}


def _closes(line: str, fence: str) -> bool:
    """Whether ``line`` closes a block opened with ``fence``: the same
    character, at least as many, nothing else (CommonMark's rule)."""
    stripped = line.strip()
    return len(stripped) >= len(fence) and set(stripped) == {fence[0]}


def _block_end(lines: list[str], start: int, fence: str) -> int:
    """The index of the line that closes the block opened at ``start``."""
    for index in range(start + 1, len(lines)):
        if _closes(lines[index], fence):
            return index
    raise ValueError(f"a block opened with {fence!r} on line {start + 1} is never closed:\n"
                     f"{lines[start]}")


def _strip(lines: list[str]) -> list[str]:
    """``lines`` without their solution blocks, looking into every directive
    whose content is prose (an admonition, a tab...)."""
    kept: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        opening = OPENING.match(line)
        if opening:
            fence, directive = opening.groups()
            end = _block_end(lines, index, fence)
            if directive == "solution-start":
                end = next((later for later in range(end + 1, len(lines))
                            if END.match(lines[later])), None)
                if end is None:
                    raise ValueError(f"the solution-start on line {index + 1} has no solution-end")
                end = _block_end(lines, end, END.match(lines[end]).group(1))
            index = end + 1
            # One blank line where the block was.
            while kept and not kept[-1].strip() and index < len(lines) and not lines[index].strip():
                index += 1
            continue
        fence = FENCE.match(line)
        if fence:
            end = _block_end(lines, index, fence.group(1))
            if fence.group(2) in VERBATIM or fence.group(1)[0] == "~":
                kept += lines[index:end + 1]
            else:
                kept += [line, *_strip(lines[index + 1:end]), lines[end]]
            index = end + 1
            continue
        kept.append(line)
        index += 1
    return kept


def strip_solutions(text: str) -> str:
    """MyST Markdown ``text`` without its solution blocks.

    Code and math nested in a solution go with it; the blank lines around a
    removed block are collapsed into one; a solution inside another
    directive (an admonition, a tab) is found too.  Raises
    :class:`ValueError` for a block that is never closed.

    >>> strip_solutions("Exercise.\\n\\n````{solution} ex\\n:class: dropdown\\n\\n"
    ...                 "```python\\nx = 1\\n```\\n````\\n\\nAfter.\\n")
    'Exercise.\\n\\nAfter.\\n'
    """
    return "".join(_strip(text.splitlines(keepends=True)))


def student_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``notebook`` whose Markdown cells have no solution; a cell
    that held only a solution is dropped."""
    student = copy.deepcopy(notebook)
    cells = []
    for cell in student.cells:
        if cell.cell_type == "markdown":
            source = strip_solutions(cell.source)
            if not source.strip():
                continue
            cell.source = source
        cells.append(cell)
    student.cells = cells
    return student


def write_student_notebooks(lang: str, folder: Path, pages: set[str] | None = None) -> list[Path]:
    """Write the paired notebooks of one edition (``tools/notebooks.py``:
    no outputs, Colab's setup cell) without their solutions into
    ``folder/<lang>/``: ``NAME.ipynb`` with both frameworks, and
    ``NAME.keras.ipynb`` and ``NAME.pytorch.ipynb`` with one framework's
    cells, for the chapters in ``pages`` (default: all); return the files
    written.  The folder is emptied first."""
    import notebooks

    target = folder / lang
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    written = []
    for path, (source, framework) in notebooks.expected_notebooks(lang).items():
        if pages is not None and source.stem not in pages:
            continue
        student = student_notebook(notebooks.paired_notebook(source, framework))
        (target / path.name).write_text(notebooks.render(student), encoding="utf-8")
        written.append(target / path.name)
    return written
