"""Matrices: images and heat maps (image panels and mosaics, confusion and attention matrices).

The helper contract (``ax=None``, the Axes returned, no title, every
displayed string an argument) is stated once, in :mod:`dlbasics.plots`.
"""

import numpy as np

from .._validation import check_int
from ..numbers import fmt
from ._base import _axes, _per_curve

__all__ = ["attention_heatmap", "confusion", "image_mosaic", "image_panels", "positional_encoding_image"]


def image_panels(images, *, labels=None, ncols=None, cmap="gray", axes=None, symmetric=False,
                 size=2.0):
    """Images side by side, one panel (Axes) each, with an optional label under each.

    Chapter 6 shows a photo and its channels, filtered photos, learnt
    filters and feature maps with it. For many small images on one Axes,
    see :func:`~dlbasics.plots.image_mosaic`.

    Parameters
    ----------
    images : sequence of array_like
        Each of shape (H, W) (drawn with `cmap`) or (H, W, 3) (RGB in [0, 1]).
    labels : sequence of str, optional
        Text under each image (in the chapter's language).
    ncols : int, optional
        Images per row (default: all on one row).
    cmap : str, default "gray"
    axes : sequence of matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when None.
    symmetric : bool, default False
        Centre the colour scale of 2-D images on 0 (for filters and signed
        feature maps, with ``cmap="RdBu_r"`` for instance).
    size : float, default 2.0
        Size in inches of each image of a new figure.

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
        One per image, in order.
    """
    images = [np.asarray(image, dtype=float) for image in images]
    if not images:
        raise ValueError("images must hold at least one image.")
    for k, image in enumerate(images):
        if image.ndim not in (2, 3) or (image.ndim == 3 and image.shape[2] != 3):
            raise ValueError(f"images[{k}] must have shape (H, W) or (H, W, 3); got shape {image.shape}.")
    labels = _per_curve("labels", labels, len(images), per="image")
    if axes is None:
        import matplotlib.pyplot as plt

        ncols = len(images) if ncols is None else check_int("ncols", ncols)
        nrows = -(-len(images) // ncols)
        _, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows * 1.1),
                               layout="constrained", squeeze=False)
    axes = np.ravel(axes)
    if len(axes) < len(images):
        raise ValueError(f"{len(images)} images but only {len(axes)} axes.")
    for k, ax in enumerate(axes):
        ax.set_xticks([])
        ax.set_yticks([])
        if k >= len(images):
            ax.set_axis_off()
            continue
        image = images[k]
        if image.ndim == 3:
            ax.imshow(np.clip(image, 0.0, 1.0))
        else:
            bound = np.abs(image).max() if symmetric else None
            ax.imshow(image, cmap=cmap, vmin=-bound if symmetric else None, vmax=bound)
        if labels is not None:
            ax.set_xlabel(labels[k])
    return axes[: len(images)]


def image_mosaic(images, *, n_cols=10, image_shape=(8, 8), ax=None, vmin=0.0, vmax=1.0):
    """Draw small grey-level images side by side as one mosaic, in rows of `n_cols`.

    The generative chapter shows digits, their reconstructions and new ones. The
    mosaic is :func:`skimage.util.montage`'s, on one Axes; for a few larger
    images with labels, one Axes each, see :func:`~dlbasics.plots.image_panels`.

    Parameters
    ----------
    images : array_like of shape (n, height * width) or (n, height, width)
        Pixel intensities, dark for `vmax` (ink on paper, as the digits).
    n_cols : int, default 10
    image_shape : tuple of int, default (8, 8)
        (height, width) of one image, used when the images are flat.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when None.
    vmin, vmax : float, default 0 and 1

    Returns
    -------
    matplotlib.axes.Axes
        With the axis hidden; one-pixel white gaps separate the images.
    """
    from skimage.util import montage

    images = np.asarray(images, dtype=float)
    if images.ndim == 2:
        height, width = image_shape
        if images.shape[1] != height * width:
            raise ValueError(
                f"flat images must have {height * width} = {height} x {width} pixels; got {images.shape[1]}."
            )
        images = images.reshape(len(images), height, width)
    if images.ndim != 3 or len(images) == 0:
        raise ValueError(f"images must have shape (n, height, width) with n >= 1; got {images.shape}.")
    n_cols = check_int("n_cols", n_cols)
    n_rows = -(-len(images) // n_cols)
    mosaic = montage(images, grid_shape=(n_rows, n_cols), padding_width=1, fill=np.nan)
    # montage pads around the outside too: crop that frame, so that only the
    # one-pixel gaps between images remain (the mosaic drawn before montage).
    mosaic = mosaic[1:-1, 1:-1]
    ax = _axes(ax)
    ax.imshow(mosaic, cmap="gray_r", vmin=vmin, vmax=vmax, interpolation="nearest")
    ax.set_axis_off()
    return ax


def confusion(matrix, *, xlabel, ylabel, ax=None, class_names=None):
    """A confusion matrix as a heat map with the counts written in.

    Chapter 6 draws the one of the digit classifier. Drawn by
    :class:`sklearn.metrics.ConfusionMatrixDisplay` (``cmap="Blues"``, no
    colour bar), with the chapter's axis labels; empty cells stay blank.

    Parameters
    ----------
    matrix : array_like of shape (K, K)
        ``matrix[i, j]`` counts the samples of true class i predicted as j
        (what :func:`sklearn.metrics.confusion_matrix` returns).
    xlabel, ylabel : str
        Labels of the predicted (horizontal) and true (vertical) axes.
    ax : matplotlib.axes.Axes, optional
    class_names : sequence of str, optional
        Tick labels (default 0 to K - 1).

    Returns
    -------
    matplotlib.axes.Axes
    """
    from sklearn.metrics import ConfusionMatrixDisplay

    matrix = np.asarray(matrix)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"matrix must be square, of shape (K, K); got shape {matrix.shape}.")
    names = _per_curve("class_names", class_names, len(matrix), per="class")
    ax = _axes(ax)
    display = ConfusionMatrixDisplay(matrix, display_labels=names).plot(
        ax=ax, cmap="Blues", colorbar=False, text_kw={"fontsize": 9}
    )
    # ConfusionMatrixDisplay writes every cell, zeros included; the empty
    # cells of a 10 x 10 matrix read better blank, so remove their "0".
    for text in display.text_[matrix == 0]:
        text.remove()
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


def _matrix(name, values):
    arr = np.asarray(values)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (rows, columns); got shape {arr.shape}.")
    return arr.astype(float)


def _tick_labels(name, labels, n, per):
    return [str(label) for label in _per_curve(name, labels, n, per=per)]


def attention_heatmap(weights, *, xlabel, ylabel, key_labels=None, query_labels=None,
                      ax=None, annotate=False, colorbar=True, cmap="viridis", vmin=0.0, vmax=1.0):
    """Draw attention weights (or a mask) as a heat map: one row per query, one column per key.

    Parameters
    ----------
    weights : array_like of shape (n_queries, n_keys)
        Attention weights in [0, 1] (each row sums to 1), or a boolean mask
        (drawn as 1 = may attend, 0 = blocked).
    xlabel, ylabel : str
        Axis labels (keys on x, queries on y).
    key_labels, query_labels : sequence, optional
        Tick labels, for example the tokens; positions 0, 1, ... by default.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when None.
    annotate : bool, default False
        Write each value in its cell (two decimals; 0 or 1 for a mask).
    colorbar : bool, default True
        Add a colour bar beside the Axes.
    cmap : str, default "viridis"
    vmin, vmax : float, default 0 and 1
        Range of the colour scale.

    Returns
    -------
    matplotlib.axes.Axes
    """
    is_mask = np.asarray(weights).dtype == bool
    matrix = _matrix("weights", weights)
    ax = _axes(ax)
    image = ax.imshow(matrix, cmap=cmap, vmin=vmin, vmax=vmax)
    n_queries, n_keys = matrix.shape
    ax.set_xticks(range(n_keys))
    ax.set_yticks(range(n_queries))
    if key_labels is not None:
        ax.set_xticklabels(_tick_labels("key_labels", key_labels, n_keys, "column"))
    if query_labels is not None:
        ax.set_yticklabels(_tick_labels("query_labels", query_labels, n_queries, "row"))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if annotate:
        for i in range(n_queries):
            for j in range(n_keys):
                text = fmt(matrix[i, j], ".0f" if is_mask else ".2f")
                red, green, blue, _ = image.cmap(image.norm(matrix[i, j]))
                dark = 0.299 * red + 0.587 * green + 0.114 * blue < 0.5  # luminance of the cell
                ax.text(j, i, text, ha="center", va="center", fontsize=8, color="white" if dark else "black")
    if colorbar:
        ax.figure.colorbar(image, ax=ax, shrink=0.8)
    return ax


def positional_encoding_image(encoding, *, xlabel, ylabel, ax=None, colorbar=True):
    """Draw a positional encoding as an image: one row per position, one column per feature.

    Parameters
    ----------
    encoding : array_like of shape (length, d_model)
        For example :func:`dlbasics.scratch.attention.positional_encoding`.
    xlabel, ylabel : str
        Axis labels (features on x, positions on y).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when None.
    colorbar : bool, default True

    Returns
    -------
    matplotlib.axes.Axes
    """
    matrix = _matrix("encoding", encoding)
    ax = _axes(ax)
    image = ax.imshow(matrix, cmap="RdBu_r", vmin=-1, vmax=1, aspect="auto", interpolation="nearest")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if colorbar:
        ax.figure.colorbar(image, ax=ax)
    return ax
