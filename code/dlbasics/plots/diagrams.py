"""Figures of chapter 5 (regularisation): a network under dropout, validation curves.

Like :mod:`dlbasics.plots`, every helper takes ``ax=None``, returns the Axes,
sets no title and takes its label strings as arguments, so that the
chapters translate them.
"""

import numbers

import numpy as np

from .plots import _axes, draw_network

__all__ = ["dropout_units", "draw_dropout_network", "validation_curves"]


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
    sizes = _sizes(layer_sizes)
    if isinstance(rate, bool) or not isinstance(rate, numbers.Real) or not 0 <= rate < 1:
        raise ValueError(f"rate must be a number in [0, 1); got {rate!r}.")
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy.random.Generator; got {rng!r}.")
    dropped = []
    for layer, n in enumerate(sizes):
        if layer == len(sizes) - 1 and not drop_last:
            dropped.append(np.array([], dtype=int))
        else:
            dropped.append(np.sort(rng.choice(n, size=int(round(rate * n)), replace=False)))
    return dropped


def _sizes(layer_sizes):
    sizes = list(layer_sizes)
    if not sizes or any(
        isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1 for n in sizes
    ):
        raise ValueError(f"layer_sizes must be integers >= 1, at least one; got {sizes!r}.")
    return sizes


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
        from :func:`dropout_units`); an empty sequence for a complete layer.
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

    sizes = _sizes(layer_sizes)
    dropped = [list(d) for d in dropped]
    if len(dropped) != len(sizes):
        raise ValueError(f"dropped needs one entry per layer ({len(sizes)}); got {len(dropped)}.")
    for layer, (indices, n) in enumerate(zip(dropped, sizes)):
        bad = [i for i in indices if isinstance(i, bool) or not isinstance(i, numbers.Integral)
               or not 0 <= i < n]
        if bad:
            raise ValueError(
                f"dropped[{layer}] must hold indices in [0, {n - 1}]; got {bad[0]!r}."
            )
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
    if best not in ("min", "max", None):
        raise ValueError(f'best must be "min", "max" or None; got {best!r}.')
    if not curves:
        raise ValueError("curves must hold at least one labelled curve.")
    styles = styles or {}
    labels = list(curves) if labels is None else list(labels)
    if len(labels) != len(curves):
        raise ValueError(f"labels needs one entry per curve ({len(curves)}); got {len(labels)}.")
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
