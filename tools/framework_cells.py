"""Which of a chapter's code cells run with one framework's cells only.

Every code example of a chapter is a pair of cells tagged ``keras`` and
``pytorch``; the other code cells are shared (the setup cell, NumPy code,
figures).  Two things run a chapter with one framework's cells only:

- ``tests/book/sources/test_keras_on_torch.py`` runs the shared and Keras
  cells with ``KERAS_BACKEND=torch`` (:func:`keras_plan`, which also leaves
  out the cells that ask for TensorFlow);
- ``tools/notebooks.py`` writes, for every chapter, a notebook with only the
  Keras cells and one with only the PyTorch cells (``NAME.keras.ipynb``,
  ``NAME.pytorch.ipynb``), and the build publishes executed copies of them.

A shared cell that uses what only the other framework's cells made (a figure
of both frameworks' curves) cannot run there.  :func:`framework_plan` finds
those cells from the code alone (the names each cell binds and reads, with
:mod:`ast`), never by running it and catching errors.

>>> import nbformat
>>> cells = [nbformat.v4.new_code_cell(source, metadata={"tags": tags}) for source, tags in [
...     ("import numpy as np", ["hide-cell"]),
...     ("keras_loss = 1.0", ["keras"]),
...     ("torch_loss = 1.0", ["pytorch"]),
...     ("print(keras_loss, torch_loss)", []),
... ]]
>>> plan = framework_plan(cells, "pytorch")
>>> plan.run, plan.skipped
([0, 2], {3: ['keras_loss']})
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from editions import FRAMEWORKS

#: Keras APIs that work through the ``tensorflow`` package whatever the
#: backend (``keras.callbacks.TensorBoard`` writes with ``tf.summary``).
TENSORFLOW_APIS = {"keras.callbacks.TensorBoard"}
#: Nodes that open a scope of their own: names bound inside stay there.
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda,
           ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def tags(cell) -> list[str]:
    """The tags of a notebook cell (none: an empty list)."""
    return list(cell.metadata.get("tags", []))


def cell_tree(source: str) -> ast.Module:
    """A code cell's syntax tree, its IPython magics (``%``, ``!``) left out."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    return ast.parse("\n".join(lines))


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
    """The cells of a chapter to run with one framework, by their index
    among the chapter's code cells; the shared cells left out, and that
    framework's cells that cannot run, each with the names that only cells
    not run would have made."""

    run: list[int] = field(default_factory=list)
    skipped: dict[int, list[str]] = field(default_factory=dict)
    broken: dict[int, list[str]] = field(default_factory=dict)
    #: The cells that ask for TensorFlow themselves, left out (only when
    #: TensorFlow is left out: :func:`keras_plan`).
    tensorflow: list[int] = field(default_factory=list)


def framework_plan(cells, framework: str, tensorflow: bool = True,
                   leave_out_broken: bool = False) -> Plan:
    """Choose the code cells of a chapter that run without the other
    framework's cells.

    Parameters
    ----------
    cells : list of notebook cells
        The chapter's code cells, in order; the first is its setup cell,
        which always runs.
    framework : {"keras", "pytorch"}
        The framework kept: its cells and the shared (untagged) cells run,
        the other framework's do not.
    tensorflow : bool, default True
        Whether TensorFlow is there.  Without it, a cell that asks for it
        itself (:func:`needs_tensorflow`) is left out too, and what it binds
        is missing from then on.
    leave_out_broken : bool, default False
        Whether a cell of ``framework`` that cannot run alone (``broken``)
        is left out, as a shared cell would be (what it binds is missing
        from then on), rather than kept in ``run``.

    Returns
    -------
    Plan
        A name is missing when, at that point, only the other framework's
        cells have bound it and no cell that runs has, or when a shared cell
        left out binds it (a value from before would be stale).  A shared
        cell that reads a missing name is left out (``skipped``); a cell of
        ``framework`` that reads one is ``broken``: it cannot run alone, and
        the chapter must change.
    """
    if framework not in FRAMEWORKS:
        raise ValueError(f"framework must be one of {sorted(FRAMEWORKS)}, not {framework!r}")
    others = set(FRAMEWORKS) - {framework}
    plan = Plan()
    present: set[str] = set()
    missing: set[str] = set()
    for index, cell in enumerate(cells):
        cell_tags, tree = tags(cell), cell_tree(cell.source)
        if others & set(cell_tags) and index > 0:
            missing |= bound_names(tree) - present
            continue
        if not tensorflow and index > 0 and needs_tensorflow(tree):
            plan.tensorflow.append(index)
            missing |= bound_names(tree)
            continue
        needs = sorted(read_names(tree) & missing)
        if needs and framework in cell_tags:
            plan.broken[index] = needs
            if leave_out_broken:
                missing |= bound_names(tree)
                continue
        elif needs and index > 0:
            plan.skipped[index] = needs
            missing |= bound_names(tree)
            continue
        plan.run.append(index)
        names = bound_names(tree)
        present |= names
        missing -= names
    return plan


def keras_plan(cells) -> Plan:
    """The cells that run on Keras's torch backend, without the PyTorch
    cells and without TensorFlow (``tests/book/sources/test_keras_on_torch.py``)."""
    return framework_plan(cells, "keras", tensorflow=False)
