"""Recurrent networks in PyTorch: :func:`~dlbasics.torch_models.recurrent_classifier`, :func:`~dlbasics.torch_models.recurrent_forecaster`.

Both are many-to-one: a recurrent module (``batch_first=True``) reads
(N, T, features) and a linear layer maps its last hidden state to the
output. The Keras twins are in :mod:`dlbasics.keras_models.rnn`, the NumPy
cells in :mod:`dlbasics.scratch.rnn`.
"""

from torch import nn

from .._validation import check_choice, check_int

__all__ = ["recurrent_classifier", "recurrent_forecaster"]

#: PyTorch module of each cell name (the Keras twins use the same names).
CELLS = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}


class _LastState(nn.Module):
    """Recurrent layer (batch first), then a linear layer on h_T."""

    def __init__(self, cell, n_features, units, n_outputs):
        super().__init__()
        self.recurrent = getattr(nn, CELLS[cell])(n_features, units, batch_first=True)
        self.head = nn.Linear(units, n_outputs)

    def forward(self, x):
        outputs, _ = self.recurrent(x)  # (N, T, units)
        return self.head(outputs[:, -1])


def _last_state_model(cell, n_features, units, n_outputs):
    """A recurrent module followed by a linear layer on the last hidden state."""
    check_choice("cell", cell, CELLS)
    n_features, units = check_int("n_features", n_features), check_int("units", units)
    return _LastState(cell, n_features, units, n_outputs)


def recurrent_classifier(n_features, n_classes, cell="lstm", units=32):
    """Many-to-one classifier, the twin of :func:`dlbasics.keras_models.recurrent_classifier`.

    Chapter 7 classifies digits read row by row with it.

    Parameters
    ----------
    n_features : int
        Features per time step.
    n_classes : int
    cell : {"rnn", "lstm", "gru"}, default "lstm"
        ``nn.RNN``, ``nn.LSTM`` or ``nn.GRU``.
    units : int, default 32
        Size of the hidden state.

    Returns
    -------
    torch.nn.Module
        Input (N, T, n_features), output logits (N, n_classes); the
        recurrent layer is its attribute ``recurrent``, the output layer
        ``head``.

    Notes
    -----
    Intended differences from the Keras twin: no ``n_timesteps`` argument
    (a PyTorch module declares no input shape), and PyTorch's cells hold two
    bias vectors (``bias_ih``, ``bias_hh``) where Keras's hold one, so
    the RNN and LSTM have ``n_gates * units`` more parameters (the GRU, with
    Keras's ``reset_after``, as many).
    """
    n_classes = check_int("n_classes", n_classes)
    return _last_state_model(cell, n_features, units, n_classes)


def recurrent_forecaster(n_features=1, cell="gru", units=16):
    """Many-to-one regressor, the twin of :func:`dlbasics.keras_models.recurrent_forecaster`.

    Chapter 7 forecasts next year's sunspot number from a window of past
    years with it.

    Parameters
    ----------
    n_features : int, default 1
    cell : {"rnn", "lstm", "gru"}, default "gru"
    units : int, default 16

    Returns
    -------
    torch.nn.Module
        Input (N, T, n_features), output (N, 1). No ``n_timesteps``
        argument, as for :func:`~dlbasics.torch_models.recurrent_classifier`.
    """
    return _last_state_model(cell, n_features, units, 1)
