"""Curves: values drawn against a common abscissa (inputs, epochs, layers).

The helper contract (``ax=None``, the Axes returned, no title, every
displayed string an argument) is stated once, in :mod:`dlbasics.plots`.
"""

import numpy as np

from .._validation import check_choice, check_int, check_same_length
from ..numbers import fmt
from ._base import _axes, _curve_data, _index, _per_curve

__all__ = [
    "activation_grid",
    "curves",
    "layer_gradient_norms",
    "loss_curve",
    "loss_functions",
    "plot_history",
    "scatter",
    "signals",
    "validation_curves",
]


def scatter(x, y, *, xlabel, ylabel, ax=None, **scatter_kw):
    """Scatter plot of a data set, one dot per sample.

    Chapter 1 shows the Boston prices against the number of rooms.

    Parameters
    ----------
    x, y : array_like of shape (n,)
        Coordinates of the n points.
    xlabel, ylabel : str
        Axis labels (in the chapter's language).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when None.
    **scatter_kw
        Passed to :meth:`~matplotlib.axes.Axes.scatter` (defaults: small,
        slightly transparent dots).

    Returns
    -------
    matplotlib.axes.Axes
    """
    x, y = _curve_data("x", x, "y", y)
    ax = _axes(ax)
    ax.scatter(x, y, **{"s": 12, "alpha": 0.6, **scatter_kw})
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


def loss_curve(w, loss, *, xlabel, ylabel, ax=None, **line_kw):
    """Plot a loss against a grid of weights.

    Chapter 1 draws the summed squared loss of the one-parameter model.

    Parameters
    ----------
    w : array_like of shape (m,)
        Grid of weights, in increasing order.
    loss : array_like of shape (m,)
        Loss at each weight, e.g. ``squared_loss(w, x, y)``.
    xlabel, ylabel : str
        Axis labels.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when None.
    **line_kw
        Passed to :meth:`~matplotlib.axes.Axes.plot`.

    Returns
    -------
    matplotlib.axes.Axes
    """
    w, loss = _curve_data("w", w, "loss", loss)
    ax = _axes(ax)
    ax.plot(w, loss, **line_kw)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


def curves(x, ys, *, labels, xlabel, ylabel, ax=None, styles=None):
    """Plot several curves over the same x, with a legend.

    Chapter 2 compares a function with its approximations by networks of
    growing width.

    Parameters
    ----------
    x : array_like of shape (m,)
        Common abscissae.
    ys : sequence of array_like of shape (m,)
        One curve each.
    labels : sequence of str
        Legend entry of each curve (in the chapter's language).
    xlabel, ylabel : str
        Axis labels.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when None.
    styles : sequence of dict, optional
        Keyword arguments for :meth:`~matplotlib.axes.Axes.plot`, one dict
        per curve (e.g. ``{"color": "k", "linestyle": "--"}``).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If a curve differs in length from `x`, or `labels` (or `styles`)
        does not have one entry per curve.
    """
    ys = list(ys)
    labels = _per_curve("labels", labels, len(ys))
    styles = _per_curve("styles", styles, len(ys)) or [{}] * len(ys)
    ax = _axes(ax)
    for index, (y, label, style) in enumerate(zip(ys, labels, styles)):
        xs, y = _curve_data("x", x, f"ys[{index}]", y)
        ax.plot(xs, y, label=label, **style)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend()
    return ax


def activation_grid(x, functions, *, labels, function_label, derivative_label, ncols=4, axes=None):
    """Draw activation functions and their derivatives, one panel each.

    Each panel shows a function (solid line) and its derivative (dashed),
    with its name in the top-left corner; a legend below the panels tells
    the two apart. Chapter 2 draws the seven activations of the chapter.

    Parameters
    ----------
    x : array_like of shape (m,)
        Inputs at which to evaluate the functions.
    functions : sequence of pairs of callables
        ``(function, derivative)`` for each panel, e.g. from
        :func:`dlbasics.scratch.activations.get_activation`.
    labels : sequence of str
        Name written in each panel (in the chapter's language).
    function_label, derivative_label : str
        Legend entries of the solid and the dashed curves.
    ncols : int, default 4
        Panels per row when a new figure is made.
    axes : sequence of matplotlib.axes.Axes, optional
        At least one Axes per function; a new figure of
        ``ceil(len(functions) / ncols)`` rows is made when None, its unused
        panels hidden.

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
        The Axes drawn on, one per function.

    Raises
    ------
    ValueError
        If `labels` does not have one entry per function, or too few Axes
        are given.
    """
    functions = list(functions)
    labels = _per_curve("labels", labels, len(functions), per="function")
    x = np.asarray(x, dtype=float)
    if axes is None:
        ncols = check_int("ncols", ncols)
        import matplotlib.pyplot as plt

        nrows = -(-len(functions) // ncols)
        fig, grid = plt.subplots(
            nrows, ncols, figsize=(2.4 * ncols, 2.1 * nrows), sharex=True, sharey=True,
            layout="constrained", squeeze=False,
        )
        grid = grid.ravel()
        for unused in grid[len(functions):]:
            unused.set_axis_off()
    else:
        grid = np.ravel(np.asarray(axes, dtype=object))
        if len(grid) < len(functions):
            raise ValueError(f"{len(functions)} functions need as many Axes; got {len(grid)}.")
    for ax, (function, derivative), label in zip(grid, functions, labels):
        ax.axhline(0, color="0.8", linewidth=0.8, zorder=0)
        ax.axvline(0, color="0.8", linewidth=0.8, zorder=0)
        solid, = ax.plot(x, function(x), color="C0", linewidth=2)
        dashed, = ax.plot(x, derivative(x), color="C1", linestyle="--", linewidth=1.5)
        ax.text(0.04, 0.95, label, transform=ax.transAxes, ha="left", va="top", fontsize=11)
    figure = grid[0].figure
    figure.legend(
        [solid, dashed], [function_label, derivative_label], loc="outside lower center", ncols=2
    )
    return grid[: len(functions)]


def loss_functions(x, losses, *, labels, xlabel, ylabel, ax=None, marks=(), styles=None):
    """Plot pointwise losses against the quantity they depend on, with a legend.

    Chapter 3 draws the squared and absolute errors against the error,
    -log p against the probability p of the correct class, and the losses
    of a sigmoid output against its logit. A thin grey line marks y = 0.

    Parameters
    ----------
    x : array_like of shape (m,)
        Increasing abscissae (errors, probabilities or logits).
    losses : sequence of array_like of shape (m,)
        One curve each, e.g. ``[x**2, abs(x)]``.
    labels : sequence of str
        Legend entry of each curve (in the chapter's language).
    xlabel, ylabel : str
        Axis labels.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when None.
    marks : sequence of float, default ()
        Abscissae at which every curve gets a dot labelled with its value
        (three significant digits), e.g. ``[0.5, 2.0]`` to compare two
        losses at a small and a large error. Values are interpolated
        between the points of `x`.
    styles : sequence of dict, optional
        Keyword arguments for :meth:`~matplotlib.axes.Axes.plot`, one dict
        per curve.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If a curve differs in length from `x`, `x` is not increasing,
        `labels` (or `styles`) does not have one entry per curve, or a mark
        lies outside the range of `x`.
    """
    losses = list(losses)
    if not losses:
        raise ValueError("losses must hold at least one curve; got none.")
    labels = _per_curve("labels", labels, len(losses))
    styles = _per_curve("styles", styles, len(losses)) or [{}] * len(losses)
    curves = [_curve_data("x", x, f"losses[{i}]", y) for i, y in enumerate(losses)]
    xs = curves[0][0]
    if len(xs) < 2 or np.any(np.diff(xs) <= 0):
        raise ValueError("x must hold at least two increasing values.")
    marks = [float(m) for m in marks]
    outside = [m for m in marks if not xs[0] <= m <= xs[-1]]
    if outside:
        raise ValueError(
            f"marks must lie within the range of x, [{xs[0]:g}, {xs[-1]:g}]; got {outside[0]:g}."
        )
    ax = _axes(ax)
    ax.axhline(0.0, color="0.8", linewidth=0.8, zorder=0)
    lines = [
        ax.plot(xs, y, label=label, **{"linewidth": 2, **style})[0]
        for (_, y), label, style in zip(curves, labels, styles)
    ]
    for m in marks:
        values = [float(np.interp(m, xs, y)) for _, y in curves]
        top = int(np.argmax(values))
        for index, ((_, y), line, value) in enumerate(zip(curves, lines, values)):
            ax.plot([m], [value], "o", color=line.get_color(), markersize=5, zorder=3)
            _mark_label(ax, m, value, np.gradient(y, xs), xs, above=index == top,
                        color=line.get_color())
    if marks:
        ax.set_ymargin(0.1)  # room for the labels of the extreme values
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend()
    return ax


def _mark_label(ax, m, value, slope, xs, *, above, color):
    """Label the dot (m, value) on the side away from its own curve.

    The label goes above the dot for the highest curve at `m` and below it
    for the others; left or right so that the curve, rising or falling,
    passes on the other side of the label.
    """
    rising = float(np.interp(m, xs, slope)) >= 0
    right = rising != above  # above a rising curve, the free side is the left
    ax.annotate(
        fmt(value, ".3g"), xy=(m, value),
        xytext=(6 if right else -6, 4 if above else -4), textcoords="offset points",
        ha="left" if right else "right", va="bottom" if above else "top",
        color=color, fontsize=10, zorder=4,
        bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
    )


def signals(t, ys, *, labels=None, xlabel, ylabel, ax=None, logy=False, styles=None):
    """Several curves over a common axis, with an optional legend.

    Chapter 6 draws a series and its smoothed version; chapter 7 the
    derivative of tanh, gradient norms over time steps and forecasts.

    Parameters
    ----------
    t : array_like of shape (n,)
        Common abscissa (time steps, years...).
    ys : sequence of array_like of shape (n,)
        One curve each.
    labels : sequence of str, optional
        Legend entries, one per curve (in the chapter's language).
    xlabel, ylabel : str
    ax : matplotlib.axes.Axes, optional
    logy : bool, default False
        Logarithmic vertical axis.
    styles : sequence of dict, optional
        Keyword arguments of :meth:`~matplotlib.axes.Axes.plot`, one dict
        per curve.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ys = list(ys)
    labels = _per_curve("labels", labels, len(ys))
    styles = _per_curve("styles", styles, len(ys)) or [{}] * len(ys)
    ax = _axes(ax)
    for k, (y, style) in enumerate(zip(ys, styles)):
        tk, yk = _curve_data("t", t, f"ys[{k}]", y)
        ax.plot(tk, yk, label=None if labels is None else labels[k], **style)
    if logy:
        ax.set_yscale("log")
    if labels is not None:
        ax.legend()
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


def _history_dict(history):
    """The dict of lists inside a Keras or dlbasics History, or `history` itself."""
    logs = getattr(history, "history", history)
    if not isinstance(logs, dict):
        raise TypeError("history must be a Keras History, a dlbasics.training.History or a dict "
                        f"of lists; got {type(history).__name__}.")
    return logs


def _epoch_values(logs, key):
    """``logs[key]`` as a float array of shape (n_epochs,), n_epochs >= 1."""
    values = np.asarray(logs[key], dtype=float)
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"history[{key!r}] must be a non-empty list of numbers, one per epoch; "
                         f"got shape {values.shape}.")
    return values


def plot_history(history, *, metric="loss", ax=None, labels=("training", "validation"),
                 xlabel="epoch", ylabel=None, best_epoch=None, **line_kw):
    """Draw a metric and its validation twin against the epoch number.

    :func:`~dlbasics.plots.plot_history` takes what Keras's ``model.fit`` returns, what
    :func:`dlbasics.training.fit` returns, or a plain dict of lists, so that
    the Keras and PyTorch tabs of a chapter draw their curves with one call
    (chapters 5 and 8).

    Parameters
    ----------
    history : keras.callbacks.History, dlbasics.training.History or dict
        Anything with a ``history`` dict, or the dict itself: keys such as
        ``"loss"`` and ``"val_loss"``, each a list with one value per epoch.
    metric : str, default "loss"
        The key to draw; ``"val_" + metric`` is drawn too when present.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when None.
    labels : pair of str, default ("training", "validation")
        Legend entries of the two curves (pass the page's language).
    xlabel : str, default "epoch"
    ylabel : str or None, default None
        None writes `metric`.
    best_epoch : int or None, default None
        An epoch counted **from 0**, as ``EarlyStopping.best_epoch`` and
        ``History.epoch`` count them, marked by a dotted vertical line at
        ``best_epoch + 1`` (the x axis counts epochs from 1).
    **line_kw
        Passed to both :meth:`~matplotlib.axes.Axes.plot` calls (e.g.
        ``marker="o"``); the validation curve is dashed unless
        ``linestyle`` is given.

    Returns
    -------
    matplotlib.axes.Axes
        With one line (``metric``) or two (plus ``"val_" + metric``) and a
        legend.

    Raises
    ------
    TypeError
        If `history` has no dict of lists.
    ValueError
        If `metric` is not a key (the message lists the keys), its values
        are not a non-empty 1-D sequence of numbers, the validation values
        have another length, `labels` is not a pair of strings, or
        `best_epoch` is not an epoch of the history.
    """
    logs = _history_dict(history)
    if metric not in logs:
        raise ValueError(f"metric {metric!r} is not in the history; available keys: {list(logs)}.")
    if (isinstance(labels, str) or len(labels) != 2
            or not all(isinstance(label, str) for label in labels)):
        raise ValueError(f"labels must be a pair of strings (training, validation); got {labels!r}.")
    values = _epoch_values(logs, metric)
    val_key = f"val_{metric}"
    val_values = None
    if val_key in logs:
        val_values = _epoch_values(logs, val_key)
        check_same_length(**{f"history[{metric!r}]": values, f"history[{val_key!r}]": val_values})
    if best_epoch is not None:
        best_epoch = _index("best_epoch", best_epoch, values.size, what="be an epoch counted from 0,")
    ax = _axes(ax)
    epochs = np.arange(1, values.size + 1)
    ax.plot(epochs, values, label=labels[0], **line_kw)
    if val_values is not None:
        ax.plot(epochs, val_values, label=labels[1], **{"linestyle": "--", **line_kw})
    if best_epoch is not None:
        ax.axvline(best_epoch + 1, color="0.4", linestyle=":", linewidth=1)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(metric if ylabel is None else ylabel)
    if values.size < 12:
        ax.set_xticks(epochs)
    ax.legend()
    return ax


def validation_curves(curves, *, xlabel, ylabel, labels=None, ax=None, best="min", styles=None):
    """Several validation curves against the epoch on one Axes, each best value marked.

    Chapter 5 compares the validation losses of one network trained with
    no regularisation, early stopping, an L2 penalty, dropout and batch
    normalisation on the same split. Curves may have different lengths
    (early stopping ends sooner); epochs are numbered from 1.

    Parameters
    ----------
    curves : dict of str to array_like of shape (n_epochs,)
        Name of each curve (e.g. ``"dropout"``) to its values per epoch.
    xlabel, ylabel : str
        Axis labels.
    labels : sequence of str, optional
        Legend entries (in the chapter's language), one per curve in the
        order of `curves`; the names of `curves` when None.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when None.
    best : {"min", "max", None}, default "min"
        Put a dot on the smallest value of each curve (losses), on the
        largest (accuracies), or nowhere.
    styles : dict of str to dict, optional
        Extra keyword arguments for :meth:`~matplotlib.axes.Axes.plot`, by
        name of curve; by default the i-th curve has colour ``"C{i}"``.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If `curves` is empty, a curve is not 1-D with at least one value,
        `labels` does not have one entry per curve, or `best` is not
        "min", "max" or None.
    """
    if best is not None:
        check_choice("best", best, {"min", "max"})
    if not curves:
        raise ValueError("curves must hold at least one labelled curve.")
    styles = styles or {}
    labels = _per_curve("labels", list(curves) if labels is None else labels, len(curves))
    ax = _axes(ax)
    for index, ((name, values), label) in enumerate(zip(curves.items(), labels)):
        values = np.asarray(values, dtype=float)
        if values.ndim != 1 or values.size == 0:
            raise ValueError(
                f"curve {name!r} must be a 1-D array with at least one value; got shape {values.shape}."
            )
        epochs = np.arange(1, values.size + 1)
        (line,) = ax.plot(epochs, values, label=label, **{"color": f"C{index}", **styles.get(name, {})})
        if best is not None:
            at = int(np.argmin(values) if best == "min" else np.argmax(values))
            ax.plot(epochs[at], values[at], "o", color=line.get_color(), ms=5)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
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
    labels = _per_curve("labels", labels, len(norms), per="network")
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
