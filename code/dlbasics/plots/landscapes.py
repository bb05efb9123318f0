"""Figures of chapter 4 (optimisation), drawn with matplotlib.

Like :mod:`dlbasics.plots`, every helper draws on the Axes it is given
(``ax=...``) or on a new one and returns it, sets no title, and takes its
axis labels and legend entries as arguments, so that the English and French
chapters pass their own strings.

- :func:`loss_contours` draws a loss as a function of two parameters (level
  lines on a grid), with optional marked points;
- :func:`parameter_paths` draws optimiser trajectories in that plane, on top
  of :func:`loss_contours`;
- :func:`layer_gradient_norms` compares the gradient norm of each layer of
  several networks on a logarithmic scale.
"""

import numpy as np

from .plots import _axes

__all__ = ["layer_gradient_norms", "loss_contours", "parameter_paths"]


def loss_contours(x_grid, y_grid, loss, *, xlabel, ylabel, ax=None, levels=20,
                  log_levels=False, marks=(), mark_labels=None, colorbar=False):
    """Level lines of a loss that depends on two parameters.

    Chapter 4 draws the loss of a linear regression in the plane of its two
    parameters, and the non-convex loss of a small network as a function of
    two of its weights.

    Parameters
    ----------
    x_grid : array_like of shape (m,)
        Values of the first parameter (horizontal axis), increasing.
    y_grid : array_like of shape (k,)
        Values of the second parameter (vertical axis), increasing.
    loss : array_like of shape (k, m)
        ``loss[i, j]`` is the loss at ``(x_grid[j], y_grid[i])``, the layout
        of ``np.meshgrid(x_grid, y_grid)``.
    xlabel, ylabel : str
        Axis labels (in the chapter's language).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when None.
    levels : int, default 20
        Number of level lines.
    log_levels : bool, default False
        Space the levels evenly on a logarithmic scale between the smallest
        positive and the largest loss, which shows the bottom of a valley
        better; the loss must then be positive somewhere.
    marks : sequence of pairs of float, default ()
        Points ``(x, y)`` to mark with a black cross (minima, saddle points).
    mark_labels : sequence of str, optional
        Text written next to each mark.
    colorbar : bool, default False
        Add a colour bar for the levels.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If the shapes do not match, `levels` is not an integer >= 2,
        `mark_labels` does not have one entry per mark, or `log_levels` is
        set and the loss has no positive value.
    """
    x_grid = np.asarray(x_grid, dtype=float)
    y_grid = np.asarray(y_grid, dtype=float)
    loss = np.asarray(loss, dtype=float)
    if x_grid.ndim != 1 or y_grid.ndim != 1 or loss.shape != (len(y_grid), len(x_grid)):
        raise ValueError(
            "loss must have shape (len(y_grid), len(x_grid)) with 1-D grids; got grids of "
            f"shapes {x_grid.shape} and {y_grid.shape} and loss of shape {loss.shape}."
        )
    if isinstance(levels, bool) or not isinstance(levels, (int, np.integer)) or levels < 2:
        raise ValueError(f"levels must be an integer >= 2; got {levels!r}.")
    marks = [tuple(np.asarray(mark, dtype=float)) for mark in marks]
    if any(len(mark) != 2 for mark in marks):
        raise ValueError("each mark must be a pair (x, y).")
    if mark_labels is not None and len(mark_labels) != len(marks):
        raise ValueError(
            f"give one label per mark: {len(marks)} marks, {len(mark_labels)} labels."
        )
    if log_levels:
        positive = loss[loss > 0]
        if positive.size == 0:
            raise ValueError("log_levels needs a loss with positive values.")
        values = np.geomspace(positive.min(), loss.max(), levels)
    else:
        values = np.linspace(loss.min(), loss.max(), levels)
    ax = _axes(ax)
    filled = ax.contourf(x_grid, y_grid, loss, levels=values, cmap="viridis_r", alpha=0.35,
                         extend="min" if log_levels else "neither")
    ax.contour(x_grid, y_grid, loss, levels=values, colors="0.35", linewidths=0.6)
    if colorbar:
        ax.figure.colorbar(filled, ax=ax)
    for index, (x, y) in enumerate(marks):
        ax.plot(x, y, marker="X", color="k", markersize=9, linestyle="none", zorder=4)
        if mark_labels is not None:
            ax.annotate(mark_labels[index], xy=(x, y), xytext=(6, 6), textcoords="offset points",
                        fontsize=10, zorder=5,
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white",
                              "edgecolor": "none", "alpha": 0.8})
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


def parameter_paths(paths, *, labels, ax=None, styles=None):
    """Trajectories of optimisers in a plane of two parameters.

    Each path is drawn as a line through its iterates, with a circle at its
    start and a square at its end. Meant to go on top of
    :func:`loss_contours`; chapter 4 compares gradient descent with
    stochastic gradient descent.

    Parameters
    ----------
    paths : sequence of array_like of shape (n_steps + 1, 2)
        The iterates of each optimiser, first the starting point.
    labels : sequence of str
        Legend entry of each path (in the chapter's language).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when None.
    styles : sequence of dict, optional
        Keyword arguments for :meth:`~matplotlib.axes.Axes.plot`, one dict
        per path (default: colours C0, C1... with small dots).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If a path is not of shape (n, 2) with n >= 1, or `labels` (or
        `styles`) does not have one entry per path.
    """
    paths = [np.asarray(path, dtype=float) for path in paths]
    labels = list(labels)
    styles = [{}] * len(paths) if styles is None else list(styles)
    if not (len(labels) == len(styles) == len(paths)):
        raise ValueError(
            f"give one label (and style) per path: {len(paths)} paths, "
            f"{len(labels)} labels, {len(styles)} styles."
        )
    for index, path in enumerate(paths):
        if path.ndim != 2 or path.shape[1] != 2 or len(path) < 1:
            raise ValueError(
                f"paths[{index}] must have shape (n_steps + 1, 2); got shape {path.shape}."
            )
    ax = _axes(ax)
    for index, (path, label, style) in enumerate(zip(paths, labels, styles)):
        style = {"color": f"C{index}", "marker": "o", "markersize": 2.5, "linewidth": 1.2,
                 **style}
        ax.plot(path[:, 0], path[:, 1], label=label, zorder=3, **style)
        ax.plot(*path[0], marker="o", color=style["color"], markersize=7, zorder=4)
        ax.plot(*path[-1], marker="s", color=style["color"], markersize=7, zorder=4,
                markeredgecolor="k")
    ax.legend()
    return ax


def layer_gradient_norms(norms, *, labels, xlabel, ylabel, ax=None):
    """Gradient norm of each layer of several networks, on a log scale.

    Chapter 4 compares a deep sigmoid network, whose gradients vanish in
    the first layers, with a deep ReLU network.

    Parameters
    ----------
    norms : sequence of array_like of shape (n_layers,)
        For each network, the norm of the gradient of the loss with respect
        to the weights of each layer, first layer first. All values must be
        positive (log scale); networks may differ in depth.
    labels : sequence of str
        Legend entry of each network.
    xlabel, ylabel : str
        Axis labels.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when None.

    Returns
    -------
    matplotlib.axes.Axes
        With layers numbered from 1 on the horizontal axis.

    Raises
    ------
    ValueError
        If a norm array is not 1-D and non-empty, holds a value that is not
        positive, or `labels` does not have one entry per network.
    """
    norms = [np.asarray(values, dtype=float) for values in norms]
    labels = list(labels)
    if len(labels) != len(norms):
        raise ValueError(
            f"give one label per network: {len(norms)} networks, {len(labels)} labels."
        )
    for index, values in enumerate(norms):
        if values.ndim != 1 or values.size == 0:
            raise ValueError(f"norms[{index}] must be a non-empty 1-D array; got shape {values.shape}.")
        if not np.all(values > 0):
            raise ValueError(f"norms[{index}] must hold positive values (log scale).")
    ax = _axes(ax)
    markers = "osD^v"
    for index, (values, label) in enumerate(zip(norms, labels)):
        layers = np.arange(1, len(values) + 1)
        ax.plot(layers, values, marker=markers[index % len(markers)], label=label)
    ax.set_yscale("log")
    ax.set_xticks(np.arange(1, max(len(values) for values in norms) + 1))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, which="major", axis="y", alpha=0.3)
    ax.legend()
    return ax
