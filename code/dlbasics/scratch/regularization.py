r"""Regularisation of chapter 5, in NumPy: penalties, dropout, batch normalisation.

**Penalties.** The weights of a network are given as a list of arrays (one
per layer, any shapes), and the penalties follow Keras exactly:
``keras.regularizers.L2(l2)`` adds :math:`\lambda \sum w^2` to the loss and
``keras.regularizers.L1(l1)`` adds :math:`\lambda \sum |w|`, with no factor
1/2 (:func:`~dlbasics.scratch.regularization.l2_penalty`, :func:`~dlbasics.scratch.regularization.l1_penalty`). PyTorch has no regulariser
objects: one adds the same sum to the loss by hand, or passes
``weight_decay=wd`` to an optimiser. For :class:`torch.optim.SGD`,
``weight_decay=wd`` adds ``wd * w`` to the gradient of every parameter,
which is the gradient of :math:`\frac{wd}{2} \sum w^2`: SGD with
``weight_decay=wd`` is Keras's ``L2(wd / 2)`` (on every parameter the
optimiser holds, biases included, unless parameter groups say otherwise).

**Dropout.** :func:`~dlbasics.scratch.regularization.dropout` is *inverted* dropout, as in both frameworks:
during training each unit is zeroed with probability ``rate`` and the kept
units are divided by ``1 - rate``, so that the expected output equals the
input; at inference the layer is the identity.

**Batch normalisation.** :func:`~dlbasics.scratch.regularization.batch_norm` normalises each feature with the
batch mean and (biased) variance in training, with running statistics at
inference, then scales by :math:`\gamma` and shifts by :math:`\beta`. The two
frameworks update their running statistics differently, and the argument
``convention`` reproduces either one exactly:

=================  ==================================  =================================
                   PyTorch (``BatchNorm1d``)           Keras (``BatchNormalization``)
=================  ==================================  =================================
``momentum``       0.1, weight of the **new** batch    0.99, weight of the **old** value
``eps``            1e-5                                1e-3
running variance   **unbiased** batch variance         biased batch variance
normalisation      biased batch variance               biased batch variance
=================  ==================================  =================================
"""

import numpy as np

from .._validation import check_choice, check_real

__all__ = [
    "l2_penalty",
    "l1_penalty",
    "l2_gradient",
    "l1_gradient",
    "dropout",
    "batch_norm",
    "BATCH_NORM_DEFAULTS",
]

#: Default ``momentum`` and ``eps`` of each framework's batch normalisation.
BATCH_NORM_DEFAULTS = {
    "torch": {"momentum": 0.1, "eps": 1e-5},
    "keras": {"momentum": 0.99, "eps": 1e-3},
}


def _weights(weights):
    """Return `weights` as a list of float arrays (one array is accepted too)."""
    if isinstance(weights, np.ndarray):
        weights = [weights]
    try:
        arrays = [np.asarray(w, dtype=float) for w in weights]
    except TypeError as error:
        raise ValueError(
            f"weights must be a list of arrays (one per layer); got {type(weights).__name__}."
        ) from error
    return arrays


def _lam(lam):
    return check_real("lam", lam, low=0)


def l2_penalty(weights, lam):
    r"""L2 penalty :math:`\lambda \sum_\ell \sum_{i,j} (w^{(\ell)}_{ij})^2`.

    Equal to what ``keras.regularizers.L2(lam)`` adds to the loss when it is
    the ``kernel_regularizer`` of the layers holding `weights` (no factor 1/2).
    PyTorch's ``SGD(weight_decay=wd)`` corresponds to ``lam = wd / 2``.

    Parameters
    ----------
    weights : list of array_like
        The penalised arrays, any shapes, e.g. the weight matrices
        ``W`` of shape (n_out, n_in) of every layer (a single array is
        accepted).
    lam : float
        Strength :math:`\lambda \geq 0`.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If `lam` is negative or not a number, or `weights` is not a list of arrays.

    Examples
    --------
    >>> import numpy as np
    >>> l2_penalty([np.array([[1.0, -2.0]]), np.array([3.0])], 0.1)
    1.4000000000000001
    """
    lam = _lam(lam)
    return lam * float(sum(np.sum(w**2) for w in _weights(weights)))


def l1_penalty(weights, lam):
    r"""L1 penalty :math:`\lambda \sum_\ell \sum_{i,j} |w^{(\ell)}_{ij}|`.

    Equal to what ``keras.regularizers.L1(lam)`` adds to the loss.

    Parameters
    ----------
    weights : list of array_like
        The penalised arrays, any shapes (a single array is accepted).
    lam : float
        Strength :math:`\lambda \geq 0`.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If `lam` is negative or not a number, or `weights` is not a list of arrays.
    """
    lam = _lam(lam)
    return lam * float(sum(np.sum(np.abs(w)) for w in _weights(weights)))


def l2_gradient(weights, lam):
    r"""Gradient of :func:`~dlbasics.scratch.regularization.l2_penalty`: :math:`2 \lambda w` for each array.

    A gradient step with this term added, with ``lam = wd / 2``, is the step
    of ``torch.optim.SGD(weight_decay=wd)``.

    Parameters
    ----------
    weights : list of array_like
        The penalised arrays (a single array is accepted).
    lam : float
        Strength :math:`\lambda \geq 0`.

    Returns
    -------
    list of numpy.ndarray
        One array per input array, of the same shape.
    """
    lam = _lam(lam)
    return [2.0 * lam * w for w in _weights(weights)]


def l1_gradient(weights, lam):
    r"""(Sub)gradient of :func:`~dlbasics.scratch.regularization.l1_penalty`: :math:`\lambda \operatorname{sign}(w)`.

    At :math:`w = 0`, where :math:`|w|` has no derivative, the value 0 is
    used, as the frameworks' automatic differentiation of ``abs`` does.

    Parameters
    ----------
    weights : list of array_like
        The penalised arrays (a single array is accepted).
    lam : float
        Strength :math:`\lambda \geq 0`.

    Returns
    -------
    list of numpy.ndarray
        One array per input array, of the same shape.
    """
    lam = _lam(lam)
    return [lam * np.sign(w) for w in _weights(weights)]


def _rate(rate):
    return check_real("rate", rate, low=0, high=1, high_open=True)


def dropout(x, rate, *, rng, training=True):
    r"""Inverted dropout: zero each unit with probability `rate`, rescale the rest.

    In training, each entry of `x` is kept with probability ``1 - rate``
    (independently) and the kept entries are divided by ``1 - rate``, so
    that :math:`\mathbb{E}[\text{out}] = x`. At inference (``training=False``)
    the output is `x` itself and every unit is kept; this is what
    ``keras.layers.Dropout`` and ``torch.nn.Dropout`` do (their random
    numbers differ, of course).

    Parameters
    ----------
    x : array_like of any shape, e.g. (n, units)
        Activations.
    rate : float
        Probability of dropping a unit, in [0, 1).
    rng : numpy.random.Generator
        Source of randomness, e.g. ``np.random.default_rng(0)``.
    training : bool, default True
        False gives the identity.

    Returns
    -------
    out : numpy.ndarray, shape of `x`
        ``x * mask / (1 - rate)`` in training, a copy of `x` otherwise.
    mask : numpy.ndarray of bool, shape of `x`
        True where the unit is kept (all True at inference).

    Raises
    ------
    ValueError
        If `rate` is not in [0, 1) or `rng` is not a NumPy Generator.

    Examples
    --------
    >>> import numpy as np
    >>> out, mask = dropout(np.ones(5), 0.5, rng=np.random.default_rng(0))
    >>> sorted(set(out.tolist()) | {0.0}) == [0.0, 2.0]
    True
    """
    rate = _rate(rate)
    if not isinstance(rng, np.random.Generator):
        raise ValueError(
            f"rng must be a numpy.random.Generator (np.random.default_rng(seed)); got {rng!r}."
        )
    x = np.asarray(x, dtype=float)
    if not training:
        return x.copy(), np.ones(x.shape, dtype=bool)
    mask = rng.random(x.shape) >= rate
    return np.where(mask, x / (1.0 - rate), 0.0), mask


def batch_norm(
    x,
    gamma,
    beta,
    running_mean,
    running_var,
    *,
    training,
    convention="torch",
    momentum=None,
    eps=None,
):
    r"""Batch normalisation of the features of `x` (training or inference).

    In training, with the batch mean :math:`\mu_B` and the biased batch
    variance :math:`\sigma_B^2` of each feature (over the :math:`m` rows),

    .. math::

       y = \gamma \, \frac{x - \mu_B}{\sqrt{\sigma_B^2 + \varepsilon}} + \beta ,

    and the running statistics move towards the batch ones. At inference
    the running mean and variance replace :math:`\mu_B, \sigma_B^2` and
    nothing is updated. The two frameworks differ in the update (see the
    module docstring); with ``convention="torch"``,

    .. math::

       \text{mean} \leftarrow (1 - m)\,\text{mean} + m\,\mu_B , \qquad
       \text{var} \leftarrow (1 - m)\,\text{var} + m\,\tfrac{M}{M - 1}\sigma_B^2 ,

    with :math:`m` = `momentum` (default 0.1) the weight of the new batch,
    :math:`M` the number of values per feature, and
    :math:`\varepsilon = 10^{-5}`: this is ``torch.nn.BatchNorm1d``. With
    ``convention="keras"``,

    .. math::

       \text{mean} \leftarrow m\,\text{mean} + (1 - m)\,\mu_B , \qquad
       \text{var} \leftarrow m\,\text{var} + (1 - m)\,\sigma_B^2 ,

    with :math:`m` = `momentum` (default 0.99) the weight of the old value
    and :math:`\varepsilon = 10^{-3}`: this is ``keras.layers.BatchNormalization``.
    Pass the framework's own ``momentum``/``eps`` values unchanged.

    Parameters
    ----------
    x : array_like of shape (m, features), or (m, ..., features)
        A batch; statistics are taken over every axis but the last
        (channels-last, as in Keras; PyTorch's ``BatchNorm1d`` takes
        (m, features) too).
    gamma, beta : array_like of shape (features,)
        Learned scale and shift (frameworks start them at 1 and 0).
    running_mean, running_var : array_like of shape (features,)
        Running statistics before this batch (frameworks start them at 0
        and 1). They are not modified in place.
    training : bool
        True: normalise with the batch statistics and update the running
        ones. False: normalise with the running statistics.
    convention : {"torch", "keras"}, default "torch"
        Whose meaning of `momentum`, default values and running variance
        (unbiased for PyTorch, biased for Keras) to use.
    momentum : float, optional
        In [0, 1]; the framework's default when None.
    eps : float, optional
        Added to the variance, > 0; the framework's default when None.

    Returns
    -------
    out : numpy.ndarray, shape of `x`
        The normalised, scaled and shifted batch.
    running_mean, running_var : numpy.ndarray of shape (features,)
        Updated statistics in training, copies of the inputs at inference.

    Raises
    ------
    ValueError
        If `convention` is unknown, `momentum` is outside [0, 1], `eps` is
        not positive, `x` has fewer than 2 dimensions, a parameter array does
        not have shape (features,), or (PyTorch convention, training) a
        feature has a single value, whose unbiased variance is undefined.
    """
    check_choice("convention", convention, BATCH_NORM_DEFAULTS)
    defaults = BATCH_NORM_DEFAULTS[convention]
    momentum = defaults["momentum"] if momentum is None else momentum
    eps = defaults["eps"] if eps is None else eps
    check_real("momentum", momentum, low=0, high=1)
    check_real("eps", eps, low=0, low_open=True)
    x = np.asarray(x, dtype=float)
    if x.ndim < 2:
        raise ValueError(
            f"x must have shape (m, features) or (m, ..., features); got shape {x.shape}."
        )
    features = x.shape[-1]
    gamma, beta, running_mean, running_var = (
        _per_feature(name, value, features)
        for name, value in (("gamma", gamma), ("beta", beta),
                            ("running_mean", running_mean), ("running_var", running_var)))
    mean, var = running_mean.copy(), running_var.copy()
    if training:
        axes = tuple(range(x.ndim - 1))
        count = x.size // features  # values per feature: B for a batch of shape (B, features)
        batch_mean = x.mean(axis=axes)
        batch_var = x.var(axis=axes)  # biased: divides by count
        if convention == "torch":
            if count < 2:
                raise ValueError(
                    "training with the PyTorch convention needs more than one value per "
                    "feature (the unbiased variance of one value is undefined)."
                )
            mean = (1 - momentum) * mean + momentum * batch_mean
            var = (1 - momentum) * var + momentum * batch_var * count / (count - 1)
        else:
            mean = momentum * mean + (1 - momentum) * batch_mean
            var = momentum * var + (1 - momentum) * batch_var
        centre, spread = batch_mean, batch_var
    else:
        centre, spread = mean, var
    out = gamma * (x - centre) / np.sqrt(spread + eps) + beta
    return out, mean, var


def _per_feature(name, value, features):
    """`value` as a float array of shape (features,), or a ValueError naming `name`."""
    value = np.asarray(value, dtype=float)
    if value.shape != (features,):
        raise ValueError(f"{name} must have shape ({features},); got {value.shape}.")
    return value
