"""The paired notebooks (Binder, Colab) are current, and the per-framework
ones run top to bottom.

Every chapter has three, generated from its source by ``tools/notebooks.py``
(``make notebooks``) and committed: ``book/<lang>/NAME.ipynb`` with both
frameworks' cells, and ``NAME.keras.ipynb`` and ``NAME.pytorch.ipynb`` with
one framework's cells only.  The checks need no build.

Whether a per-framework notebook runs is checked from the code (``make
colab-check`` runs the notebooks with both frameworks, and a few
per-framework ones: see ``tools/colab_check.py``): every name a cell reads
is bound by a cell before it in that notebook, and it takes the same value
as in the book's run (the one notebook that runs with every cell), or its
own framework's twin of the other framework's value.
"""

from __future__ import annotations

import builtins

import nbformat
import notebooks  # tools/notebooks.py, on pytest's pythonpath
import pytest
from framework_cells import bound_names, cell_tree, read_names, tags  # tools/

from _sources import BOOK, EDITIONS, LANGUAGES, chapters
from editions import FRAMEWORKS

#: The names a notebook's kernel has before any cell runs.
KERNEL_NAMES = set(dir(builtins)) | {"display", "get_ipython", "In", "Out", "exit", "quit"}
#: The cells of a framework that its notebook must leave out because they
#: read what only the other framework's cells made, through a shared cell:
#: (chapter, framework) -> how many.  In mlp, the NumPy forward pass reads
#: the Keras model's weights, which the PyTorch cell after it copies into
#: the PyTorch model.  Empty once the chapters draw such shared values
#: without either framework.
NEEDING_THE_OTHER = {("mlp", "pytorch"): 1}


def test_paired_notebooks_are_current():
    problems = notebooks.stale()
    assert not problems, "\n".join(problems) + "\nrun `make notebooks` and commit the result"


@pytest.mark.parametrize("framework", [None, *FRAMEWORKS])
def test_paired_notebook_has_colab_cell_and_no_outputs(framework):
    source = BOOK / LANGUAGES[0] / "intro.md"
    notebook = notebooks.paired_notebook(source, framework)
    first = notebook.cells[0]
    assert "google.colab" in first.source and notebooks.COLAB_TAG in tags(first)
    path = notebooks.notebook_path(source, framework).relative_to(notebooks.ROOT).as_posix()
    assert f'notebook, version = "{path}"' in first.source
    assert path.endswith("intro.ipynb" if framework is None else f"intro.{framework}.ipynb")
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")


def _code(notebook) -> list:
    return [cell for cell in notebook.cells
            if cell.cell_type == "code" and notebooks.COLAB_TAG not in tags(cell)]


def _read(lang: str, chapter: str, framework: str | None = None):
    path = notebooks.notebook_path(BOOK / lang / f"{chapter}.md", framework)
    return nbformat.read(path, as_version=4)


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_framework_notebook_keeps_the_prose_and_one_framework(lang, framework):
    """All the prose and shared cells, this framework's cells and none of the
    other's; a note where a cell is left out, in the edition's language."""
    strings = EDITIONS[lang]["strings"]
    other = next(tag for tag in FRAMEWORKS if tag != framework)
    for chapter in chapters(lang):
        both, one = _read(lang, chapter), _read(lang, chapter, framework)
        where = f"book/{lang}/{chapter}.{framework}.ipynb"
        # Every cell but the Colab cell (its own path and digest) as it is in both.
        copied = [c for c in one.cells[1:] if not c.id.endswith(("-left-out", "-framework"))]
        ids = {c.id for c in copied}
        assert copied == [c for c in both.cells[1:] if c.id in ids], f"{where}: cells changed or moved"
        assert [c.id for c in both.cells if c.cell_type == "markdown"] == [
            c.id for c in copied if c.cell_type == "markdown"], f"{where}: the prose differs"
        assert one.cells[0].source.count(f"{chapter}.{framework}.ipynb") == 1
        assert not [c.id for c in _code(one) if other in tags(c)], f"{where}: {other} cells"
        kept = {c.id for c in one.cells}
        dropped = [c for c in _code(both) if c.id not in kept]
        assert len([c for c in dropped if framework in tags(c)]) == NEEDING_THE_OTHER.get(
            (chapter, framework), 0), f"{where}: {FRAMEWORKS[framework]} cells left out"
        notes = [c for c in one.cells if c.id.endswith("-left-out")]
        assert [n.id for n in notes] == [f"{c.id}-left-out" for c in dropped
                                         if other not in tags(c)], where
        for note in notes:
            assert note.source in {strings[f"notebook_left_out_{kind}"].format(
                other=FRAMEWORKS[other], notebook=f"{chapter}.ipynb", framework=FRAMEWORKS[framework])
                for kind in ("figure", "cell")}, where
        (line,) = [c for c in one.cells if c.id.endswith("-framework")]
        assert FRAMEWORKS[framework] in line.source and one.cells.index(line) == 2, where


def _binders(notebook) -> dict[str, dict[str, str | None]]:
    """Each code cell's id -> the names it reads -> the id of the cell that
    last bound each before it (None: no cell did)."""
    last: dict[str, str] = {}
    found = {}
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        tree = cell_tree(cell.source)
        found[cell.id] = {name: last.get(name) for name in read_names(tree)}
        for name in bound_names(tree):
            last[name] = cell.id
    return found


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_framework_notebook_runs_top_to_bottom(lang, framework):
    """Statically: every name a cell reads is bound before it, by the cell
    that binds it in the book's run, or by this framework's twin of the
    other framework's cell that does (``lam = 1e-3`` in both)."""
    problems = []
    for chapter in chapters(lang):
        both, one = _read(lang, chapter), _read(lang, chapter, framework)
        cells = {cell.id: cell for cell in both.cells}
        book = _binders(both)
        for cell_id, reads in _binders(one).items():
            for name, binder in sorted(reads.items()):
                expected = book[cell_id][name]
                if binder is None and name not in KERNEL_NAMES:
                    problems.append(f"{chapter}: cell {cell_id} reads {name}, which no cell "
                                    "before it binds")
                elif binder != expected and not (
                        framework in tags(cells[binder]) and set(tags(cells[expected])) & set(FRAMEWORKS)):
                    problems.append(f"{chapter}: cell {cell_id} reads {name} from cell {binder}, "
                                    f"and from cell {expected} in the book")
    assert not problems, f"book/{lang}/*.{framework}.ipynb:\n" + "\n".join(problems)


def test_the_cells_that_need_the_other_framework_are_known():
    """A framework's cell that reads what only the other framework's cells
    made (through a shared cell) is left out of its notebook: only where
    :data:`NEEDING_THE_OTHER` says so (better: change the chapter)."""
    found = {}
    for chapter in chapters(LANGUAGES[0]):
        notebook = notebooks.paired_notebook(BOOK / LANGUAGES[0] / f"{chapter}.md")
        for framework in FRAMEWORKS:
            cells = notebooks.cells_needing_the_other(notebook, framework)
            if cells:
                found[(chapter, framework)] = len(cells)
    assert found == NEEDING_THE_OTHER


def test_framework_notebook_of_an_executed_notebook_keeps_the_outputs():
    """The build's executed notebook (code cells only, with outputs) gives
    the per-framework copies the download menu offers."""
    cells = [nbformat.v4.new_code_cell("import numpy as np", metadata={"tags": ["hide-cell"]}),
             nbformat.v4.new_code_cell("a = 1", metadata={"tags": ["keras"]}),
             nbformat.v4.new_code_cell("b = 2", metadata={"tags": ["pytorch"]}),
             nbformat.v4.new_code_cell("print(a + b)", metadata={"mystnb": {"figure": {}}})]
    cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n")]
    for index, cell in enumerate(cells):
        cell.id = f"c{index}"
    executed = nbformat.v4.new_notebook(cells=cells)
    one = notebooks.framework_notebook(executed, "keras", "en", "intro.ipynb")
    assert [cell.id for cell in one.cells] == ["keras-framework", "c0", "c1", "c3-left-out"]
    assert one.cells[2].outputs[0].text == "1\n"
    strings = EDITIONS["en"]["strings"]
    assert one.cells[3].source == strings["notebook_left_out_figure"].format(
        framework="Keras", other="PyTorch", notebook="intro.ipynb")
    assert executed.cells[1].id == "c1" and len(executed.cells) == 4  # not changed
