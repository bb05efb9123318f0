"""Tests of tools/framework_cells.py: which code cells of a chapter run with
one framework's cells only, decided from the code (the names each cell binds
and reads).  ``test_keras_on_torch.py`` runs the Keras plan on Keras's torch
backend; ``test_paired_notebooks.py`` checks the per-framework notebooks
written with these plans."""

from __future__ import annotations

import nbformat
import pytest

from framework_cells import (bound_names, cell_tree, framework_plan, keras_plan,  # tools/
                             read_names)


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
    tree = cell_tree("import numpy as np\nimport os.path\nfrom a import b as c\n"
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


def test_plan_of_pytorch_leaves_out_keras_cells_and_what_needs_them():
    cells = [
        _cell("import dlbasics\nx = 1", "hide-cell"),
        _cell("history_keras = model.fit(x)", "keras"),
        _cell("history_torch = train(x)", "pytorch"),
        _cell("plot([history_keras, history_torch])", "hide-input"),
        _cell("print(history_torch)"),
        _cell("import tensorflow as tf", "keras"),               # a Keras cell: not run
    ]
    plan = framework_plan(cells, "pytorch")
    assert plan.run == [0, 2, 4]
    assert plan.skipped == {3: ["history_keras"]}
    assert plan.broken == {} and plan.tensorflow == []


def test_plan_with_tensorflow_keeps_the_cells_that_ask_for_it():
    cells = [_cell("import dlbasics", "hide-cell"),
             _cell("import tensorflow as tf\nlog = tf.constant(1)", "keras"),
             _cell("log2 = 2", "pytorch"),
             _cell("print(log)")]
    assert framework_plan(cells, "keras").run == [0, 1, 3]
    assert keras_plan(cells).run == [0] and keras_plan(cells).skipped == {3: ["log"]}


def test_plan_of_an_unknown_framework_is_an_error():
    with pytest.raises(ValueError, match="framework must be one of"):
        framework_plan([_cell("import dlbasics")], "jax")
