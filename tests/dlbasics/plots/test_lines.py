"""Tests of dlbasics.plots.lines: values against a common abscissa (Agg backend, set in conftest.py).

The helper contract (Axes, title, rcParams, labels shown) is checked once for
every helper in test_contract.py; these tests check what each curve holds.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba

from dlbasics import plots
from dlbasics.scratch.activations import get_activation
from dlbasics.scratch.perceptron import squared_loss

RNG = np.random.default_rng(0)
X = RNG.normal(6.0, 0.7, size=40)
Y = 3.6 * X + RNG.normal(size=40)
W_GRID = np.linspace(-1.0, 8.0, 50)
U = np.linspace(-3.0, 3.0, 61)
PAIRS = [get_activation(name) for name in ("sigmoid", "relu", "tanh")]
E = np.linspace(-3.0, 3.0, 61)
CURVES = [E**2, np.abs(E)]
LOGS = {"accuracy": [0.5, 0.7, 0.8], "loss": [1.0, 0.6, 0.4],
        "val_accuracy": [0.45, 0.6, 0.55], "val_loss": [1.1, 0.8, 0.9]}


def _texts(ax):
    return [t.get_text() for t in ax.texts]


# --- scatter, loss_curve ------------------------------------------------------

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


# --- curves, activation_grid ----------------------------------------------------

def test_activation_grid_draws_each_function_and_derivative():
    labels = ["sigmoïde", "ReLU", "tanh"]
    axes = plots.activation_grid(U, PAIRS, labels=labels, function_label="fonction", derivative_label="dérivée", ncols=2)
    assert len(axes) == 3
    figure = axes[0].figure
    assert len(figure.axes) == 4 and not figure.axes[3].axison  # the unused panel is hidden
    for ax, (function, derivative), label in zip(axes, PAIRS, labels):
        solid, dashed = ax.lines[-2:]
        np.testing.assert_allclose(solid.get_ydata(), function(U))
        np.testing.assert_allclose(dashed.get_ydata(), derivative(U))
        assert dashed.get_linestyle() == "--"
        assert label in _texts(ax)
    (legend,) = figure.legends
    assert [t.get_text() for t in legend.get_texts()] == ["fonction", "dérivée"]


def test_activation_grid_on_given_axes_and_errors():
    _, grid = plt.subplots(1, 3)
    assert list(plots.activation_grid(U, PAIRS, labels=list("abc"), function_label="f", derivative_label="d", axes=grid)) == list(grid)
    with pytest.raises(ValueError, match="labels must have one entry per function: 3 functions, 2 labels"):
        plots.activation_grid(U, PAIRS, labels=["a", "b"], function_label="f", derivative_label="d")
    with pytest.raises(ValueError, match="3 functions need as many Axes; got 2"):
        plots.activation_grid(U, PAIRS, labels=list("abc"), function_label="f", derivative_label="d", axes=grid[:2])
    with pytest.raises(ValueError, match="ncols must be an integer >= 1; got 0"):
        plots.activation_grid(U, PAIRS, labels=list("abc"), function_label="f", derivative_label="d", ncols=0)


def test_curves_draws_every_curve_with_its_label_and_style():
    ax = plots.curves(U, [np.sin(U), np.cos(U)], labels=["sin", "cos"], xlabel="x", ylabel="y",
                      styles=[{"color": "k", "linestyle": "--"}, {}])
    assert len(ax.lines) == 2
    np.testing.assert_allclose(ax.lines[0].get_ydata(), np.sin(U))
    assert ax.lines[0].get_linestyle() == "--"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["sin", "cos"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("x", "y")


@pytest.mark.parametrize(
    ("ys", "labels", "styles", "match"),
    [([U], ["a", "b"], None, "labels must have one entry per curve: 1 curves, 2 labels"),
     ([U], ["a"], [{}, {}], "styles must have one entry per curve: 1 curves, 2 styles"),
     ([U[:5]], ["a"], None, "same length")],
)
def test_curves_rejects_mismatches(ys, labels, styles, match):
    with pytest.raises(ValueError, match=match):
        plots.curves(U, ys, labels=labels, xlabel="x", ylabel="y", styles=styles)


# --- loss_functions (chapter 3) -------------------------------------------------

def test_loss_functions_draws_each_curve_with_its_label():
    ax = plots.loss_functions(
        E, CURVES, labels=["carré", "absolu"], xlabel="erreur", ylabel="coût",
        styles=[{"color": "C3"}, {"linestyle": "--"}],
    )
    curves = [line for line in ax.lines if len(line.get_xdata()) == len(E)]
    assert len(curves) == 2
    for line, y in zip(curves, CURVES):
        np.testing.assert_array_equal(line.get_xydata(), np.column_stack([E, y]))
    assert curves[0].get_color() == "C3" and curves[1].get_linestyle() == "--"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["carré", "absolu"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("erreur", "coût")
    assert not ax.texts


def test_marks_label_each_curve_with_its_value():
    ax = plots.loss_functions(E, CURVES, labels=["sq", "abs"], xlabel="e", ylabel="l", marks=[0.5, 2.0])
    assert sorted(t.get_text() for t in ax.texts) == ["0.25", "0.5", "2", "4"]
    dots = [line for line in ax.lines if line.get_marker() == "o"]
    assert len(dots) == 4


def test_mark_labels_stay_clear_of_their_curves():
    """Highest curve: label above; others below; on the side the curve leaves free."""
    p = np.linspace(0.01, 0.99, 99)
    ax = plots.loss_functions(
        p, [-np.log(p), -np.log(1 - p)], labels=["y=1", "y=0"], xlabel="p", ylabel="l", marks=[0.1]
    )
    falling_top, rising_bottom = ax.texts  # at p = 0.1: -log p = 2.3 above -log(1 - p) = 0.105
    assert falling_top.get_text() == "2.3" and rising_bottom.get_text() == "0.105"
    dx, dy = falling_top.xyann
    assert dx > 0 and dy > 0  # above, to the right of a falling curve
    dx, dy = rising_bottom.xyann
    assert dx > 0 and dy < 0  # below, to the right of a rising curve


def test_marks_interpolate_between_points():
    p = np.linspace(0.01, 1.0, 100)
    ax = plots.loss_functions(p, [-np.log(p)], labels=["-log p"], xlabel="p", ylabel="l", marks=[0.5])
    (text,) = ax.texts
    assert float(text.get_text()) == pytest.approx(np.log(2.0), abs=1e-2)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"losses": [E**2], "labels": ["a", "b"]}, "labels must have one entry per curve: 1 curves, 2 labels"),
        ({"losses": [], "labels": []}, "at least one curve"),
        ({"losses": [E[:-1]], "labels": ["a"]}, "same length"),
        ({"losses": [E**2], "labels": ["a"], "styles": [{}, {}]}, "2 styles"),
        ({"losses": [E**2], "labels": ["a"], "marks": [4.0]}, r"marks must lie within the range of x, \[-3, 3\]; got 4"),
        ({"x": E[::-1], "losses": [E**2], "labels": ["a"]}, "increasing"),
    ],
)
def test_loss_functions_rejects_bad_arguments(kwargs, match):
    call = {"x": E, "xlabel": "e", "ylabel": "l", **kwargs}
    with pytest.raises(ValueError, match=match):
        plots.loss_functions(call.pop("x"), call.pop("losses"), **call)


# --- signals (chapters 6 and 7) -------------------------------------------------

def test_signals():
    t = np.arange(10)
    ax = plots.signals(t, [t, t**2], labels=["a", "b"], xlabel="x", ylabel="y", logy=True,
                       styles=[{"color": "k"}, {"ls": "--"}])
    assert len(ax.lines) == 2 and ax.get_yscale() == "log" and ax.get_legend() is not None
    with pytest.raises(ValueError, match="one entry per curve"):
        plots.signals(t, [t], labels=["a", "b"], xlabel="x", ylabel="y")
    with pytest.raises(ValueError, match="styles must have one entry per curve: 1 curves, 2 styles"):
        plots.signals(t, [t], styles=[{}, {}], xlabel="x", ylabel="y")
    with pytest.raises(ValueError, match="same length"):
        plots.signals(t, [t[:5]], xlabel="x", ylabel="y")


# --- plot_history (chapters 5 and 8) --------------------------------------------

@pytest.fixture(params=["dict", "dlbasics", "keras"])
def history(request):
    """LOGS as a dict, a dlbasics.training.History (needs torch) or a Keras History."""
    if request.param == "dict":
        return LOGS
    if request.param == "dlbasics":
        request.getfixturevalue("torch")
        from dlbasics.training import History

        ours = History(params={"epochs": 3})
        for epoch in range(3):
            ours._append(epoch, {key: values[epoch] for key, values in LOGS.items()})
        return ours
    keras = request.getfixturevalue("keras")
    theirs = keras.callbacks.History()
    theirs.history = {key: list(values) for key, values in LOGS.items()}
    return theirs


def test_draws_metric_and_validation_from_epoch_1(history):
    _, ax = plt.subplots()
    assert plots.plot_history(history, metric="accuracy", ax=ax, labels=("entraînement", "validation"),
                              xlabel="époque") is ax
    train, val = ax.get_lines()
    np.testing.assert_array_equal(train.get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(train.get_ydata(), LOGS["accuracy"])
    np.testing.assert_array_equal(val.get_ydata(), LOGS["val_accuracy"])
    assert val.get_linestyle() == "--"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["entraînement", "validation"]
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("époque", "accuracy", "")


def test_best_epoch_is_a_vertical_line_at_epoch_plus_one_and_kwargs_pass_through():
    ax = plots.plot_history(LOGS, best_epoch=1, ylabel="cross-entropy", marker="o", linestyle="-")
    train, val, best = ax.get_lines()
    np.testing.assert_array_equal(best.get_xdata(), [2, 2])
    assert train.get_marker() == val.get_marker() == "o" and val.get_linestyle() == "-"
    assert ax.get_ylabel() == "cross-entropy"


def test_training_only_history_draws_one_line():
    ax = plots.plot_history({"loss": [3.0, 2.0]})
    assert len(ax.get_lines()) == 1


@pytest.mark.parametrize(
    ("history", "kwargs", "error", "match"),
    [
        (LOGS, {"metric": "mae"}, ValueError,
         r"metric 'mae' is not in the history; available keys: \['accuracy', 'loss'"),
        ([1, 2], {}, TypeError, "history must be a Keras History"),
        ({"loss": []}, {}, ValueError, "non-empty list of numbers"),
        ({"loss": [1.0, 2.0], "val_loss": [1.0]}, {}, ValueError,
         r"history\['loss'\] and history\['val_loss'\] must have the same length; got 2 and 1"),
        (LOGS, {"labels": "training"}, ValueError, "labels must be a pair of strings"),
        (LOGS, {"best_epoch": 3}, ValueError, "best_epoch must be an epoch counted from 0"),
        (LOGS, {"best_epoch": True}, ValueError, "best_epoch must be an epoch counted from 0"),
    ],
)
def test_plot_history_bad_arguments_raise(history, kwargs, error, match):
    with pytest.raises(error, match=match):
        plots.plot_history(history, **kwargs)


# --- validation_curves (chapter 5) ----------------------------------------------

def test_validation_curves_draws_each_curve_and_marks_its_minimum():
    curves = {"none": [1.0, 0.5, 0.7, 0.9], "early": [1.0, 0.6, 0.4]}
    _, ax = plt.subplots()
    assert plots.validation_curves(curves, xlabel="epoch", ylabel="loss", ax=ax) is ax
    lines = ax.get_lines()
    assert len(lines) == 4  # two curves, two dots
    np.testing.assert_array_equal(lines[0].get_xdata(), [1, 2, 3, 4])
    assert (lines[1].get_xdata()[0], lines[1].get_ydata()[0]) == (2, 0.5)
    assert (lines[3].get_xdata()[0], lines[3].get_ydata()[0]) == (3, 0.4)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["none", "early"]
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "loss"


def test_validation_curves_styles_colours_and_no_marks():
    ax = plots.validation_curves({"a": [3, 2, 1], "b": [1, 2]}, xlabel="x", ylabel="y", best=None,
                                 styles={"a": {"ls": "--"}})
    a, b = ax.get_lines()
    assert a.get_linestyle() == "--"
    assert to_rgba(a.get_color()) == to_rgba("C0") and to_rgba(b.get_color()) == to_rgba("C1")


def test_validation_curves_marks_the_maximum_of_accuracies():
    ax = plots.validation_curves({"acc": [0.5, 0.9, 0.7]}, xlabel="x", ylabel="y", best="max")
    dot = ax.get_lines()[1]
    assert (dot.get_xdata()[0], dot.get_ydata()[0]) == (2, 0.9)
    with pytest.raises(ValueError, match="best"):
        plots.validation_curves({"acc": [1.0]}, xlabel="x", ylabel="y", best="last")


def test_validation_curves_legend_labels():
    ax = plots.validation_curves({"none": [1, 2], "l2": [2, 1]}, labels=["sans", "pénalité L2"],
                                 xlabel="x", ylabel="y", styles={"l2": {"ls": ":"}})
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["sans", "pénalité L2"]
    assert ax.get_lines()[2].get_linestyle() == ":"
    with pytest.raises(ValueError, match="labels"):
        plots.validation_curves({"a": [1]}, labels=["a", "b"], xlabel="x", ylabel="y")


@pytest.mark.parametrize("curves", [{}, {"a": []}, {"a": [[1, 2]]}])
def test_validation_curves_rejects_bad_curves(curves):
    with pytest.raises(ValueError, match="curve"):
        plots.validation_curves(curves, xlabel="x", ylabel="y")


# --- layer_gradient_norms (chapter 4) -------------------------------------------

def test_layer_gradient_norms_log_scale_and_layers_from_one():
    sigmoid = 10.0 ** -np.arange(10)[::-1]
    relu = np.full(10, 0.05)
    ax = plots.layer_gradient_norms([sigmoid, relu], labels=["sigmoïde", "ReLU"],
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
        ([np.ones(3)], ["a", "b"], "labels must have one entry per network: 1 networks, 2 labels"),
        ([np.array([1.0, 0.0])], ["a"], "positive"),
        ([np.ones((2, 2))], ["a"], "1-D"),
        ([np.array([])], ["a"], "1-D"),
    ],
)
def test_layer_gradient_norms_rejects_bad_arguments(norms, labels, message):
    with pytest.raises(ValueError, match=message):
        plots.layer_gradient_norms(norms, labels=labels, xlabel="x", ylabel="y")
