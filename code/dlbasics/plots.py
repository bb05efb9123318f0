"""Figures of the chapters, drawn with matplotlib.

Every helper draws on the Axes it is given (``ax=...``) or on a new one, and
returns that Axes. None sets a title (captions belong to the book) or
changes matplotlib's global settings, and axis labels are arguments so that
the English and French chapters pass their own strings.
"""

import numbers

import numpy as np

__all__ = ["descent_path", "draw_neuron", "loss_curve", "scatter"]


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
