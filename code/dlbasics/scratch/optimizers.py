r"""Minibatches, SGD (with momentum) and Adam of chapter 4, in NumPy.

An optimiser holds the state of the method (velocities, moments, step
counter) and updates parameters given their gradients,
``optimizer.step(params, grads)``, like ``torch.optim`` (whose
``optimizer.step()`` reads ``param.grad``) and ``keras.optimizers``
(``optimizer.apply(grads, variables)``). The parameters are a list of NumPy
arrays updated **in place**, e.g. the ``W`` and ``b`` of chapter 2's layers,
with the gradients of :func:`dlbasics.scratch.backprop.backward`:

>>> import numpy as np
>>> from dlbasics.scratch.backprop import backward
>>> layers = [(np.zeros((1, 1)), np.zeros(1), None)]
>>> params = [p for w, b, _ in layers for p in (w, b)]
>>> optimizer = SGD(learning_rate=0.2)
>>> for epoch in range(200):
...     loss, grads = backward([[1.0], [2.0]], [[3.0], [5.0]], layers)
...     _ = optimizer.step(params, [g for pair in grads for g in pair])
>>> [np.round(p, 3).tolist() for p in params]  # y = 2x + 1
[[[2.0]], [1.0]]

The updates, for a parameter :math:`\theta` with gradient :math:`g_t` at step
:math:`t = 1, 2, \dots` and learning rate :math:`\eta`:

* :class:`~dlbasics.scratch.optimizers.SGD`: :math:`\theta \leftarrow \theta - \eta g_t`; with momentum
  :math:`\mu`, a velocity :math:`v_t = \mu v_{t-1} + g_t` (:math:`v_0 = 0`)
  and :math:`\theta \leftarrow \theta - \eta v_t`.
* :class:`~dlbasics.scratch.optimizers.Adam`: moving averages of the gradient and of its square,
  corrected for their start at zero, and a step
  :math:`\eta\, \hat m_t / (\sqrt{\hat v_t} + \varepsilon)` per coordinate
  (Kingma and Ba's Algorithm 1).
* :class:`~dlbasics.scratch.optimizers.AdamW`: Adam plus a decoupled weight decay
  :math:`\theta \leftarrow \theta - \eta \lambda \theta`.

Each matches ``torch.optim`` and ``keras.optimizers`` step by step (see the
classes for the defaults that differ). Keras keeps the learning rate in a
float32 variable and rounds the momentum and betas to float32 even for
float64 variables, so that with ``beta_2=0.999`` its float64 steps differ
from these by about :math:`10^{-5}` relative.
"""

import numpy as np

from .._validation import check_int, check_real

__all__ = ["Adam", "AdamW", "SGD", "minibatches"]


# --- validation ------------------------------------------------------------------


def _check_positive(name, value):
    return check_real(name, value, low=0, low_open=True, finite=True)


def _check_nonnegative(name, value):
    return check_real(name, value, low=0, finite=True)


def _check_unit_interval(name, value):
    return check_real(name, value, low=0, high=1, high_open=True)


def _check_params_grads(params, grads, state_shapes):
    """Validate the lists given to ``step``; returns them as lists of arrays.

    `state_shapes` are the shapes seen at the first step (None before it).
    """
    for name, value in (("params", params), ("grads", grads)):
        if isinstance(value, np.ndarray) or not isinstance(value, (list, tuple)):
            raise ValueError(
                f"{name} must be a list of arrays (wrap a single array as [array]); got "
                f"{type(value).__name__}."
            )
    if len(params) != len(grads):
        raise ValueError(
            f"params and grads must have the same length; got {len(params)} parameters and "
            f"{len(grads)} gradients."
        )
    checked = []
    for k, (p, g) in enumerate(zip(params, grads)):
        if not (isinstance(p, np.ndarray) and np.issubdtype(p.dtype, np.floating)):
            dtype = f" of dtype {p.dtype}" if isinstance(p, np.ndarray) else ""
            raise ValueError(
                f"params[{k}] must be a NumPy array of floats, updated in place; got "
                f"{type(p).__name__}{dtype}."
            )
        if not p.flags.writeable:
            raise ValueError(f"params[{k}] is read-only; the step updates it in place.")
        g = np.asarray(g)
        if g.shape != p.shape:
            raise ValueError(
                f"grads[{k}] has shape {g.shape} but params[{k}] has shape {p.shape}; "
                "each gradient must have the shape of its parameter."
            )
        checked.append(g)
    shapes = [p.shape for p in params]
    if state_shapes is not None and shapes != state_shapes:
        raise ValueError(
            f"the optimizer was first used with parameters of shapes {state_shapes}; got "
            f"{shapes}. Use one optimizer per list of parameters."
        )
    return list(params), checked


# --- minibatches -----------------------------------------------------------------


def minibatches(n_samples, batch_size, *, rng=None, shuffle=True):
    """Split the indices of a data set into minibatches, for one epoch.

    Every index ``0, ..., n_samples - 1`` appears in exactly one batch; all
    batches hold `batch_size` indices but the last, which holds what is left
    (as PyTorch's ``DataLoader`` and Keras's ``fit`` do by default). Call it
    once per epoch: with `shuffle`, each call draws a new order.

    Parameters
    ----------
    n_samples : int
        Number of samples, >= 1.
    batch_size : int
        Number of samples per batch, >= 1 (larger than `n_samples`: a single
        batch, plain gradient descent).
    rng : numpy.random.Generator, optional
        Source of the shuffling; a fresh unseeded one when None.
    shuffle : bool, default True
        Draw a random order; if False, the batches are consecutive slices
        and `rng` is unused.

    Yields
    ------
    numpy.ndarray of int, shape (batch_size,) or smaller for the last batch
        Indices of the samples of one batch, e.g. ``x[idx], y[idx]``.

    Raises
    ------
    ValueError
        If `n_samples` or `batch_size` is not an integer >= 1, or `rng` is
        not a :class:`numpy.random.Generator`.

    Examples
    --------
    >>> [idx.tolist() for idx in minibatches(5, 2, shuffle=False)]
    [[0, 1], [2, 3], [4]]
    >>> rng = np.random.default_rng(0)
    >>> sorted(np.concatenate(list(minibatches(5, 2, rng=rng))).tolist())
    [0, 1, 2, 3, 4]
    """
    n_samples = check_int("n_samples", n_samples)
    batch_size = check_int("batch_size", batch_size)
    if rng is not None and not isinstance(rng, np.random.Generator):
        raise ValueError(
            f"rng must be a numpy.random.Generator (np.random.default_rng(seed)); got "
            f"{type(rng).__name__}."
        )
    return _minibatches(n_samples, batch_size, rng, shuffle)


def _minibatches(n_samples, batch_size, rng, shuffle):
    if shuffle:
        order = (np.random.default_rng() if rng is None else rng).permutation(n_samples)
    else:
        order = np.arange(n_samples)
    for start in range(0, n_samples, batch_size):
        yield order[start : start + batch_size]


# --- optimisers ------------------------------------------------------------------


class _Optimizer:
    """What SGD and Adam share: the checked ``step`` that calls their ``_update``.

    A subclass sets ``self.t = 0`` and ``self._shapes = None`` in its
    ``__init__`` and writes ``_update(params, grads)``, which changes the
    checked arrays in place (``self.t`` already counts the current step).
    """

    def step(self, params, grads):
        """Update `params` in place with one step; return them.

        Parameters
        ----------
        params : list of numpy.ndarray
            Float arrays, modified in place; the same list (same shapes) at
            every step.
        grads : list of array_like
            The gradient of the loss with respect to each parameter, of the
            same shape.

        Returns
        -------
        list of numpy.ndarray
            `params` (the same arrays), after the update.

        Raises
        ------
        ValueError
            If the lists differ in length, a gradient's shape differs from
            its parameter's, a parameter is not a writable float array, or
            the shapes differ from those of the first step.
        """
        params, grads = _check_params_grads(params, grads, self._shapes)
        self._shapes = [p.shape for p in params]
        self.t += 1
        self._update(params, grads)
        return params


class SGD(_Optimizer):
    r"""Stochastic gradient descent, with optional (Nesterov) momentum.

    At each step, with learning rate :math:`\eta`, momentum :math:`\mu` and
    the gradient :math:`g_t`:

    .. math::

       v_t = \mu\, v_{t-1} + g_t, \qquad \theta_t = \theta_{t-1} - \eta\, v_t,
       \qquad v_0 = 0,

    which is plain SGD, :math:`\theta_t = \theta_{t-1} - \eta g_t`, when
    :math:`\mu = 0`. The velocity :math:`v` accumulates past gradients with
    weights :math:`1, \mu, \mu^2, \dots`: directions where gradients agree
    speed up (up to :math:`1/(1-\mu)` times), those where they alternate
    cancel out. With Nesterov momentum the step looks one velocity ahead,
    :math:`\theta_t = \theta_{t-1} - \eta\,(g_t + \mu v_t)`.

    This is ``torch.optim.SGD(lr, momentum, nesterov=...)`` (with its default
    ``dampening=0``). ``keras.optimizers.SGD`` writes the velocity with the
    learning rate inside, :math:`u_t = \mu u_{t-1} - \eta g_t` and
    :math:`\theta_t = \theta_{t-1} + u_t` (Nesterov:
    :math:`\theta_t = \theta_{t-1} + \mu u_t - \eta g_t`): :math:`u_t = -\eta v_t`,
    so the two give the same iterates while :math:`\eta` is constant (with a
    schedule, the old velocity keeps its old learning rate in Keras). The
    default ``learning_rate=0.01`` is Keras's; ``torch.optim.SGD``'s is 0.001.

    Parameters
    ----------
    learning_rate : float, default 0.01
        :math:`\eta > 0`.
    momentum : float, default 0.0
        :math:`\mu`, in [0, 1); 0.9 is a common choice.
    nesterov : bool, default False
        Use Nesterov momentum (needs ``momentum > 0``).

    Attributes
    ----------
    velocity : list of numpy.ndarray or None
        :math:`v`, one array per parameter, created at the first step (None
        before it, and always None without momentum).
    t : int
        Number of steps taken.

    Raises
    ------
    ValueError
        If `learning_rate` is not positive, `momentum` not in [0, 1), or
        `nesterov` is asked without momentum.

    Examples
    --------
    Two steps on :math:`f(\theta) = \theta^2 / 2`, whose gradient is :math:`\theta`:

    >>> theta = np.array([1.0])
    >>> optimizer = SGD(learning_rate=0.5, momentum=0.5)
    >>> optimizer.step([theta], [theta.copy()])  # v = 1, theta = 1 - 0.5
    [array([0.5])]
    >>> optimizer.step([theta], [theta.copy()])  # v = 0.5 + 0.5, theta = 0.5 - 0.5
    [array([0.])]
    """

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False):
        self.learning_rate = _check_positive("learning_rate", learning_rate)
        self.momentum = _check_unit_interval("momentum", momentum)
        if not isinstance(nesterov, (bool, np.bool_)):
            raise ValueError(f"nesterov must be True or False; got {nesterov!r}.")
        if nesterov and self.momentum == 0:
            raise ValueError("nesterov=True needs a momentum > 0 (e.g. momentum=0.9).")
        self.nesterov = bool(nesterov)
        self.velocity = None
        self.t = 0
        self._shapes = None

    def __repr__(self):
        return (
            f"SGD(learning_rate={self.learning_rate!r}, momentum={self.momentum!r}, "
            f"nesterov={self.nesterov!r})"
        )

    def _update(self, params, grads):
        if self.momentum == 0:
            for p, g in zip(params, grads):
                p -= self.learning_rate * g
            return
        if self.velocity is None:
            self.velocity = [
                np.zeros(p.shape, dtype=np.result_type(p, g)) for p, g in zip(params, grads)
            ]
        for p, g, v in zip(params, grads, self.velocity):
            v *= self.momentum
            v += g
            p -= self.learning_rate * (g + self.momentum * v if self.nesterov else v)


class Adam(_Optimizer):
    r"""Adam, Kingma and Ba's Algorithm 1.

    At step :math:`t` (from 1), with the gradient :math:`g_t`:

    .. math::

       m_t &= \beta_1 m_{t-1} + (1 - \beta_1)\, g_t, \qquad
       v_t = \beta_2 v_{t-1} + (1 - \beta_2)\, g_t^2, \\
       \hat m_t &= \frac{m_t}{1 - \beta_1^t}, \qquad
       \hat v_t = \frac{v_t}{1 - \beta_2^t}, \\
       \theta_t &= \theta_{t-1} - \eta\, \frac{\hat m_t}{\sqrt{\hat v_t} + \varepsilon},

    element-wise, from :math:`m_0 = v_0 = 0`. :math:`m` is a moving average
    of the gradients (momentum), :math:`v` of their squares; dividing by
    :math:`\sqrt{\hat v_t}` gives each coordinate its own step, of size about
    :math:`\eta` whatever the scale of its gradients. The bias corrections
    undo the pull towards 0 of the first steps: without them
    :math:`m_1 = (1 - \beta_1) g_1` would be ten times too small.

    ``Adam()`` is ``torch.optim.Adam()`` (same defaults, same formula).
    ``keras.optimizers.Adam`` uses the cheaper form given at the end of
    Kingma and Ba's section 2, where :math:`\varepsilon` is added before the
    correction of :math:`v`:

    .. math::

       \theta_t = \theta_{t-1} - \eta\,\frac{\sqrt{1 - \beta_2^t}}{1 - \beta_1^t}\,
       \frac{m_t}{\sqrt{v_t} + \hat\varepsilon},

    the same update as above with :math:`\varepsilon = \hat\varepsilon /
    \sqrt{1 - \beta_2^t}`; and its default is :math:`\hat\varepsilon = 10^{-7}`.
    ``Adam(epsilon=1e-7, epsilon_hat=True)`` is ``keras.optimizers.Adam()``.
    The two differ only where :math:`\sqrt{v_t}` is as small as
    :math:`\varepsilon`, that is for gradients of order :math:`10^{-7}`.

    Parameters
    ----------
    learning_rate : float, default 0.001
        :math:`\eta` (:math:`\alpha` in the paper), > 0.
    beta_1 : float, default 0.9
        Decay of the first moment :math:`m`, in [0, 1).
    beta_2 : float, default 0.999
        Decay of the second moment :math:`v`, in [0, 1).
    epsilon : float, default 1e-8
        :math:`\varepsilon > 0`, which keeps the division finite.
    epsilon_hat : bool, default False, keyword-only
        Add `epsilon` to :math:`\sqrt{v_t}` before its bias correction, as
        Keras and TensorFlow do (see above).

    Attributes
    ----------
    t : int
        Number of steps taken.
    m, v : list of numpy.ndarray or None
        First and second moments, one array per parameter, created at the
        first step (None before it).

    Raises
    ------
    ValueError
        If `learning_rate` or `epsilon` is not positive, or a beta is not in
        [0, 1).

    Examples
    --------
    The first step moves every coordinate by about :math:`\eta`, whatever
    the size of its gradient (:math:`\hat m_1 = g_1`, :math:`\sqrt{\hat v_1} = |g_1|`):

    >>> theta = np.array([1.0, 1.0])
    >>> Adam(learning_rate=0.1).step([theta], [np.array([1000.0, -0.5])])
    [array([0.9, 1.1])]
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-8, *,
                 epsilon_hat=False):
        self.learning_rate = _check_positive("learning_rate", learning_rate)
        self.beta_1 = _check_unit_interval("beta_1", beta_1)
        self.beta_2 = _check_unit_interval("beta_2", beta_2)
        self.epsilon = _check_positive("epsilon", epsilon)
        if not isinstance(epsilon_hat, (bool, np.bool_)):
            raise ValueError(f"epsilon_hat must be True or False; got {epsilon_hat!r}.")
        self.epsilon_hat = bool(epsilon_hat)
        self.t = 0
        self.m = None
        self.v = None
        self._shapes = None

    def _arguments(self):
        return (
            f"learning_rate={self.learning_rate!r}, beta_1={self.beta_1!r}, "
            f"beta_2={self.beta_2!r}, epsilon={self.epsilon!r}"
        )

    def __repr__(self):
        hat = ", epsilon_hat=True" if self.epsilon_hat else ""
        return f"{type(self).__name__}({self._arguments()}{hat})"

    def _decay(self, params):
        """Hook for :class:`~dlbasics.scratch.optimizers.AdamW`: the decoupled weight decay, before the step."""

    def _update(self, params, grads):
        if self.m is None:
            dtypes = [np.result_type(p, g) for p, g in zip(params, grads)]
            self.m = [np.zeros(p.shape, dtype=d) for p, d in zip(params, dtypes)]
            self.v = [np.zeros(p.shape, dtype=d) for p, d in zip(params, dtypes)]
        self._decay(params)
        correction_1 = 1 - self.beta_1**self.t
        correction_2 = 1 - self.beta_2**self.t
        for p, g, m, v in zip(params, grads, self.m, self.v):
            m *= self.beta_1
            m += (1 - self.beta_1) * g
            v *= self.beta_2
            v += (1 - self.beta_2) * g * g
            if self.epsilon_hat:
                step = (self.learning_rate * np.sqrt(correction_2) / correction_1) * m / (
                    np.sqrt(v) + self.epsilon
                )
            else:
                step = (self.learning_rate / correction_1) * m / (
                    np.sqrt(v) / np.sqrt(correction_2) + self.epsilon
                )
            p -= step


class AdamW(Adam):
    r"""Adam with decoupled weight decay (Loshchilov and Hutter's AdamW).

    Each step first shrinks the parameters, then takes the :class:`~dlbasics.scratch.optimizers.Adam`
    step with the gradient of the loss alone:

    .. math::

       \theta \leftarrow \theta - \eta \lambda\, \theta, \qquad
       \theta \leftarrow \theta - \eta\, \frac{\hat m_t}{\sqrt{\hat v_t} + \varepsilon}.

    An L2 penalty :math:`\frac{\lambda}{2}\lVert\theta\rVert^2` added to the
    loss would instead put :math:`\lambda\theta` into :math:`g_t`, hence into
    :math:`m` and :math:`v`, where Adam's division rescales it: parameters
    with large gradients would be barely regularised. With plain SGD the two
    are the same thing (for a decay :math:`\lambda`); with Adam they differ.

    This is ``torch.optim.AdamW`` (default ``weight_decay=0.01``) and
    ``keras.optimizers.AdamW`` (default ``weight_decay=0.004``, and
    ``epsilon_hat=True, epsilon=1e-7`` as for :class:`~dlbasics.scratch.optimizers.Adam`). Both apply the
    decay to every parameter they are given, biases included. In Keras 3
    every optimiser's ``weight_decay`` argument is this decoupled decay,
    whereas ``torch.optim.Adam(weight_decay=...)`` is the L2 penalty.

    Parameters
    ----------
    learning_rate, beta_1, beta_2, epsilon, epsilon_hat
        As in :class:`~dlbasics.scratch.optimizers.Adam`.
    weight_decay : float, default 0.01
        :math:`\lambda \geq 0`; 0 gives :class:`~dlbasics.scratch.optimizers.Adam`.

    Attributes
    ----------
    t : int
        Number of steps taken.
    m, v : list of numpy.ndarray or None
        As in :class:`~dlbasics.scratch.optimizers.Adam`.

    Raises
    ------
    ValueError
        As :class:`~dlbasics.scratch.optimizers.Adam`, and if `weight_decay` is negative.

    Examples
    --------
    With a zero gradient only the decay acts: :math:`\theta (1 - \eta\lambda)`.

    >>> theta = np.array([2.0])
    >>> AdamW(learning_rate=0.1, weight_decay=0.5).step([theta], [np.zeros(1)])
    [array([1.9])]
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-8,
                 weight_decay=0.01, *, epsilon_hat=False):
        super().__init__(learning_rate, beta_1, beta_2, epsilon, epsilon_hat=epsilon_hat)
        self.weight_decay = _check_nonnegative("weight_decay", weight_decay)

    def _arguments(self):
        return f"{super()._arguments()}, weight_decay={self.weight_decay!r}"

    def _decay(self, params):
        if self.weight_decay:
            for p in params:
                p -= (self.learning_rate * self.weight_decay) * p
