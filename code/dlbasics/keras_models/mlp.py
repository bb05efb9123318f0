"""Keras models of the chapters, built by short functions.

Keras is imported when a builder is called, not when this module is, so
that importing ``dlbasics`` stays cheap. Call
:func:`dlbasics.quiet_tensorflow` before the first builder. The PyTorch
twins are in :mod:`dlbasics.torch_models`.
"""

from ._architecture import LEAKY_RELU_SLOPE, check_mlp

__all__ = ["mlp"]


def _dense(keras, units, activation):
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
    Chapter 2 declares its networks with it and checks its parameter count.

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
        Name of the model (shown by ``model.summary()``).

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
    import keras

    layers = [keras.Input(shape=(sizes[0],))]
    for units in sizes[1:-1]:
        layers += _dense(keras, units, activation)
    layers += _dense(keras, sizes[-1], output)
    return keras.Sequential(layers, name=name)


# ----------------------------------------------------------------------
# Chapters 6 and 7 (convolutional and recurrent networks).

__all__ += ["lenet5", "cnn1d", "recurrent_classifier", "recurrent_forecaster"]

_RECURRENT = {"rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}


def _check_choice(name, value, choices):
    if value not in choices:
        raise ValueError(f"{name} must be one of {sorted(choices)}; got {value!r}.")


def lenet5(input_shape=(32, 32, 1), n_classes=10, activation="relu", pooling="max"):
    """LeNet-5 (LeCun et al. 1998) as a :class:`keras.Sequential` model.

    Conv 6 @ 5×5 → pool 2 → conv 16 @ 5×5 → pool 2 → flatten → dense 120 →
    dense 84 → dense `n_classes` (logits, no softmax). On 32 × 32 × 1
    images with 10 classes it has 61,706 parameters, as the PyTorch twin
    :func:`dlbasics.torch_models.lenet5`. Chapter 6 counts them and trains
    it on handwritten digits.

    Parameters
    ----------
    input_shape : tuple of int, default (32, 32, 1)
        Channels last: (height, width, channels).
    n_classes : int, default 10
    activation : str, default "relu"
        Activation of the hidden layers (LeCun et al. used a scaled tanh).
    pooling : {"max", "avg"}, default "max"
        Max pooling, or the average pooling of the original.

    Returns
    -------
    keras.Sequential
    """
    import keras

    _check_choice("pooling", pooling, {"max", "avg"})
    if len(input_shape) != 3:
        raise ValueError(f"input_shape must be (height, width, channels), channels last; got {input_shape!r}.")
    pool = keras.layers.MaxPooling2D if pooling == "max" else keras.layers.AveragePooling2D
    layers = keras.layers
    return keras.Sequential([
        keras.Input(shape=tuple(input_shape)),
        layers.Conv2D(6, 5, activation=activation, name="c1"),
        pool(2, name="s2"),
        layers.Conv2D(16, 5, activation=activation, name="c3"),
        pool(2, name="s4"),
        layers.Flatten(name="flatten"),
        layers.Dense(120, activation=activation, name="f5"),
        layers.Dense(84, activation=activation, name="f6"),
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
        Length of the series (None accepts any length).
    n_channels : int, default 1
    n_classes : int, default 4
    filters : sequence of int, default (16, 32)
    kernel_size : int, default 7

    Returns
    -------
    keras.Sequential
        Input shape (batch, n_timesteps, n_channels), output (batch, n_classes).
    """
    import keras

    layers = [keras.Input(shape=(n_timesteps, n_channels))]
    for n_filters in filters:
        layers += [keras.layers.Conv1D(n_filters, kernel_size, padding="same", activation="relu"),
                   keras.layers.MaxPooling1D(2)]
    layers += [keras.layers.GlobalAveragePooling1D(), keras.layers.Dense(n_classes)]
    return keras.Sequential(layers, name="cnn1d")


def recurrent_classifier(n_features, n_classes, cell="lstm", units=32, n_timesteps=None):
    """Many-to-one classifier: a recurrent layer, then a dense layer on its last state.

    Chapter 7 classifies digits read row by row with it.

    Parameters
    ----------
    n_features : int
        Features per time step.
    n_classes : int
    cell : {"rnn", "lstm", "gru"}, default "lstm"
        ``SimpleRNN``, ``LSTM`` or ``GRU``.
    units : int, default 32
        Size of the hidden state.
    n_timesteps : int, optional
        Fixed sequence length (None accepts any).

    Returns
    -------
    keras.Sequential
        Input (batch, time steps, n_features), output logits (batch, n_classes).
    """
    import keras

    _check_choice("cell", cell, _RECURRENT)
    recurrent = getattr(keras.layers, _RECURRENT[cell])
    return keras.Sequential([
        keras.Input(shape=(n_timesteps, n_features)),
        recurrent(units),
        keras.layers.Dense(n_classes),
    ], name=f"{cell}_classifier")


def recurrent_forecaster(n_features=1, cell="gru", units=16, n_timesteps=None):
    """Many-to-one regressor: a recurrent layer, then one linear output.

    Chapter 7 forecasts next year's sunspot number from a window of past
    years with it.

    Parameters
    ----------
    n_features : int, default 1
    cell : {"rnn", "lstm", "gru"}, default "gru"
    units : int, default 16
    n_timesteps : int, optional

    Returns
    -------
    keras.Sequential
        Input (batch, time steps, n_features), output (batch, 1).
    """
    import keras

    _check_choice("cell", cell, _RECURRENT)
    recurrent = getattr(keras.layers, _RECURRENT[cell])
    return keras.Sequential([
        keras.Input(shape=(n_timesteps, n_features)),
        recurrent(units),
        keras.layers.Dense(1),
    ], name=f"{cell}_forecaster")
