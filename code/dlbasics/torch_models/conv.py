"""Convolutional networks in PyTorch: :func:`~dlbasics.torch_models.lenet5` and :func:`~dlbasics.torch_models.cnn1d`.

PyTorch is channels first: images (N, C, H, W), series (N, C, L). The Keras
twins, :mod:`dlbasics.keras_models.conv`, are channels last and take input
shapes where these take channel counts: that is the only intended
difference of their arguments. The NumPy reference is
:mod:`dlbasics.scratch.conv`.
"""

from torch import nn

from .._validation import check_choice, check_int
from ..scratch.activations import MODEL_ACTIVATIONS, canonical_activation
from .mlp import _activation_module

__all__ = ["cnn1d", "lenet5"]

POOLINGS = ("avg", "max")

#: The activations of :func:`~dlbasics.torch_models.lenet5`: the one vocabulary but the softmax, which
#: normalises over an axis (the channels in Keras, the width in PyTorch).
HIDDEN_ACTIVATIONS = tuple(name for name in MODEL_ACTIVATIONS if name != "softmax")


def lenet5(in_channels=1, n_classes=10, activation="relu", pooling="max"):
    """LeNet-5 (LeCun et al. 1998) as a :class:`torch.nn.Sequential`.

    The same layers as :func:`dlbasics.keras_models.lenet5`, for 32 × 32
    channels-first images (N, `in_channels`, 32, 32): 61,706 parameters
    with one channel and 10 classes. The output is logits.

    Parameters
    ----------
    in_channels : int, default 1
        PyTorch needs the channel count where Keras takes the input shape
        (the linear layers are sized for 32 × 32 images).
    n_classes : int, default 10
    activation : str, default "relu"
        Activation of the hidden layers: a name of
        :data:`dlbasics.scratch.activations.MODEL_ACTIVATIONS` but "softmax"
        (or an alias that
        :func:`~dlbasics.scratch.activations.canonical_activation` accepts),
        checked as by the Keras twin; "identity" is an ``nn.Identity``, so
        that the indices below hold.
    pooling : {"max", "avg"}, default "max"

    Returns
    -------
    torch.nn.Sequential
        Indices 0 to 5 are the convolutional base (conv, activation, pool,
        twice), 6 the flatten layer, then the dense head.

    Raises
    ------
    ValueError
        If a size is not an integer >= 1, `activation` is unknown or
        `pooling` neither "max" nor "avg".
    """
    check_choice("pooling", pooling, POOLINGS)
    in_channels, n_classes = check_int("in_channels", in_channels), check_int("n_classes", n_classes)
    activation = check_choice("activation", canonical_activation(activation), HIDDEN_ACTIVATIONS)

    def act():
        return _activation_module(activation) or nn.Identity()

    pool = nn.MaxPool2d if pooling == "max" else nn.AvgPool2d
    return nn.Sequential(
        nn.Conv2d(in_channels, 6, 5), act(), pool(2),
        nn.Conv2d(6, 16, 5), act(), pool(2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), act(),
        nn.Linear(120, 84), act(),
        nn.Linear(84, n_classes),
    )


def cnn1d(n_channels=1, n_classes=4, filters=(16, 32), kernel_size=7):
    """A small 1-D convolutional classifier of channels-first series (N, C, L).

    The twin of :func:`dlbasics.keras_models.cnn1d`: blocks of ``Conv1d``
    ("same" padding, ReLU) and ``MaxPool1d(2)``, global average pooling
    over time, a linear output layer (logits). It accepts any series
    length, so it has no ``n_timesteps`` argument (the Keras twin's first).

    Parameters
    ----------
    n_channels : int, default 1
    n_classes : int, default 4
    filters : sequence of int, default (16, 32)
    kernel_size : int, default 7

    Returns
    -------
    torch.nn.Sequential
    """
    n_channels, n_classes = check_int("n_channels", n_channels), check_int("n_classes", n_classes)
    filters = [check_int("every filter count", f) for f in filters]
    kernel_size = check_int("kernel_size", kernel_size)
    layers, c_in = [], n_channels
    for n_filters in filters:
        layers += [nn.Conv1d(c_in, n_filters, kernel_size, padding="same"), nn.ReLU(), nn.MaxPool1d(2)]
        c_in = n_filters
    layers += [nn.AdaptiveAvgPool1d(1), nn.Flatten(), nn.Linear(c_in, n_classes)]
    return nn.Sequential(*layers)
