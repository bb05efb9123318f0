"""Tests of dlbasics.scratch.losses: every loss against Keras and PyTorch on
the same arrays, the stable versions on extreme logits, the identity
H(p, q) = H(p) + KL(p || q), and the validation of bad inputs."""

import numpy as np
import pytest

from dlbasics.scratch import losses as L


SIZES = [1, 7, 64]
CLASSES = [2, 5, 10]
REDUCTIONS = ["mean", "sum", "none"]
#: Logit scales: ordinary, large (exp overflows float32), huge (exp overflows float64).
SCALES = [1.0, 100.0, 1e4]
KERAS_REDUCTION = {"mean": "sum_over_batch_size", "sum": "sum", "none": "none"}
RTOL = 1e-10  # float64 everywhere: the frameworks agree with NumPy to round-off
ATOL = 1e-12  # for losses that round to (almost) zero


def _rng(*key):
    """A generator seeded by the test's parameters (reproducible, different per case)."""
    return np.random.default_rng([0, *(int(abs(k) * 10) for k in key)])


def _logits(rng, n, c, scale):
    """Logits of shape (n, c) spanning about [-scale, scale], with exact extremes."""
    z = scale * rng.uniform(-1.0, 1.0, size=(n, c))
    z[0, 0], z[-1, -1] = scale, -scale
    return z


def _softmax(z):
    return np.exp(L.log_softmax(z))


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _one_hot(labels, c):
    return np.eye(c)[labels]


def _keras(loss_class, reduction, y_true, y_pred, **kw):
    loss = loss_class(reduction=KERAS_REDUCTION[reduction], dtype="float64", **kw)
    return np.asarray(loss(y_true, y_pred))


def _torch(loss_class, reduction, first, second, **kw):
    import torch
    import torch
    with torch.no_grad():
        return loss_class(reduction=reduction, **kw)(torch.as_tensor(first), torch.as_tensor(second)).numpy()


def _torch_per_sample(elementwise, reduction, d):
    """Torch's elementwise losses of shape (n, d) brought to our convention."""
    if d is None:
        return elementwise
    if reduction == "none":
        return elementwise.mean(axis=-1)
    return elementwise / d if reduction == "sum" else elementwise


def _as_column(a):
    """Keras averages over the last axis: a 1-D batch must become (n, 1)."""
    return a[:, None] if a.ndim == 1 else a


# --- regression ------------------------------------------------------------------

#: name -> (ours, Keras class in the module k, PyTorch class in the module t).
REGRESSION = {
    "mse": (L.mse, lambda k: k.losses.MeanSquaredError, lambda t: t.nn.MSELoss),
    "mae": (L.mae, lambda k: k.losses.MeanAbsoluteError, lambda t: t.nn.L1Loss),
}


@pytest.mark.parametrize("name", sorted(REGRESSION))
@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("d", [None, 3])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_regression_losses_match_frameworks(name, n, d, reduction, torch, keras):
    ours_fn, keras_class, torch_class = REGRESSION[name]
    keras_class, torch_class = keras_class(keras), torch_class(torch)
    rng = _rng(n, d or 0)
    shape = (n,) if d is None else (n, d)
    y_true, y_pred = rng.normal(size=shape), rng.normal(size=shape)
    ours = ours_fn(y_true, y_pred, reduction=reduction)
    in_keras = _keras(keras_class, reduction, _as_column(y_true), _as_column(y_pred))
    in_torch = _torch_per_sample(_torch(torch_class, reduction, y_pred, y_true), reduction, d)
    np.testing.assert_allclose(ours, in_keras, rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(ours, in_torch, rtol=RTOL, atol=ATOL)
    if reduction == "none":
        assert ours.shape == (n,)
    else:
        assert isinstance(ours, float)


def test_mse_by_hand():
    assert L.mse([1.0, 2.0], [2.0, 4.0]) == 2.5
    assert L.mae([1.0, 2.0], [2.0, 4.0]) == 1.5
    np.testing.assert_array_equal(L.mse([[0.0, 0.0]], [[1.0, 3.0]], reduction="none"), [5.0])


# --- binary cross-entropy --------------------------------------------------------


def _binary_data(n, d, scale):
    rng = _rng(n, d or 0, scale)
    shape = (n,) if d is None else (n, d)
    z = scale * rng.uniform(-1.0, 1.0, size=shape)
    z.flat[0] = scale
    z.flat[-1] = -scale
    return rng.integers(0, 2, size=shape).astype(float), z


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("d", [None, 4])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_binary_cross_entropy_matches_frameworks(n, d, reduction, keras, torch):
    y, z = _binary_data(n, d, scale=5.0)  # probabilities well inside [eps, 1 - eps]
    p = _sigmoid(z)
    ours = L.binary_cross_entropy(y, p, reduction=reduction)
    in_keras = _keras(keras.losses.BinaryCrossentropy, reduction, _as_column(y), _as_column(p))
    in_torch = _torch_per_sample(_torch(torch.nn.BCELoss, reduction, p, y), reduction, d)
    np.testing.assert_allclose(ours, in_keras, rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(ours, in_torch, rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("d", [None, 4])
@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_binary_cross_entropy_with_logits_matches_frameworks(n, d, scale, reduction, keras, torch):
    y, z = _binary_data(n, d, scale)
    ours = L.binary_cross_entropy_with_logits(y, z, reduction=reduction)
    in_keras = _keras(
        keras.losses.BinaryCrossentropy, reduction, _as_column(y), _as_column(z), from_logits=True
    )
    in_torch = _torch_per_sample(_torch(torch.nn.BCEWithLogitsLoss, reduction, z, y), reduction, d)
    np.testing.assert_allclose(ours, in_keras, rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(ours, in_torch, rtol=RTOL, atol=ATOL)
    assert np.all(np.isfinite(ours))


def test_soft_binary_labels_match_frameworks(torch):
    rng = _rng(3)
    y, z = rng.uniform(size=20), rng.normal(scale=3.0, size=20)
    ours = L.binary_cross_entropy_with_logits(y, z)
    np.testing.assert_allclose(ours, _torch(torch.nn.BCEWithLogitsLoss, "mean", z, y), rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(ours, L.binary_cross_entropy(y, _sigmoid(z)), rtol=1e-9)


def test_binary_cross_entropy_by_hand():
    assert L.binary_cross_entropy_with_logits([1.0], [0.0]) == pytest.approx(np.log(2.0))
    assert L.binary_cross_entropy([1.0, 0.0], [0.5, 0.5]) == pytest.approx(np.log(2.0))
    # the loss of a confident mistake is the size of the logit
    assert L.binary_cross_entropy_with_logits([0.0], [1e4]) == 1e4
    assert L.binary_cross_entropy_with_logits([1.0], [-1e4]) == 1e4
    assert L.binary_cross_entropy_with_logits([1.0], [1e4]) == 0.0


def test_binary_clipping_matches_keras_not_torch(keras, torch):
    y, p = np.array([1.0, 0.0]), np.array([0.0, 1.0])  # two certain mistakes
    ours = L.binary_cross_entropy(y, p, reduction="none")
    np.testing.assert_allclose(ours, -np.log(L.EPSILON), rtol=1e-6)
    in_keras = keras.losses.binary_crossentropy(y[:, None], p[:, None])
    np.testing.assert_allclose(ours, in_keras, rtol=1e-6)
    # PyTorch clamps each log at -100 instead of clipping the probability
    np.testing.assert_array_equal(_torch(torch.nn.BCELoss, "none", p, y), [100.0, 100.0])
    assert L.binary_cross_entropy(y, p, eps=0) == np.inf


# --- categorical cross-entropy -----------------------------------------------------


def _class_data(n, c, scale):
    rng = _rng(n, c, scale)
    return rng.integers(0, c, size=n), _logits(rng, n, c, scale)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("c", CLASSES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_categorical_cross_entropy_matches_frameworks(n, c, reduction, keras, torch):
    labels, z = _class_data(n, c, scale=3.0)
    p, y = _softmax(z), _one_hot(labels, c)
    ours = L.categorical_cross_entropy(y, p, reduction=reduction)
    in_keras = _keras(keras.losses.CategoricalCrossentropy, reduction, y, p)
    log_p = np.log(p)
    in_torch_nll = _torch(torch.nn.NLLLoss, reduction, log_p, labels)
    # log p is a valid set of logits: CrossEntropyLoss(log p) = NLLLoss(log p)
    in_torch_ce = _torch(torch.nn.CrossEntropyLoss, reduction, log_p, y)
    for reference in (in_keras, in_torch_nll, in_torch_ce):
        np.testing.assert_allclose(ours, reference, rtol=RTOL, atol=ATOL)
    sparse = L.sparse_categorical_cross_entropy(labels, p, reduction=reduction)
    np.testing.assert_allclose(sparse, ours, rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(
        sparse, _keras(keras.losses.SparseCategoricalCrossentropy, reduction, labels, p), rtol=RTOL
    )


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("c", CLASSES)
@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_cross_entropy_with_logits_matches_frameworks(n, c, scale, reduction, keras, torch):
    labels, z = _class_data(n, c, scale)
    y = _one_hot(labels, c)
    ours = L.categorical_cross_entropy_with_logits(y, z, reduction=reduction)
    sparse = L.sparse_categorical_cross_entropy_with_logits(labels, z, reduction=reduction)
    references = [
        _keras(keras.losses.CategoricalCrossentropy, reduction, y, z, from_logits=True),
        _keras(keras.losses.SparseCategoricalCrossentropy, reduction, labels, z, from_logits=True),
        _torch(torch.nn.CrossEntropyLoss, reduction, z, labels),  # class indices
        _torch(torch.nn.CrossEntropyLoss, reduction, z, y),  # class probabilities
    ]
    for reference in references:
        np.testing.assert_allclose(ours, reference, rtol=RTOL, atol=ATOL)
        np.testing.assert_allclose(sparse, reference, rtol=RTOL, atol=ATOL)
    assert np.all(np.isfinite(ours))


@pytest.mark.parametrize("c", CLASSES)
@pytest.mark.parametrize("scale", SCALES)
def test_soft_targets_with_logits_match_frameworks(c, scale, keras, torch):
    rng = _rng(c, scale)
    targets, z = rng.dirichlet(np.ones(c), size=16), _logits(rng, 16, c, scale)
    ours = L.categorical_cross_entropy_with_logits(targets, z, reduction="none")
    np.testing.assert_allclose(ours, _torch(torch.nn.CrossEntropyLoss, "none", z, targets), rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(
        ours, _keras(keras.losses.CategoricalCrossentropy, "none", targets, z, from_logits=True), rtol=RTOL
    )


@pytest.mark.parametrize("c", CLASSES)
def test_logit_and_probability_versions_agree(c):
    labels, z = _class_data(30, c, scale=4.0)
    p = _softmax(z)
    np.testing.assert_allclose(
        L.sparse_categorical_cross_entropy_with_logits(labels, z, reduction="none"),
        L.sparse_categorical_cross_entropy(labels, p, reduction="none"),
        rtol=1e-9,
    )


def test_cross_entropy_by_hand():
    z = np.array([[2.0, 1.0, 0.1]])
    expected = -2.0 + np.log(np.exp(2.0) + np.exp(1.0) + np.exp(0.1))
    assert L.sparse_categorical_cross_entropy_with_logits([0], z) == pytest.approx(expected)
    assert expected == pytest.approx(0.417, abs=5e-4)  # the value quoted in chapter 3
    assert L.categorical_cross_entropy([[0.0, 1.0]], [[0.5, 0.5]]) == pytest.approx(np.log(2.0))
    uniform = np.full((1, 10), 0.1)
    assert L.sparse_categorical_cross_entropy([3], uniform) == pytest.approx(np.log(10.0))


@pytest.mark.parametrize("n", SIZES)
def test_reductions_are_consistent(n):
    labels, z = _class_data(n, 4, scale=2.0)
    per_sample = L.sparse_categorical_cross_entropy_with_logits(labels, z, reduction="none")
    assert per_sample.shape == (n,)
    assert L.sparse_categorical_cross_entropy_with_logits(labels, z) == pytest.approx(per_sample.mean())
    assert L.sparse_categorical_cross_entropy_with_logits(labels, z, reduction="sum") == pytest.approx(
        per_sample.sum()
    )


# --- stability ------------------------------------------------------------------------


def _naive_log_softmax(z):
    with np.errstate(all="ignore"):
        e = np.exp(z)
        return np.log(e / e.sum(axis=-1, keepdims=True))


def _naive_bce_with_logits(y, z):
    with np.errstate(all="ignore"):
        p = 1.0 / (1.0 + np.exp(-z))
        return -(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))


@pytest.mark.parametrize("scale", [800.0, 1e4])  # exp(710) already overflows float64
def test_stable_log_softmax_stays_finite_where_naive_fails(scale, keras, torch):
    z = np.array([[scale, 0.0, -scale], [-scale, -scale, -scale]])
    assert not np.all(np.isfinite(_naive_log_softmax(z)))
    ours = L.log_softmax(z)
    assert np.all(np.isfinite(ours))
    np.testing.assert_allclose(ours[0], [0.0, -scale, -2.0 * scale], rtol=1e-15)
    np.testing.assert_allclose(ours[1], np.full(3, -np.log(3.0)), rtol=1e-15)
    with torch.no_grad():
        np.testing.assert_allclose(ours, torch.log_softmax(torch.as_tensor(z), dim=-1).numpy(), rtol=1e-15)
    np.testing.assert_allclose(ours, np.asarray(keras.ops.log_softmax(z, axis=-1)), rtol=1e-15)


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("c", CLASSES)
def test_log_softmax_and_logsumexp_match_frameworks(scale, c, keras, torch):
    z = _logits(_rng(scale, c), 12, c, scale)
    with torch.no_grad():
        t = torch.as_tensor(z)
        np.testing.assert_allclose(L.log_softmax(z), torch.log_softmax(t, dim=-1).numpy(), rtol=RTOL, atol=ATOL)
        np.testing.assert_allclose(L.logsumexp(z), torch.logsumexp(t, dim=-1).numpy(), rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(L.logsumexp(z), np.asarray(keras.ops.logsumexp(z, axis=-1)), rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(np.exp(L.log_softmax(z)).sum(axis=-1), 1.0, rtol=1e-12)
    assert L.logsumexp(z, keepdims=True).shape == (12, 1)


@pytest.mark.parametrize("scale", [800.0, 1e4])
def test_stable_binary_cross_entropy_stays_finite_where_naive_fails(scale):
    y, z = np.array([1.0, 0.0, 1.0, 0.0]), np.array([-scale, scale, scale, -scale])
    assert not np.all(np.isfinite(_naive_bce_with_logits(y, z)))
    ours = L.binary_cross_entropy_with_logits(y, z, reduction="none")
    np.testing.assert_array_equal(ours, [scale, scale, 0.0, 0.0])


@pytest.mark.parametrize("scale", [100.0, 1e4])
def test_clipped_probabilities_stay_finite_but_cap_the_loss(scale):
    """From probabilities, a confident mistake costs at most -log(eps) ≈ 16.1."""
    labels, z = np.array([1]), np.array([[scale, -scale]])
    p = _softmax(z)  # p[0, 1] = exp(-2 scale): 1e-87, or 0 after underflow
    assert L.sparse_categorical_cross_entropy(labels, p) == pytest.approx(-np.log(L.EPSILON))
    exact = L.sparse_categorical_cross_entropy(labels, p, eps=0)
    assert exact == (pytest.approx(2 * scale) if scale < 300 else np.inf)
    assert L.sparse_categorical_cross_entropy_with_logits(labels, z) == pytest.approx(2 * scale)


# --- entropy, KL and cross-entropy ------------------------------------------------------


def _distributions(n, c, seed):
    rng = _rng(n, c, seed)
    return rng.dirichlet(np.ones(c), size=n), rng.dirichlet(np.full(c, 0.5), size=n)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("c", CLASSES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_cross_entropy_is_entropy_plus_kl(n, c, reduction):
    p, q = _distributions(n, c, 1)
    cross = L.categorical_cross_entropy(p, q, eps=0, reduction=reduction)
    np.testing.assert_allclose(
        cross, L.entropy(p, reduction=reduction) + L.kl_divergence(p, q, reduction=reduction), rtol=1e-12
    )


@pytest.mark.parametrize("c", CLASSES)
def test_one_hot_targets_have_zero_entropy(c):
    labels, z = _class_data(20, c, scale=3.0)
    y, q = _one_hot(labels, c), _softmax(z)
    np.testing.assert_array_equal(L.entropy(y, reduction="none"), np.zeros(20))
    np.testing.assert_allclose(L.kl_divergence(y, q), L.categorical_cross_entropy(y, q, eps=0), rtol=1e-12)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("c", CLASSES)
def test_kl_divergence_matches_frameworks(n, c, keras, torch):
    p, q = _distributions(n, c, 2)
    p, q = np.maximum(p, 1e-6), np.maximum(q, 1e-6)  # Keras clips at 1e-7
    p, q = p / p.sum(axis=-1, keepdims=True), q / q.sum(axis=-1, keepdims=True)
    ours = L.kl_divergence(p, q, reduction="none")
    np.testing.assert_allclose(ours, _keras(keras.losses.KLDivergence, "none", p, q), rtol=RTOL, atol=ATOL)
    with torch.no_grad():
        pointwise = torch.nn.KLDivLoss(reduction="none")(torch.log(torch.as_tensor(q)), torch.as_tensor(p))
        batchmean = torch.nn.KLDivLoss(reduction="batchmean")(torch.log(torch.as_tensor(q)), torch.as_tensor(p))
    np.testing.assert_allclose(ours, pointwise.numpy().sum(axis=-1), rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(L.kl_divergence(p, q), batchmean.item(), rtol=RTOL, atol=ATOL)


def test_kl_divergence_properties():
    p, q = _distributions(50, 4, 3)
    kl_pq, kl_qp = L.kl_divergence(p, q, reduction="none"), L.kl_divergence(q, p, reduction="none")
    assert np.all(kl_pq > 0) and np.all(kl_qp > 0)
    assert not np.allclose(kl_pq, kl_qp)  # not symmetric
    assert L.kl_divergence(p, p) == 0.0
    assert L.kl_divergence([[0.5, 0.5]], [[1.0, 0.0]]) == np.inf
    assert L.kl_divergence([[1.0, 0.0]], [[0.5, 0.5]]) == pytest.approx(np.log(2.0))


# --- inputs -----------------------------------------------------------------------------


def test_accepts_lists_float32_and_integral_float_labels():
    z32 = np.array([[1.0, 2.0, 0.5]], dtype=np.float32)
    expected = L.sparse_categorical_cross_entropy_with_logits([1], z32.astype(float))
    assert L.sparse_categorical_cross_entropy_with_logits(np.array([1.0]), z32) == expected
    assert L.sparse_categorical_cross_entropy_with_logits((1,), z32.tolist()) == expected
    assert L.mse([[1, 2]], [[1, 2]]) == 0.0


Y2 = [[1.0, 0.0], [0.0, 1.0]]
P2 = [[0.8, 0.2], [0.3, 0.7]]


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: L.mse([1.0, 2.0], [1.0, 2.0, 3.0]), r"same shape; got shapes \(2,\) and \(3,\)"),
        (lambda: L.mse([[1.0]], [1.0]), r"same shape; got shapes \(1, 1\) and \(1,\)"),
        (lambda: L.mse(1.0, 2.0), r"y_true must be a non-empty array of shape \(n,\) or \(n, d\), batch first; got shape \(\)"),
        (lambda: L.mae([], []), r"non-empty .* got shape \(0,\)"),
        (lambda: L.mse(np.ones((2, 2, 2)), np.ones((2, 2, 2))), r"shape \(2, 2, 2\)"),
        (lambda: L.mse([1.0, np.nan], [1.0, 2.0]), "y_true must contain only finite numbers; got 1 inf or nan value.*index 1"),
        (lambda: L.mse(["a"], [1.0]), "y_true must hold numbers"),
        (lambda: L.mse([1.0], [1.0], reduction="average"), r"reduction must be one of \['mean', 'none', 'sum'\]; got 'average'"),
        (lambda: L.mse([1.0], [1.0], reduction=None), "reduction must be .* got None"),
        (lambda: L.binary_cross_entropy([1.0, 0.0], [2.3, -1.0]), r"y_pred must hold probabilities in \[0, 1\].*logits"),
        (lambda: L.binary_cross_entropy([2.0], [0.5]), r"y_true must hold probabilities in \[0, 1\]"),
        (lambda: L.binary_cross_entropy([1.0], [0.5], eps=0.5), r"eps must be a number in \[0, 0.5\); got 0.5"),
        (lambda: L.binary_cross_entropy([1.0], [0.5], eps=-1e-7), "eps must be"),
        (lambda: L.binary_cross_entropy_with_logits([1.0], [np.inf]), "logits must contain only finite"),
        (lambda: L.categorical_cross_entropy([0, 1], P2), r"same shape.*\(2,\) and \(2, 2\).*class indices.*sparse_"),
        (lambda: L.categorical_cross_entropy(Y2, [[2.0, -1.0], [0.0, 1.0]]), "probabilities in .*logits"),
        (lambda: L.categorical_cross_entropy(Y2, [[0.5, 0.2], [0.3, 0.7]]), "row 0 sums to 0.7.*softmax"),
        (lambda: L.categorical_cross_entropy([[1.0, 1.0], [0.0, 1.0]], P2), "each row of y_true .* summing to 1; row 0 sums to 2"),
        (lambda: L.categorical_cross_entropy(Y2, [0.8, 0.2]), r"y_pred must be a non-empty array of shape \(n, C\)"),
        (lambda: L.categorical_cross_entropy_with_logits(Y2, [[1.0, 2.0, 3.0]] * 2), r"\(2, 2\) and \(2, 3\)"),
        (lambda: L.sparse_categorical_cross_entropy([0, 2], P2), r"integers in \[0, C\) = \[0, 2\); got 2 at index 1"),
        (lambda: L.sparse_categorical_cross_entropy_with_logits([0, -1], P2), r"got -1 at index 1"),
        (lambda: L.sparse_categorical_cross_entropy_with_logits([0, 0.5], P2), r"got 0.5 at index 1"),
        (lambda: L.sparse_categorical_cross_entropy_with_logits([0], P2), r"labels must have shape \(n,\) = \(2,\).*got shape \(1,\)"),
        (lambda: L.sparse_categorical_cross_entropy_with_logits(Y2, P2), "one-hot targets: use categorical_cross_entropy"),
        (lambda: L.sparse_categorical_cross_entropy_with_logits([True, False], P2), "integer class indices"),
        (lambda: L.sparse_categorical_cross_entropy_with_logits(["a", "b"], P2), "integer class indices"),
        (lambda: L.sparse_categorical_cross_entropy([0, 1], [[3.0, -2.0], [0.0, 1.0]]), "probabilities"),
        (lambda: L.kl_divergence(P2, [[0.5, 0.5]]), r"same shape; got shapes \(2, 2\) and \(1, 2\)"),
        (lambda: L.entropy([[0.5, 0.6]]), "row 0 sums to 1.1"),
        (lambda: L.log_softmax(3.0), r"z must be a non-empty array"),
        (lambda: L.logsumexp([[np.inf, 0.0]]), r"z must contain only finite numbers.*index \(0, 0\)"),
    ],
)
def test_bad_inputs_raise_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()
