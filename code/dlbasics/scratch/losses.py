r"""The loss functions of chapter 3, in NumPy.

Every loss compares targets with predictions sample by sample and then
reduces the per-sample losses :math:`\ell_i` over the batch:

.. math::

   \mathcal{L} = \frac{1}{n} \sum_{i=1}^{n} \ell_i
   \quad (\text{reduction="mean"}), \qquad
   \sum_{i=1}^{n} \ell_i \quad (\text{"sum"}), \qquad
   (\ell_1, \dots, \ell_n) \quad (\text{"none"}).

Conventions, the same for every function:

* **Argument order** ``(y_true, y_pred)``, as in Keras and scikit-learn.
  PyTorch's functions take ``(input, target)``, the other way round.
* **Batch first.** The first axis indexes the n samples. Regression and
  binary targets have shape (n,) or (n, d); class probabilities, one-hot
  targets and logits have shape (n, C); class indices have shape (n,).
* With d outputs per sample (shape (n, d)), the loss of a sample is the
  *mean* over its d outputs, as in Keras. With ``reduction="mean"`` this is
  also PyTorch's mean over all n·d elements; with ``"sum"`` PyTorch's sum
  over all elements is d times larger.
* Computations are done in float64; ``"mean"`` and ``"sum"`` return a
  float, ``"none"`` an array of shape (n,).
* Bad inputs raise :class:`ValueError` with a message that says what was
  expected: wrong shapes or sizes, non-finite numbers, probabilities outside
  [0, 1] (often logits passed by mistake), rows of probabilities that do
  not sum to 1, class indices out of range, an unknown reduction.

The ``*_with_logits`` variants take raw scores (logits) and never form a
probability: they use the stable formulas of chapter 3 (log-sum-exp), which
stay finite and exact for logits as large as :math:`\pm 10^4`, where the
probability versions can only clip.
"""

import numpy as np

from .._validation import check_choice, check_real

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "categorical_cross_entropy",
    "categorical_cross_entropy_with_logits",
    "entropy",
    "kl_divergence",
    "log_softmax",
    "logsumexp",
    "mae",
    "mse",
    "sparse_categorical_cross_entropy",
    "sparse_categorical_cross_entropy_with_logits",
]

#: Default clipping of probabilities, the value of ``keras.config.epsilon()``.
EPSILON = 1e-7
_REDUCTIONS = ("mean", "sum", "none")
#: How far from 1 the sum of a row of probabilities may be.
_SUM_TOLERANCE = 1e-3


# --- validation ----------------------------------------------------------------


def _check_reduction(reduction):
    check_choice("reduction", reduction, _REDUCTIONS)


def _check_eps(eps):
    check_real("eps", eps, low=0, high=0.5, high_open=True)


def _finite(name, values):
    """Return `values` as a finite float64 array."""
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must hold numbers; got {values!r}.") from None
    bad = np.argwhere(~np.isfinite(arr))
    if bad.size:
        where = tuple(int(i) for i in bad[0])
        raise ValueError(
            f"{name} must contain only finite numbers; got {len(bad)} inf or nan "
            f"value(s), the first at index {where if len(where) != 1 else where[0]}."
        )
    return arr


def _batch(name, values, ndims, shape_text):
    """Return `values` as a finite, non-empty float array whose ndim is in `ndims`."""
    arr = _finite(name, values)
    if arr.ndim not in ndims or arr.size == 0:
        raise ValueError(
            f"{name} must be a non-empty array of shape {shape_text}, batch first; "
            f"got shape {arr.shape}."
        )
    return arr


def _same_shape(y_true, y_pred, hint=""):
    if y_true.shape != y_pred.shape:
        raise ValueError(
            "y_true and the predictions must have the same shape; got shapes "
            f"{y_true.shape} and {y_pred.shape}.{hint}"
        )


def _in_unit_interval(name, arr, hint=""):
    if arr.min() < 0.0 or arr.max() > 1.0:
        raise ValueError(
            f"{name} must hold probabilities in [0, 1]; got values from "
            f"{arr.min():.4g} to {arr.max():.4g}.{hint}"
        )


def _rows_sum_to_one(name, arr, hint=""):
    sums = arr.sum(axis=-1)
    bad = np.flatnonzero(np.abs(sums - 1.0) > _SUM_TOLERANCE)
    if bad.size:
        raise ValueError(
            f"each row of {name} must be a probability distribution summing to 1; "
            f"row {bad[0]} sums to {sums[bad[0]]:.6g}.{hint}"
        )


_LOGITS_HINT = " Are these logits? Then use the *_with_logits version."


def _regression_pair(y_true, y_pred, pred_name="y_pred"):
    shape = "(n,) or (n, d)"
    y_true = _batch("y_true", y_true, (1, 2), shape)
    y_pred = _batch(pred_name, y_pred, (1, 2), shape)
    _same_shape(y_true, y_pred)
    return y_true, y_pred


def _binary_targets(y_true):
    _in_unit_interval("y_true", y_true, " Binary targets are 0 or 1 (or soft labels in between).")


def _class_pair(y_true, y_pred, pred_name):
    """Validate (n, C) targets against (n, C) predictions."""
    y_pred = _batch(pred_name, y_pred, (2,), "(n, C)")
    y_true = _finite("y_true", y_true)
    if y_true.ndim == 1 and y_true.shape[0] == y_pred.shape[0]:
        hint = (
            " y_true looks like class indices of shape (n,): use the sparse_ "
            "version, or one-hot encode them."
        )
    else:
        hint = ""
    _same_shape(y_true, y_pred, hint)
    _in_unit_interval("y_true", y_true)
    _rows_sum_to_one("y_true", y_true, " Targets are one-hot rows or class distributions.")
    return y_true, y_pred


def _class_indices(labels, n_samples, n_classes):
    """Return `labels` as an int array of shape (n,) with values in [0, C)."""
    arr = np.asarray(labels)
    if arr.dtype == bool or not (
        np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)
    ):
        raise ValueError(f"labels must hold integer class indices; got {labels!r}.")
    if arr.shape != (n_samples,):
        hint = (
            " These look like one-hot targets: use categorical_cross_entropy."
            if arr.shape == (n_samples, n_classes)
            else ""
        )
        raise ValueError(
            f"labels must have shape (n,) = ({n_samples},), one class index per row "
            f"of y_pred; got shape {arr.shape}.{hint}"
        )
    bad = np.flatnonzero(~np.isfinite(arr) | (arr != np.round(arr)) | (arr < 0) | (arr >= n_classes))
    if bad.size:
        raise ValueError(
            f"labels must be integers in [0, C) = [0, {n_classes}); got {arr[bad[0]].item()!r} "
            f"at index {bad[0]}."
        )
    return arr.astype(np.intp)


def _reduce(per_sample, reduction):
    if reduction == "mean":
        return float(np.mean(per_sample))
    if reduction == "sum":
        return float(np.sum(per_sample))
    return per_sample + 0.0  # turns -0.0 into 0.0


def _per_sample(elementwise):
    """Average the d outputs of each sample: (n,) -> (n,), (n, d) -> (n,)."""
    return elementwise if elementwise.ndim == 1 else elementwise.mean(axis=-1)


def _xlogy(x, y):
    """x * log(y), with 0 where x == 0 (so that 0 log 0 = 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x == 0, 0.0, x * np.log(y))


def _clip(p, eps):
    return np.clip(p, eps, 1.0 - eps)


# --- log-sum-exp -----------------------------------------------------------------


def logsumexp(z, *, keepdims=False):
    r"""Stable :math:`\log \sum_k e^{z_k}` over the last axis.

    Uses :math:`\log \sum_k e^{z_k} = m + \log \sum_k e^{z_k - m}` with
    :math:`m = \max_k z_k`: every exponential is at most 1 (no overflow)
    and the largest is exactly 1 (the sum cannot underflow to 0). Chapter 3
    explains it; :func:`~dlbasics.scratch.losses.log_softmax` uses the same shift.

    Parameters
    ----------
    z : array_like of shape (..., C)
        Finite scores (logits), C >= 1.
    keepdims : bool, default False
        Keep the last axis, with size 1.

    Returns
    -------
    numpy.ndarray of shape (...) or (..., 1)

    Examples
    --------
    >>> logsumexp([1000.0, 1000.0])   # naive: log(inf + inf) = inf
    array(1000.69314718)
    """
    z = _batch("z", z, range(1, 64), "(..., C)")
    m = z.max(axis=-1, keepdims=True)
    out = m + np.log(np.exp(z - m).sum(axis=-1, keepdims=True))
    return out if keepdims else out[..., 0]


def log_softmax(z):
    r"""Stable log-softmax over the last axis, computed in one step.

    :math:`\log \operatorname{softmax}(z)_k = (z_k - m) - \log \sum_j e^{z_j - m}`
    with :math:`m = \max_j z_j`, the shift of :func:`~dlbasics.scratch.losses.logsumexp`. Taking the log of a
    softmax computed first would overflow for large logits and give
    :math:`\log 0 = -\infty` for very negative ones; this never does. The
    softmax itself is ``np.exp(log_softmax(z))``. Used in chapter 3.

    Parameters
    ----------
    z : array_like of shape (..., C)
        Finite logits, C >= 1; usually (n, C), one row per sample.

    Returns
    -------
    numpy.ndarray of shape (..., C)
        Log-probabilities; each row's exponentials sum to 1.

    Examples
    --------
    >>> log_softmax([[0.0, 0.0], [1e4, 0.0]])
    array([[-6.93147181e-01, -6.93147181e-01],
           [ 0.00000000e+00, -1.00000000e+04]])
    """
    z = _batch("z", z, range(1, 64), "(..., C)")
    shifted = z - z.max(axis=-1, keepdims=True)  # z - m: all <= 0, the largest is 0
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


# --- regression ----------------------------------------------------------------


def mse(y_true, y_pred, *, reduction="mean"):
    r"""Mean squared error :math:`\frac1n \sum_i (\hat y_i - y_i)^2`.

    Keras ``"mse"`` / ``keras.losses.MeanSquaredError``, PyTorch
    ``torch.nn.MSELoss``. Used in chapter 3.

    Parameters
    ----------
    y_true, y_pred : array_like of shape (n,) or (n, d)
        Targets and predictions, same shape. With d outputs, a sample's loss
        is the mean of its d squared errors.
    reduction : {"mean", "sum", "none"}, default "mean"

    Returns
    -------
    float, or numpy.ndarray of shape (n,) for ``reduction="none"``

    Examples
    --------
    >>> mse([1.0, 2.0, 3.0], [1.0, 2.0, 5.0])
    1.3333333333333333
    >>> mse([1.0, 2.0, 3.0], [1.0, 2.0, 5.0], reduction="none")
    array([0., 0., 4.])
    """
    _check_reduction(reduction)
    y_true, y_pred = _regression_pair(y_true, y_pred)
    return _reduce(_per_sample((y_pred - y_true) ** 2), reduction)


def mae(y_true, y_pred, *, reduction="mean"):
    r"""Mean absolute error :math:`\frac1n \sum_i |\hat y_i - y_i|`.

    Keras ``"mae"`` / ``keras.losses.MeanAbsoluteError``, PyTorch
    ``torch.nn.L1Loss``. Chapter 3 compares it with :func:`~dlbasics.scratch.losses.mse`: large
    errors weigh less.

    Parameters
    ----------
    y_true, y_pred : array_like of shape (n,) or (n, d)
        Targets and predictions, same shape.
    reduction : {"mean", "sum", "none"}, default "mean"

    Returns
    -------
    float, or numpy.ndarray of shape (n,) for ``reduction="none"``

    Examples
    --------
    >>> mae([1.0, 2.0, 3.0], [1.0, 2.0, 5.0])
    0.6666666666666666
    """
    _check_reduction(reduction)
    y_true, y_pred = _regression_pair(y_true, y_pred)
    return _reduce(_per_sample(np.abs(y_pred - y_true)), reduction)


# --- binary classification --------------------------------------------------------


def binary_cross_entropy(y_true, y_pred, *, eps=EPSILON, reduction="mean"):
    r"""Binary cross-entropy from probabilities.

    :math:`\ell_i = -\left[y_i \log \hat p_i + (1 - y_i) \log(1 - \hat p_i)\right]`,
    where :math:`\hat p_i` is the predicted probability of class 1.
    Keras ``"binary_crossentropy"``, PyTorch ``torch.nn.BCELoss``. Used in
    chapter 3.

    Parameters
    ----------
    y_true : array_like of shape (n,) or (n, d)
        Targets in [0, 1]: 0 or 1, or soft labels.
    y_pred : array_like of shape (n,) or (n, d)
        Predicted probabilities in [0, 1] (sigmoid outputs), same shape.
    eps : float, default 1e-7
        The probabilities are clipped to [eps, 1 - eps] before the log, as
        Keras does with ``keras.config.epsilon()`` = 1e-7: a sample's loss
        is then at most -log(eps) ≈ 16.1 instead of infinite. PyTorch's
        ``BCELoss`` clamps each log at -100 instead, so the two frameworks
        (and this function) agree whenever eps <= p <= 1 - eps. ``eps=0``
        gives the exact formula, ``inf`` included.
    reduction : {"mean", "sum", "none"}, default "mean"

    Returns
    -------
    float, or numpy.ndarray of shape (n,) for ``reduction="none"``

    See Also
    --------
    binary_cross_entropy_with_logits : the stable version, from logits.

    Examples
    --------
    >>> round(binary_cross_entropy([1.0, 0.0], [0.9, 0.2]), 6)
    0.164252
    >>> binary_cross_entropy([1.0], [0.0], eps=0)
    inf
    """
    _check_reduction(reduction)
    _check_eps(eps)
    y_true, y_pred = _regression_pair(y_true, y_pred)
    _binary_targets(y_true)
    _in_unit_interval("y_pred", y_pred, _LOGITS_HINT)
    p = _clip(y_pred, eps)
    elementwise = -(_xlogy(y_true, p) + _xlogy(1.0 - y_true, 1.0 - p))
    return _reduce(_per_sample(elementwise), reduction)


def binary_cross_entropy_with_logits(y_true, logits, *, reduction="mean"):
    r"""Binary cross-entropy from logits, in its stable form.

    With :math:`\hat p = \sigma(z) = 1 / (1 + e^{-z})`, the loss
    :math:`-[y \log \hat p + (1 - y) \log(1 - \hat p)]` simplifies to

    .. math::

       \ell = \max(z, 0) - z\,y + \log\left(1 + e^{-|z|}\right),

    which never exponentiates a positive number: it is exact and finite for
    any finite logit. Keras ``BinaryCrossentropy(from_logits=True)``,
    PyTorch ``torch.nn.BCEWithLogitsLoss``. Used in chapter 3.

    Parameters
    ----------
    y_true : array_like of shape (n,) or (n, d)
        Targets in [0, 1].
    logits : array_like of shape (n,) or (n, d)
        Finite scores z (before the sigmoid), same shape.
    reduction : {"mean", "sum", "none"}, default "mean"

    Returns
    -------
    float, or numpy.ndarray of shape (n,) for ``reduction="none"``

    Examples
    --------
    >>> binary_cross_entropy_with_logits([1.0, 0.0], [0.0, 1e4], reduction="none")
    array([6.93147181e-01, 1.00000000e+04])
    """
    _check_reduction(reduction)
    y_true, z = _regression_pair(y_true, logits, "logits")
    _binary_targets(y_true)
    elementwise = np.maximum(z, 0.0) - z * y_true + np.log1p(np.exp(-np.abs(z)))
    return _reduce(_per_sample(elementwise), reduction)


# --- multi-class classification -----------------------------------------------------


def categorical_cross_entropy(y_true, y_pred, *, eps=EPSILON, reduction="mean"):
    r"""Categorical cross-entropy from probabilities and one-hot targets.

    :math:`\ell_i = -\sum_{k=1}^{C} y_{ik} \log \hat p_{ik}`, the
    cross-entropy :math:`H(y_i, \hat p_i)` of the predicted distribution
    relative to the target one. Keras ``"categorical_crossentropy"``;
    PyTorch ``torch.nn.CrossEntropyLoss`` with class-probability targets
    expects *logits*, see :func:`~dlbasics.scratch.losses.categorical_cross_entropy_with_logits`.
    Used in chapter 3.

    Parameters
    ----------
    y_true : array_like of shape (n, C)
        One-hot rows, or class distributions (rows in [0, 1] summing to 1).
    y_pred : array_like of shape (n, C)
        Predicted probabilities (softmax outputs), rows summing to 1 (within
        1e-3; Keras rescales each row to sum 1 first).
    eps : float, default 1e-7
        Probabilities are clipped to [eps, 1 - eps] before the log, as in
        Keras; ``eps=0`` gives the exact formula (``inf`` when a target class
        has probability 0).
    reduction : {"mean", "sum", "none"}, default "mean"

    Returns
    -------
    float, or numpy.ndarray of shape (n,) for ``reduction="none"``

    Examples
    --------
    >>> round(categorical_cross_entropy([[0, 1, 0]], [[0.2, 0.5, 0.3]]), 6)
    0.693147
    """
    _check_reduction(reduction)
    _check_eps(eps)
    y_true, y_pred = _class_pair(y_true, y_pred, "y_pred")
    _in_unit_interval("y_pred", y_pred, _LOGITS_HINT)
    _rows_sum_to_one("y_pred", y_pred, " Apply a softmax, or use the *_with_logits version.")
    return _reduce(-_xlogy(y_true, _clip(y_pred, eps)).sum(axis=-1), reduction)


def categorical_cross_entropy_with_logits(y_true, logits, *, reduction="mean"):
    r"""Categorical cross-entropy from logits, through a stable log-softmax.

    :math:`\ell_i = -\sum_k y_{ik} \left(z_{ik} - \log\sum_j e^{z_{ij}}\right)`,
    computed with :func:`~dlbasics.scratch.losses.log_softmax`. Keras
    ``CategoricalCrossentropy(from_logits=True)``, PyTorch
    ``torch.nn.CrossEntropyLoss`` given class-probability targets. Used in
    chapter 3.

    Parameters
    ----------
    y_true : array_like of shape (n, C)
        One-hot rows or class distributions.
    logits : array_like of shape (n, C)
        Finite scores z, before any softmax.
    reduction : {"mean", "sum", "none"}, default "mean"

    Returns
    -------
    float, or numpy.ndarray of shape (n,) for ``reduction="none"``

    Examples
    --------
    >>> categorical_cross_entropy_with_logits([[1, 0]], [[0.0, 1e4]])
    10000.0
    """
    _check_reduction(reduction)
    y_true, z = _class_pair(y_true, logits, "logits")
    return _reduce(-(y_true * log_softmax(z)).sum(axis=-1), reduction)


def sparse_categorical_cross_entropy(labels, y_pred, *, eps=EPSILON, reduction="mean"):
    r"""Categorical cross-entropy from probabilities and class indices.

    :math:`\ell_i = -\log \hat p_{i, y_i}`: the same value as
    :func:`~dlbasics.scratch.losses.categorical_cross_entropy` with the one-hot encoding of the
    labels. Keras ``"sparse_categorical_crossentropy"``; in PyTorch,
    ``torch.nn.NLLLoss`` applied to ``log(p)``. Used in chapter 3.

    Parameters
    ----------
    labels : array_like of shape (n,)
        Class indices, integers in [0, C) (integral floats are accepted).
    y_pred : array_like of shape (n, C)
        Predicted probabilities, rows summing to 1.
    eps : float, default 1e-7
        Clipping of the probabilities, as in :func:`~dlbasics.scratch.losses.categorical_cross_entropy`.
    reduction : {"mean", "sum", "none"}, default "mean"

    Returns
    -------
    float, or numpy.ndarray of shape (n,) for ``reduction="none"``

    Examples
    --------
    >>> round(sparse_categorical_cross_entropy([1], [[0.2, 0.5, 0.3]]), 6)
    0.693147
    """
    _check_reduction(reduction)
    _check_eps(eps)
    y_pred = _batch("y_pred", y_pred, (2,), "(n, C)")
    labels = _class_indices(labels, *y_pred.shape)
    _in_unit_interval("y_pred", y_pred, _LOGITS_HINT)
    _rows_sum_to_one("y_pred", y_pred, " Apply a softmax, or use the *_with_logits version.")
    picked = _clip(y_pred, eps)[np.arange(len(labels)), labels]
    with np.errstate(divide="ignore"):
        return _reduce(-np.log(picked), reduction)


def sparse_categorical_cross_entropy_with_logits(labels, logits, *, reduction="mean"):
    r"""Categorical cross-entropy from logits and class indices (stable).

    :math:`\ell_i = -z_{i, y_i} + \log\sum_j e^{z_{ij}}`, through
    :func:`~dlbasics.scratch.losses.log_softmax`. Keras
    ``SparseCategoricalCrossentropy(from_logits=True)``, PyTorch
    ``torch.nn.CrossEntropyLoss`` with class-index targets (the most common
    classification loss in PyTorch). Used in chapter 3.

    Parameters
    ----------
    labels : array_like of shape (n,)
        Class indices, integers in [0, C).
    logits : array_like of shape (n, C)
        Finite scores z, before any softmax.
    reduction : {"mean", "sum", "none"}, default "mean"

    Returns
    -------
    float, or numpy.ndarray of shape (n,) for ``reduction="none"``

    Examples
    --------
    >>> sparse_categorical_cross_entropy_with_logits([0, 1], [[1e4, 0.0], [1e4, 0.0]], reduction="none")
    array([    0., 10000.])
    """
    _check_reduction(reduction)
    z = _batch("logits", logits, (2,), "(n, C)")
    labels = _class_indices(labels, *z.shape)
    return _reduce(-log_softmax(z)[np.arange(len(labels)), labels], reduction)


# --- information theory ----------------------------------------------------------------


def _distributions(name, values):
    arr = _batch(name, values, (2,), "(n, C)")
    _in_unit_interval(name, arr)
    _rows_sum_to_one(name, arr)
    return arr


def entropy(p, *, reduction="mean"):
    r"""Entropy :math:`H(p_i) = -\sum_k p_{ik} \log p_{ik}` of each row, in nats.

    With the convention :math:`0 \log 0 = 0`. Chapter 3 checks
    :math:`H(p, q) = H(p) + \mathrm{KL}(p \,\|\, q)` with it.

    Parameters
    ----------
    p : array_like of shape (n, C)
        Distributions, one per row.
    reduction : {"mean", "sum", "none"}, default "mean"

    Returns
    -------
    float, or numpy.ndarray of shape (n,) for ``reduction="none"``

    Examples
    --------
    >>> entropy([[0.5, 0.5], [1.0, 0.0]], reduction="none")
    array([0.69314718, 0.        ])
    """
    _check_reduction(reduction)
    p = _distributions("p", p)
    return _reduce(-_xlogy(p, p).sum(axis=-1), reduction)


def kl_divergence(p, q, *, reduction="mean"):
    r"""Kullback–Leibler divergence :math:`\sum_k p_{ik} \log(p_{ik} / q_{ik})` per row.

    Non-negative, zero only when the rows are equal, and not symmetric.
    Infinite when some :math:`q_{ik} = 0` while :math:`p_{ik} > 0`. Keras
    ``keras.losses.KLDivergence`` (which clips both arguments to
    [1e-7, 1]), PyTorch ``torch.nn.KLDivLoss`` (which takes ``log q`` first
    and ``p`` second; its ``reduction="batchmean"`` is this ``"mean"``).
    Used in chapter 3.

    Parameters
    ----------
    p : array_like of shape (n, C)
        Reference distributions (the targets), one per row.
    q : array_like of shape (n, C)
        Approximating distributions (the predictions).
    reduction : {"mean", "sum", "none"}, default "mean"

    Returns
    -------
    float, or numpy.ndarray of shape (n,) for ``reduction="none"``

    Examples
    --------
    >>> round(kl_divergence([[0.5, 0.5]], [[0.9, 0.1]]), 6)
    0.510826
    >>> kl_divergence([[0.5, 0.5]], [[0.5, 0.5]])
    0.0
    """
    _check_reduction(reduction)
    p, q = _distributions("p", p), _distributions("q", q)
    if p.shape != q.shape:
        raise ValueError(f"p and q must have the same shape; got shapes {p.shape} and {q.shape}.")
    return _reduce((_xlogy(p, p) - _xlogy(p, q)).sum(axis=-1), reduction)
