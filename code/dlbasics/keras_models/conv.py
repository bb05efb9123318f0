"""Convolutional networks in Keras 3: :func:`~dlbasics.keras_models.lenet5` and :func:`~dlbasics.keras_models.cnn1d`.

Keras is channels last: images (batch, height, width, channels), series
(batch, time steps, channels). The PyTorch twins,
:mod:`dlbasics.torch_models.conv`, take channels-first inputs, and therefore
channel counts where these take input shapes: that is the only intended
difference of their arguments. The NumPy reference is
:mod:`dlbasics.scratch.conv`.
"""

import keras

from .._validation import check_choice, check_int
from ..scratch.activations import MODEL_ACTIVATIONS, canonical_activation
from .mlp import _layer_activation

__all__ = ["cnn1d", "lenet5"]

POOLINGS = ("avg", "max")

#: The activations of :func:`~dlbasics.keras_models.lenet5`: the one vocabulary but the softmax, which
#: normalises over an axis (the channels in Keras, the width in PyTorch).
HIDDEN_ACTIVATIONS = tuple(name for name in MODEL_ACTIVATIONS if name != "softmax")


def lenet5(input_shape=(32, 32, 1), n_classes=10, activation="relu", pooling="max"):
    """LeNet-5 (LeCun et al. 1998) as a :class:`keras.Sequential` model.

    Conv 6 @ 5×5 → pool 2 → conv 16 @ 5×5 → pool 2 → flatten → dense 120 →
    dense 84 → dense `n_classes` (logits, no softmax). The flatten and
    the dense 120 are the paper's C5, a convolution whose 5×5 kernels cover
    the whole 5×5 maps of S4 (the same on 32 × 32 inputs). On 32 × 32 × 1
    images with 10 classes it has 61,706 parameters, as the PyTorch twin
    :func:`dlbasics.torch_models.lenet5`. Chapter 6 counts them and trains
    it on handwritten digits.

    Parameters
    ----------
    input_shape : tuple of int, default (32, 32, 1)
        Channels last: (height, width, channels). Keras needs the shape;
        the PyTorch twin takes ``in_channels`` (its linear layers are sized
        for 32 × 32 images).
    n_classes : int, default 10
    activation : str, default "relu"
        Activation of the hidden layers: a name of
        :data:`dlbasics.scratch.activations.MODEL_ACTIVATIONS` but "softmax"
        (or an alias that
        :func:`~dlbasics.scratch.activations.canonical_activation` accepts),
        checked as by the PyTorch twin (LeCun et al. used a scaled tanh).
    pooling : {"max", "avg"}, default "max"
        Max pooling, or the average pooling of the original.

    Returns
    -------
    keras.Sequential
        Layers named ``c1, s2, c3, s4, flatten, c5, f6, output``, as in the paper.

    Raises
    ------
    ValueError
        If `input_shape` is not three sizes, `n_classes` not an integer >= 1,
        `activation` unknown or `pooling` neither "max" nor "avg".
    """
    check_choice("pooling", pooling, POOLINGS)
    n_classes = check_int("n_classes", n_classes)
    activation = check_choice("activation", canonical_activation(activation), HIDDEN_ACTIVATIONS)
    act = _layer_activation(activation)
    if len(input_shape) != 3:
        raise ValueError(f"input_shape must be (height, width, channels), channels last; got {input_shape!r}.")
    pool = keras.layers.MaxPooling2D if pooling == "max" else keras.layers.AveragePooling2D
    layers = keras.layers
    return keras.Sequential([
        keras.Input(shape=tuple(input_shape)),
        layers.Conv2D(6, 5, activation=act, name="c1"),
        pool(2, name="s2"),
        layers.Conv2D(16, 5, activation=act, name="c3"),
        pool(2, name="s4"),
        layers.Flatten(name="flatten"),
        layers.Dense(120, activation=act, name="c5"),
        layers.Dense(84, activation=act, name="f6"),
        layers.Dense(n_classes, name="output"),
    ], name="lenet5")


def cnn1d(n_timesteps, n_channels=1, n_classes=4, filters=(16, 32), kernel_size=7):
    """A small 1-D convolutional classifier of time series.

    One block per entry of `filters`: ``Conv1D`` ("same" padding, ReLU)
    then ``MaxPooling1D(2)``; then global average pooling over time and a
    dense output layer (logits), in the spirit of the fully convolutional
    networks reviewed by Fawaz et al. (2019). Chapter 6 trains it on Trace.

    Parameters
    ----------
    n_timesteps : int or None
        Length of the series (None accepts any length). Keras only: the
        PyTorch twin :func:`dlbasics.torch_models.cnn1d` accepts any length.
    n_channels : int, default 1
    n_classes : int, default 4
    filters : sequence of int, default (16, 32)
    kernel_size : int, default 7

    Returns
    -------
    keras.Sequential
        Input shape (batch, n_timesteps, n_channels), output (batch, n_classes).
    """
    if n_timesteps is not None:
        n_timesteps = check_int("n_timesteps", n_timesteps)
    n_channels, n_classes = check_int("n_channels", n_channels), check_int("n_classes", n_classes)
    filters = [check_int("every filter count", f) for f in filters]
    kernel_size = check_int("kernel_size", kernel_size)
    layers = [keras.Input(shape=(n_timesteps, n_channels))]
    for n_filters in filters:
        layers += [keras.layers.Conv1D(n_filters, kernel_size, padding="same", activation="relu"),
                   keras.layers.MaxPooling1D(2)]
    layers += [keras.layers.GlobalAveragePooling1D(), keras.layers.Dense(n_classes)]
    return keras.Sequential(layers, name="cnn1d")
