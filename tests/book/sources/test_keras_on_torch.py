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
never by catching errors; ``test_plan_*`` check that choice.

It needs no build of the book: it reads the chapters' sources.  It costs
less than the same cells on TensorFlow (no TensorFlow import, which takes
seconds per kernel): measured on two busy cores (load 6), 340 s wall and
160 s of CPU for the ten chapters, against 670 s and 260 s for the same
cells on the TensorFlow backend (so, from the CPU time, about three minutes
on two idle cores).
"""

from __future__ import annotations

import ast
import os
import re
from dataclasses import dataclass, field

import nbformat
import pytest

from _sources import BOOK, LANGUAGES, chapters, code_cells

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
# Which cells run: names bound and read, statically


def _tags(cell) -> list[str]:
    return list(cell.metadata.get("tags", []))


def _tree(source: str) -> ast.Module:
    """The cell's code, its IPython magics (``%``, ``!``) left out."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    return ast.parse("\n".join(lines))


#: Nodes that open a scope of their own: names bound inside stay there.
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda,
           ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def bound_names(tree: ast.AST) -> set[str]:
    """Names a cell binds in the notebook's namespace (module scope):
    assignments, loop and ``with`` targets, imports, functions and classes
    defined, not the local names of the functions it defines."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                found.add(child.name)
                for decorator in child.decorator_list:
                    visit(decorator)
                continue
            if isinstance(child, _SCOPES):
                continue
            if isinstance(child, ast.Name) and isinstance(child.ctx, (ast.Store, ast.Del)):
                found.add(child.id)
            elif isinstance(child, (ast.Import, ast.ImportFrom)):
                found.update((alias.asname or alias.name).split(".")[0] for alias in child.names)
            elif isinstance(child, ast.ExceptHandler) and child.name:
                found.add(child.name)
            visit(child)

    visit(tree)
    return found


def read_names(tree: ast.AST) -> set[str]:
    """Names a cell reads that it does not bind itself (anywhere in it):
    what it takes from the cells before it.  ``x += 1`` reads ``x``."""
    loaded = {node.id for node in ast.walk(tree)
              if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}
    loaded |= {node.target.id for node in ast.walk(tree)
               if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name)}
    own = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and not any(
                isinstance(a, ast.AugAssign) and a.target is node for a in ast.walk(tree)):
            own.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            own.add(node.name)
        elif isinstance(node, ast.arg):
            own.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            own.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return loaded - own


#: Keras APIs that work through the ``tensorflow`` package whatever the
#: backend (``keras.callbacks.TensorBoard`` writes with ``tf.summary``).
TENSORFLOW_APIS = {"keras.callbacks.TensorBoard"}


def needs_tensorflow(tree: ast.Module) -> bool:
    """Whether a cell asks for TensorFlow itself: it imports it at its top
    level (not under an ``if``), or it calls a Keras API that needs it."""
    for node in tree.body:
        if isinstance(node, ast.Import) and any(
                alias.name.split(".")[0] == "tensorflow" for alias in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "tensorflow":
            return True
    return any(isinstance(node, ast.Attribute) and ast.unparse(node) in TENSORFLOW_APIS
               for node in ast.walk(tree))


@dataclass
class Plan:
    """The cells of a chapter to run on the torch backend, by their index
    among the chapter's code cells; the shared cells left out, and the Keras
    cells that cannot run, each with the names that only cells not run
    would have made."""

    run: list[int] = field(default_factory=list)
    skipped: dict[int, list[str]] = field(default_factory=dict)
    broken: dict[int, list[str]] = field(default_factory=dict)
    #: The cells that ask for TensorFlow themselves, left out.
    tensorflow: list[int] = field(default_factory=list)


def keras_plan(cells) -> Plan:
    """Choose the cells of a chapter that run without its PyTorch cells.

    The setup cell (the first), the Keras cells and the untagged (shared)
    cells run; the PyTorch cells do not.  A name is missing when, at that
    point, only PyTorch cells have bound it and no cell that runs has, or
    when a shared cell left out binds it (a value from before would be
    stale).  A shared cell that reads a missing name is left out; a Keras
    cell that reads one is broken: it cannot run without PyTorch.  A cell
    that asks for TensorFlow itself (:func:`needs_tensorflow`) is left out
    too, and what it binds is missing from then on.
    """
    plan = Plan()
    present: set[str] = set()
    missing: set[str] = set()
    for index, cell in enumerate(cells):
        tags, tree = _tags(cell), _tree(cell.source)
        if "pytorch" in tags and index > 0:
            missing |= bound_names(tree) - present
            continue
        if index > 0 and needs_tensorflow(tree):
            plan.tensorflow.append(index)
            missing |= bound_names(tree)
            continue
        needs = sorted(read_names(tree) & missing)
        if needs and "keras" in tags:
            plan.broken[index] = needs
        elif needs and index > 0:
            plan.skipped[index] = needs
            missing |= bound_names(tree)
            continue
        plan.run.append(index)
        names = bound_names(tree)
        present |= names
        missing -= names
    return plan


def _cell(source: str, *tags: str):
    return nbformat.v4.new_code_cell(source, metadata={"tags": list(tags)} if tags else {})


def test_plan_leaves_out_pytorch_cells_and_what_needs_them():
    cells = [
        _cell("import dlbasics\nx = 1", "hide-cell"),
        _cell("history = model_keras.fit(x)", "keras"),
        _cell("losses_torch = train(x)\nhistory_torch = losses_torch", "pytorch"),
        _cell("plot([history, history_torch], labels=['Keras', 'PyTorch'])", "hide-input"),
        _cell("figure = [h for h in (history,)]"),             # Keras only: runs
        _cell("summary = len(losses_torch)"),                   # needs PyTorch's
        _cell("print(summary)"),                                 # needs a cell left out
        _cell("def f(history_torch):\n    return history_torch\nf(1)"),  # its own argument
    ]
    plan = keras_plan(cells)
    assert plan.run == [0, 1, 4, 7]
    assert plan.skipped == {3: ["history_torch"], 5: ["losses_torch"], 6: ["summary"]}
    assert plan.broken == {} and plan.tensorflow == []


def test_plan_finds_a_keras_cell_that_needs_pytorch():
    cells = [
        _cell("import dlbasics\nx = 0", "hide-cell"),
        _cell("keras_model = 1", "keras"),
        _cell("torch_model = 2", "pytorch"),
        _cell("copy(keras_model, torch_model)\nx = 3"),          # left out: x would be stale
        _cell("print(keras_model(x))", "keras"),
        _cell("print(torch_model(x))", "pytorch"),
    ]
    plan = keras_plan(cells)
    assert plan.skipped == {3: ["torch_model"]}
    assert plan.broken == {4: ["x"]}


def test_plan_keeps_a_shared_cell_whose_names_a_keras_cell_also_binds():
    cells = [
        _cell("import dlbasics", "hide-cell"),
        _cell("model = 1\nfor epoch in range(3):\n    loss = epoch", "keras"),
        _cell("model = 2\nloss = 0\ntorch_only = 3", "pytorch"),
        _cell("print(model, loss)"),
        _cell("torch_only = 4", "keras"),                       # bound later on the Keras side
        _cell("print(torch_only)"),
    ]
    plan = keras_plan(cells)
    assert plan.run == [0, 1, 3, 4, 5]
    assert plan.skipped == {}


def test_names_bound_at_module_scope_only():
    tree = _tree("import numpy as np\nimport os.path\nfrom a import b as c\n"
                 "def f(x):\n    y = x\n    return y\nclass K: z = 1\n"
                 "for i, (j, k) in []: pass\nwith open('f') as handle: pass\n"
                 "squares = [t * t for t in range(3)]\nw += 1\n%matplotlib inline")
    assert bound_names(tree) == {"np", "os", "c", "f", "K", "i", "j", "k", "handle",
                                 "squares", "w"}
    assert read_names(tree) == {"range", "open", "w"}


def test_plan_leaves_out_a_cell_that_asks_for_tensorflow():
    cells = [_cell("import dlbasics", "hide-cell"),
             _cell("if keras.backend.backend() == 'tensorflow':\n    import tensorflow as tf", "keras"),
             _cell("import tensorflow as tf\nprint(tf)", "keras")]
    assert keras_plan(cells).tensorflow == [2]
    cells[2] = _cell("log = model.fit(x, callbacks=[keras.callbacks.TensorBoard(log_dir='runs')])", "keras")
    cells.append(_cell("print(log)"))
    plan = keras_plan(cells)
    assert plan.tensorflow == [2] and plan.run == [0, 1] and plan.skipped == {3: ["log"]}


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
    tags = ", ".join(_tags(cell)) or "shared"
    return f"code cell {index + 1} ({tags}): {first.strip()[:70]!r}"


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
