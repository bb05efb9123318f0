r"""The one-parameter linear model of chapter 1, in NumPy.

The model predicts :math:`\hat y = w x` and is fitted by minimising the
*summed* (not averaged) squared loss

.. math::

   L(w) = \sum_{i=1}^n (w x_i - y_i)^2,
   \qquad L'(w) = \sum_{i=1}^n 2 (w x_i - y_i) x_i .

Gradient descent :math:`w_{t+1} = w_t - \eta L'(w_t)` satisfies
:math:`w_{t+1} - w^* = (1 - 2\eta \sum_i x_i^2)(w_t - w^*)` with
:math:`w^* = \sum_i x_i y_i / \sum_i x_i^2`, so it converges exactly when
:math:`0 < \eta < 1 / \sum_i x_i^2`. The learning rate :math:`\eta` (the
book's symbol) is passed as the keyword ``rho``.

Every function accepts NumPy arrays, lists or pandas Series for `x` and `y`.
"""

import numpy as np

from .._validation import check_int, check_real

__all__ = [
    "closed_form_weight",
    "critical_learning_rate",
    "gradient_descent",
    "squared_loss",
    "squared_loss_grad",
]


def _as_float_array(name, values):
    try:
        return np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must hold numbers; got {values!r}.") from None


def _finite_1d(name, values):
    """Return `values` as a non-empty, finite, 1-D float array."""
    arr = _as_float_array(name, values)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(
            f"{name} must be a non-empty 1-D array of shape (n,); "
            f"got shape {arr.shape}."
        )
    bad = np.flatnonzero(~np.isfinite(arr))
    if bad.size:
        raise ValueError(
            f"{name} must contain only finite numbers; got {bad.size} inf or nan "
            f"value(s), the first at index {bad[0]}: {arr[bad[0]]}."
        )
    return arr


def _check_xy(x, y):
    x, y = _finite_1d("x", x), _finite_1d("y", y)
    if x.shape != y.shape:
        raise ValueError(
            f"x and y must have the same length; got shapes {x.shape} and {y.shape}."
        )
    return x, y


def _check_w(w):
    """Return `w` as a float array of shape () or (m,).

    Infinite or nan weights are let through (they give an inf or nan loss),
    so that a diverging gradient descent overflows as it does in the
    frameworks instead of stopping with an error.
    """
    arr = _as_float_array("w", w)
    if arr.ndim > 1:
        raise ValueError(
            "w must be a number or a 1-D array of shape (m,) of candidate "
            f"weights; got shape {arr.shape}."
        )
    return arr


def _check_descent(rho, n_steps, w0):
    """Validate the settings of :func:`~dlbasics.scratch.perceptron.gradient_descent`."""
    check_real("rho", rho, low=0, low_open=True, finite=True)
    check_int("n_steps", n_steps, minimum=0)
    check_real("w0", w0, finite=True)


def _sum_of_squares(x):
    total = float(np.sum(x * x))
    if total == 0.0:
        raise ValueError("x must not be all zeros: sum(x**2) is 0, w* is undefined.")
    return total


def _per_weight(w, x, y, term):
    """Sum ``term(residuals)`` over the samples, for each candidate weight.

    ``residuals`` has shape (n,) for a scalar `w` and (m, n) for w of shape
    (m,); the result is a float or an array of shape (m,).
    """
    w = _check_w(w)
    x, y = _check_xy(x, y)
    residuals = np.multiply.outer(w, x) - y
    total = np.sum(term(residuals, x), axis=-1)
    return float(total) if w.ndim == 0 else total


def squared_loss(w, x, y):
    r"""Summed squared loss :math:`L(w) = \sum_i (w x_i - y_i)^2`.

    Chapter 1 plots it against `w` to show its single minimum.

    Parameters
    ----------
    w : float or array_like of shape (m,)
        Weight, or several candidate weights (vectorised: one loss each).
    x, y : array_like of shape (n,)
        Inputs and targets.

    Returns
    -------
    float or numpy.ndarray of shape (m,)
        The loss, summed over the n samples.

    Examples
    --------
    >>> squared_loss(2.0, [1.0, 2.0], [2.0, 3.0])
    1.0
    >>> squared_loss([0.0, 2.0], [1.0, 2.0], [2.0, 3.0])
    array([13.,  1.])
    """
    return _per_weight(w, x, y, lambda r, _x: r * r)


def squared_loss_grad(w, x, y):
    r"""Derivative :math:`L'(w) = \sum_i 2 (w x_i - y_i) x_i` of the loss.

    Chapter 1 computes it by hand and then with automatic differentiation.

    Parameters
    ----------
    w : float or array_like of shape (m,)
        Weight, or several candidate weights.
    x, y : array_like of shape (n,)
        Inputs and targets.

    Returns
    -------
    float or numpy.ndarray of shape (m,)
        dL/dw at each weight.

    Examples
    --------
    >>> squared_loss_grad(2.0, [1.0, 2.0], [2.0, 3.0])
    4.0
    """
    return _per_weight(w, x, y, lambda r, x: 2.0 * r * x)


def gradient_descent(x, y, *, rho, n_steps=10, w0=0.0):
    r"""Run gradient descent :math:`w_{t+1} = w_t - \eta L'(w_t)` on the loss.

    Chapter 1 compares a step that is too small, a good one and one above
    :func:`~dlbasics.scratch.perceptron.critical_learning_rate`, where the iterates oscillate and diverge.

    Parameters
    ----------
    x, y : array_like of shape (n,)
        Inputs and targets.
    rho : float
        Learning rate :math:`\eta`, > 0. For the summed loss it scales like
        1 / sum(x**2), hence small values such as 1e-5 for the Boston data.
    n_steps : int, default 10
        Number of updates, >= 0.
    w0 : float, default 0.0
        Starting weight.

    Returns
    -------
    numpy.ndarray of shape (n_steps + 1,)
        The iterates w_0, w_1, ..., w_{n_steps}. Above the critical rate
        they grow geometrically and, after enough steps, overflow to inf
        and nan (NumPy then warns), as in the frameworks.

    Examples
    --------
    With sum(x**2) = 5, half the critical rate 1/5 lands on w* = 2 at once,
    and the critical rate itself oscillates forever:

    >>> gradient_descent([1.0, 2.0], [2.0, 4.0], rho=0.1, n_steps=2)
    array([0., 2., 2.])
    >>> gradient_descent([1.0, 2.0], [2.0, 4.0], rho=0.2, n_steps=2)
    array([0., 4., 0.])
    """
    x, y = _check_xy(x, y)
    _check_descent(rho, n_steps, w0)
    ws = np.empty(n_steps + 1)
    ws[0] = w0
    for t in range(n_steps):
        ws[t + 1] = ws[t] - rho * squared_loss_grad(ws[t], x, y)
    return ws


def closed_form_weight(x, y):
    r"""Minimiser :math:`w^* = \sum_i x_i y_i / \sum_i x_i^2` of the loss.

    Chapter 1 uses it as the target that gradient descent should reach.

    Parameters
    ----------
    x, y : array_like of shape (n,)
        Inputs (not all zero) and targets.

    Returns
    -------
    float

    Examples
    --------
    >>> closed_form_weight([1.0, 2.0], [2.0, 3.0])
    1.6
    """
    x, y = _check_xy(x, y)
    return float(np.sum(x * y)) / _sum_of_squares(x)


def critical_learning_rate(x):
    r"""Learning rate :math:`1 / \sum_i x_i^2` above which descent diverges.

    Each step multiplies the error :math:`w_t - w^*` by
    :math:`1 - 2\eta\sum_i x_i^2`: below this rate its absolute value is
    less than 1 and gradient descent converges, at exactly this rate it is
    -1 (endless oscillation), above it the oscillation grows. Half this rate
    reaches :math:`w^*` in one step. Used in chapter 1.

    Parameters
    ----------
    x : array_like of shape (n,)
        Inputs, not all zero.

    Returns
    -------
    float

    Examples
    --------
    >>> critical_learning_rate([1.0, 2.0])
    0.2
    """
    return 1.0 / _sum_of_squares(_finite_1d("x", x))
