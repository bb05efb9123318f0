"""Tests of dlbasics.plots.loss_functions, the figure helper of chapter 3
(Agg backend, set in conftest.py).  Kept apart from test_plots.py, which
chapter 2 extends at the same time."""

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlbasics import plots

E = np.linspace(-3.0, 3.0, 61)
CURVES = [E**2, np.abs(E)]


def test_returns_given_axes_or_a_new_one():
    _, ax = plt.subplots()
    assert plots.loss_functions(E, CURVES, labels=["a", "b"], xlabel="e", ylabel="l", ax=ax) is ax
    new = plots.loss_functions(E, CURVES, labels=["a", "b"], xlabel="e", ylabel="l")
    assert isinstance(new, mpl.axes.Axes) and new is not ax
    assert new.get_title() == ""


def test_draws_each_curve_with_its_label():
    before = dict(mpl.rcParams)
    ax = plots.loss_functions(
        E, CURVES, labels=["carré", "absolu"], xlabel="erreur", ylabel="coût",
        styles=[{"color": "C3"}, {"linestyle": "--"}],
    )
    assert dict(mpl.rcParams) == before
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
        ({"losses": [E**2], "labels": ["a", "b"]}, "one label .* per curve: 1 curves, 2 labels"),
        ({"losses": [], "labels": []}, "at least one curve"),
        ({"losses": [E[:-1]], "labels": ["a"]}, "same length"),
        ({"losses": [E**2], "labels": ["a"], "styles": [{}, {}]}, "2 styles"),
        ({"losses": [E**2], "labels": ["a"], "marks": [4.0]}, r"marks must lie within the range of x, \[-3, 3\]; got 4"),
        ({"x": E[::-1], "losses": [E**2], "labels": ["a"]}, "increasing"),
    ],
)
def test_rejects_bad_arguments(kwargs, match):
    call = {"x": E, "xlabel": "e", "ylabel": "l", **kwargs}
    with pytest.raises(ValueError, match=match):
        plots.loss_functions(call.pop("x"), call.pop("losses"), **call)
