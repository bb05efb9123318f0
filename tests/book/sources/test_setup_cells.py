"""Every chapter opens with the same setup cell, and imports in one style.

The first code cell of each executed chapter (tagged ``hide-cell``) starts
with the book's common block: ``dlbasics.setup(seed=0, language="en")``
(``"fr"`` in the French edition: how numbers are written; quiet TensorFlow,
seeds, one thread, the device) and the same imports; a chapter may add its own
imports after it, nothing else.  The package is then reached through its
subpackages (``datasets.load_digits``, ``plots.confusion``, ``training.fit``),
never through ``from dlbasics.x import y`` in a later cell.
"""

from __future__ import annotations

import ast

import pytest

from _sources import LANGUAGES, chapters, code_cells

#: The common block, comments left out (they are translated); ``{lang}`` is
#: the edition's language, which sets how the chapter writes numbers.
COMMON = [
    "import dlbasics",
    'device = dlbasics.setup(seed=0, language="{lang}")',
    "import keras",
    "import matplotlib.pyplot as plt",
    "import numpy as np",
    "import torch",
    "from dlbasics import datasets, keras_models, plots, scratch, torch_models, training",
]


def _code_lines(source: str) -> list[str]:
    lines = (line.split("#", 1)[0].rstrip() for line in source.splitlines())
    return [line for line in lines if line]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("chapter", chapters())
def test_setup_cell_is_the_common_block(lang, chapter):
    first = code_cells(lang, f"{chapter}.md")[0]
    assert "hide-cell" in first.metadata.get("tags", []), f"{lang}/{chapter}: setup cell not hidden"
    lines = _code_lines(first.source)
    common = [line.replace("{lang}", lang) for line in COMMON]
    assert lines[:len(COMMON)] == common, f"{lang}/{chapter}: the setup cell must start with the common block"
    for node in ast.parse("\n".join(lines[len(COMMON):])).body:
        assert isinstance(node, (ast.Import, ast.ImportFrom)), (
            f"{lang}/{chapter}: after the common block the setup cell holds only imports; "
            f"found {ast.unparse(node)!r}")
        if isinstance(node, ast.ImportFrom):
            assert not (node.module or "").startswith("dlbasics"), (
                f"{lang}/{chapter}: the package is imported once, in the common block")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("chapter", chapters())
def test_no_other_cell_imports_from_the_package(lang, chapter):
    for cell in code_cells(lang, f"{chapter}.md")[1:]:
        lines = [line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!"))]
        for node in ast.walk(ast.parse("\n".join(lines))):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("dlbasics"), (
                    f"{lang}/{chapter}: {ast.unparse(node)!r} outside the setup cell")
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith("dlbasics") for a in node.names), (
                    f"{lang}/{chapter}: {ast.unparse(node)!r} outside the setup cell")
