"""Recurrent networks in Keras 3: :func:`~dlbasics.keras_models.recurrent_classifier`, :func:`~dlbasics.keras_models.recurrent_forecaster`.

Both are many-to-one: a recurrent layer reads (batch, time steps, features)
and a dense layer maps its last hidden state to the output. The PyTorch
twins are in :mod:`dlbasics.torch_models.rnn`, the NumPy cells in
:mod:`dlbasics.scratch.rnn`.
"""

import keras

from .._validation import check_choice, check_int

__all__ = ["recurrent_classifier", "recurrent_forecaster"]

#: Keras layer of each cell name (the PyTorch twins use the same names).
CELLS = {"rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}


def _last_state_model(cell, n_features, units, n_outputs, n_timesteps, name):
    """A recurrent layer, then a dense layer on its last state."""
    check_choice("cell", cell, CELLS)
    n_features, units = check_int("n_features", n_features), check_int("units", units)
    if n_timesteps is not None:
        n_timesteps = check_int("n_timesteps", n_timesteps)
    recurrent = getattr(keras.layers, CELLS[cell])
    return keras.Sequential([
        keras.Input(shape=(n_timesteps, n_features)),
        recurrent(units),
        keras.layers.Dense(n_outputs),
    ], name=name)


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
        Fixed sequence length (None accepts any). Keras only, because a
        Keras model declares its input shape; the PyTorch twin
        :func:`dlbasics.torch_models.recurrent_classifier` has no such
        argument. PyTorch's cells also hold two bias vectors where Keras's
        hold one (except the GRU), so the parameter counts differ.

    Returns
    -------
    keras.Sequential
        Input (batch, time steps, n_features), output logits (batch, n_classes).
    """
    n_classes = check_int("n_classes", n_classes)
    return _last_state_model(cell, n_features, units, n_classes, n_timesteps, f"{cell}_classifier")


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
        Keras only, as for :func:`~dlbasics.keras_models.recurrent_classifier`.

    Returns
    -------
    keras.Sequential
        Input (batch, time steps, n_features), output (batch, 1).
    """
    return _last_state_model(cell, n_features, units, 1, n_timesteps, f"{cell}_forecaster")
