"""Diagrams: schematics of neurons, networks and attention layers (drawn in equal aspect, axis hidden).

The helper contract (``ax=None``, the Axes returned, no title, every
displayed string an argument) is stated once, in :mod:`dlbasics.plots`.
:func:`~dlbasics.plots.dropout_units` draws nothing: it chooses the units that
:func:`~dlbasics.plots.draw_dropout_network` crosses out.
"""

import numpy as np

from .._validation import check_int, check_real
from ._base import _axes, _index, _per_curve

__all__ = [
    "draw_dropout_network",
    "draw_multi_head_attention",
    "draw_network",
    "draw_neuron",
    "draw_transformer_block",
    "draw_unrolled_rnn",
    "dropout_units",
]


def _input_rows(n_inputs):
    """Return the input subscripts to draw, None standing for a row of dots."""
    n = check_int("n_inputs", n_inputs)
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
    :math:`h = \varphi(\mathbf{w}\cdot\mathbf{x} + b)` (the book's notation:
    :math:`z` the pre-activation, :math:`h` the activation). Used in chapter 1.
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
        r"$h = \varphi(\mathbf{w}^\top \mathbf{x} + b)$",
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

    sizes = _layer_sizes(layer_sizes)
    max_nodes = check_int("max_nodes", max_nodes, minimum=3)
    layer_labels = _per_curve("layer_labels", layer_labels, len(sizes), per="layer")
    symbols = _per_curve("node_symbols", node_symbols, len(sizes), per="layer") or [None] * len(sizes)

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


def dropout_units(layer_sizes, rate, *, rng, drop_last=False):
    """Choose the units a dropout step switches off, exactly a fraction `rate` per layer.

    Real dropout draws each unit independently; a figure reads better with
    exactly ``round(rate * n)`` units off in each layer of ``n`` units.

    Parameters
    ----------
    layer_sizes : sequence of int
        Widths of the layers, inputs first, all >= 1.
    rate : float
        Fraction of units switched off, in [0, 1).
    rng : numpy.random.Generator
        Source of randomness.
    drop_last : bool, default False
        Whether the output layer may lose units too (it never does in
        practice: dropout acts on the inputs and hidden layers).

    Returns
    -------
    list of numpy.ndarray of int
        For each layer, the sorted 0-based indices of the switched-off units.

    Raises
    ------
    ValueError
        If a size is not an integer >= 1, `rate` is not in [0, 1), or `rng`
        is not a NumPy Generator.
    """
    sizes = _layer_sizes(layer_sizes)
    rate = check_real("rate", rate, low=0, high=1, high_open=True)
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy.random.Generator; got {rng!r}.")
    dropped = []
    for layer, n in enumerate(sizes):
        if layer == len(sizes) - 1 and not drop_last:
            dropped.append(np.array([], dtype=int))
        else:
            dropped.append(np.sort(rng.choice(n, size=int(round(rate * n)), replace=False)))
    return dropped


def _layer_sizes(layer_sizes):
    """The widths of a network's layers as a list of ints: at least one, each >= 1."""
    sizes = list(layer_sizes)
    if not sizes:
        raise ValueError("layer_sizes must hold at least one layer; got none.")
    return [check_int(f"layer_sizes[{k}]", n) for k, n in enumerate(sizes)]


def draw_dropout_network(layer_sizes, dropped, *, ax=None, layer_labels=None, node_symbols=None):
    """A fully connected network with some units switched off by dropout.

    Draws :func:`dlbasics.plots.draw_network` (every node shown), then greys
    out and crosses the dropped units and fades the connections that touch
    them: what remains is the thinned network trained on one mini-batch.
    Chapter 5 draws a network with 40 % of its units off.

    Parameters
    ----------
    layer_sizes : sequence of int
        Widths of the layers, inputs first, all >= 1.
    dropped : sequence of sequence of int
        For each layer, the 0-based indices of its switched-off units (e.g.
        from :func:`~dlbasics.plots.dropout_units`); an empty sequence for a complete layer.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when None.
    layer_labels, node_symbols : sequence, optional
        As in :func:`dlbasics.plots.draw_network`.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If `dropped` does not have one entry per layer or holds an index
        outside its layer, or as :func:`dlbasics.plots.draw_network`.
    """
    from matplotlib.colors import to_rgba

    sizes = _layer_sizes(layer_sizes)
    dropped = _per_curve("dropped", dropped, len(sizes), per="layer")
    dropped = [[_index(f"dropped[{layer}]", i, n) for i in indices]
               for layer, (indices, n) in enumerate(zip(dropped, sizes))]
    ax = _axes(ax)
    patches_before, collections_before = len(ax.patches), len(ax.collections)
    draw_network(sizes, ax=ax, layer_labels=layer_labels, node_symbols=node_symbols,
                 max_nodes=max(3, *sizes))
    circles = list(ax.patches)[patches_before:]  # layer by layer, top to bottom
    off = {sum(sizes[:layer]) + i for layer, indices in enumerate(dropped) for i in indices}
    centres = np.array([c.center for c in circles])
    for k in sorted(off):
        circle = circles[k]
        circle.set_facecolor("0.92")
        circle.set_edgecolor("0.6")
        (x, y), r = circle.center, 0.7 * circle.radius
        ax.plot([x - r, x + r], [y - r, y + r], color="#b2182b", lw=2, zorder=4)
        ax.plot([x - r, x + r], [y + r, y - r], color="#b2182b", lw=2, zorder=4)
    edges = list(ax.collections)[collections_before:][0]
    colours, widths = [], []
    for segment in edges.get_segments():
        ends = [int(np.argmin(np.hypot(*(centres - point).T))) for point in segment[[0, -1]]]
        faded = any(k in off for k in ends)
        colours.append(to_rgba("0.88" if faded else "0.35"))
        widths.append(0.6 if faded else 0.9)
    edges.set_color(colours)
    edges.set_linewidth(widths)
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

    n_steps = _index("n_steps", n_steps, 9, low=1, what="be an integer")
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


def _text_label(name, value):
    """Return `value` if it is a string (a label the figure displays)."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string; got {value!r}.")
    return value


def _box(ax, centre, width, height, text, colour, *, fontsize=11, zorder=2, **kw):
    """A rounded box of `width` x `height` centred on `centre`, with `text` in it."""
    from matplotlib.patches import FancyBboxPatch

    x, y = centre
    box = FancyBboxPatch((x - width / 2, y - height / 2), width, height, boxstyle="round,pad=0,rounding_size=0.12",
                         facecolor=colour, edgecolor="k", lw=1.2, zorder=zorder)
    ax.add_patch(box)
    ax.text(x, y, text, ha="center", va="center", fontsize=fontsize, zorder=zorder + 1, linespacing=1.3, **kw)
    return box


# Fills shared by the attention diagrams: one colour per kind of layer.
_PROJECTION, _ATTENTION, _MIX, _NORM, _DENSE = "#dbe9f6", "#fde6c8", "#d9f0d3", "#ececec", "#e8dff5"


def draw_multi_head_attention(
    n_heads=3, *, ax=None, head_label="head $i$", attention_label="scaled dot-product\nattention",
    concat_label="concatenation",
):
    r"""Multi-head attention: per-head projections, attention, concatenation, output projection.

    Left to right: the three inputs before projection, :math:`X_Q`,
    :math:`X_K`, :math:`X_V` (one token per row); in head :math:`i`, the
    projections :math:`Q_i = X_Q W_{Q,i}`, :math:`K_i = X_K W_{K,i}`,
    :math:`V_i = X_V W_{V,i}` and the scaled dot-product attention
    :math:`\mathrm{softmax}(Q_i K_i^\top / \sqrt{d_k})\, V_i`; the outputs
    :math:`\text{head}_1, \dots, \text{head}_H` concatenated, then mixed by
    :math:`W_O` (the book's notation; biases are not drawn). The heads are a
    stack of cards, head :math:`i` in front. Used in the attention chapter
    (self-attention is the case :math:`X_Q = X_K = X_V = X`). Drawn in equal
    aspect with the axis hidden; meant for a figure of about 11 x 4 inches.

    Parameters
    ----------
    n_heads : int, default 3
        Number of cards drawn in the stack of heads, from 1 to 8 (the symbol
        :math:`H` is written whatever it is).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when None.
    head_label : str, default "head $i$"
        Name written on the front card (in the chapter's language, with the
        index in math).
    attention_label : str, default "scaled dot-product\nattention"
        Name written in the attention box above its formula.
    concat_label : str, default "concatenation"
        Name written (vertically) in the concatenation box.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If `n_heads` is not an integer from 1 to 8.
    TypeError
        If a label is not a string.
    """
    from matplotlib.patches import FancyBboxPatch

    n_heads = check_int("n_heads", n_heads, maximum=8)
    head_label = _text_label("head_label", head_label)
    attention_label = _text_label("attention_label", attention_label)
    concat_label = _text_label("concat_label", concat_label)
    ax = _axes(ax)
    text = {"ha": "center", "va": "center", "fontsize": 12}

    rows = {"Q": 1.25, "K": 0.0, "V": -1.25}
    proj_x, proj_w, proj_h = 2.55, 2.3, 0.75
    att_x, att_w, att_h = 6.55, 4.1, 3.25
    card = (0.95, -2.05, 8.1, 4.55)  # x, y, width, height of the front card
    shift = 0.2  # offset of each card behind the front one

    # The stack of heads: H - 1 cards behind, then the front card (head i).
    for k in range(n_heads - 1, -1, -1):
        x, y, w, h = card
        ax.add_patch(FancyBboxPatch((x + k * shift, y + k * shift), w, h, boxstyle="round,pad=0,rounding_size=0.2",
                                    facecolor="white" if k == 0 else "0.96", edgecolor="0.35" if k else "k",
                                    lw=1.0 if k else 1.3, zorder=1))
    x, y, w, h = card
    ax.text(x + 0.2, y + h - 0.2, head_label, **{**text, "ha": "left", "va": "top", "fontsize": 11})

    for name, row in rows.items():
        ax.text(-0.1, row, f"$X_{name}$", **{**text, "fontsize": 14})
        _arrow(ax, (0.35, row), (proj_x - proj_w / 2, row), zorder=3)
        _box(ax, (proj_x, row), proj_w, proj_h, f"${name}_i = X_{name}\\,W_{{{name},i}}$", _PROJECTION)
        _arrow(ax, (proj_x + proj_w / 2, row), (att_x - att_w / 2, row), zorder=3)
    _box(ax, (att_x, 0.0), att_w, att_h, "", _ATTENTION)
    ax.text(att_x, 0.55, attention_label, zorder=4, linespacing=1.3, **{**text, "fontsize": 11})
    ax.text(att_x, -0.6, r"$\mathrm{softmax}(Q_i K_i^\top / \sqrt{d_k})\, V_i$", zorder=4, **text)
    ax.text(x + w - 0.2, y + h - 0.2, r"$i = 1, \dots, H$", **{**text, "ha": "right", "va": "top", "fontsize": 11})

    # Concatenation of the heads, output projection, output.
    stack_right = x + w + (n_heads - 1) * shift
    concat_x, concat_w, concat_h = stack_right + 1.75, 0.8, 3.25
    out_x, out_w = concat_x + 1.75, 1.0
    _arrow(ax, (att_x + att_w / 2, 0.0), (concat_x - concat_w / 2, 0.0), zorder=3)
    ax.text((stack_right + concat_x - concat_w / 2) / 2, 0.3, r"$\text{head}_i$",
            **{**text, "fontsize": 11})
    _box(ax, (concat_x, 0.0), concat_w, concat_h, concat_label, _MIX, rotation=90)
    ax.text(concat_x, -concat_h / 2 - 0.15, r"$[\text{head}_1, \dots, \text{head}_H]$",
            **{**text, "va": "top", "fontsize": 11})
    _arrow(ax, (concat_x + concat_w / 2, 0.0), (out_x - out_w / 2, 0.0))
    _box(ax, (out_x, 0.0), out_w, 0.9, "$W_O$", _PROJECTION, fontsize=12)
    _arrow(ax, (out_x + out_w / 2, 0.0), (out_x + out_w / 2 + 0.8, 0.0))
    ax.text(out_x + out_w / 2 + 0.9, 0.0, r"$\mathrm{MHA}(X_Q, X_K, X_V)$", **{**text, "ha": "left"})

    ax.set_xlim(-0.6, out_x + out_w / 2 + 3.3)
    ax.set_ylim(card[1] - 0.2, card[1] + card[3] + (n_heads - 1) * shift + 0.2)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return ax


def draw_transformer_block(
    norm_first=True, *, ax=None, norm_label="layer\nnorm", attention_label="multi-head\nself-attention",
    hidden_label="dense\n+ ReLU", dense_label="dense",
):
    r"""The transformer encoder block, pre-norm or post-norm, with its two residual connections.

    Left to right, as :class:`dlbasics.keras_models.TransformerBlock` (and
    its PyTorch twin) computes it. Pre-norm (`norm_first`, the default):
    :math:`Z = X + \mathrm{MHA}(\mathrm{LN}(X))`, then
    :math:`Y = Z + \mathrm{FFN}(\mathrm{LN}(Z))`; post-norm:
    :math:`Z = \mathrm{LN}(X + \mathrm{MHA}(X))`, then
    :math:`Y = \mathrm{LN}(Z + \mathrm{FFN}(Z))`. The feed-forward network
    :math:`\mathrm{FFN}` is two dense layers, the first with a ReLU. Each
    residual arrow leaves the main path at :math:`X` or :math:`Z` and comes
    back at a sum (a circled +); under the boxes, the operators' names in
    the chapter's equation. Used in the attention chapter. Drawn in equal
    aspect with the axis hidden; meant for a figure of about 12 x 2.6 inches.

    Parameters
    ----------
    norm_first : bool, default True
        Pre-norm (True) or post-norm (False).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when None.
    norm_label, attention_label, hidden_label, dense_label : str
        Text of the boxes of the layer normalisations, the multi-head
        self-attention, the first (ReLU) and the second dense layer of the
        feed-forward network (in the chapter's language; ``"\n"`` breaks
        a line).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError
        If `norm_first` is not a bool or a label is not a string.
    """
    from matplotlib.patches import Circle, FancyArrowPatch
    from matplotlib.path import Path

    if not isinstance(norm_first, (bool, np.bool_)):
        raise TypeError(f"norm_first must be True or False; got {norm_first!r}.")
    labels = {name: _text_label(name, value) for name, value in [
        ("norm_label", norm_label), ("attention_label", attention_label),
        ("hidden_label", hidden_label), ("dense_label", dense_label)]}
    ax = _axes(ax)
    text = {"ha": "center", "va": "center", "fontsize": 12}
    box_h, gap, r_plus, rise = 1.15, 0.55, 0.28, 1.2

    def box(name, colour, symbol=None):
        """A box wide enough for its label (about 0.14 unit a character at 11 points)."""
        width = max(1.6, 0.14 * max(map(len, labels[name].split("\n"))) + 0.4)
        return ("box", labels[name], width, colour, symbol)

    norm = box("norm_label", _NORM, r"$\mathrm{LN}$")
    attention = box("attention_label", _ATTENTION, r"$\mathrm{MHA}$")
    hidden, dense = box("hidden_label", _DENSE, "ffn"), box("dense_label", _DENSE, "ffn")
    x_in, z, plus, y_out = ("start", "X"), ("branch", "Z"), ("plus",), ("end", "Y")
    if norm_first:  # Z = X + MHA(LN(X)), Y = Z + FFN(LN(Z))
        path = [x_in, norm, attention, plus, z, norm, hidden, dense, plus, y_out]
    else:  # Z = LN(X + MHA(X)), Y = LN(Z + FFN(Z))
        path = [x_in, attention, plus, norm, z, hidden, dense, plus, norm, y_out]

    x = 0.0  # the left end of the next part
    branches, pluses, ffn = [], [], []
    for k, part in enumerate(path):
        kind = part[0]
        if kind == "start":
            ax.text(x, 0.0, f"${part[1]}$", **{**text, "fontsize": 14})
            ax.plot([x + 0.25, x + 0.7], [0.0, 0.0], color="k", lw=1.2, zorder=1)
            x += 0.7
        elif kind == "branch":  # a dot, labelled above the line just before it
            ax.plot([x, x + 0.9], [0.0, 0.0], color="k", lw=1.2, zorder=1)
            ax.text(x + 0.4, 0.3, f"${part[1]}$", **{**text, "fontsize": 14})
            x += 0.9
        elif kind == "box":
            _, label, width, colour, symbol = part
            _box(ax, (x + width / 2, 0.0), width, box_h, label, colour)
            if symbol == "ffn":
                ffn.append((x, x + width))
            elif symbol is not None:
                ax.text(x + width / 2, -box_h / 2 - 0.12, symbol,
                        **{**text, "va": "top", "fontsize": 11, "color": "0.3"})
            x += width
        elif kind == "plus":
            ax.add_patch(Circle((x + r_plus, 0.0), r_plus, facecolor="white", edgecolor="k", lw=1.2, zorder=2))
            ax.text(x + r_plus, 0.0, "$+$", zorder=3, **{**text, "fontsize": 13})
            pluses.append(x + r_plus)
            x += 2 * r_plus
        else:  # the output
            ax.text(x + 0.05, 0.0, f"${part[1]}$", **{**text, "ha": "left", "fontsize": 14})
            break
        if kind in ("start", "branch"):
            ax.add_patch(Circle((x, 0.0), 0.07, color="k", zorder=3))
            branches.append(x)
        if path[k + 1][0] != "branch":  # a branch draws its own line
            _arrow(ax, (x, 0.0), (x + gap, 0.0), zorder=1)
            x += gap

    # The residual connections: up from the branch point, over, down into the sum.
    for start, plus in zip(branches, pluses):
        ax.add_patch(FancyArrowPatch(path=Path([(start, 0.0), (start, rise), (plus, rise), (plus, r_plus)]),
                                     arrowstyle="-|>", mutation_scale=12, color="k", lw=1.2, zorder=1))
    # The feed-forward network: a bracket under its two dense layers.
    left, right = ffn[0][0], ffn[-1][1]
    y = -box_h / 2 - 0.15
    ax.plot([left, left, right, right], [y, y - 0.15, y - 0.15, y], color="0.3", lw=1.0)
    ax.text((left + right) / 2, y - 0.27, r"$\mathrm{FFN}$",
            **{**text, "va": "top", "fontsize": 11, "color": "0.3"})

    ax.set_xlim(-0.5, x + 0.9)
    ax.set_ylim(-box_h / 2 - 0.85, rise + 0.25)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return ax
