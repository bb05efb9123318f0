"""Tests of dlbasics.plots.matrices: image panels and mosaics, confusion and attention matrices
(Agg backend, set in conftest.py).

The helper contract (Axes, title, rcParams, labels shown) is checked once for
every helper in test_contract.py; these tests check what each figure holds,
and that the figures drawn by scikit-learn (:func:`confusion`) and
scikit-image (:func:`image_mosaic`) show what the hand-written ones showed.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgb

from dlbasics import plots
from dlbasics.scratch.attention import causal_mask, positional_encoding


# --- image_panels (chapter 6; plots.image_grid before) --------------------------

def test_image_panels():
    images = [np.zeros((4, 4)), np.ones((4, 4, 3)), np.eye(4) - 0.5]
    axes = plots.image_panels(images, labels=["a", "b", "c"], ncols=2, symmetric=True)
    assert len(axes) == 3 and axes[0].get_xlabel() == "a"
    _, given = plt.subplots(1, 3)
    assert len(plots.image_panels(images, axes=given)) == 3
    with pytest.raises(ValueError, match=r"\(H, W\) or \(H, W, 3\)"):
        plots.image_panels([np.zeros((2, 2, 4))])
    with pytest.raises(ValueError, match="one entry per image"):
        plots.image_panels(images, labels=["a"])
    with pytest.raises(ValueError, match="ncols must be an integer >= 1; got 0"):
        plots.image_panels(images, ncols=0)


def test_image_panels_hides_unused_panels_and_centres_signed_images():
    images = [np.eye(3) - 0.25, np.zeros((3, 3, 3))]
    axes = plots.image_panels(images, ncols=3, symmetric=True, cmap="RdBu_r")
    figure = axes[0].figure
    assert len(figure.axes) == 3 and not figure.axes[2].axison
    assert axes[0].images[0].get_clim() == (-0.75, 0.75)


# --- image_mosaic (generative chapter; generative_plots.image_grid before) ------

def _mosaic_by_hand(images, n_cols):
    """The mosaic the helper drew before skimage.util.montage: NaN gaps of one pixel, no frame."""
    n, height, width = images.shape
    n_rows = -(-n // n_cols)
    mosaic = np.full((n_rows * (height + 1) - 1, n_cols * (width + 1) - 1), np.nan)
    for index, image in enumerate(images):
        row, col = divmod(index, n_cols)
        mosaic[row * (height + 1):row * (height + 1) + height, col * (width + 1):col * (width + 1) + width] = image
    return mosaic


def test_image_mosaic_lays_out_the_images():
    images = np.arange(3 * 4, dtype=float).reshape(3, 2, 2)
    ax = plots.image_mosaic(images, n_cols=2, vmax=11)
    mosaic = ax.images[0].get_array()
    assert mosaic.shape == (2 * 3 - 1, 2 * 3 - 1)
    np.testing.assert_array_equal(mosaic[:2, 3:5], images[1])
    np.testing.assert_array_equal(mosaic[3:5, :2], images[2])


@pytest.mark.parametrize(("n", "shape", "n_cols"), [(12, (8, 8), 5), (3, (2, 2), 2), (4, (3, 2), 10), (20, (8, 8), 10)])
def test_image_mosaic_draws_the_pixels_of_the_hand_written_mosaic(n, shape, n_cols, rng):
    images = rng.random((n, *shape))
    ax = plots.image_mosaic(images, n_cols=n_cols, image_shape=shape)
    (image,) = ax.images
    np.testing.assert_array_equal(np.ma.filled(image.get_array(), np.nan), _mosaic_by_hand(images, n_cols))
    assert image.get_cmap().name == "gray_r" and image.get_clim() == (0.0, 1.0)
    assert not ax.axison
    flat = plots.image_mosaic(images.reshape(n, -1), n_cols=n_cols, image_shape=shape)
    np.testing.assert_array_equal(np.ma.filled(flat.images[0].get_array(), np.nan), _mosaic_by_hand(images, n_cols))


# --- confusion (chapter 6) ------------------------------------------------------

def test_confusion():
    ax = plots.confusion(np.array([[5, 1], [0, 4]]), xlabel="pred", ylabel="true")
    assert ax.get_xlabel() == "pred" and len(ax.texts) == 3
    with pytest.raises(ValueError, match="square"):
        plots.confusion(np.zeros((2, 3)), xlabel="p", ylabel="t")
    with pytest.raises(ValueError, match="class_names must have one entry per class: 2 classes, 3 class_names"):
        plots.confusion(np.eye(2, dtype=int), xlabel="p", ylabel="t", class_names="abc")


def _luminance(colour):
    red, green, blue = to_rgb(colour)
    return 0.299 * red + 0.587 * green + 0.114 * blue


@pytest.mark.parametrize("class_names", [None, [f"c{k}" for k in range(10)]])
def test_confusion_shows_the_values_of_the_hand_written_figure(class_names, rng):
    """ConfusionMatrixDisplay shows what the hand-written heat map showed.

    The counts as a "Blues" image; each non-zero count written in its cell
    (column j, row i), zeros left blank; light text on dark cells; the
    class names as ticks on both axes; the chapter's axis labels.
    """
    from sklearn.metrics import confusion_matrix

    truth = rng.integers(0, 10, 300)
    predicted = np.where(rng.random(300) < 0.7, truth, rng.integers(0, 10, 300))
    matrix = confusion_matrix(truth, predicted)
    assert (matrix == 0).any()  # so that the blank cells are tested
    ax = plots.confusion(matrix, xlabel="chiffre prédit", ylabel="vrai chiffre", class_names=class_names)
    (image,) = ax.images
    np.testing.assert_array_equal(image.get_array(), matrix)
    assert image.get_cmap().name == "Blues"
    written = {tuple(np.round(text.get_position()).astype(int)): text.get_text() for text in ax.texts}
    assert written == {(j, i): str(matrix[i, j]) for i in range(10) for j in range(10) if matrix[i, j]}
    for text in ax.texts:
        j, i = np.round(text.get_position()).astype(int)
        dark_cell = bool(matrix[i, j] >= (matrix.max() + matrix.min()) / 2)  # by hand: > max / 2
        assert (_luminance(text.get_color()) > 0.5) is dark_cell
    names = [str(k) for k in range(10)] if class_names is None else class_names
    fig = ax.figure
    fig.canvas.draw()
    assert [t.get_text() for t in ax.get_xticklabels()] == names
    assert [t.get_text() for t in ax.get_yticklabels()] == names
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("chiffre prédit", "vrai chiffre")
    assert len(fig.axes) == 1  # no colour bar
    assert ax.get_ylim() == (9.5, -0.5)  # first class at the top


# --- attention_heatmap, positional_encoding_image (attention chapter) -----------

def test_heatmap_of_a_mask_with_labels():
    ax = plots.attention_heatmap(causal_mask(3), xlabel="key", ylabel="query",
                                 key_labels="abc", query_labels=[1, 2, 3], annotate=True, colorbar=False)
    (image,) = ax.images
    np.testing.assert_array_equal(image.get_array(), np.tril(np.ones((3, 3))))
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    assert [t.get_text() for t in ax.texts] == ["1", "0", "0", "1", "1", "0", "1", "1", "1"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("key", "query")


def test_positional_encoding_image_draws_the_encoding():
    encoding = positional_encoding(10, 8)
    ax = plots.positional_encoding_image(encoding, xlabel="feature", ylabel="position")
    (image,) = ax.images
    np.testing.assert_allclose(image.get_array(), encoding)
    assert image.get_clim() == (-1.0, 1.0) and len(ax.figure.axes) == 2  # with its colour bar


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: plots.attention_heatmap(np.zeros(3), xlabel="k", ylabel="q"), "2-D array"),
        (lambda: plots.attention_heatmap(np.zeros((2, 3)), xlabel="k", ylabel="q", key_labels="ab"),
         "key_labels must have one entry per column: 3 columns, 2 key_labels"),
        (lambda: plots.attention_heatmap(np.zeros((2, 3)), xlabel="k", ylabel="q", query_labels="abc"),
         "query_labels must have one entry per row: 2 rows, 3 query_labels"),
        (lambda: plots.positional_encoding_image(np.zeros(3), xlabel="f", ylabel="p"), "2-D array"),
        (lambda: plots.image_mosaic(np.zeros((2, 10))), "64 = 8 x 8 pixels"),
        (lambda: plots.image_mosaic(np.zeros((0, 8, 8))), "n >= 1"),
        (lambda: plots.image_mosaic(np.zeros((2, 64)), n_cols=0), "n_cols must be an integer >= 1; got 0"),
    ],
)
def test_bad_shapes_raise(call, message):
    with pytest.raises(ValueError, match=message):
        call()
