"""Tests of dlbasics.attention_plots and dlbasics.generative_plots (Agg backend, set in conftest.py)."""

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlbasics import attention_plots, generative_plots
from dlbasics.scratch.attention import causal_mask, positional_encoding

RNG = np.random.default_rng(0)
POINTS = RNG.standard_normal((50, 2))
PATH = RNG.standard_normal((6, 20, 2))

CALLS = {
    "attention_heatmap": lambda ax: attention_plots.attention_heatmap(
        RNG.random((4, 5)), xlabel="key", ylabel="query", ax=ax, annotate=True),
    "positional_encoding_image": lambda ax: attention_plots.positional_encoding_image(
        positional_encoding(10, 8), xlabel="feature", ylabel="position", ax=ax),
    "image_grid": lambda ax: generative_plots.image_grid(RNG.random((12, 64)), n_cols=5, ax=ax),
    "latent_scatter": lambda ax: generative_plots.latent_scatter(
        POINTS, RNG.integers(0, 3, 50), xlabel="z1", ylabel="z2", legend_title="digit", ax=ax),
    "samples_vs_data": lambda ax: generative_plots.samples_vs_data(
        POINTS, POINTS + 1, data_label="data", samples_label="samples", ax=ax),
    "flow_paths": lambda ax: generative_plots.flow_paths(PATH, ax=ax, n_paths=10),
    "timing_bars": lambda ax: generative_plots.timing_bars(
        {("Keras", "AE"): 1.0, ("PyTorch", "AE"): 0.5, ("Keras", "VAE"): 2.0}, xlabel="s", ax=ax),
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


def test_heatmap_of_a_mask_with_labels():
    ax = attention_plots.attention_heatmap(causal_mask(3), xlabel="key", ylabel="query",
                                           key_labels="abc", query_labels=[1, 2, 3], annotate=True, colorbar=False)
    (image,) = ax.images
    np.testing.assert_array_equal(image.get_array(), np.tril(np.ones((3, 3))))
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    assert [t.get_text() for t in ax.texts] == ["1", "0", "0", "1", "1", "0", "1", "1", "1"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("key", "query")


def test_image_grid_lays_out_the_images():
    images = np.arange(3 * 4, dtype=float).reshape(3, 2, 2)
    ax = generative_plots.image_grid(images, n_cols=2, vmax=11)
    mosaic = ax.images[0].get_array()
    assert mosaic.shape == (2 * 3 - 1, 2 * 3 - 1)
    np.testing.assert_array_equal(mosaic[:2, 3:5], images[1])
    np.testing.assert_array_equal(mosaic[3:5, :2], images[2])


def test_timing_bars_draw_one_bar_per_entry():
    timings = {("Keras", "AE"): 1.0, ("PyTorch", "AE"): 0.5, ("Keras", "GAN"): 3.0, ("PyTorch", "GAN"): 1.5}
    ax = generative_plots.timing_bars(timings, xlabel="training time (s)")
    assert len(ax.patches) == 4
    assert sorted(p.get_width() for p in ax.patches) == [0.5, 1.0, 1.5, 3.0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["AE", "GAN"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Keras", "PyTorch"]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: attention_plots.attention_heatmap(np.zeros(3), xlabel="k", ylabel="q"), "2-D array"),
        (lambda: attention_plots.attention_heatmap(np.zeros((2, 3)), xlabel="k", ylabel="q", key_labels="ab"), "3 labels"),
        (lambda: generative_plots.image_grid(np.zeros((2, 10))), "64 = 8 x 8 pixels"),
        (lambda: generative_plots.latent_scatter(np.zeros((4, 3)), np.zeros(4), xlabel="", ylabel="", legend_title=""), r"shape \(n, 2\)"),
        (lambda: generative_plots.latent_scatter(np.zeros((4, 2)), np.zeros(3), xlabel="", ylabel="", legend_title=""), r"shape \(4,\)"),
        (lambda: generative_plots.flow_paths(np.zeros((4, 2))), r"shape \(n_steps \+ 1, n, 2\)"),
        (lambda: generative_plots.timing_bars({}, xlabel="s"), "empty"),
    ],
)
def test_bad_shapes_raise(call, message):
    with pytest.raises(ValueError, match=message):
        call()
