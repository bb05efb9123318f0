"""Tests of dlbasics.optim_plots, the figure helpers of chapter 4
(Agg backend, set in conftest.py)."""

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlbasics import optim_plots

X = np.linspace(-2.0, 2.0, 41)
Y = np.linspace(-1.0, 3.0, 31)
GX, GY = np.meshgrid(X, Y)
LOSS = (GX - 1.0) ** 2 + 3 * (GY - 2.0) ** 2  # minimum 0 at (1, 2)


def test_loss_contours_returns_given_axes_and_sets_labels():
    before = dict(mpl.rcParams)
    _, ax = plt.subplots()
    out = optim_plots.loss_contours(X, Y, LOSS, xlabel="θ₀", ylabel="θ₁", ax=ax,
                                    marks=[(1.0, 2.0)], mark_labels=["minimum"])
    assert out is ax
    assert ax.get_xlabel() == "θ₀" and ax.get_ylabel() == "θ₁" and ax.get_title() == ""
    assert [t.get_text() for t in ax.texts] == ["minimum"]
    cross = [line for line in ax.lines if line.get_marker() == "X"]
    assert len(cross) == 1 and tuple(cross[0].get_xydata()[0]) == (1.0, 2.0)
    assert dict(mpl.rcParams) == before


def test_loss_contours_new_axes_and_log_levels():
    ax = optim_plots.loss_contours(X, Y, LOSS + 1e-3, xlabel="a", ylabel="b", log_levels=True,
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
        ({"levels": 1}, "levels"),
        ({"levels": 2.5}, "levels"),
        ({"marks": [(0.0, 1.0)], "mark_labels": ["a", "b"]}, "one label per mark"),
        ({"marks": [(0.0, 1.0, 2.0)]}, "pair"),
        ({"loss": -LOSS - 1, "log_levels": True}, "positive"),
    ],
)
def test_loss_contours_rejects_bad_arguments(kwargs, message):
    arguments = {"loss": LOSS, **kwargs}
    loss = arguments.pop("loss")
    with pytest.raises(ValueError, match=message):
        optim_plots.loss_contours(X, Y, loss, xlabel="a", ylabel="b", **arguments)


def test_parameter_paths_draws_each_path_with_start_and_end():
    ax = optim_plots.loss_contours(X, Y, LOSS, xlabel="a", ylabel="b")
    gd = np.array([[-2.0, -1.0], [-1.0, 0.5], [0.5, 1.8], [1.0, 2.0]])
    sgd = np.array([[-2.0, -1.0], [-0.5, 1.0], [1.1, 2.1]])
    out = optim_plots.parameter_paths([gd, sgd], labels=["GD", "SGD"], ax=ax,
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
    "paths, labels, message",
    [
        ([np.zeros((3, 2))], ["a", "b"], "one label"),
        ([np.zeros((3, 3))], ["a"], "shape"),
        ([np.zeros(3)], ["a"], "shape"),
    ],
)
def test_parameter_paths_rejects_bad_arguments(paths, labels, message):
    with pytest.raises(ValueError, match=message):
        optim_plots.parameter_paths(paths, labels=labels)


def test_layer_gradient_norms_log_scale_and_layers_from_one():
    sigmoid = 10.0 ** -np.arange(10)[::-1]
    relu = np.full(10, 0.05)
    ax = optim_plots.layer_gradient_norms([sigmoid, relu], labels=["sigmoïde", "ReLU"],
                                          xlabel="couche", ylabel="norme")
    assert ax.get_yscale() == "log"
    assert ax.get_xlabel() == "couche" and ax.get_ylabel() == "norme"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["sigmoïde", "ReLU"]
    first = ax.lines[0].get_xydata()
    np.testing.assert_array_equal(first[:, 0], np.arange(1, 11))
    np.testing.assert_array_equal(first[:, 1], sigmoid)
    assert list(ax.get_xticks()) == list(range(1, 11))


@pytest.mark.parametrize(
    "norms, labels, message",
    [
        ([np.ones(3)], ["a", "b"], "one label"),
        ([np.array([1.0, 0.0])], ["a"], "positive"),
        ([np.ones((2, 2))], ["a"], "1-D"),
        ([np.array([])], ["a"], "1-D"),
    ],
)
def test_layer_gradient_norms_rejects_bad_arguments(norms, labels, message):
    with pytest.raises(ValueError, match=message):
        optim_plots.layer_gradient_norms(norms, labels=labels, xlabel="x", ylabel="y")
