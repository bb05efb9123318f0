"""Figures of the chapters, drawn with matplotlib.

Every helper draws on the Axes it is given (``ax=...``) or on a new one, and
returns that Axes. None sets a title (captions belong to the book) or
changes matplotlib's global settings, and axis labels are arguments so that
the English and French chapters pass their own strings.
"""

import numbers

import numpy as np

__all__ = [
    "activation_grid",
    "curves",
    "descent_path",
    "draw_network",
    "draw_neuron",
    "loss_curve",
    "loss_functions",
    "scatter",
]


def _axes(ax):
    """Return `ax`, or the Axes of a new figure when `ax` is None."""
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots()
    return ax


def _curve_data(name_a, a, name_b, b):
    """Return `a` and `b` as 1-D float arrays of one shape (n,)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != 1 or a.shape != b.shape:
        raise ValueError(
            f"{name_a} and {name_b} must be 1-D arrays of the same length; "
            f"got shapes {a.shape} and {b.shape}."
        )
    return a, b


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


def _label_side(ws, t):
    """Return +1 or -1: put the label of `ws[t]` away from its neighbour."""
    neighbour = ws[t + 1] if t + 1 < len(ws) else ws[t - 1] if t > 0 else ws[t]
    return -1 if neighbour > ws[t] else 1


def descent_path(ws, losses, *, ax=None, annotate=(0, -1), **line_kw):
    """Draw gradient descent iterates as connected dots, with a few labelled.

    Meant to go on top of :func:`loss_curve`; chapter 1 uses it to compare
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
    steps = []
    for t in annotate:
        if not isinstance(t, numbers.Integral) or not -n <= t < n:
            raise ValueError(
                f"annotate must hold integer indices from {-n} to {n - 1}; got {t!r}."
            )
        steps.append(int(t) % n)
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


def _input_rows(n_inputs):
    """Return the input subscripts to draw, None standing for a row of dots."""
    if not isinstance(n_inputs, numbers.Integral) or n_inputs < 1:
        raise ValueError(f"n_inputs must be an integer >= 1; got {n_inputs!r}.")
    n = int(n_inputs)
    return [str(i) for i in range(1, n + 1)] if n <= 4 else ["1", "2", None, "n"]


def _arrow(ax, start, end, **kw):
    from matplotlib.patches import FancyArrowPatch

    arrow = FancyArrowPatch(
        start,
        end,
        arrowstyle="-|>",
        mutation_scale=12,
        shrinkA=0,
        shrinkB=0,
        color="k",
        linewidth=1.2,
        **kw,
    )
    ax.add_patch(arrow)
    return arrow


def draw_neuron(n_inputs=3, *, ax=None, input_label="inputs", output_label="output"):
    r"""Schematic of one artificial neuron.

    Input nodes :math:`x_1, \dots, x_n` send arrows weighted
    :math:`w_1, \dots, w_n` to a unit that adds them with a bias :math:`b`
    (:math:`\Sigma`) and applies an activation :math:`\varphi`; its output is
    :math:`a = \varphi(\mathbf{w}\cdot\mathbf{x} + b)`. Used in chapter 1.
    Drawn in equal aspect with the axis hidden; meant for a figure of about
    6 x 3 inches.

    Parameters
    ----------
    n_inputs : int, default 3
        Number of inputs, >= 1. Beyond 4, the inputs drawn are x_1, x_2, a
        column of dots and x_n (the symbol n, not the number).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when None.
    input_label, output_label : str
        Captions under the inputs and the output (in the chapter's language).

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.patches import Circle

    rows = _input_rows(n_inputs)
    ax = _axes(ax)
    r_in, r_unit = 0.3, 0.85
    unit = np.array([4.0, 0.0])
    ys = (len(rows) - 1) / 2 - np.arange(len(rows))  # one unit apart, centred
    text = {"ha": "center", "va": "center", "fontsize": 12}

    for i, y in zip(rows, ys):
        node = np.array([0.0, y])
        if i is None:  # the inputs left out between x_2 and x_n
            ax.text(*node, r"$\vdots$", **{**text, "fontsize": 16})
            continue
        ax.add_patch(Circle(node, r_in, facecolor="#dbe9f6", edgecolor="k", lw=1.2))
        ax.text(*node, f"$x_{{{i}}}$", **text)
        u = (unit - node) / np.linalg.norm(unit - node)
        _arrow(ax, node + r_in * u, unit - r_unit * u)
        ax.text(
            *(node + 0.4 * (unit - node)),
            f"$w_{{{i}}}$",
            bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none"},
            **text,
        )

    ax.add_patch(Circle(unit, r_unit, facecolor="#fde6c8", edgecolor="k", lw=1.5))
    ax.plot([unit[0], unit[0]], [unit[1] - r_unit, unit[1] + r_unit], color="k", lw=1)
    ax.text(unit[0] - 0.4 * r_unit, unit[1], r"$\Sigma$", **{**text, "fontsize": 16})
    ax.text(unit[0] + 0.4 * r_unit, unit[1], r"$\varphi$", **{**text, "fontsize": 16})

    top = unit + [0.0, r_unit]
    _arrow(ax, top + [0.0, 0.9], top)
    ax.text(*(top + [0.0, 1.1]), "$b$", **text)

    out_start, out_end = unit + [r_unit, 0.0], unit + [r_unit + 1.5, 0.0]
    _arrow(ax, out_start, out_end)
    ax.text(
        *(out_end + [0.15, 0.0]),
        r"$a = \varphi(\mathbf{w} \cdot \mathbf{x} + b)$",
        **{**text, "ha": "left"},
    )

    bottom = min(ys[-1] - r_in, unit[1] - r_unit) - 0.45
    ax.text(0.0, bottom, input_label, **{**text, "va": "top", "fontsize": 11})
    ax.text(out_end[0] + 1.45, bottom, output_label, **{**text, "va": "top", "fontsize": 11})

    ax.set_xlim(-0.5, 9.3)
    ax.set_ylim(bottom - 0.45, max(ys[0] + r_in, top[1] + 1.35))
    ax.set_aspect("equal")
    ax.set_axis_off()
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
    styles = [{}] * len(ys) if styles is None else list(styles)
    labels = list(labels)
    if not (len(labels) == len(styles) == len(ys)):
        raise ValueError(
            f"give one label (and style) per curve: {len(ys)} curves, "
            f"{len(labels)} labels, {len(styles)} styles."
        )
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
    functions, labels = list(functions), list(labels)
    if len(labels) != len(functions):
        raise ValueError(
            f"give one label per function: {len(functions)} functions, {len(labels)} labels."
        )
    x = np.asarray(x, dtype=float)
    if axes is None:
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


def _network_rows(n, max_nodes):
    """Indices (1-based) of the nodes drawn for a layer of `n`, None for the dots."""
    if n <= max_nodes:
        return list(range(1, n + 1))
    return [*range(1, max_nodes - 1), None, n]


def draw_network(
    layer_sizes, *, ax=None, layer_labels=None, node_symbols=None, max_nodes=6
):
    r"""Schematic of a fully connected network: layered nodes joined by edges.

    Each layer is a column of nodes; every node is joined to every node of
    the next column. A layer wider than `max_nodes` shows its first nodes, a
    row of dots and its last node. Biases are not drawn. Chapter 2 draws
    networks with one and two hidden layers. Drawn in equal aspect with the
    axis hidden.

    Parameters
    ----------
    layer_sizes : sequence of int
        Widths of the layers, inputs first; at least one, all >= 1.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when None.
    layer_labels : sequence of str, optional
        Caption under each column (in the chapter's language), e.g.
        ``["inputs", "hidden layer", "output"]``.
    node_symbols : sequence of str or None, optional
        For each layer, a LaTeX symbol (without dollars) written in its
        nodes with the node's number as subscript, e.g. ``"x"`` gives
        :math:`x_1, x_2, \dots`; a layer of one node gets the bare symbol
        (``r"\hat{y}"``). None (for the whole argument or one layer) leaves
        the nodes empty.
    max_nodes : int, default 6
        Most rows per column, >= 3: a wider layer shows its first
        ``max_nodes - 2`` nodes, a row of dots and its last node.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If a size is not an integer >= 1, `max_nodes` is below 3, or
        `layer_labels` or `node_symbols` does not have one entry per layer.
    """
    from matplotlib.collections import LineCollection
    from matplotlib.patches import Circle

    sizes = list(layer_sizes)
    if not sizes or any(
        isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1 for n in sizes
    ):
        raise ValueError(f"layer_sizes must be integers >= 1, at least one; got {sizes!r}.")
    if not isinstance(max_nodes, numbers.Integral) or max_nodes < 3:
        raise ValueError(f"max_nodes must be an integer >= 3; got {max_nodes!r}.")
    for name, values in (("layer_labels", layer_labels), ("node_symbols", node_symbols)):
        if values is not None and len(values) != len(sizes):
            raise ValueError(
                f"{name} needs one entry per layer ({len(sizes)}); got {len(values)}."
            )
    symbols = node_symbols if node_symbols is not None else [None] * len(sizes)

    ax = _axes(ax)
    radius, dx = 0.32, 2.6
    colours = ["#dbe9f6"] + ["#fde6c8"] * (len(sizes) - 2) + ["#d9f0d3"]
    if len(sizes) == 1:
        colours = colours[:1]
    text = {"ha": "center", "va": "center", "fontsize": 12}
    columns = []  # for each layer: list of (index or None, y)
    for n in sizes:
        rows = _network_rows(n, max_nodes)
        ys = (len(rows) - 1) / 2 - np.arange(len(rows), dtype=float)
        columns.append(list(zip(rows, ys)))

    segments = []
    for layer, (left, right) in enumerate(zip(columns[:-1], columns[1:])):
        x0, x1 = layer * dx, (layer + 1) * dx
        for i, y0 in left:
            for j, y1 in right:
                if i is None or j is None:
                    continue
                u = np.array([x1 - x0, y1 - y0]) / np.hypot(x1 - x0, y1 - y0)
                segments.append([(x0 + radius * u[0], y0 + radius * u[1]),
                                 (x1 - radius * u[0], y1 - radius * u[1])])
    ax.add_collection(LineCollection(segments, colors="0.45", linewidths=0.8, zorder=1))

    for layer, (column, symbol, colour) in enumerate(zip(columns, symbols, colours)):
        x = layer * dx
        for index, y in column:
            if index is None:
                ax.text(x, y, r"$\vdots$", **{**text, "fontsize": 16})
                continue
            ax.add_patch(Circle((x, y), radius, facecolor=colour, edgecolor="k", lw=1.2, zorder=2))
            if symbol is not None:
                label = f"${symbol}$" if sizes[layer] == 1 else f"${symbol}_{{{index}}}$"
                ax.text(x, y, label, zorder=3, **{**text, "fontsize": 11})

    top = max(column[0][1] for column in columns) + radius
    bottom = min(column[-1][1] for column in columns) - radius
    if layer_labels is not None:
        for layer, label in enumerate(layer_labels):
            ax.text(layer * dx, bottom - 0.35, label, **{**text, "va": "top", "fontsize": 11})
        bottom -= 0.9
    ax.set_xlim(-0.9, (len(sizes) - 1) * dx + 0.9)
    ax.set_ylim(bottom - 0.2, top + 0.2)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return ax


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
    labels = list(labels)
    styles = [{}] * len(losses) if styles is None else list(styles)
    if not losses or not (len(labels) == len(styles) == len(losses)):
        raise ValueError(
            f"give at least one curve, and one label (and style) per curve: "
            f"{len(losses)} curves, {len(labels)} labels, {len(styles)} styles."
        )
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
        f"{value:.3g}", xy=(m, value),
        xytext=(6 if right else -6, 4 if above else -4), textcoords="offset points",
        ha="left" if right else "right", va="bottom" if above else "top",
        color=color, fontsize=10, zorder=4,
        bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
    )




# --- Chapters 6 (convolutional networks) and 7 (recurrent networks) ---------

__all__ += ["signals", "image_grid", "confusion", "draw_unrolled_rnn"]


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
    if labels is not None and len(labels) != len(ys):
        raise ValueError(f"labels must have one entry per curve: {len(ys)} curves, {len(labels)} labels.")
    if styles is not None and len(styles) != len(ys):
        raise ValueError(f"styles must have one dict per curve: {len(ys)} curves, {len(styles)} dicts.")
    ax = _axes(ax)
    for k, y in enumerate(ys):
        tk, yk = _curve_data("t", t, f"ys[{k}]", y)
        ax.plot(tk, yk, label=None if labels is None else labels[k], **({} if styles is None else styles[k]))
    if logy:
        ax.set_yscale("log")
    if labels is not None:
        ax.legend()
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


def image_grid(images, *, labels=None, ncols=None, cmap="gray", axes=None, symmetric=False,
               size=2.0):
    """Images side by side, each with an optional label under it.

    Chapter 6 shows a photo and its channels, filtered photos, learnt
    filters and feature maps with it.

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
    if labels is not None and len(labels) != len(images):
        raise ValueError(f"labels must have one entry per image: {len(images)} images, {len(labels)} labels.")
    if axes is None:
        import matplotlib.pyplot as plt

        ncols = len(images) if ncols is None else ncols
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


def confusion(matrix, *, xlabel, ylabel, ax=None, class_names=None):
    """A confusion matrix as a heat map with the counts written in.

    Chapter 6 draws the one of the digit classifier.

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
    matrix = np.asarray(matrix)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"matrix must be square, of shape (K, K); got shape {matrix.shape}.")
    k = len(matrix)
    names = [str(i) for i in range(k)] if class_names is None else list(class_names)
    ax = _axes(ax)
    ax.imshow(matrix, cmap="Blues")
    threshold = matrix.max() / 2
    for i in range(k):
        for j in range(k):
            if matrix[i, j]:
                ax.text(j, i, str(matrix[i, j]), ha="center", va="center", fontsize=9,
                        color="white" if matrix[i, j] > threshold else "black")
    ax.set_xticks(range(k), names)
    ax.set_yticks(range(k), names)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


def draw_unrolled_rnn(n_steps=4, *, ax=None, unfold_label="unfold"):
    r"""A recurrent cell drawn folded (with its loop) and unrolled over time.

    Left, one cell :math:`A` reads :math:`x_t`, outputs :math:`y_t` and
    feeds its state :math:`h_t` back to itself; right, the same cell copied
    at each time step, the state passing from one copy to the next. Used
    in chapter 7.

    Parameters
    ----------
    n_steps : int, default 4
        Time steps drawn unrolled (the last one is step :math:`T`).
    ax : matplotlib.axes.Axes, optional
    unfold_label : str, default "unfold"
        Word over the arrow between the two drawings (in the chapter's
        language).

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    if isinstance(n_steps, bool) or not isinstance(n_steps, numbers.Integral) or not 1 <= n_steps <= 8:
        raise ValueError(f"n_steps must be an integer from 1 to 8; got {n_steps!r}.")
    ax = _axes(ax)
    text = {"ha": "center", "va": "center", "fontsize": 12}
    w, h = 1.0, 0.8

    def cell(x, name):
        ax.add_patch(FancyBboxPatch((x - w / 2, -h / 2), w, h, boxstyle="round,pad=0.05",
                                    facecolor="#fde6c8", edgecolor="k", lw=1.4))
        ax.text(x, 0, "$A$", **text)
        _arrow(ax, (x, -1.5), (x, -h / 2 - 0.05))
        ax.text(x, -1.8, f"$x_{{{name}}}$", **text)
        _arrow(ax, (x, h / 2 + 0.05), (x, 1.5))
        ax.text(x, 1.8, f"$y_{{{name}}}$", **text)

    # Folded cell with its loop: the state goes out on the right and back in.
    cell(0.0, "t")
    ax.add_patch(FancyArrowPatch((w / 2 + 0.05, 0.2), (w / 2 + 0.05, -0.2),
                                 connectionstyle="arc,angleA=0,angleB=0,armA=28,armB=28,rad=6",
                                 arrowstyle="-|>", mutation_scale=12, lw=1.2, color="k"))
    ax.text(w / 2 + 0.95, 0, "$h_{t-1}$", **{**text, "ha": "left", "fontsize": 10})
    # Unfold arrow.
    _arrow(ax, (1.9, -0.9), (2.9, -0.9), linestyle="--")
    ax.text(2.4, -0.6, unfold_label, **{**text, "fontsize": 10})
    # Unrolled copies.
    names = [str(k) for k in range(1, n_steps)] + ["T"]
    if n_steps >= 3:
        names[-2] = r"\cdots"
    xs = 4.4 + 1.9 * np.arange(n_steps)
    for k, (x, name) in enumerate(zip(xs, names)):
        if name == r"\cdots":
            ax.text(x, 0, r"$\cdots$", **{**text, "fontsize": 16})
        else:
            cell(x, name)
        start = x - 1.9 + w / 2 + 0.05 if k else x - 1.3
        if k == 0:
            ax.text(x - 0.95, 0.25, "$h_0$", **{**text, "fontsize": 10})
        _arrow(ax, (start, 0), (x - w / 2 - 0.05 if name != r"\cdots" else x - 0.35, 0))
        if k:
            state = names[k - 1] if names[k - 1] != r"\cdots" else "T-1"
            ax.text((start + x - w / 2) / 2, 0.25, f"$h_{{{state}}}$", **{**text, "fontsize": 10})
    ax.set_xlim(-0.8, xs[-1] + 0.8)
    ax.set_ylim(-2.1, 2.1)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return ax
