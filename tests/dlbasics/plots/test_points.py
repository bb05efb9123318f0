"""Tests of dlbasics.plots.points: 2-D samples, codes and flows, and timing bars (Agg backend, set in conftest.py).

The helper contract (Axes, title, rcParams, labels shown) is checked once for
every helper in test_contract.py; these tests check what each figure holds.
"""

import numpy as np
import pytest

from dlbasics import plots

RNG = np.random.default_rng(0)
POINTS = RNG.standard_normal((50, 2))
PATH = RNG.standard_normal((6, 20, 2))


def test_latent_scatter_colours_each_class():
    classes = np.repeat([3, 1, 2], [10, 15, 25])
    ax = plots.latent_scatter(POINTS, classes, xlabel="z1", ylabel="z2", legend_title="chiffre")
    assert [len(c.get_offsets()) for c in ax.collections] == [15, 25, 10]  # classes in increasing order
    np.testing.assert_array_equal(ax.collections[0].get_offsets(), POINTS[classes == 1])
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["1", "2", "3"]
    assert legend.get_title().get_text() == "chiffre"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("z1", "z2")


def test_samples_vs_data_draws_samples_over_the_data():
    ax = plots.samples_vs_data(POINTS, POINTS + 1, data_label="données", samples_label="échantillons", limit=2.5)
    data, samples = ax.collections
    np.testing.assert_array_equal(data.get_offsets(), POINTS)
    np.testing.assert_array_equal(samples.get_offsets(), POINTS + 1)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["données", "échantillons"]
    assert ax.get_xlim() == ax.get_ylim() == (-2.5, 2.5) and ax.get_aspect() == 1.0


def test_flow_paths_draws_the_first_paths_from_start_to_end():
    ax = plots.flow_paths(PATH, n_paths=10)
    assert len(ax.lines) == 10
    np.testing.assert_array_equal(ax.lines[0].get_xydata(), PATH[:, 0])
    start, end = ax.collections
    np.testing.assert_array_equal(start.get_offsets(), PATH[0, :10])
    np.testing.assert_array_equal(end.get_offsets(), PATH[-1, :10])


def test_timing_bars_draw_one_bar_per_entry():
    timings = {("Keras", "AE"): 1.0, ("PyTorch", "AE"): 0.5, ("Keras", "GAN"): 3.0, ("PyTorch", "GAN"): 1.5}
    ax = plots.timing_bars(timings, xlabel="training time (s)")
    assert len(ax.patches) == 4
    assert sorted(p.get_width() for p in ax.patches) == [0.5, 1.0, 1.5, 3.0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["AE", "GAN"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Keras", "PyTorch"]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: plots.latent_scatter(np.zeros((4, 3)), np.zeros(4), xlabel="", ylabel="", legend_title=""), r"shape \(n, 2\)"),
        (lambda: plots.latent_scatter(np.zeros((4, 2)), np.zeros(3), xlabel="", ylabel="", legend_title=""), r"shape \(4,\)"),
        (lambda: plots.samples_vs_data(np.zeros((4, 2)), np.zeros((4, 3)), data_label="", samples_label=""),
         r"samples must have shape \(n, 2\)"),
        (lambda: plots.samples_vs_data(np.zeros((4, 2)), np.zeros((4, 2)), data_label="", samples_label="", limit=0),
         "limit must be a number > 0; got 0"),
        (lambda: plots.flow_paths(np.zeros((4, 2))), r"shape \(n_steps \+ 1, n, 2\)"),
        (lambda: plots.flow_paths(PATH, n_paths=0), "n_paths must be an integer >= 1; got 0"),
        (lambda: plots.timing_bars({}, xlabel="s"), "empty"),
    ],
)
def test_bad_shapes_raise(call, message):
    with pytest.raises(ValueError, match=message):
        call()
