r"""Recurrent cells of chapter 7 (simple RNN, LSTM, GRU), in NumPy.

Conventions. A batch of sequences ``x`` has shape ``(N, T, d)`` (batch
first, as Keras and PyTorch with ``batch_first=True``), hidden states have
shape ``(N, h)``. Weight matrices follow the equations of the chapter:
``W_x`` has shape ``(h, d)`` and ``W_h`` shape ``(h, h)``, so a step
computes ``x_t @ W_x.T + h @ W_h.T`` (PyTorch's layout; Keras stores the
transposes). Each gate has two biases ``b_x`` and ``b_h`` as in PyTorch;
only the GRU's candidate really needs both, and a framework with one bias
per gate gives ``b_h = 0``.

Parameters are dicts:

- simple RNN: ``{"W_x", "W_h", "b_x", "b_h"}``;
- LSTM: one such dict per gate, under the keys ``"i"`` (input gate),
  ``"f"`` (forget gate), ``"g"`` (candidate cell state :math:`\tilde C_t`)
  and ``"o"`` (output gate);
- GRU: one per gate under ``"z"`` (update), ``"r"`` (reset) and ``"n"``
  (candidate state :math:`\tilde h_t`).

:func:`~dlbasics.scratch.rnn.from_keras` and :func:`~dlbasics.scratch.rnn.from_torch` build these dicts from the
frameworks' weights, which stack the gates in different orders: Keras
``LSTM`` i, f, c, o and PyTorch ``LSTM`` i, f, g, o (the same order under
two names); Keras ``GRU`` z, r, h but PyTorch ``GRU`` r, z, n.
"""

import numpy as np

from .._validation import check_choice

__all__ = [
    "GATES",
    "init_params",
    "rnn_cell",
    "lstm_cell",
    "gru_cell",
    "rnn",
    "lstm",
    "gru",
    "from_keras",
    "from_torch",
    "hidden_state_jacobian_norms",
]

#: Gate names of each cell, in the order of the NumPy parameter dicts.
GATES = {"rnn": (), "lstm": ("i", "f", "g", "o"), "gru": ("z", "r", "n")}
#: How the frameworks stack the gates along the rows of their matrices.
_KERAS_ORDER = {"rnn": (), "lstm": ("i", "f", "g", "o"), "gru": ("z", "r", "n")}
_TORCH_ORDER = {"rnn": (), "lstm": ("i", "f", "g", "o"), "gru": ("r", "z", "n")}
_KEYS = ("W_x", "W_h", "b_x", "b_h")


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # stable for large |z|


def _check_cell(cell):
    check_choice("cell", cell, GATES)


def _gate_params(params, name):
    """Check one gate's dict and return its arrays (W_x, W_h, b_x, b_h)."""
    missing = [key for key in _KEYS if key not in params]
    if missing:
        raise ValueError(f"the parameters of {name} lack {missing}; expected keys {list(_KEYS)}.")
    W_x, W_h, b_x, b_h = (np.asarray(params[key], dtype=float) for key in _KEYS)
    h = W_h.shape[0] if W_h.ndim == 2 else -1
    if W_h.shape != (h, h) or W_x.ndim != 2 or W_x.shape[0] != h:
        raise ValueError(
            f"{name}: W_h must have shape (h, h) and W_x shape (h, d); got "
            f"{W_h.shape} and {W_x.shape}."
        )
    if b_x.shape != (h,) or b_h.shape != (h,):
        raise ValueError(f"{name}: b_x and b_h must have shape ({h},); got {b_x.shape} and {b_h.shape}.")
    return W_x, W_h, b_x, b_h


def _sizes(cell, params):
    """(d, h) of a parameter dict, checked."""
    _check_cell(cell)
    if cell == "rnn":
        W_x, *_ = _gate_params(params, "the simple RNN")
        return W_x.shape[1], W_x.shape[0]
    missing = [g for g in GATES[cell] if g not in params]
    if missing:
        raise ValueError(f"{cell.upper()} parameters need one dict per gate {GATES[cell]}; missing {missing}.")
    shapes = {_gate_params(params[g], f"gate {g!r}")[0].shape for g in GATES[cell]}
    if len(shapes) != 1:
        raise ValueError(f"all gates of the {cell.upper()} must have the same shapes; got W_x shapes {shapes}.")
    (h, d), = shapes
    return d, h


def _check_input(x_t, d, what):
    x_t = np.asarray(x_t, dtype=float)
    if x_t.ndim != 2 or x_t.shape[1] != d:
        raise ValueError(f"{what} must have shape (N, {d}) (batch, features); got shape {x_t.shape}.")
    return x_t


def _check_state(state, n, h, what):
    state = np.asarray(state, dtype=float)
    if state.shape != (n, h):
        raise ValueError(f"{what} must have shape ({n}, {h}) (batch, hidden); got shape {state.shape}.")
    return state


def _affine(x_t, h, p):
    """x_t W_x^T + b_x and h W_h^T + b_h of one gate."""
    W_x, W_h, b_x, b_h = (np.asarray(p[key], dtype=float) for key in _KEYS)
    return x_t @ W_x.T + b_x, h @ W_h.T + b_h


def init_params(cell, input_size, hidden_size, rng=None, scale=None):
    r"""Random parameters of a cell, uniform in :math:`[-a, a]`.

    Parameters
    ----------
    cell : {"rnn", "lstm", "gru"}
    input_size, hidden_size : int
        :math:`d` and :math:`h`.
    rng : numpy.random.Generator or int, optional
        Generator or seed (default seed 0).
    scale : float, optional
        :math:`a`; defaults to :math:`1/\sqrt{h}` as in PyTorch.

    Returns
    -------
    dict
        The parameter dict described in the module's docstring.

    Examples
    --------
    >>> p = init_params("lstm", 3, 5)
    >>> sorted(p), p["f"]["W_x"].shape, p["f"]["W_h"].shape
    (['f', 'g', 'i', 'o'], (5, 3), (5, 5))
    """
    _check_cell(cell)
    rng = np.random.default_rng(0 if rng is None else rng)
    a = 1.0 / np.sqrt(hidden_size) if scale is None else scale

    def gate():
        return {
            "W_x": rng.uniform(-a, a, (hidden_size, input_size)),
            "W_h": rng.uniform(-a, a, (hidden_size, hidden_size)),
            "b_x": rng.uniform(-a, a, hidden_size),
            "b_h": rng.uniform(-a, a, hidden_size),
        }

    return gate() if cell == "rnn" else {g: gate() for g in GATES[cell]}


def rnn_cell(x_t, h, params):
    r"""One step of the simple (Elman) RNN, :math:`h_t = \tanh(W_x x_t + W_h h_{t-1} + b)`.

    Parameters
    ----------
    x_t : array_like of shape (N, d)
    h : array_like of shape (N, h)
        Previous hidden state :math:`h_{t-1}`.
    params : dict
        ``{"W_x": (h, d), "W_h": (h, h), "b_x": (h,), "b_h": (h,)}``.

    Returns
    -------
    numpy.ndarray of shape (N, h)
    """
    d, size = _sizes("rnn", params)
    x_t = _check_input(x_t, d, "x_t")
    h = _check_state(h, len(x_t), size, "h")
    pre_x, pre_h = _affine(x_t, h, params)
    return np.tanh(pre_x + pre_h)


def lstm_cell(x_t, state, params):
    r"""One LSTM step.

    .. math::

       i_t &= \sigma(W_{xi} x_t + W_{hi} h_{t-1} + b_i), \quad
       f_t = \sigma(\dots), \quad o_t = \sigma(\dots), \\
       \tilde C_t &= \tanh(W_{xg} x_t + W_{hg} h_{t-1} + b_g), \\
       C_t &= f_t \odot C_{t-1} + i_t \odot \tilde C_t, \qquad
       h_t = o_t \odot \tanh(C_t).

    Parameters
    ----------
    x_t : array_like of shape (N, d)
    state : tuple (h, c) of arrays of shape (N, h)
    params : dict
        One dict per gate ``"i"``, ``"f"``, ``"g"``, ``"o"``.

    Returns
    -------
    tuple (h_t, c_t) of numpy.ndarray of shape (N, h)
    """
    d, size = _sizes("lstm", params)
    x_t = _check_input(x_t, d, "x_t")
    h, c = state
    h = _check_state(h, len(x_t), size, "h")
    c = _check_state(c, len(x_t), size, "c")
    pre = {g: sum(_affine(x_t, h, params[g])) for g in GATES["lstm"]}
    i, f, o = _sigmoid(pre["i"]), _sigmoid(pre["f"]), _sigmoid(pre["o"])
    c_new = f * c + i * np.tanh(pre["g"])
    return o * np.tanh(c_new), c_new


def gru_cell(x_t, h, params, reset_after=True):
    r"""One GRU step.

    .. math::

       z_t &= \sigma(W_{xz} x_t + W_{hz} h_{t-1} + b_z), \quad
       r_t = \sigma(W_{xr} x_t + W_{hr} h_{t-1} + b_r), \\
       \tilde h_t &= \tanh\big(W_{xn} x_t + b_{xn} + r_t \odot (W_{hn} h_{t-1} + b_{hn})\big)
       \quad \text{(reset after, Keras's default and PyTorch)}, \\
       \tilde h_t &= \tanh\big(W_{xn} x_t + b_{xn} + W_{hn} (r_t \odot h_{t-1}) + b_{hn}\big)
       \quad \text{(reset before, Cho et al. 2014)}, \\
       h_t &= (1 - z_t) \odot \tilde h_t + z_t \odot h_{t-1}.

    The last line is the frameworks' convention; the chapter's equation
    writes it with :math:`z_t` and :math:`1 - z_t` exchanged, which only
    renames the gate.

    Parameters
    ----------
    x_t : array_like of shape (N, d)
    h : array_like of shape (N, h)
    params : dict
        One dict per gate ``"z"``, ``"r"``, ``"n"``.
    reset_after : bool, default True
        Apply the reset gate after the matrix product (Keras
        ``reset_after=True``, PyTorch) or before it (Keras
        ``reset_after=False``).

    Returns
    -------
    numpy.ndarray of shape (N, h)
    """
    d, size = _sizes("gru", params)
    x_t = _check_input(x_t, d, "x_t")
    h = _check_state(h, len(x_t), size, "h")
    z = _sigmoid(sum(_affine(x_t, h, params["z"])))
    r = _sigmoid(sum(_affine(x_t, h, params["r"])))
    if reset_after:
        pre_x, pre_h = _affine(x_t, h, params["n"])
        n = np.tanh(pre_x + r * pre_h)
    else:
        pre_x, pre_h = _affine(x_t, r * h, params["n"])
        n = np.tanh(pre_x + pre_h)
    return (1.0 - z) * n + z * h


def _check_sequence(x, d):
    x = np.asarray(x, dtype=float)
    if x.ndim != 3 or x.shape[2] != d:
        raise ValueError(
            f"x must have shape (N, T, {d}) (batch, time steps, features); got shape {x.shape}."
        )
    return x


def _initial(state, n, size, what):
    return np.zeros((n, size)) if state is None else _check_state(state, n, size, what)


def rnn(x, params, h0=None):
    """Run a simple RNN over whole sequences.

    Like Keras's ``SimpleRNN(return_sequences=True, return_state=True)``
    and PyTorch's ``nn.RNN(batch_first=True)``.

    Parameters
    ----------
    x : array_like of shape (N, T, d)
    params : dict
        See :func:`~dlbasics.scratch.rnn.rnn_cell`.
    h0 : array_like of shape (N, h), optional
        Initial state (zeros by default).

    Returns
    -------
    hs : numpy.ndarray of shape (N, T, h)
        Every hidden state :math:`h_1, \\dots, h_T`.
    h_T : numpy.ndarray of shape (N, h)
        The final state (``hs[:, -1]``).
    """
    d, size = _sizes("rnn", params)
    x = _check_sequence(x, d)
    h = _initial(h0, len(x), size, "h0")
    hs = []
    for t in range(x.shape[1]):
        h = rnn_cell(x[:, t], h, params)
        hs.append(h)
    return np.stack(hs, axis=1), h


def lstm(x, params, h0=None, c0=None):
    """Run an LSTM over whole sequences (see :func:`~dlbasics.scratch.rnn.lstm_cell`).

    Like Keras's ``LSTM(return_sequences=True, return_state=True)`` and
    PyTorch's ``nn.LSTM(batch_first=True)``.

    Parameters
    ----------
    x : array_like of shape (N, T, d)
    params : dict
    h0, c0 : array_like of shape (N, h), optional
        Initial hidden and cell states (zeros by default).

    Returns
    -------
    hs : numpy.ndarray of shape (N, T, h)
    state : tuple (h_T, c_T) of numpy.ndarray of shape (N, h)
    """
    d, size = _sizes("lstm", params)
    x = _check_sequence(x, d)
    h, c = _initial(h0, len(x), size, "h0"), _initial(c0, len(x), size, "c0")
    hs = []
    for t in range(x.shape[1]):
        h, c = lstm_cell(x[:, t], (h, c), params)
        hs.append(h)
    return np.stack(hs, axis=1), (h, c)


def gru(x, params, h0=None, reset_after=True):
    """Run a GRU over whole sequences (see :func:`~dlbasics.scratch.rnn.gru_cell`).

    Like Keras's ``GRU(return_sequences=True, return_state=True)`` and
    PyTorch's ``nn.GRU(batch_first=True)``.

    Parameters
    ----------
    x : array_like of shape (N, T, d)
    params : dict
    h0 : array_like of shape (N, h), optional
    reset_after : bool, default True

    Returns
    -------
    hs : numpy.ndarray of shape (N, T, h)
    h_T : numpy.ndarray of shape (N, h)
    """
    d, size = _sizes("gru", params)
    x = _check_sequence(x, d)
    h = _initial(h0, len(x), size, "h0")
    hs = []
    for t in range(x.shape[1]):
        h = gru_cell(x[:, t], h, params, reset_after=reset_after)
        hs.append(h)
    return np.stack(hs, axis=1), h


def _split_rows(matrix, n_gates, what):
    matrix = np.asarray(matrix, dtype=float)
    if matrix.shape[0] % max(n_gates, 1):
        raise ValueError(f"{what} has {matrix.shape[0]} rows, not a multiple of {n_gates} gates.")
    return np.split(matrix, max(n_gates, 1), axis=0)


def _assemble(cell, order, W_x, W_h, b_x, b_h):
    n = len(order)
    parts = [_split_rows(m, n, what) for m, what in
             ((W_x, "the input weights"), (W_h, "the recurrent weights"),
              (b_x, "the input bias"), (b_h, "the recurrent bias"))]
    if cell == "rnn":
        params = dict(zip(_KEYS, (p[0] for p in parts)))
        _sizes(cell, params)
        return params
    params = {gate: dict(zip(_KEYS, (p[k] for p in parts))) for k, gate in enumerate(order)}
    params = {g: params[g] for g in GATES[cell]}
    _sizes(cell, params)
    return params


def from_keras(cell, weights):
    """Parameter dict from the weights of a Keras recurrent layer.

    Parameters
    ----------
    cell : {"rnn", "lstm", "gru"}
        For a ``SimpleRNN``, ``LSTM`` or ``GRU`` layer.
    weights : list of array_like
        ``layer.get_weights()``: ``kernel`` of shape (d, g·h),
        ``recurrent_kernel`` (h, g·h) and ``bias``, of shape (g·h,), or
        (2, g·h) for a ``GRU`` with ``reset_after=True`` (input and
        recurrent biases). g is the number of gates, stacked in the order
        i, f, c, o (LSTM) or z, r, h (GRU).

    Returns
    -------
    dict
        The NumPy parameters (``b_h`` is zero where Keras has one bias).
    """
    _check_cell(cell)
    if len(weights) != 3:
        raise ValueError(
            f"a Keras {cell} layer has 3 weight arrays (kernel, recurrent_kernel, bias); "
            f"got {len(weights)}."
        )
    kernel, recurrent, bias = (np.asarray(w, dtype=float) for w in weights)
    bias = bias.reshape(-1, kernel.shape[1])
    b_x = bias[0]
    b_h = bias[1] if len(bias) == 2 else np.zeros_like(b_x)
    return _assemble(cell, _KERAS_ORDER[cell], kernel.T, recurrent.T, b_x, b_h)


def from_torch(cell, weights):
    """Parameter dict from the weights of a one-layer PyTorch recurrent module.

    Parameters
    ----------
    cell : {"rnn", "lstm", "gru"}
        For ``nn.RNN`` (tanh), ``nn.LSTM`` or ``nn.GRU``.
    weights : mapping or list of array_like
        The module's ``state_dict()`` (read by name: ``weight_ih_l0``,
        ``weight_hh_l0``, ``bias_ih_l0``, ``bias_hh_l0``), or these four
        arrays in this order, e.g.
        ``[p.detach().numpy() for p in module.parameters()]``: shapes
        (g·h, d), (g·h, h), (g·h,) and (g·h,), gates stacked in the order
        i, f, g, o (LSTM) or r, z, n (GRU).

    Returns
    -------
    dict
    """
    _check_cell(cell)
    if hasattr(weights, "keys"):  # a state_dict: read by name, not by position
        names = ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")
        missing = [name for name in names if name not in weights]
        if missing or len(weights) != 4:
            raise ValueError(
                f"from_torch needs the state_dict of a one-layer, unidirectional PyTorch {cell} "
                f"module with biases ({', '.join(names)}); got {sorted(weights)}."
            )
        weights = [np.asarray(weights[name]) for name in names]
    if len(weights) != 4:
        raise ValueError(
            f"a one-layer PyTorch {cell} module with biases has 4 weight arrays "
            f"(weight_ih, weight_hh, bias_ih, bias_hh); got {len(weights)}."
        )
    return _assemble(cell, _TORCH_ORDER[cell], *weights)


def hidden_state_jacobian_norms(x, params, h0=None):
    r"""Norms :math:`\|\partial h_T / \partial h_t\|_2` of a simple RNN, for every t.

    By the chain rule :math:`\partial h_T/\partial h_t = \prod_{k=t+1}^{T}
    \operatorname{diag}(1 - h_k^2)\, W_h`; chapter 7 draws these spectral
    norms against :math:`T - t` to show the vanishing gradient.

    Parameters
    ----------
    x : array_like of shape (T, d) or (1, T, d)
        One sequence.
    params : dict
        Simple RNN parameters (see :func:`~dlbasics.scratch.rnn.rnn_cell`).
    h0 : array_like of shape (1, h), optional

    Returns
    -------
    numpy.ndarray of shape (T,)
        Entry ``k`` is the norm for ``T - t = k`` (entry 0 is 1: the
        identity).
    """
    x = np.asarray(x, dtype=float)
    if x.ndim == 2:
        x = x[None]
    if x.ndim != 3 or len(x) != 1:
        raise ValueError(f"x must be one sequence of shape (T, d) or (1, T, d); got shape {x.shape}.")
    hs, _ = rnn(x, params, h0)
    W_h = np.asarray(params["W_h"], dtype=float)
    jacobian = np.eye(W_h.shape[0])
    norms = [1.0]
    for k in range(x.shape[1] - 1, 0, -1):  # dh_T/dh_{k-1} = dh_T/dh_k · diag(1 - h_k²) W_h
        jacobian = jacobian @ ((1.0 - hs[0, k] ** 2)[:, None] * W_h)
        norms.append(np.linalg.norm(jacobian, 2))
    return np.array(norms)
