r"""The forward pass of a multi-layer perceptron (chapter 2), in NumPy.

A network is a list of layers ``(W, b, activation)``. Layer :math:`l` maps
the :math:`n^{(l-1)}` values of the previous layer to :math:`n^{(l)}`
values, and the batch is stored **one sample per row** (batch first), as in
Keras and PyTorch:

.. math::

   H^{(l)} = \varphi^{(l)}\left(H^{(l-1)} W^{(l)\top} + b^{(l)}\right),
   \qquad H^{(0)} = X,

with :math:`X` of shape (batch, n_in), :math:`W^{(l)}` of shape
:math:`(n^{(l)}, n^{(l-1)})` and :math:`b^{(l)}` of shape
:math:`(n^{(l)},)`, added to every row.

The weights follow **PyTorch's convention**: ``W`` has the shape of
``torch.nn.Linear.weight``, (n_out, n_in), and row ``i`` holds the weights of
neuron ``i``, as in the equations of the chapter. A Keras ``Dense`` layer
stores the transpose, its ``kernel`` of shape (n_in, n_out), so that it
computes ``inputs @ kernel + bias``; :mod:`dlbasics.weights` converts.
"""

import numbers

import numpy as np

from .._validation import check_int
from .activations import canonical_activation, get_activation

__all__ = ["check_layers", "check_mlp", "count_parameters", "forward"]


def _activation_function(index, activation):
    """Return the callable of a layer's activation (a name, a callable or None)."""
    if activation is None:
        return get_activation("identity")[0]
    if callable(activation):
        return activation
    try:
        return get_activation(activation)[0]
    except ValueError as error:
        raise ValueError(f"layer {index}: {error}") from None


_TRANSPOSED = (
    " W looks transposed: it follows PyTorch's convention (n_out, n_in); "
    "a Keras kernel of shape (n_in, n_out) must be transposed."
)


def _check_layer(index, layer, n_in, source):
    """Validate one layer; `n_in` is the width of what feeds it (None: any)."""
    if not isinstance(layer, (tuple, list)) or len(layer) != 3:
        raise ValueError(
            f"layer {index} must be a tuple (W, b, activation); got {type(layer).__name__}"
            + (f" of length {len(layer)}." if isinstance(layer, (tuple, list)) else ".")
        )
    w, b, activation = layer
    w, b = np.asarray(w), np.asarray(b)
    if w.ndim != 2:
        raise ValueError(
            f"layer {index}: W must be a 2-D array of shape (n_out, n_in); got shape {w.shape}."
        )
    if n_in is not None and w.shape[1] != n_in:
        hint = _TRANSPOSED if w.shape[0] == n_in else ""
        raise ValueError(
            f"layer {index}: W has shape {w.shape}, so it expects {w.shape[1]} inputs, "
            f"but it receives {n_in} ({source}).{hint}"
        )
    if b.shape != (w.shape[0],):
        hint = _TRANSPOSED if b.shape == (w.shape[1],) else ""
        raise ValueError(
            f"layer {index}: b must have shape (n_out,) = ({w.shape[0]},) to match W of "
            f"shape {w.shape}; got shape {b.shape}.{hint}"
        )
    return w, b, activation


def check_layers(layers, n_in=None, source=None):
    """Validate a list of layers ``(W, b, activation)``, each feeding the next.

    :func:`~dlbasics.scratch.mlp.forward`, :func:`dlbasics.scratch.backprop.backward` and
    :mod:`dlbasics.weights` check their layers with it.

    Parameters
    ----------
    layers : sequence of tuples ``(W, b, activation)``
        ``W`` of shape (n_out, n_in), ``b`` of shape (n_out,), as
        :func:`~dlbasics.scratch.mlp.forward` takes them.
    n_in : int or None, default None
        The width of the input of the first layer (None: any).
    source : str or None, default None
        Where `n_in` comes from, for the message (e.g. ``"x has shape (5, 3)"``).

    Returns
    -------
    list of tuples ``(W, b, activation)``
        The layers with ``W`` and ``b`` as NumPy arrays.

    Raises
    ------
    ValueError
        If `layers` is empty or a layer is malformed (see :func:`~dlbasics.scratch.mlp.forward`);
        the message names the layer, counted from 1, and the shapes.

    Examples
    --------
    >>> check_layers([(np.ones((2, 3)), np.zeros(3), "relu")])
    Traceback (most recent call last):
    ...
    ValueError: layer 1: b must have shape (n_out,) = (2,) to match W of shape (2, 3); got shape (3,). W looks transposed: it follows PyTorch's convention (n_out, n_in); a Keras kernel of shape (n_in, n_out) must be transposed.
    """
    layers = list(layers)
    if not layers:
        raise ValueError("layers is empty: give at least one (W, b, activation) layer.")
    checked = []
    for index, layer in enumerate(layers, start=1):
        w, b, activation = _check_layer(index, layer, n_in, source)
        checked.append((w, b, activation))
        n_in, source = w.shape[0], f"layer {index} outputs {w.shape[0]} values"
    return checked


def forward(x, layers):
    r"""Forward pass of a multi-layer perceptron on a batch.

    Computes :math:`H^{(l)} = \varphi^{(l)}(H^{(l-1)} W^{(l)\top} + b^{(l)})`
    layer after layer, from :math:`H^{(0)} = x`. Chapter 2 checks that it
    gives the outputs of Keras and PyTorch on the same weights.

    Parameters
    ----------
    x : array_like of shape (batch, n_in), or (n_in,) for one sample
        Inputs, one sample per row.
    layers : sequence of tuples ``(W, b, activation)``
        For each layer, in order: ``W`` of shape (n_out, n_in) (PyTorch's
        convention: row i holds the weights of neuron i; a Keras kernel is
        its transpose), ``b`` of shape (n_out,), and the activation: a name
        known to :func:`~dlbasics.scratch.activations.get_activation`
        (``"relu"``, ``"softmax"``...), a callable applied to the array of
        shape (batch, n_out), or None for the identity. Each layer's n_in
        must equal the previous layer's n_out.

    Returns
    -------
    numpy.ndarray of shape (batch, n_out), or (n_out,) for one sample
        The output of the last layer.

    Raises
    ------
    ValueError
        If `x` is not 1-D or 2-D, `layers` is empty, or a layer is malformed:
        not a triple, ``W`` not 2-D, ``W`` not matching the width of its
        input, ``b`` not of shape (n_out,), or an unknown activation name.
        The message names the layer (counted from 1) and the shapes.

    Examples
    --------
    One hidden ReLU layer of two units, then a linear output:

    >>> import numpy as np
    >>> layers = [
    ...     (np.array([[1.0], [-1.0]]), np.zeros(2), "relu"),
    ...     (np.array([[1.0, 1.0]]), np.array([0.5]), None),
    ... ]
    >>> forward([[-3.0], [2.0]], layers)  # |x| + 0.5
    array([[3.5],
           [2.5]])
    """
    h = np.asarray(x)
    if not np.issubdtype(h.dtype, np.floating):
        h = h.astype(float)
    if h.ndim not in (1, 2):
        raise ValueError(
            f"x must have shape (batch, n_in), or (n_in,) for one sample; got shape {h.shape}."
        )
    single = h.ndim == 1
    if single:
        h = h[None, :]
    layers = check_layers(layers, h.shape[1], f"x has shape {np.shape(x)}")
    phis = [_activation_function(i, a) for i, (_, _, a) in enumerate(layers, start=1)]
    for (w, b, _), phi in zip(layers, phis):
        h = phi(h @ w.T + b)
    return h[0] if single else h


def count_parameters(layer_sizes):
    r"""Number of weights and biases of a fully connected network.

    Each layer has an :math:`n^{(l)} \times n^{(l-1)}` weight matrix and
    :math:`n^{(l)}` biases, so the total is

    .. math::

       \sum_{l=1}^{L} \left(n^{(l-1)} + 1\right) n^{(l)} .

    Chapter 2 checks it against the counts of Keras and PyTorch.

    Parameters
    ----------
    layer_sizes : sequence of int
        The widths :math:`n^{(0)}, \dots, n^{(L)}`, inputs first and outputs
        last; at least two, all >= 1.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If there are fewer than two sizes or a size is not an integer >= 1.

    Examples
    --------
    >>> count_parameters([10, 20, 3])  # 10*20 + 20 + 20*3 + 3
    283
    >>> count_parameters([2, 3, 1])
    13
    """
    try:
        sizes = list(layer_sizes)
    except TypeError:
        raise ValueError(
            f"layer_sizes must be a sequence of integers; got {layer_sizes!r}."
        ) from None
    if len(sizes) < 2:
        raise ValueError(
            f"layer_sizes needs at least two sizes (inputs and outputs); got {sizes!r}."
        )
    sizes = [check_int(f"layer_sizes[{index}]", n) for index, n in enumerate(sizes)]
    return int(sum((n_in + 1) * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:])))


def check_mlp(n_in, hidden, n_out, activation, output):
    """Validate the arguments of an ``mlp`` builder, the MLP spec both frameworks mirror.

    :func:`dlbasics.keras_models.mlp` and :func:`dlbasics.torch_models.mlp`
    take the same arguments; this function validates them once, with the
    same messages, and maps the activation names to their canonical names
    (:func:`~dlbasics.scratch.activations.canonical_activation`).

    Parameters
    ----------
    n_in : int
        Number of inputs, >= 1.
    hidden : sequence of int
        Widths of the hidden layers (may be empty), each >= 1.
    n_out : int
        Number of outputs, >= 1.
    activation : str or None
        Activation of the hidden layers.
    output : str or None
        Activation of the output layer.

    Returns
    -------
    tuple
        ``(sizes, activation, output)``: the widths ``[n_in, *hidden,
        n_out]`` and the two canonical activation names.

    Raises
    ------
    ValueError
        With a message naming the bad argument.

    Examples
    --------
    >>> check_mlp(10, [20], 3, "ReLU", None)
    ([10, 20, 3], 'relu', 'identity')
    """
    n_in, n_out = check_int("n_in", n_in), check_int("n_out", n_out)
    if isinstance(hidden, numbers.Integral) or isinstance(hidden, str):
        raise ValueError(
            f"hidden must be a list of layer sizes, e.g. [{hidden}] for one hidden layer; "
            f"got {hidden!r}."
        )
    try:
        hidden = [check_int("every hidden size", h) for h in hidden]
    except TypeError:
        raise ValueError(f"hidden must be a list of layer sizes; got {hidden!r}.") from None
    return (
        [n_in, *hidden, n_out],
        canonical_activation(activation, what="activation"),
        canonical_activation(output, what="output activation"),
    )
