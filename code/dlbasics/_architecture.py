"""Checks shared by the Keras and PyTorch model builders (private).

:func:`dlbasics.keras_models.mlp` and :func:`dlbasics.torch_models.mlp` take
the same arguments; this module validates them once, with the same messages,
and maps activation names to the canonical names of
:mod:`dlbasics.scratch.activations`.
"""

import numbers

from .scratch.activations import _ALIASES

#: Slope of "leaky_relu" for x < 0 in both builders: PyTorch's default and
#: that of :func:`dlbasics.scratch.activations.leaky_relu` (Keras's own
#: defaults differ: 0.2 for the function, 0.3 for the ``LeakyReLU`` layer).
LEAKY_RELU_SLOPE = 0.01

#: Activations the builders can put in a model, by canonical name. The
#: threshold is left out: its zero derivative cannot be trained.
MODEL_ACTIVATIONS = (
    "elu",
    "identity",
    "leaky_relu",
    "relu",
    "sigmoid",
    "softmax",
    "softplus",
    "tanh",
)


def _canonical(what, name):
    """Return the canonical activation name of `name` (None is the identity)."""
    if name is None:
        return "identity"
    key = name.lower() if isinstance(name, str) else None
    key = _ALIASES.get(key, key)
    if key not in MODEL_ACTIVATIONS:
        raise ValueError(
            f"Unknown {what} {name!r}; choose None or one of: "
            f"{', '.join(MODEL_ACTIVATIONS)} ('linear' is accepted for 'identity')."
        )
    return key


def _size(what, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{what} must be an integer >= 1; got {value!r}.")
    return int(value)


def check_mlp(n_in, hidden, n_out, activation, output):
    """Validate the arguments of an ``mlp`` builder.

    Returns
    -------
    tuple
        ``(sizes, activation, output)``: the widths ``[n_in, *hidden,
        n_out]`` and the two canonical activation names.

    Raises
    ------
    ValueError
        With a message naming the bad argument.
    """
    n_in, n_out = _size("n_in", n_in), _size("n_out", n_out)
    if isinstance(hidden, numbers.Integral) or isinstance(hidden, str):
        raise ValueError(
            f"hidden must be a list of layer sizes, e.g. [{hidden}] for one hidden layer; "
            f"got {hidden!r}."
        )
    try:
        hidden = [_size("every hidden size", h) for h in hidden]
    except TypeError:
        raise ValueError(f"hidden must be a list of layer sizes; got {hidden!r}.") from None
    return (
        [n_in, *hidden, n_out],
        _canonical("activation", activation),
        _canonical("output activation", output),
    )
