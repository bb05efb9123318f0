"""Tests of dlbasics.plots.diagrams: neurons, networks, dropout, an unrolled RNN, attention (Agg backend, set in conftest.py).

The helper contract (Axes, title, rcParams, labels shown) is checked once for
every helper in test_contract.py; these tests check what each diagram holds.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from dlbasics import plots

SIZES = [4, 5, 5, 2]


def _texts(ax):
    return [t.get_text() for t in ax.texts]


# --- draw_neuron (chapter 1) ----------------------------------------------------

@pytest.mark.parametrize(
    ("n_inputs", "subscripts"), [(1, ["1"]), (3, ["1", "2", "3"]), (4, list("1234")), (784, ["1", "2", "n"])]
)
def test_draw_neuron_parts(n_inputs, subscripts):
    ax = plots.draw_neuron(n_inputs, input_label="entrées", output_label="sortie")
    texts = _texts(ax)
    assert [t for t in texts if t.startswith("$x_")] == [f"$x_{{{s}}}$" for s in subscripts]
    assert [t for t in texts if t.startswith("$w_")] == [f"$w_{{{s}}}$" for s in subscripts]
    assert {"$b$", r"$\Sigma$", r"$\varphi$", "entrées", "sortie"} <= set(texts)
    # the output is h, the activation of the book's notation page (a is retired)
    assert r"$h = \varphi(\mathbf{w}^\top \mathbf{x} + b)$" in texts
    assert not any(t.startswith("$a =") for t in texts)
    assert (r"$\vdots$" in texts) is (n_inputs > 4)
    circles = [p for p in ax.patches if isinstance(p, Circle)]
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert len(circles) == len(subscripts) + 1  # inputs and the unit
    assert len(arrows) == len(subscripts) + 2  # weights, bias and output
    assert not ax.axison and ax.get_aspect() == 1.0


@pytest.mark.parametrize("n_inputs", [0, -1, 2.0, "3", True])
def test_draw_neuron_rejects_bad_counts(n_inputs):
    with pytest.raises(ValueError, match="n_inputs must be an integer >= 1"):
        plots.draw_neuron(n_inputs)


# --- draw_network (chapter 2) ---------------------------------------------------

@pytest.mark.parametrize(
    ("sizes", "n_circles", "n_edges", "dots"),
    [([3, 4, 1], 8, 3 * 4 + 4, 0), ([2, 3, 3, 2], 10, 6 + 9 + 6, 0), ([10, 20, 3], 5 + 5 + 3, 5 * 5 + 5 * 3, 2), ([1], 1, 0, 0)],
)
def test_draw_network_nodes_and_edges(sizes, n_circles, n_edges, dots):
    ax = plots.draw_network(sizes)
    circles = [p for p in ax.patches if isinstance(p, Circle)]
    (edges,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(circles) == n_circles
    assert len(edges.get_segments()) == n_edges
    assert _texts(ax).count(r"$\vdots$") == dots
    assert not ax.axison and ax.get_aspect() == 1.0


def test_draw_network_labels_and_symbols():
    ax = plots.draw_network(
        [10, 2, 1], layer_labels=["entrées", "couche cachée", "sortie"], node_symbols=["x", None, r"\hat{y}"]
    )
    texts = _texts(ax)
    assert [t for t in texts if t.startswith("$x")] == ["$x_{1}$", "$x_{2}$", "$x_{3}$", "$x_{4}$", "$x_{10}$"]
    assert r"$\hat{y}$" in texts
    assert {"entrées", "couche cachée", "sortie"} <= set(texts)
    assert not [t for t in texts if t.startswith("$h")]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"layer_sizes": []}, "layer_sizes must hold at least one layer"),
        ({"layer_sizes": [3, 0]}, r"layer_sizes\[1\] must be an integer >= 1; got 0"),
        ({"layer_sizes": [3, 2.0]}, r"layer_sizes\[1\] must be an integer >= 1; got 2.0"),
        ({"layer_sizes": [3, 2], "max_nodes": 2}, "max_nodes must be an integer >= 3"),
        ({"layer_sizes": [3, 2], "layer_labels": ["a"]},
         "layer_labels must have one entry per layer: 2 layers, 1 layer_labels"),
        ({"layer_sizes": [3, 2], "node_symbols": ["x", "h", "y"]}, "node_symbols must have one entry per layer"),
    ],
)
def test_draw_network_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        plots.draw_network(**kwargs)


# --- dropout_units, draw_dropout_network (chapter 5) ----------------------------

def test_dropout_units_drops_the_exact_fraction_and_spares_the_output(rng):
    dropped = plots.dropout_units(SIZES, 0.4, rng=rng)
    assert [len(d) for d in dropped] == [2, 2, 2, 0]
    for d, n in zip(dropped, SIZES):
        assert np.all(np.diff(d) > 0) and np.all((0 <= d) & (d < n))
    with_last = plots.dropout_units(SIZES, 0.5, rng=np.random.default_rng(0), drop_last=True)
    assert len(with_last[-1]) == 1


def test_dropout_units_is_seeded():
    a = plots.dropout_units(SIZES, 0.4, rng=np.random.default_rng(1))
    b = plots.dropout_units(SIZES, 0.4, rng=np.random.default_rng(1))
    assert all(np.array_equal(x, y) for x, y in zip(a, b))


@pytest.mark.parametrize("rate", [-0.1, 1.0, "0.4"])
def test_dropout_units_rejects_bad_rate(rate, rng):
    with pytest.raises(ValueError, match="rate"):
        plots.dropout_units(SIZES, rate, rng=rng)


def test_dropout_units_rejects_bad_sizes_and_rng(rng):
    with pytest.raises(ValueError, match="layer_sizes"):
        plots.dropout_units([3, 0], 0.4, rng=rng)
    with pytest.raises(ValueError, match="Generator"):
        plots.dropout_units(SIZES, 0.4, rng=0)


def test_draw_dropout_network_greys_and_crosses_dropped_units():
    dropped = [[0, 3], [1], [], []]
    _, ax = plt.subplots()
    assert plots.draw_dropout_network(SIZES, dropped, ax=ax) is ax
    circles = [p for p in ax.patches if isinstance(p, Circle)]
    assert len(circles) == sum(SIZES)  # every unit drawn, no dots
    grey = [k for k, c in enumerate(circles) if c.get_facecolor() == to_rgba("0.92")]
    assert grey == [0, 3, 5]  # layer 0 units 0 and 3, layer 1 unit 1 (offset 4)
    crosses = [line for line in ax.lines if len(line.get_xdata()) == 2]
    assert len(crosses) == 2 * 3
    (edges,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    colours = edges.get_colors()
    assert len(colours) == 4 * 5 + 5 * 5 + 5 * 2
    faded = sum(tuple(c) == to_rgba("0.88") for c in colours)
    # edges touching a dropped unit: 2 inputs x 5 + 1 hidden unit x (4 - 2 + 5)
    assert faded == 2 * 5 + (4 - 2) * 1 + 1 * 5


@pytest.mark.parametrize(
    "dropped, match",
    [([[0], [1]], "one entry per layer"), ([[4], [], [], []], r"dropped\[0\]"),
     ([[], [-1], [], []], r"dropped\[1\]"), ([[], [1.0], [], []], r"dropped\[1\] must hold integer indices from 0 to 4")],
)
def test_draw_dropout_network_rejects_bad_dropped(dropped, match):
    with pytest.raises(ValueError, match=match):
        plots.draw_dropout_network(SIZES, dropped)


# --- draw_unrolled_rnn (chapter 7) ----------------------------------------------

@pytest.mark.parametrize("n_steps", [1, 2, 4])
def test_draw_unrolled_rnn(n_steps):
    ax = plots.draw_unrolled_rnn(n_steps, unfold_label="déplier")
    texts = [t.get_text() for t in ax.texts]
    assert "déplier" in texts and "$x_{T}$" in texts
    with pytest.raises(ValueError, match="n_steps"):
        plots.draw_unrolled_rnn(0)


@pytest.mark.parametrize("n_steps", [0, 9, 2.0, True])
def test_draw_unrolled_rnn_rejects_bad_steps(n_steps):
    with pytest.raises(ValueError, match="n_steps must be an integer from 1 to 8"):
        plots.draw_unrolled_rnn(n_steps)


# --- draw_multi_head_attention, draw_transformer_block (attention chapter) ----

@pytest.mark.parametrize("n_heads", [1, 2, 8])
def test_draw_multi_head_attention_parts(n_heads):
    ax = plots.draw_multi_head_attention(n_heads, head_label="tête $i$", attention_label="attention",
                                         concat_label="concaténer")
    texts = _texts(ax)
    # the inputs, the per-head projections in the book's notation, the attention and the output projection
    assert {"$X_Q$", "$X_K$", "$X_V$", "$W_O$", r"$\mathrm{MHA}(X_Q, X_K, X_V)$", r"$i = 1, \dots, H$"} <= set(texts)
    assert [t for t in texts if "W_{" in t] == [
        "$Q_i = X_Q\\,W_{Q,i}$", "$K_i = X_K\\,W_{K,i}$", "$V_i = X_V\\,W_{V,i}$"]
    assert r"$\mathrm{softmax}(Q_i K_i^\top / \sqrt{d_k})\, V_i$" in texts
    assert {"tête $i$", "attention", "concaténer", r"$\text{head}_i$"} <= set(texts)
    cards = [p for p in ax.patches if isinstance(p, FancyBboxPatch) and p.get_zorder() == 1]
    assert len(cards) == n_heads  # one card per head, head i in front
    assert not ax.axison and ax.get_aspect() == 1.0


def test_draw_multi_head_attention_default_labels_are_english():
    texts = _texts(plots.draw_multi_head_attention())
    assert {"head $i$", "scaled dot-product\nattention", "concatenation"} <= set(texts)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"n_heads": 0}, ValueError, "n_heads must be an integer from 1 to 8; got 0"),
        ({"n_heads": 9}, ValueError, "n_heads must be an integer from 1 to 8"),
        ({"n_heads": 2.0}, ValueError, "n_heads"),
        ({"n_heads": True}, ValueError, "n_heads"),
        ({"head_label": None}, TypeError, "head_label must be a string; got None"),
        ({"concat_label": ["concat"]}, TypeError, "concat_label must be a string"),
    ],
)
def test_draw_multi_head_attention_rejects_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        plots.draw_multi_head_attention(**kwargs)


def _block_order(ax):
    """The texts of the boxes and sums along the main path, left to right."""
    boxes = [t for t in ax.texts if t.get_position()[1] == 0.0 and not t.get_text().startswith("$X")]
    return [t.get_text() for t in sorted(boxes, key=lambda t: t.get_position()[0])]


LABELS = {"norm_label": "LN", "attention_label": "MHA", "hidden_label": "W1", "dense_label": "W2"}


@pytest.mark.parametrize(
    ("norm_first", "order"),
    [
        # pre-norm, as TransformerBlock computes by default: x + MHA(LN(x)), then z + FFN(LN(z))
        (True, ["LN", "MHA", "$+$", "LN", "W1", "W2", "$+$", "$Y$"]),
        # post-norm: LN(x + MHA(x)), then LN(z + FFN(z))
        (False, ["MHA", "$+$", "LN", "W1", "W2", "$+$", "LN", "$Y$"]),
    ],
)
def test_draw_transformer_block_order(norm_first, order):
    ax = plots.draw_transformer_block(norm_first, **LABELS)
    assert _block_order(ax) == order
    texts = _texts(ax)
    assert {"$X$", "$Z$", "$Y$", r"$\mathrm{LN}$", r"$\mathrm{MHA}$", r"$\mathrm{FFN}$"} <= set(texts)
    assert texts.count(r"$\mathrm{LN}$") == 2
    assert not ax.axison and ax.get_aspect() == 1.0


@pytest.mark.parametrize("norm_first", [True, False])
def test_draw_transformer_block_residual_arrows(norm_first):
    """Two residual arrows, from X and from Z, each into a sum (and the sums are the two circles with +)."""
    ax = plots.draw_transformer_block(norm_first)
    sums = sorted(p.center[0] for p in ax.patches if isinstance(p, Circle) and p.radius > 0.1)
    dots = sorted(p.center[0] for p in ax.patches if isinstance(p, Circle) and p.radius < 0.1)
    # the residual arrows are the ones that leave the main path (y = 0), over the boxes
    residuals = [p for p in ax.patches if isinstance(p, FancyArrowPatch) and p.get_path().vertices[:, 1].max() > 1]
    assert len(sums) == len(dots) == 2 and len(residuals) == 2
    for arrow, start, end in zip(sorted(residuals, key=lambda p: p.get_path().vertices[0, 0]), dots, sums):
        (x0, y0), _, (x1, _), (x2, y2) = arrow.get_path().vertices[:4]  # up, over, down (then the head)
        assert np.allclose([x0, y0, x1, x2], [start, 0.0, end, end]) and 0 < y2 < 1
    z_label = next(t for t in ax.texts if t.get_text() == "$Z$").get_position()[0]
    assert dots[0] < sums[0] < z_label < dots[1] < sums[1]  # X ... + Z ... +


def test_draw_transformer_block_default_labels_are_english():
    texts = _texts(plots.draw_transformer_block())
    assert {"layer\nnorm", "multi-head\nself-attention", "dense\n+ ReLU", "dense"} <= set(texts)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"norm_first": 1}, TypeError, "norm_first must be True or False; got 1"),
        ({"norm_first": "pre"}, TypeError, "norm_first"),
        ({"norm_label": 3}, TypeError, "norm_label must be a string; got 3"),
        ({"dense_label": None}, TypeError, "dense_label must be a string"),
    ],
)
def test_draw_transformer_block_rejects_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        plots.draw_transformer_block(**kwargs)
