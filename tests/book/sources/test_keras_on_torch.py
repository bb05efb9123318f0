"""Every Keras cell also runs with ``KERAS_BACKEND=torch`` (issue 14).

Keras 3 runs on TensorFlow or on PyTorch; a student who has only PyTorch
installed sets ``KERAS_BACKEND=torch`` before the first ``import keras``
(the home page says so).  This check executes, for every chapter of the
first edition (the code cells are the same in every edition:
``test_parity.py``), the setup cell, the shared cells and the Keras cells,
not the PyTorch cells, in a fresh kernel started with
``KERAS_BACKEND=torch``, and fails on an error or on any output to stderr,
naming the chapter and the cell.  The kernel runs as if TensorFlow were not
installed (an import hook makes ``import tensorflow`` fail, as it does for a
student with only PyTorch), so a cell that needed TensorFlow without saying
so fails; the cells that ask for it themselves (an import, Keras's
TensorBoard callback; the home page names them) are left out, with the cells
that need their results.  After the setup cell it checks that Keras does run
on torch there.

A shared cell that uses what only the PyTorch cells made (a figure of both
frameworks' curves) cannot run without them: :func:`keras_plan` leaves it
out, deciding from the code alone (the names each cell binds and reads),
never by catching errors (``tools/framework_cells.py``, which also chooses
the cells of the per-framework notebooks; ``test_framework_cells.py``
checks that choice).

It needs no build of the book: it reads the chapters' sources.  It costs
less than the same cells on TensorFlow (no TensorFlow import, which takes
seconds per kernel): measured on two busy cores (load 6), 340 s wall and
160 s of CPU for the ten chapters, against 670 s and 260 s for the same
cells on the TensorFlow backend (so, from the CPU time, about three minutes
on two idle cores).
"""

from __future__ import annotations

import os
import re

import nbformat
import pytest

from _sources import BOOK, LANGUAGES, chapters, code_cells
from framework_cells import keras_plan, tags  # tools/framework_cells.py

LANG = LANGUAGES[0]
#: A cell may take this long (the slowest Keras cell trains for tens of seconds).
CELL_TIMEOUT_S = 300

#: What the kernel prints after the setup cell, and after every other cell.
BACKEND_PROBE = ('print(__import__("keras").backend.backend(), '
                 '__import__("os").environ.get("KERAS_BACKEND"))')
#: Run first in the kernel: from then on ``import tensorflow`` fails as if
#: TensorFlow were not installed (libraries that merely try it, as
#: ``keras.utils.set_random_seed`` does, then go without it).
NO_TENSORFLOW = """\
import importlib.abc
import importlib.machinery
import sys


class _NoTensorFlow(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    # Found first, so that nothing else finds TensorFlow; loading it fails.
    # (importlib.util.find_spec must not raise: torch._dynamo calls it.)
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "tensorflow":
            return importlib.machinery.ModuleSpec(name, self)
        return None

    def create_module(self, spec):
        raise ModuleNotFoundError(f"No module named {spec.name!r} (only PyTorch is installed)",
                                  name=spec.name)

    def exec_module(self, module):
        raise AssertionError("unreachable")


sys.meta_path.insert(0, _NoTensorFlow())
"""


# ----------------------------------------------------------------------
# The run


def _kernel_env() -> dict[str, str]:
    """The environment of a student's kernel with Keras on torch: none of the
    book build's settings (``TF_*``, pytest's Agg backend of matplotlib)."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("TF_", "KERAS_", "MPLBACKEND", "PYTHONHASHSEED"))}
    return {**env, "KERAS_BACKEND": "torch", "PYTHONHASHSEED": "0"}


#: Colours of IPython's tracebacks.
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _describe(index: int, cell) -> str:
    first = next((line for line in cell.source.splitlines()
                  if line.strip() and not line.lstrip().startswith("#")), "")
    kind = ", ".join(tags(cell)) or "shared"
    return f"code cell {index + 1} ({kind}): {first.strip()[:70]!r}"


def _stderr(cell) -> str:
    return "".join(output.get("text", "") for output in cell.get("outputs", [])
                   if output.get("output_type") == "stream" and output.get("name") == "stderr")


def _stdout(cell) -> str:
    return "".join(output.get("text", "") for output in cell.get("outputs", [])
                   if output.get("output_type") == "stream" and output.get("name") == "stdout")


@pytest.mark.parametrize("chapter", chapters(LANG))
def test_keras_cells_run_on_torch(chapter):
    nbclient = pytest.importorskip("nbclient")
    from nbclient.exceptions import CellExecutionError

    cells = code_cells(LANG, f"{chapter}.md")
    plan = keras_plan(cells)
    notebook = nbformat.v4.new_notebook()
    client = nbclient.NotebookClient(notebook, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                                     resources={"metadata": {"path": str(BOOK / LANG)}})
    where = f"book/{LANG}/{chapter}.md on KERAS_BACKEND=torch"

    assert not plan.broken, "\n".join(
        f"{where}: {_describe(index, cells[index])} reads {names}, which only cells that do not "
        f"run there (PyTorch cells, or shared cells that need them) make"
        for index, names in plan.broken.items())

    def execute(cell, what: str, store_history: bool = True):
        try:
            client.execute_cell(cell, len(notebook.cells) - 1, store_history=store_history)
        except CellExecutionError as error:
            failure = _ANSI.sub("", str(error))
        else:
            failure = None
        if failure is not None:  # outside the except block: the traceback only once
            pytest.fail(f"{where}: {what} failed:\n{failure}", pytrace=False)
        stderr = _stderr(cell)
        assert not stderr, f"{where}: {what} wrote to stderr:\n{stderr}"
        return _stdout(cell)

    def probe(source: str, what: str) -> str:
        cell = nbformat.v4.new_code_cell(source)
        notebook.cells.append(cell)
        return execute(cell, what, store_history=False).strip()

    with client.setup_kernel(env=_kernel_env()):
        probe(NO_TENSORFLOW, "the import hook that hides TensorFlow")
        for index in plan.run:
            cell = nbformat.v4.new_code_cell(cells[index].source, metadata=cells[index].metadata)
            notebook.cells.append(cell)
            what = _describe(index, cells[index])
            execute(cell, what)
            if index == plan.run[0]:
                assert probe(BACKEND_PROBE, "the backend probe") == "torch torch", (
                    f"{where}: after the setup cell Keras does not run on torch")


def test_the_hook_hides_tensorflow():
    """In a fresh interpreter with the hook: ``import tensorflow`` fails as if
    it were not installed, and Keras on torch seeds without it."""
    import subprocess
    import sys

    code = NO_TENSORFLOW + (
        "import os\nos.environ['KERAS_BACKEND'] = 'torch'\n"
        "try:\n    import tensorflow\nexcept ModuleNotFoundError:\n    pass\n"
        "else:\n    raise SystemExit('tensorflow was imported')\n"
        "import keras\nkeras.utils.set_random_seed(0)\n"
        "assert 'tensorflow' not in sys.modules, 'tensorflow imported'\nprint('ok')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**_kernel_env()})
    assert result.stdout.strip() == "ok", result.stdout + result.stderr
