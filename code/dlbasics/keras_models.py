"""Keras models of the chapters, built by short functions.

Keras is imported when a builder is called, not when this module is, so
that importing ``dlbasics`` stays cheap. Call
:func:`dlbasics.quiet_tensorflow` before the first builder. The PyTorch
twins are in :mod:`dlbasics.torch_models`; both count the same parameters.
"""

__all__ = ["lenet5", "cnn1d", "recurrent_classifier", "recurrent_forecaster"]

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
