"""Tests of dlbasics.plots (Agg backend, set in conftest.py)."""

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.patches import Circle, FancyArrowPatch

from dlbasics import plots
from dlbasics.scratch import gradient_descent, squared_loss

RNG = np.random.default_rng(0)
X = RNG.normal(6.0, 0.7, size=40)
Y = 3.6 * X + RNG.normal(size=40)
W_GRID = np.linspace(-1.0, 8.0, 50)


def _texts(ax):
    return [t.get_text() for t in ax.texts]


CALLS = {
    "scatter": lambda ax: plots.scatter(X, Y, xlabel="rooms", ylabel="price", ax=ax),
    "loss_curve": lambda ax: plots.loss_curve(
        W_GRID, squared_loss(W_GRID, X, Y), xlabel="w", ylabel="L(w)", ax=ax
    ),
    "descent_path": lambda ax: plots.descent_path([0.0, 1.0, 2.0], [3.0, 2.0, 1.0], ax=ax),
    "draw_neuron": lambda ax: plots.draw_neuron(ax=ax),
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
    assert dict(mpl.rcParams) == before


def test_scatter_draws_one_point_per_sample():
    ax = plots.scatter(X, Y, xlabel="rooms", ylabel="price", color="C1")
    (points,) = ax.collections
    np.testing.assert_array_equal(points.get_offsets(), np.column_stack([X, Y]))
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("rooms", "price")


def test_loss_curve_draws_the_curve():
    loss = squared_loss(W_GRID, X, Y)
    ax = plots.loss_curve(W_GRID, loss, xlabel="poids", ylabel="perte", color="C2")
    (line,) = ax.lines
    np.testing.assert_array_equal(line.get_xydata(), np.column_stack([W_GRID, loss]))
    assert line.get_color() == "C2"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("poids", "perte")


@pytest.mark.parametrize("bad", [([1.0, 2.0], [1.0]), ([[1.0]], [[1.0]])])
def test_curves_reject_mismatched_arrays(bad):
    with pytest.raises(ValueError, match="same length"):
        plots.loss_curve(*bad, xlabel="w", ylabel="L")


@pytest.mark.parametrize(("annotate", "labels"), [((0, -1), ["$w_{0}$", "$w_{5}$"]), ((), []), ((2, 2, -4), ["$w_{2}$"])])
def test_descent_path_draws_and_labels_iterates(annotate, labels):
    ws = gradient_descent(X, Y, rho=0.5 / np.sum(X**2) * 0.9, n_steps=5)
    ax = plots.loss_curve(W_GRID, squared_loss(W_GRID, X, Y), xlabel="w", ylabel="L")
    plots.descent_path(ws, squared_loss(ws, X, Y), ax=ax, annotate=annotate)
    path = ax.lines[-1]
    assert len(ax.lines) == 2
    assert path.get_marker() == "o" and len(path.get_xdata()) == 6
    assert _texts(ax) == labels


def test_descent_labels_move_away_from_the_neighbour():
    ax = plots.descent_path([0.0, 2.0, 3.0], [9.0, 1.0, 0.0])
    first, last = ax.texts
    assert first.get_position()[0] < 0 < last.get_position()[0]  # offsets in points
    assert all(t.get_position()[1] > 0 for t in ax.texts)  # above the dots


@pytest.mark.parametrize("annotate", [(3,), (-4,), (0.5,)])
def test_descent_path_rejects_bad_indices(annotate):
    with pytest.raises(ValueError, match="annotate must hold integer indices from -3 to 2"):
        plots.descent_path([0.0, 1.0, 2.0], [3.0, 2.0, 1.0], annotate=annotate)


@pytest.mark.parametrize(
    ("n_inputs", "subscripts"), [(1, ["1"]), (3, ["1", "2", "3"]), (4, list("1234")), (784, ["1", "2", "n"])]
)
def test_draw_neuron_parts(n_inputs, subscripts):
    ax = plots.draw_neuron(n_inputs, input_label="entrées", output_label="sortie")
    texts = _texts(ax)
    assert [t for t in texts if t.startswith("$x_")] == [f"$x_{{{s}}}$" for s in subscripts]
    assert [t for t in texts if t.startswith("$w_")] == [f"$w_{{{s}}}$" for s in subscripts]
    assert {"$b$", r"$\Sigma$", r"$\varphi$", "entrées", "sortie"} <= set(texts)
    assert (r"$\vdots$" in texts) is (n_inputs > 4)
    circles = [p for p in ax.patches if isinstance(p, Circle)]
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert len(circles) == len(subscripts) + 1  # inputs and the unit
    assert len(arrows) == len(subscripts) + 2  # weights, bias and output
    assert not ax.axison and ax.get_aspect() == 1.0


@pytest.mark.parametrize("n_inputs", [0, -1, 2.0, "3"])
def test_draw_neuron_rejects_bad_counts(n_inputs):
    with pytest.raises(ValueError, match="n_inputs must be an integer >= 1"):
        plots.draw_neuron(n_inputs)
