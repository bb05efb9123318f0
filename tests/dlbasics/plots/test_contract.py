"""The helper contract of :mod:`dlbasics.plots`, checked on every helper of its ``__all__``.

One parametrized test over the discovered helpers, in the style of
scikit-learn-contrib/project-template's ``test_common.py``: ``ax=None`` makes
a new Axes; a given Axes is the one returned; no title is set; ``rcParams``
are left alone; the label strings passed come out on the figure.

A helper needs one example call in ``EXAMPLES``; the test fails for a helper
of ``__all__`` that has none, so a new helper cannot be forgotten. The
helpers that draw nothing are declared in ``NOT_DRAWING``.
"""

import importlib
import inspect
import pkgutil
import re

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.text import Text

from dlbasics import plots
from dlbasics.scratch.activations import get_activation
from dlbasics.scratch.attention import positional_encoding
from dlbasics.scratch.perceptron import squared_loss

RNG = np.random.default_rng(0)
X = RNG.normal(6.0, 0.7, size=40)
Y = 3.6 * X + RNG.normal(size=40)
W_GRID = np.linspace(-1.0, 8.0, 50)
U = np.linspace(-3.0, 3.0, 61)
GRID_X, GRID_Y = np.linspace(-2.0, 2.0, 41), np.linspace(-1.0, 3.0, 31)
LOSS = (GRID_X[None, :] - 1.0) ** 2 + 3 * (GRID_Y[:, None] - 2.0) ** 2  # minimum 0 at (1, 2)
POINTS = RNG.standard_normal((50, 2))
LOGS = {"accuracy": [0.5, 0.7, 0.8], "loss": [1.0, 0.6, 0.4],
        "val_accuracy": [0.45, 0.6, 0.55], "val_loss": [1.1, 0.8, 0.9]}


def example(*args, **kwargs):
    """One example call: positional and keyword arguments (``ax``/``axes`` added by the test)."""
    return args, kwargs


EXAMPLES = {
    # lines
    "activation_grid": example(
        U, [get_activation(name) for name in ("sigmoid", "relu", "tanh")],
        labels=["sigmoïde", "ReLU", "tanh"], function_label="fonction", derivative_label="dérivée", ncols=2),
    "curves": example(U, [U, U**2], labels=["a", "b"], xlabel="x", ylabel="y",
                      styles=[{"color": "k", "linestyle": "--"}, {}]),
    "layer_gradient_norms": example([10.0 ** -np.arange(5), np.full(5, 0.05)], labels=["sigmoïde", "ReLU"],
                                    xlabel="couche", ylabel="norme"),
    "loss_curve": example(W_GRID, squared_loss(W_GRID, X, Y), xlabel="w", ylabel="L(w)"),
    "loss_functions": example(U, [U**2, np.abs(U)], labels=["carré", "absolu"], xlabel="erreur", ylabel="coût",
                              styles=[{"color": "C3"}, {"linestyle": "--"}]),
    "plot_history": example(LOGS, metric="accuracy", labels=("entraînement", "validation"), xlabel="époque",
                            ylabel="exactitude", best_epoch=1),
    "scatter": example(X, Y, xlabel="rooms", ylabel="price"),
    "signals": example(np.arange(10), [np.arange(10), np.arange(10) ** 2], labels=["série", "carré"],
                       xlabel="pas", ylabel="valeur", logy=True, styles=[{"color": "k"}, {"ls": "--"}]),
    "validation_curves": example({"none": [1.0, 0.5, 0.7], "l2": [1.0, 0.6, 0.4]}, labels=["sans", "pénalité L2"],
                                 xlabel="époque", ylabel="perte", styles={"l2": {"ls": ":"}}),
    # diagrams
    "draw_dropout_network": example([3, 4, 1], [[], [2], []], layer_labels=["a", "b", "c"]),
    "draw_multi_head_attention": example(2, head_label="tête $i$", attention_label="attention",
                                         concat_label="concaténer"),
    "draw_network": example([10, 2, 1], layer_labels=["entrées", "couche cachée", "sortie"],
                            node_symbols=["x", None, r"\hat{y}"]),
    "draw_neuron": example(3, input_label="entrées", output_label="sortie"),
    "draw_transformer_block": example(False, norm_label="normalisation", attention_label="auto-attention",
                                      hidden_label="dense, ReLU", dense_label="linéaire"),
    "draw_unrolled_rnn": example(4, unfold_label="déplier"),
    "dropout_units": example([4, 5, 5, 2], 0.4, rng=np.random.default_rng(0)),
    # landscapes
    "descent_path": example([0.0, 1.0, 2.0], [3.0, 2.0, 1.0]),
    "loss_contours": example(GRID_X, GRID_Y, LOSS, xlabel="θ₀", ylabel="θ₁", marks=[(1.0, 2.0)],
                             mark_labels=["minimum"], colorbar=True),
    "parameter_paths": example([np.array([[-2.0, -1.0], [1.0, 2.0]]), np.array([[-2.0, -1.0], [1.1, 2.1]])],
                               labels=["GD", "SGD"]),
    # matrices
    "attention_heatmap": example(RNG.random((4, 5)), xlabel="key", ylabel="query", key_labels=list("abcde"),
                                 query_labels=["le", "chat", "dort", "."], annotate=True),
    "confusion": example(np.array([[5, 1], [0, 4]]), xlabel="prédit", ylabel="vrai", class_names=["chat", "chien"]),
    "image_mosaic": example(RNG.random((12, 64)), n_cols=5),
    "image_panels": example([np.zeros((4, 4)), np.ones((4, 4, 3)), np.eye(4) - 0.5], labels=["a", "b", "c"],
                            ncols=2, symmetric=True),
    "positional_encoding_image": example(positional_encoding(10, 8), xlabel="feature", ylabel="position"),
    # points
    "flow_paths": example(RNG.standard_normal((6, 20, 2)), n_paths=10),
    "latent_scatter": example(POINTS, RNG.integers(0, 3, 50), xlabel="z1", ylabel="z2", legend_title="digit"),
    "samples_vs_data": example(POINTS, POINTS + 1, data_label="data", samples_label="samples"),
    "timing_bars": example({("Keras", "AE"): 1.0, ("PyTorch", "AE"): 0.5, ("Keras", "VAE"): 2.0},
                           xlabel="training time (s)"),
}

# Helpers that draw nothing, with what they return instead of Axes.
NOT_DRAWING = {"dropout_units": "the indices of the dropped units, one array per layer"}

# Keyword arguments whose strings a helper displays (xlabel, labels, legend_title, class_names...).
DISPLAYED = re.compile(r"(label|labels|title|names)$")


def _displayed_strings(kwargs):
    strings = []
    for key, value in kwargs.items():
        if DISPLAYED.search(key):
            strings += [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)]
    return strings


def _figure_texts(figure):
    figure.canvas.draw()  # so that tick labels hold their text
    return {text.get_text() for text in figure.findobj(Text)}


def _check_axes(result, name):
    """The Axes (or array of Axes) a helper returned, as a list, each untitled."""
    axes = list(np.ravel(result)) if isinstance(result, np.ndarray) else [result]
    assert axes and all(isinstance(ax, mpl.axes.Axes) for ax in axes), f"{name} must return its Axes"
    for ax in axes:
        assert [ax.get_title(loc) for loc in ("left", "center", "right")] == ["", "", ""], f"{name} set a title"
    assert axes[0].figure.get_suptitle() == "", f"{name} set a figure title"
    return axes


@pytest.mark.parametrize("name", plots.__all__)
def test_helper_contract(name):
    assert name in EXAMPLES, f"plots.{name} has no example call: add one to EXAMPLES in {__file__}"
    helper = getattr(plots, name)
    args, kwargs = EXAMPLES[name]
    parameters = inspect.signature(helper).parameters
    before = dict(mpl.rcParams)
    figures = set(plt.get_fignums())

    if name in NOT_DRAWING:
        assert not {"ax", "axes"} & set(parameters), f"{name} draws nothing, so takes no ax"
        result = helper(*args, **kwargs)
        assert not any(isinstance(part, mpl.axes.Axes) for part in np.ravel(np.asarray(result, dtype=object)))
        assert set(plt.get_fignums()) == figures, f"{name} opened a figure"
        assert dict(mpl.rcParams) == before
        return

    where = "axes" if "axes" in parameters else "ax"
    assert parameters[where].default is None and parameters[where].kind is inspect.Parameter.KEYWORD_ONLY
    shown = _displayed_strings(kwargs)

    # ax=None (axes=None): a new figure, its Axes returned.
    new = _check_axes(helper(*args, **kwargs), name)
    assert len(set(plt.get_fignums()) - figures) == 1, f"{name}({where}=None) must open one new figure"
    missing = set(shown) - _figure_texts(new[0].figure)
    assert not missing, f"{name} did not display {sorted(missing)}"

    # An Axes (Axes) given: drawn on, returned, no new figure.
    if where == "axes":
        _, given = plt.subplots(1, len(new), squeeze=False)
        given = list(given.ravel())
    else:
        _, given = plt.subplots()
    figures = set(plt.get_fignums())
    result = helper(*args, **kwargs, **{where: given})
    assert _check_axes(result, name) == (given if where == "axes" else [given]), \
        f"{name} must draw on the {where} it is given and return it"
    assert set(plt.get_fignums()) == figures, f"{name}({where}=...) opened another figure"
    missing = set(shown) - _figure_texts(result[0].figure if where == "axes" else result.figure)
    assert not missing, f"{name} did not display {sorted(missing)} on the given Axes"

    assert dict(mpl.rcParams) == before, f"{name} changed rcParams"


def test_examples_and_exceptions_name_public_helpers():
    assert set(EXAMPLES) <= set(plots.__all__), "EXAMPLES names a helper that plots.__all__ lacks"
    assert set(NOT_DRAWING) <= set(plots.__all__)


def test_all_lists_every_public_helper_of_every_module():
    """``plots.__all__`` is the union of the modules' ``__all__``, and those list every public function."""
    union = []
    for info in pkgutil.iter_modules(plots.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"dlbasics.plots.{info.name}")
        public = {name for name, obj in vars(module).items()
                  if inspect.isfunction(obj) and obj.__module__ == module.__name__ and not name.startswith("_")}
        assert public == set(module.__all__), f"dlbasics.plots.{info.name}.__all__ must list {sorted(public)}"
        union += module.__all__
    assert sorted(union) == sorted(plots.__all__)
    assert all(getattr(plots, name).__module__.startswith("dlbasics.plots.") for name in plots.__all__)
