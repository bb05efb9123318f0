"""Multi-layer perceptrons in Keras 3: :func:`~dlbasics.keras_models.mlp`.

The PyTorch twin is :func:`dlbasics.torch_models.mlp`, the NumPy reference
:mod:`dlbasics.scratch.mlp`; the three share the argument checks of
:func:`dlbasics.scratch.mlp.check_mlp` and the activation names of
:data:`dlbasics.scratch.activations.MODEL_ACTIVATIONS`.
"""

import functools

import keras

from ..scratch.activations import LEAKY_RELU_SLOPE
from ..scratch.mlp import check_mlp

__all__ = ["mlp"]


def _layer_activation(name):
    """The ``activation=`` argument of a Keras layer for a canonical name.

    ``"identity"`` is Keras's ``"linear"``; ``"leaky_relu"`` gets the
    slope :data:`~dlbasics.scratch.activations.LEAKY_RELU_SLOPE` (Keras's own
    default is 0.2); the other canonical names are Keras names already.
    Used by the layers that carry their activation (convolutions);
    :func:`~dlbasics.keras_models.mlp` adds a ``LeakyReLU`` layer instead, shown by ``summary()``.
    """
    if name == "identity":
        return "linear"
    if name == "leaky_relu":
        return functools.partial(keras.activations.leaky_relu, negative_slope=LEAKY_RELU_SLOPE)
    return name


def _dense(units, activation):
    """A Dense layer with `activation`, as one layer or Dense + activation layer."""
    if activation == "identity":
        return [keras.layers.Dense(units)]
    if activation == "leaky_relu":
        return [
            keras.layers.Dense(units),
            keras.layers.LeakyReLU(negative_slope=LEAKY_RELU_SLOPE),
        ]
    return [keras.layers.Dense(units, activation=activation)]


def mlp(n_in, hidden, n_out, activation="relu", output=None, *, name=None):
    """A multi-layer perceptron as a :class:`keras.Sequential` model.

    The model is ``Input(n_in)``, one ``Dense`` layer per hidden size with
    `activation`, and a ``Dense(n_out)`` output layer with `output`.
    Chapter 2 declares its networks with it and checks its parameter count;
    the generative builders (:mod:`dlbasics.keras_models.generative`) are
    made of it.

    Parameters
    ----------
    n_in : int
        Number of input features.
    hidden : sequence of int
        Sizes of the hidden layers, e.g. ``[20]`` or ``[64, 64]``; ``[]``
        gives a network without hidden layer.
    n_out : int
        Number of outputs.
    activation : str, default "relu"
        Activation of the hidden layers: ``"relu"``, ``"tanh"``,
        ``"sigmoid"``, ``"leaky_relu"`` (slope 0.01 for x < 0, added as a
        ``LeakyReLU`` layer after a linear ``Dense``), ``"elu"``,
        ``"softplus"``, ``"softmax"`` or ``"identity"`` (alias
        ``"linear"``).
    output : str or None, default None
        Activation of the output layer, from the same names; None is the
        identity (raw scores). The Keras habit for classification is to put
        it in the model, ``"softmax"`` (or ``"sigmoid"`` for one binary
        output), with the loss ``"sparse_categorical_crossentropy"`` (or
        ``"binary_crossentropy"``). PyTorch's habit differs: see
        :func:`dlbasics.torch_models.mlp`.
    name : str, optional
        Name of the model (shown by ``model.summary()``). Keras only: a
        PyTorch module has no name.

    Returns
    -------
    keras.Sequential
        Built (its weights exist), with
        ``count_parameters([n_in, *hidden, n_out])`` parameters.

    Raises
    ------
    ValueError
        If a size is not an integer >= 1, `hidden` is not a list of sizes,
        or an activation name is unknown (the message lists the names).
    """
    sizes, activation, output = check_mlp(n_in, hidden, n_out, activation, output)
    layers = [keras.Input(shape=(sizes[0],))]
    for units in sizes[1:-1]:
        layers += _dense(units, activation)
    layers += _dense(sizes[-1], output)
    return keras.Sequential(layers, name=name)
