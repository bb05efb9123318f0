"""Figures of the attention chapter: attention weights, masks, positional encodings.

Like :mod:`dlbasics.plots`, every helper draws on the Axes it is given
(``ax=...``) or on a new one, returns that Axes, sets no title, and takes its
labels as arguments so that each edition passes its own language.
"""

import numpy as np

from .plots import _axes

__all__ = ["attention_heatmap", "positional_encoding_image"]


def _matrix(name, values):
    arr = np.asarray(values)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (rows, columns); got shape {arr.shape}.")
    return arr.astype(float)


def _tick_labels(labels, n, name):
    labels = [str(label) for label in labels]
    if len(labels) != n:
        raise ValueError(f"{name} must hold {n} labels, one per row or column; got {len(labels)}.")
    return labels


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
        ax.set_xticklabels(_tick_labels(key_labels, n_keys, "key_labels"))
    if query_labels is not None:
        ax.set_yticklabels(_tick_labels(query_labels, n_queries, "query_labels"))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if annotate:
        for i in range(n_queries):
            for j in range(n_keys):
                text = f"{matrix[i, j]:.0f}" if is_mask else f"{matrix[i, j]:.2f}"
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
