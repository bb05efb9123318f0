r"""Activation functions of chapter 2 and their derivatives, in NumPy.

Every function applies element-wise to an array of any shape, except
:func:`~dlbasics.scratch.activations.softmax`, which normalises along the last axis. Integer inputs are
converted to float; float32 inputs stay float32, so that the results can be
compared with Keras and PyTorch. All of them are written to stay finite and
warning-free for extreme inputs (``sigmoid(-1000.0)`` is 0, not an overflow).

Each activation ``name`` has a derivative ``name_grad`` with the same
signature; :func:`~dlbasics.scratch.activations.get_activation` returns the pair from its name.

=============== ========================================== ===================================
name            function                                   derivative
=============== ========================================== ===================================
``identity``    :math:`x`                                  :math:`1`
``threshold``   :math:`\mathbb{1}[x \geq 0]` (Heaviside)   :math:`0` (undefined at 0)
``sigmoid``     :math:`\sigma(x) = 1 / (1 + e^{-x})`       :math:`\sigma(x)(1 - \sigma(x))`
``tanh``        :math:`\tanh x`                            :math:`1 - \tanh^2 x`
``relu``        :math:`\max(0, x)`                         :math:`\mathbb{1}[x > 0]`
``leaky_relu``  :math:`x` if :math:`x > 0`, else           :math:`1` if :math:`x > 0`, else
                :math:`\alpha x`                           :math:`\alpha`
``elu``         :math:`x` if :math:`x > 0`, else           :math:`1` if :math:`x > 0`, else
                :math:`\alpha (e^x - 1)`                   :math:`\alpha e^x`
``softplus``    :math:`\log(1 + e^x)`                      :math:`\sigma(x)`
``softmax``     :math:`e^{z_i} / \sum_j e^{z_j}`           Jacobian
                                                           :math:`\mathrm{diag}(s) - s s^\top`
=============== ========================================== ===================================

At the kinks (0 for ReLU, Leaky ReLU and ELU) the derivatives take the value
PyTorch's automatic differentiation uses: the left-hand derivative.
"""

import functools

import numpy as np

__all__ = [
    "LEAKY_RELU_SLOPE",
    "MODEL_ACTIVATIONS",
    "canonical_activation",
    "identity",
    "identity_grad",
    "threshold",
    "threshold_grad",
    "sigmoid",
    "sigmoid_grad",
    "tanh",
    "tanh_grad",
    "relu",
    "relu_grad",
    "leaky_relu",
    "leaky_relu_grad",
    "elu",
    "elu_grad",
    "softplus",
    "softplus_grad",
    "softmax",
    "softmax_grad",
    "get_activation",
    "activation_names",
]


def _as_float(x):
    """Return `x` as a float array; float32 and float64 inputs keep their type."""
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(float)
    return x


def identity(x):
    """Identity activation :math:`\\varphi(x) = x` (Keras calls it ``"linear"``).

    Parameters
    ----------
    x : array_like of any shape

    Returns
    -------
    numpy.ndarray of the same shape (a float copy of `x`)
    """
    return _as_float(x).copy()


def identity_grad(x):
    """Derivative of :func:`~dlbasics.scratch.activations.identity`: ones of the shape of `x`.

    Parameters
    ----------
    x : array_like of any shape

    Returns
    -------
    numpy.ndarray of the shape of `x`
    """
    return np.ones_like(_as_float(x))


def threshold(x):
    """Threshold (Heaviside step) activation: 1 where ``x >= 0``, else 0.

    The activation of McCulloch and Pitts' neuron and of Rosenblatt's
    perceptron. Its derivative is zero wherever it exists, which is why
    gradient descent cannot train it.

    Parameters
    ----------
    x : array_like of any shape

    Returns
    -------
    numpy.ndarray of the same shape, holding 0.0 and 1.0

    Examples
    --------
    >>> threshold([-2.0, 0.0, 3.0])
    array([0., 1., 1.])
    """
    x = _as_float(x)
    return (x >= 0).astype(x.dtype)


def threshold_grad(x):
    """Derivative of :func:`~dlbasics.scratch.activations.threshold`: zero (its value at 0, undefined, is taken as 0).

    Parameters
    ----------
    x : array_like of any shape

    Returns
    -------
    numpy.ndarray of the shape of `x`
    """
    return np.zeros_like(_as_float(x))


def sigmoid(x):
    """Logistic sigmoid :math:`\\sigma(x) = 1 / (1 + e^{-x})`, values in (0, 1).

    Computed as :math:`e^{-|x|}`-based formulas on each side of 0, so that
    no exponential overflows.

    Parameters
    ----------
    x : array_like of any shape

    Returns
    -------
    numpy.ndarray of the same shape

    Examples
    --------
    >>> sigmoid([-1000.0, 0.0, 1000.0])
    array([0. , 0.5, 1. ])
    """
    x = _as_float(x)
    e = np.exp(-np.abs(x))  # in (0, 1]: never overflows
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)


def sigmoid_grad(x):
    """Derivative of :func:`~dlbasics.scratch.activations.sigmoid`: :math:`\\sigma(x)(1 - \\sigma(x))`, at most 1/4.

    Parameters
    ----------
    x : array_like of any shape

    Returns
    -------
    numpy.ndarray of the shape of `x`
    """
    s = sigmoid(x)
    return s * (1 - s)


def tanh(x):
    """Hyperbolic tangent :math:`\\tanh x = 2\\sigma(2x) - 1`, values in (-1, 1).

    Parameters
    ----------
    x : array_like of any shape

    Returns
    -------
    numpy.ndarray of the same shape
    """
    return np.tanh(_as_float(x))


def tanh_grad(x):
    """Derivative of :func:`~dlbasics.scratch.activations.tanh`: :math:`1 - \\tanh^2 x`.

    Parameters
    ----------
    x : array_like of any shape

    Returns
    -------
    numpy.ndarray of the shape of `x`
    """
    t = tanh(x)
    return 1 - t * t


def relu(x):
    """Rectified linear unit :math:`\\max(0, x)`.

    Parameters
    ----------
    x : array_like of any shape

    Returns
    -------
    numpy.ndarray of the same shape

    Examples
    --------
    >>> relu([-2.0, 0.0, 3.0])
    array([0., 0., 3.])
    """
    x = _as_float(x)
    return np.maximum(x, 0).astype(x.dtype, copy=False)


def relu_grad(x):
    """Derivative of :func:`~dlbasics.scratch.activations.relu`: 1 where ``x > 0``, else 0 (0 at 0, as in PyTorch).

    Parameters
    ----------
    x : array_like of any shape

    Returns
    -------
    numpy.ndarray of the shape of `x`
    """
    x = _as_float(x)
    return (x > 0).astype(x.dtype)


def leaky_relu(x, alpha=0.01):
    """Leaky ReLU: `x` where ``x > 0``, ``alpha * x`` elsewhere.

    Parameters
    ----------
    x : array_like of any shape
    alpha : float, default 0.01
        Slope for negative inputs. 0.01 is PyTorch's default
        (``negative_slope``); Keras's ``keras.activations.leaky_relu``
        defaults to 0.2 and the layer ``keras.layers.LeakyReLU`` to 0.3.

    Returns
    -------
    numpy.ndarray of the same shape

    Examples
    --------
    >>> leaky_relu([-2.0, 3.0], alpha=0.1)
    array([-0.2,  3. ])
    """
    x = _as_float(x)
    return np.where(x > 0, x, alpha * x).astype(x.dtype, copy=False)


def leaky_relu_grad(x, alpha=0.01):
    """Derivative of :func:`~dlbasics.scratch.activations.leaky_relu`: 1 where ``x > 0``, else `alpha`.

    Parameters
    ----------
    x : array_like of any shape
    alpha : float, default 0.01
        Slope for negative inputs, as in :func:`~dlbasics.scratch.activations.leaky_relu`.

    Returns
    -------
    numpy.ndarray of the shape of `x`
    """
    x = _as_float(x)
    return np.where(x > 0, 1, alpha).astype(x.dtype)


def elu(x, alpha=1.0):
    """Exponential linear unit: `x` where ``x > 0``, ``alpha * (exp(x) - 1)`` elsewhere.

    Parameters
    ----------
    x : array_like of any shape
    alpha : float, default 1.0
        For very negative inputs the output approaches ``-alpha``; 1.0 is
        the default of both Keras and PyTorch.

    Returns
    -------
    numpy.ndarray of the same shape
    """
    x = _as_float(x)
    negative = alpha * np.expm1(np.minimum(x, 0))  # exp only of values <= 0
    return np.where(x > 0, x, negative).astype(x.dtype, copy=False)


def elu_grad(x, alpha=1.0):
    """Derivative of :func:`~dlbasics.scratch.activations.elu`: 1 where ``x > 0``, else ``alpha * exp(x)``.

    Parameters
    ----------
    x : array_like of any shape
    alpha : float, default 1.0
        As in :func:`~dlbasics.scratch.activations.elu`.

    Returns
    -------
    numpy.ndarray of the shape of `x`
    """
    x = _as_float(x)
    return np.where(x > 0, 1, alpha * np.exp(np.minimum(x, 0))).astype(x.dtype, copy=False)


def softplus(x):
    """Softplus :math:`\\log(1 + e^x)`, a smooth ReLU with values in (0, inf).

    Computed with :func:`numpy.logaddexp` (no overflow for large `x`).

    Parameters
    ----------
    x : array_like of any shape

    Returns
    -------
    numpy.ndarray of the same shape
    """
    x = _as_float(x)
    return np.logaddexp(x.dtype.type(0), x)


def softplus_grad(x):
    """Derivative of :func:`~dlbasics.scratch.activations.softplus`: the sigmoid.

    Parameters
    ----------
    x : array_like of any shape

    Returns
    -------
    numpy.ndarray of the shape of `x`
    """
    return sigmoid(x)


def softmax(z):
    """Softmax along the last axis: :math:`e^{z_i} / \\sum_j e^{z_j}`.

    The maximum of each row is subtracted first: softmax does not change
    when a constant is added to all its inputs, and the exponentials then
    stay at most 1, so large inputs do not overflow.

    Parameters
    ----------
    z : array_like of shape (..., k)
        Scores (logits), one row of k classes per sample.

    Returns
    -------
    numpy.ndarray of shape (..., k)
        Probabilities: positive, each row sums to 1.

    Examples
    --------
    >>> softmax([1000.0, 1000.0])
    array([0.5, 0.5])
    """
    z = _as_float(z)
    if z.ndim == 0:
        raise ValueError("softmax needs at least one axis (the classes); got a scalar.")
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax_grad(z):
    """Jacobian of :func:`~dlbasics.scratch.activations.softmax`: :math:`\\partial s_i / \\partial z_j = s_i(\\delta_{ij} - s_j)`.

    Parameters
    ----------
    z : array_like of shape (..., k)

    Returns
    -------
    numpy.ndarray of shape (..., k, k)
        ``J[..., i, j]`` is the derivative of output i with respect to input j.
    """
    s = softmax(z)
    return s[..., :, None] * (np.eye(s.shape[-1], dtype=s.dtype) - s[..., None, :])


_REGISTRY = {
    "identity": (identity, identity_grad),
    "threshold": (threshold, threshold_grad),
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "relu": (relu, relu_grad),
    "leaky_relu": (leaky_relu, leaky_relu_grad),
    "elu": (elu, elu_grad),
    "softplus": (softplus, softplus_grad),
    "softmax": (softmax, softmax_grad),
}
#: Other names accepted by :func:`~dlbasics.scratch.activations.get_activation` (Keras says "linear").
_ALIASES = {"linear": "identity", "heaviside": "threshold"}
#: Activations that take a parameter, and its name.
_PARAMETERS = {"leaky_relu": "alpha", "elu": "alpha"}


def activation_names():
    """Return the names :func:`~dlbasics.scratch.activations.get_activation` accepts (aliases excluded).

    Returns
    -------
    list of str

    Examples
    --------
    >>> activation_names()[:3]
    ['elu', 'identity', 'leaky_relu']
    """
    return sorted(_REGISTRY)


def get_activation(name, **params):
    """Return the pair ``(function, derivative)`` of an activation, by name.

    Used by :func:`dlbasics.scratch.mlp.forward` and by the figures of
    chapter 2.

    Parameters
    ----------
    name : str
        One of ``"identity"`` (alias ``"linear"``), ``"threshold"`` (alias
        ``"heaviside"``), ``"sigmoid"``, ``"tanh"``, ``"relu"``,
        ``"leaky_relu"``, ``"elu"``, ``"softplus"``, ``"softmax"``;
        case-insensitive.
    **params
        ``alpha=...`` for ``"leaky_relu"`` and ``"elu"``, bound to both
        functions; no other activation takes a parameter.

    Returns
    -------
    tuple of two callables
        The activation and its derivative (the Jacobian for softmax).

    Raises
    ------
    ValueError
        If the name is unknown (the message lists the known names), or a
        parameter is given that the activation does not take.

    Examples
    --------
    >>> f, df = get_activation("leaky_relu", alpha=0.2)
    >>> f([-1.0, 1.0]), df([-1.0, 1.0])
    (array([-0.2,  1. ]), array([0.2, 1. ]))
    """
    key = name.lower() if isinstance(name, str) else name
    key = _ALIASES.get(key, key)
    if key not in _REGISTRY:
        known = activation_names() + sorted(_ALIASES)
        raise ValueError(f"Unknown activation {name!r}; known names: {', '.join(known)}.")
    function, derivative = _REGISTRY[key]
    if not params:
        return function, derivative
    allowed = _PARAMETERS.get(key)
    extra = sorted(set(params) - {allowed})
    if extra:
        takes = f"only {allowed!r}" if allowed else "no parameter"
        raise ValueError(f"Activation {key!r} takes {takes}; got {', '.join(map(repr, extra))}.")
    return functools.partial(function, **params), functools.partial(derivative, **params)


# ----------------------------------------------------------------------
# The one activation vocabulary of the package: the model builders of
# dlbasics.keras_models and dlbasics.torch_models accept these names.

#: Slope of "leaky_relu" for x < 0 in both frameworks' builders: PyTorch's
#: default and that of :func:`~dlbasics.scratch.activations.leaky_relu` (Keras's own defaults differ: 0.2
#: for the function, 0.3 for the ``LeakyReLU`` layer).
LEAKY_RELU_SLOPE = 0.01

#: Activations the builders can put in a model, by canonical name. The
#: threshold is left out: its zero derivative cannot be trained.
MODEL_ACTIVATIONS = (
    "elu",
    "identity",
    "leaky_relu",
    "relu",
    "sigmoid",
    "softmax",
    "softplus",
    "tanh",
)


def canonical_activation(name, *, what="activation"):
    """Return the canonical name of an activation a model builder accepts.

    The vocabulary of :func:`dlbasics.keras_models.mlp`,
    :func:`dlbasics.torch_models.mlp` and their twins: the names of
    :data:`~dlbasics.scratch.activations.MODEL_ACTIVATIONS`, case-insensitive, ``"linear"`` for
    ``"identity"``, and None for the identity.

    Parameters
    ----------
    name : str or None
        The name given to the builder.
    what : str, default "activation"
        What the name is for, in the message (e.g. ``"output activation"``).

    Returns
    -------
    str
        One of :data:`~dlbasics.scratch.activations.MODEL_ACTIVATIONS`.

    Raises
    ------
    ValueError
        If `name` is not one of them; the message lists them.

    Examples
    --------
    >>> canonical_activation("ReLU"), canonical_activation(None), canonical_activation("linear")
    ('relu', 'identity', 'identity')
    """
    if name is None:
        return "identity"
    key = name.lower() if isinstance(name, str) else None
    key = _ALIASES.get(key, key)
    if key not in MODEL_ACTIVATIONS:
        raise ValueError(
            f"Unknown {what} {name!r}; choose None or one of: "
            f"{', '.join(MODEL_ACTIVATIONS)} ('linear' is accepted for 'identity')."
        )
    return key
