"""Tests of the figures of chapter 2 in dlbasics.plots: draw_network,
activation_grid and curves (Agg backend, set in conftest.py)."""

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import LineCollection
from matplotlib.patches import Circle

from dlbasics import plots
from dlbasics.scratch import get_activation

X = np.linspace(-3.0, 3.0, 61)
PAIRS = [get_activation(name) for name in ("sigmoid", "relu", "tanh")]

CALLS = {
    "draw_network": lambda ax: plots.draw_network([3, 4, 1], ax=ax),
    "curves": lambda ax: plots.curves(X, [X, X**2], labels=["a", "b"], xlabel="x", ylabel="y", ax=ax),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_returns_given_axes_or_a_new_one(name):
    _, ax = plt.subplots()
    assert CALLS[name](ax) is ax
    new = CALLS[name](None)
    assert isinstance(new, mpl.axes.Axes) and new is not ax
    assert new.get_title() == ""


def test_helpers_leave_rcparams_alone():
    before = dict(mpl.rcParams)
    for call in CALLS.values():
        call(None)
    plots.activation_grid(X, PAIRS, labels=["s", "r", "t"], function_label="f", derivative_label="f'")
    assert dict(mpl.rcParams) == before


def _texts(ax):
    return [t.get_text() for t in ax.texts]


@pytest.mark.parametrize(
    ("sizes", "n_circles", "n_edges", "dots"),
    [([3, 4, 1], 8, 3 * 4 + 4, 0), ([2, 3, 3, 2], 10, 6 + 9 + 6, 0), ([10, 20, 3], 5 + 5 + 3, 5 * 5 + 5 * 3, 2), ([1], 1, 0, 0)],
)
def test_draw_network_nodes_and_edges(sizes, n_circles, n_edges, dots):
    ax = plots.draw_network(sizes)
    circles = [p for p in ax.patches if isinstance(p, Circle)]
    (edges,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(circles) == n_circles
    assert len(edges.get_segments()) == n_edges
    assert _texts(ax).count(r"$\vdots$") == dots
    assert not ax.axison and ax.get_aspect() == 1.0


def test_draw_network_labels_and_symbols():
    ax = plots.draw_network(
        [10, 2, 1], layer_labels=["entrées", "couche cachée", "sortie"], node_symbols=["x", None, r"\hat{y}"]
    )
    texts = _texts(ax)
    assert [t for t in texts if t.startswith("$x")] == ["$x_{1}$", "$x_{2}$", "$x_{3}$", "$x_{4}$", "$x_{10}$"]
    assert r"$\hat{y}$" in texts
    assert {"entrées", "couche cachée", "sortie"} <= set(texts)
    assert not [t for t in texts if t.startswith("$h")]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"layer_sizes": []}, "layer_sizes must be integers >= 1, at least one"),
        ({"layer_sizes": [3, 0]}, "layer_sizes must be integers >= 1"),
        ({"layer_sizes": [3, 2.0]}, "layer_sizes must be integers >= 1"),
        ({"layer_sizes": [3, 2], "max_nodes": 2}, "max_nodes must be an integer >= 3"),
        ({"layer_sizes": [3, 2], "layer_labels": ["a"]}, r"layer_labels needs one entry per layer \(2\); got 1"),
        ({"layer_sizes": [3, 2], "node_symbols": ["x", "h", "y"]}, "node_symbols needs one entry per layer"),
    ],
)
def test_draw_network_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        plots.draw_network(**kwargs)


def test_activation_grid_draws_each_function_and_derivative():
    labels = ["sigmoïde", "ReLU", "tanh"]
    axes = plots.activation_grid(X, PAIRS, labels=labels, function_label="fonction", derivative_label="dérivée", ncols=2)
    assert len(axes) == 3
    figure = axes[0].figure
    assert len(figure.axes) == 4 and not figure.axes[3].axison  # the unused panel is hidden
    for ax, (function, derivative), label in zip(axes, PAIRS, labels):
        solid, dashed = ax.lines[-2:]
        np.testing.assert_allclose(solid.get_ydata(), function(X))
        np.testing.assert_allclose(dashed.get_ydata(), derivative(X))
        assert dashed.get_linestyle() == "--"
        assert label in _texts(ax)
    (legend,) = figure.legends
    assert [t.get_text() for t in legend.get_texts()] == ["fonction", "dérivée"]


def test_activation_grid_on_given_axes_and_errors():
    _, grid = plt.subplots(1, 3)
    assert list(plots.activation_grid(X, PAIRS, labels=list("abc"), function_label="f", derivative_label="d", axes=grid)) == list(grid)
    with pytest.raises(ValueError, match="one label per function: 3 functions, 2 labels"):
        plots.activation_grid(X, PAIRS, labels=["a", "b"], function_label="f", derivative_label="d")
    with pytest.raises(ValueError, match="3 functions need as many Axes; got 2"):
        plots.activation_grid(X, PAIRS, labels=list("abc"), function_label="f", derivative_label="d", axes=grid[:2])


def test_curves_draws_every_curve_with_its_label_and_style():
    ax = plots.curves(X, [np.sin(X), np.cos(X)], labels=["sin", "cos"], xlabel="x", ylabel="y",
                      styles=[{"color": "k", "linestyle": "--"}, {}])
    assert len(ax.lines) == 2
    np.testing.assert_allclose(ax.lines[0].get_ydata(), np.sin(X))
    assert ax.lines[0].get_linestyle() == "--"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["sin", "cos"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("x", "y")


@pytest.mark.parametrize(
    ("ys", "labels", "match"),
    [([X], ["a", "b"], "1 curves, 2 labels"), ([X[:5]], ["a"], "same length")],
)
def test_curves_rejects_mismatches(ys, labels, match):
    with pytest.raises(ValueError, match=match):
        plots.curves(X, ys, labels=labels, xlabel="x", ylabel="y")
