"""Tests of dlbasics.plots.landscapes: a loss over its parameters, and descent paths (Agg backend, set in conftest.py).

The helper contract (Axes, title, rcParams, labels shown) is checked once for
every helper in test_contract.py; these tests check what each figure holds.
"""

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlbasics import plots
from dlbasics.scratch.perceptron import gradient_descent, squared_loss

RNG = np.random.default_rng(0)
X_DATA = RNG.normal(6.0, 0.7, size=40)
Y_DATA = 3.6 * X_DATA + RNG.normal(size=40)
W_GRID = np.linspace(-1.0, 8.0, 50)

X = np.linspace(-2.0, 2.0, 41)
Y = np.linspace(-1.0, 3.0, 31)
GX, GY = np.meshgrid(X, Y)
LOSS = (GX - 1.0) ** 2 + 3 * (GY - 2.0) ** 2  # minimum 0 at (1, 2)


def _texts(ax):
    return [t.get_text() for t in ax.texts]


# --- descent_path (chapter 1) ---------------------------------------------------

@pytest.mark.parametrize(("annotate", "labels"), [((0, -1), ["$w_{0}$", "$w_{5}$"]), ((), []), ((2, 2, -4), ["$w_{2}$"])])
def test_descent_path_draws_and_labels_iterates(annotate, labels):
    ws = gradient_descent(X_DATA, Y_DATA, rho=0.5 / np.sum(X_DATA**2) * 0.9, n_steps=5)
    ax = plots.loss_curve(W_GRID, squared_loss(W_GRID, X_DATA, Y_DATA), xlabel="w", ylabel="L")
    plots.descent_path(ws, squared_loss(ws, X_DATA, Y_DATA), ax=ax, annotate=annotate)
    path = ax.lines[-1]
    assert len(ax.lines) == 2
    assert path.get_marker() == "o" and len(path.get_xdata()) == 6
    assert _texts(ax) == labels


def test_descent_labels_move_away_from_the_neighbour():
    ax = plots.descent_path([0.0, 2.0, 3.0], [9.0, 1.0, 0.0])
    first, last = ax.texts
    assert first.get_position()[0] < 0 < last.get_position()[0]  # offsets in points
    assert all(t.get_position()[1] > 0 for t in ax.texts)  # above the dots


@pytest.mark.parametrize("annotate", [(3,), (-4,), (0.5,), (True,)])
def test_descent_path_rejects_bad_indices(annotate):
    with pytest.raises(ValueError, match="annotate must hold integer indices from -3 to 2"):
        plots.descent_path([0.0, 1.0, 2.0], [3.0, 2.0, 1.0], annotate=annotate)


# --- loss_contours, parameter_paths (chapter 4) ---------------------------------

def test_loss_contours_returns_given_axes_and_sets_labels():
    _, ax = plt.subplots()
    out = plots.loss_contours(X, Y, LOSS, xlabel="θ₀", ylabel="θ₁", ax=ax,
                              marks=[(1.0, 2.0)], mark_labels=["minimum"])
    assert out is ax
    assert ax.get_xlabel() == "θ₀" and ax.get_ylabel() == "θ₁"
    assert [t.get_text() for t in ax.texts] == ["minimum"]
    cross = [line for line in ax.lines if line.get_marker() == "X"]
    assert len(cross) == 1 and tuple(cross[0].get_xydata()[0]) == (1.0, 2.0)


def test_loss_contours_new_axes_and_log_levels():
    ax = plots.loss_contours(X, Y, LOSS + 1e-3, xlabel="a", ylabel="b", log_levels=True,
                             levels=12, colorbar=True)
    assert isinstance(ax, mpl.axes.Axes)
    contour_sets = [c for c in ax.collections if isinstance(c, mpl.contour.ContourSet)]
    levels = np.asarray(contour_sets[-1].levels)
    assert len(levels) == 12
    np.testing.assert_allclose(np.diff(np.log(levels)), np.log(levels[1] / levels[0]), rtol=1e-9)
    assert len(ax.figure.axes) == 2  # the colour bar


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"loss": LOSS.T}, "shape"),
        ({"levels": 1}, "levels must be an integer >= 2; got 1"),
        ({"levels": 2.5}, "levels must be an integer >= 2; got 2.5"),
        ({"marks": [(0.0, 1.0)], "mark_labels": ["a", "b"]},
         "mark_labels must have one entry per mark: 1 marks, 2 mark_labels"),
        ({"marks": [(0.0, 1.0, 2.0)]}, "pair"),
        ({"loss": -LOSS - 1, "log_levels": True}, "positive"),
    ],
)
def test_loss_contours_rejects_bad_arguments(kwargs, message):
    arguments = {"loss": LOSS, **kwargs}
    loss = arguments.pop("loss")
    with pytest.raises(ValueError, match=message):
        plots.loss_contours(X, Y, loss, xlabel="a", ylabel="b", **arguments)


def test_parameter_paths_draws_each_path_with_start_and_end():
    ax = plots.loss_contours(X, Y, LOSS, xlabel="a", ylabel="b")
    gd = np.array([[-2.0, -1.0], [-1.0, 0.5], [0.5, 1.8], [1.0, 2.0]])
    sgd = np.array([[-2.0, -1.0], [-0.5, 1.0], [1.1, 2.1]])
    out = plots.parameter_paths([gd, sgd], labels=["GD", "SGD"], ax=ax,
                                styles=[{}, {"color": "C3"}])
    assert out is ax
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["GD", "SGD"]
    labelled = {line.get_label(): line for line in ax.lines}
    np.testing.assert_array_equal(labelled["GD"].get_xydata(), gd)
    np.testing.assert_array_equal(labelled["SGD"].get_xydata(), sgd)
    assert labelled["SGD"].get_color() == "C3"
    ends = [line for line in ax.lines if line.get_marker() == "s"]
    assert [tuple(line.get_xydata()[0]) for line in ends] == [(1.0, 2.0), (1.1, 2.1)]


@pytest.mark.parametrize(
    "paths, labels, styles, message",
    [
        ([np.zeros((3, 2))], ["a", "b"], None, "labels must have one entry per path: 1 paths, 2 labels"),
        ([np.zeros((3, 2))], ["a"], [{}, {}], "styles must have one entry per path: 1 paths, 2 styles"),
        ([np.zeros((3, 3))], ["a"], None, "shape"),
        ([np.zeros(3)], ["a"], None, "shape"),
    ],
)
def test_parameter_paths_rejects_bad_arguments(paths, labels, styles, message):
    with pytest.raises(ValueError, match=message):
        plots.parameter_paths(paths, labels=labels, styles=styles)
