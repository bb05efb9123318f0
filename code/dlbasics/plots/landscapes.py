"""Landscapes: a loss over its parameters, and the paths optimisers take on it.

The helper contract (``ax=None``, the Axes returned, no title, every
displayed string an argument) is stated once, in :mod:`dlbasics.plots`.
"""

import numpy as np

from .._validation import check_int
from ._base import _axes, _curve_data, _index, _per_curve

__all__ = ["descent_path", "loss_contours", "parameter_paths"]


def _label_side(ws, t):
    """Return +1 or -1: put the label of `ws[t]` away from its neighbour."""
    neighbour = ws[t + 1] if t + 1 < len(ws) else ws[t - 1] if t > 0 else ws[t]
    return -1 if neighbour > ws[t] else 1


def descent_path(ws, losses, *, ax=None, annotate=(0, -1), **line_kw):
    """Draw gradient descent iterates as connected dots, with a few labelled.

    Meant to go on top of :func:`dlbasics.plots.loss_curve`; chapter 1 uses it to compare
    learning rates.

    Parameters
    ----------
    ws : array_like of shape (n_steps + 1,)
        Iterates w_0, ..., w_n, e.g. from
        :func:`dlbasics.scratch.perceptron.gradient_descent`.
    losses : array_like of shape (n_steps + 1,)
        Loss at each iterate.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when None.
    annotate : sequence of int, default (0, -1)
        Indices of the iterates to label ``$w_{t}$`` (negative indices count
        from the end, so -1 is the last iterate). Each label sits above its
        dot, shifted away from the next (or previous) iterate.
    **line_kw
        Passed to :meth:`~matplotlib.axes.Axes.plot` (default: black dots
        joined by a thin line).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If the arrays differ in length or an index in `annotate` is out of
        range.
    """
    ws, losses = _curve_data("ws", ws, "losses", losses)
    n = len(ws)
    steps = [_index("annotate", t, n, low=-n) % n for t in annotate]
    ax = _axes(ax)
    style = {"color": "k", "marker": "o", "markersize": 4, "linewidth": 1, "zorder": 3}
    ax.plot(ws, losses, **{**style, **line_kw})
    for t in dict.fromkeys(steps):
        side = _label_side(ws, t)
        ax.annotate(
            f"$w_{{{t}}}$",
            xy=(ws[t], losses[t]),
            xytext=(7 * side, 7),
            textcoords="offset points",
            ha="left" if side > 0 else "right",
            va="bottom",
        )
    return ax


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
    levels = check_int("levels", levels, minimum=2)
    marks = [tuple(np.asarray(mark, dtype=float)) for mark in marks]
    if any(len(mark) != 2 for mark in marks):
        raise ValueError("each mark must be a pair (x, y).")
    mark_labels = _per_curve("mark_labels", mark_labels, len(marks), per="mark")
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
    :func:`~dlbasics.plots.loss_contours`; chapter 4 compares gradient descent with
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
    labels = _per_curve("labels", labels, len(paths), per="path")
    styles = _per_curve("styles", styles, len(paths), per="path") or [{}] * len(paths)
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
