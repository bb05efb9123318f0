"""Figures of chapter 5 in dlbasics.regularization_plots (Agg backend, set in conftest.py)."""

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.patches import Circle

from dlbasics import regularization_plots as rp

SIZES = [4, 5, 5, 2]


def test_dropout_units_drops_the_exact_fraction_and_spares_the_output():
    dropped = rp.dropout_units(SIZES, 0.4, rng=np.random.default_rng(0))
    assert [len(d) for d in dropped] == [2, 2, 2, 0]
    for d, n in zip(dropped, SIZES):
        assert np.all(np.diff(d) > 0) and np.all((0 <= d) & (d < n))
    with_last = rp.dropout_units(SIZES, 0.5, rng=np.random.default_rng(0), drop_last=True)
    assert len(with_last[-1]) == 1


def test_dropout_units_is_seeded():
    a = rp.dropout_units(SIZES, 0.4, rng=np.random.default_rng(1))
    b = rp.dropout_units(SIZES, 0.4, rng=np.random.default_rng(1))
    assert all(np.array_equal(x, y) for x, y in zip(a, b))


@pytest.mark.parametrize("rate", [-0.1, 1.0, "0.4"])
def test_dropout_units_rejects_bad_rate(rate):
    with pytest.raises(ValueError, match="rate"):
        rp.dropout_units(SIZES, rate, rng=np.random.default_rng(0))


def test_dropout_units_rejects_bad_sizes_and_rng():
    with pytest.raises(ValueError, match="layer_sizes"):
        rp.dropout_units([3, 0], 0.4, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="Generator"):
        rp.dropout_units(SIZES, 0.4, rng=0)


def test_draw_dropout_network_greys_and_crosses_dropped_units():
    dropped = [[0, 3], [1], [], []]
    _, ax = plt.subplots()
    assert rp.draw_dropout_network(SIZES, dropped, ax=ax) is ax
    circles = [p for p in ax.patches if isinstance(p, Circle)]
    assert len(circles) == sum(SIZES)  # every unit drawn, no dots
    grey = [k for k, c in enumerate(circles) if c.get_facecolor() == to_rgba("0.92")]
    assert grey == [0, 3, 5]  # layer 0 units 0 and 3, layer 1 unit 1 (offset 4)
    crosses = [line for line in ax.lines if len(line.get_xdata()) == 2]
    assert len(crosses) == 2 * 3
    (edges,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    colours = edges.get_colors()
    assert len(colours) == 4 * 5 + 5 * 5 + 5 * 2
    faded = sum(tuple(c) == to_rgba("0.88") for c in colours)
    # edges touching a dropped unit: 2 inputs x 5 + 1 hidden unit x (4 - 2 + 5)
    assert faded == 2 * 5 + (4 - 2) * 1 + 1 * 5


def test_draw_dropout_network_makes_a_figure_and_leaves_rcparams_alone():
    before = dict(mpl.rcParams)
    ax = rp.draw_dropout_network([3, 4, 1], [[], [2], []], layer_labels=["a", "b", "c"])
    assert isinstance(ax, mpl.axes.Axes) and ax.get_title() == ""
    assert dict(mpl.rcParams) == before


@pytest.mark.parametrize(
    "dropped, match",
    [([[0], [1]], "one entry per layer"), ([[4], [], [], []], r"dropped\[0\]"),
     ([[], [-1], [], []], r"dropped\[1\]")],
)
def test_draw_dropout_network_rejects_bad_dropped(dropped, match):
    with pytest.raises(ValueError, match=match):
        rp.draw_dropout_network(SIZES, dropped)


def test_validation_curves_draws_each_curve_and_marks_its_minimum():
    curves = {"none": [1.0, 0.5, 0.7, 0.9], "early": [1.0, 0.6, 0.4]}
    _, ax = plt.subplots()
    assert rp.validation_curves(curves, xlabel="epoch", ylabel="loss", ax=ax) is ax
    lines = ax.get_lines()
    assert len(lines) == 4  # two curves, two dots
    np.testing.assert_array_equal(lines[0].get_xdata(), [1, 2, 3, 4])
    assert (lines[1].get_xdata()[0], lines[1].get_ydata()[0]) == (2, 0.5)
    assert (lines[3].get_xdata()[0], lines[3].get_ydata()[0]) == (3, 0.4)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["none", "early"]
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "loss"


def test_validation_curves_styles_colours_and_no_marks():
    ax = rp.validation_curves({"a": [3, 2, 1], "b": [1, 2]}, xlabel="x", ylabel="y", best=None,
                              styles={"a": {"ls": "--"}})
    a, b = ax.get_lines()
    assert a.get_linestyle() == "--"
    assert to_rgba(a.get_color()) == to_rgba("C0") and to_rgba(b.get_color()) == to_rgba("C1")


def test_validation_curves_marks_the_maximum_of_accuracies():
    ax = rp.validation_curves({"acc": [0.5, 0.9, 0.7]}, xlabel="x", ylabel="y", best="max")
    dot = ax.get_lines()[1]
    assert (dot.get_xdata()[0], dot.get_ydata()[0]) == (2, 0.9)
    with pytest.raises(ValueError, match="best"):
        rp.validation_curves({"acc": [1.0]}, xlabel="x", ylabel="y", best="last")


def test_validation_curves_legend_labels():
    ax = rp.validation_curves({"none": [1, 2], "l2": [2, 1]}, labels=["sans", "pénalité L2"],
                              xlabel="x", ylabel="y", styles={"l2": {"ls": ":"}})
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["sans", "pénalité L2"]
    assert ax.get_lines()[2].get_linestyle() == ":"
    with pytest.raises(ValueError, match="labels"):
        rp.validation_curves({"a": [1]}, labels=["a", "b"], xlabel="x", ylabel="y")


@pytest.mark.parametrize("curves", [{}, {"a": []}, {"a": [[1, 2]]}])
def test_validation_curves_rejects_bad_curves(curves):
    with pytest.raises(ValueError, match="curve"):
        rp.validation_curves(curves, xlabel="x", ylabel="y")
