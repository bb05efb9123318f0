"""The paired notebooks ``book/<lang>/NAME.ipynb`` (Binder, Colab) are current.

They are generated from the chapters by ``tools/notebooks.py`` (``make
notebooks``) and committed; the check needs no build.
"""

from __future__ import annotations

import notebooks  # tools/notebooks.py, on pytest's pythonpath

from _sources import BOOK, LANGUAGES


def test_paired_notebooks_are_current():
    problems = notebooks.stale()
    assert not problems, "\n".join(problems) + "\nrun `make notebooks` and commit the result"


def test_paired_notebook_has_colab_cell_and_no_outputs():
    notebook = notebooks.paired_notebook(BOOK / LANGUAGES[0] / "intro.md")
    assert "google.colab" in notebook.cells[0].source
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")
