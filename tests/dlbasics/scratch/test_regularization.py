"""dlbasics.scratch.regularization against Keras and PyTorch (penalties, dropout, batch norm)."""

import numpy as np
import pytest

from dlbasics.scratch import regularization as reg


TOL = {"rtol": 1e-5, "atol": 1e-6}


def _weights(seed=0):
    rng = np.random.default_rng(seed)
    return [rng.normal(size=(5, 4)).astype("float32"), rng.normal(size=(3, 5)).astype("float32")]


# ---------------------------------------------------------------- penalties


@pytest.mark.parametrize("lam", [0.0, 0.01, 0.5])
def test_penalties_equal_keras_regularizers(lam, keras):
    weights = _weights()
    keras_l2 = sum(float(keras.regularizers.L2(lam)(w)) for w in weights)
    keras_l1 = sum(float(keras.regularizers.L1(lam)(w)) for w in weights)
    np.testing.assert_allclose(reg.l2_penalty(weights, lam), keras_l2, **TOL)
    np.testing.assert_allclose(reg.l1_penalty(weights, lam), keras_l1, **TOL)


def test_keras_layer_losses_hold_the_l2_penalty(keras):
    """A Dense layer with kernel_regularizer=L2(lam) adds lam * sum(W**2) to model.losses."""
    lam = 0.03
    layer = keras.layers.Dense(4, kernel_regularizer=keras.regularizers.L2(lam))
    layer.build((None, 3))
    layer(np.zeros((1, 3), dtype="float32"))
    kernel = np.asarray(layer.kernel)
    np.testing.assert_allclose(float(sum(layer.losses)), reg.l2_penalty([kernel], lam), **TOL)


def test_penalties_and_gradients_equal_torch_autograd(torch):
    lam = 0.2
    weights = _weights()
    weights[0][0, :2] = 0.0  # |w| at 0: frameworks use the subgradient 0
    params = [torch.tensor(w, requires_grad=True) for w in weights]
    l2 = lam * sum(p.pow(2).sum() for p in params)
    l2.backward()
    np.testing.assert_allclose(reg.l2_penalty(weights, lam), l2.item(), **TOL)
    for ours, p in zip(reg.l2_gradient(weights, lam), params):
        np.testing.assert_allclose(ours, p.grad.numpy(), **TOL)
        p.grad = None
    l1 = lam * sum(p.abs().sum() for p in params)
    l1.backward()
    np.testing.assert_allclose(reg.l1_penalty(weights, lam), l1.item(), **TOL)
    for ours, p in zip(reg.l1_gradient(weights, lam), params):
        np.testing.assert_allclose(ours, p.grad.numpy(), **TOL)
    assert np.all(reg.l1_gradient(weights, lam)[0][0, :2] == 0.0)


@pytest.mark.parametrize("wd", [0.0, 0.01, 0.3])
def test_l2_gradient_step_equals_torch_sgd_weight_decay(wd, torch):
    """SGD(weight_decay=wd) adds wd * w to the gradient: the gradient of L2(wd / 2)."""
    rng = np.random.default_rng(1)
    w = rng.normal(size=(4, 3)).astype("float32")
    c = rng.normal(size=(4, 3)).astype("float32")  # loss = sum(c * w), gradient c
    lr = 0.1
    param = torch.nn.Parameter(torch.tensor(w))
    optimizer = torch.optim.SGD([param], lr=lr, weight_decay=wd)
    for _ in range(3):
        optimizer.zero_grad()
        (param * torch.tensor(c)).sum().backward()
        optimizer.step()
    ours = w.astype(float)
    for _ in range(3):
        ours = ours - lr * (c + reg.l2_gradient([ours], wd / 2)[0])
    np.testing.assert_allclose(ours, param.detach().numpy(), rtol=1e-5, atol=1e-6)


def test_l2_penalty_accepts_one_array():
    w = np.array([[1.0, -2.0], [0.5, 0.0]])
    assert reg.l2_penalty(w, 1.0) == pytest.approx(5.25)
    assert reg.l1_penalty(w, 2.0) == pytest.approx(7.0)


@pytest.mark.parametrize("lam", [-0.1, "0.1", None, True, float("nan")])
def test_penalties_reject_bad_lambda(lam):
    for function in (reg.l2_penalty, reg.l1_penalty, reg.l2_gradient, reg.l1_gradient):
        with pytest.raises(ValueError, match="lam"):
            function(_weights(), lam)


def test_penalties_reject_non_list():
    with pytest.raises(ValueError, match="list of arrays"):
        reg.l2_penalty(3.0, 0.1)


# ---------------------------------------------------------------- dropout


@pytest.mark.parametrize("rate", [0.0, 0.2, 0.4, 0.7])
def test_dropout_scales_kept_units_and_zeroes_the_others(rate):
    x = np.random.default_rng(0).normal(size=(50, 40))
    out, mask = reg.dropout(x, rate, rng=np.random.default_rng(1))
    assert out.shape == mask.shape == x.shape and mask.dtype == bool
    np.testing.assert_allclose(out[mask], x[mask] / (1 - rate))
    assert np.all(out[~mask] == 0)
    if rate == 0:
        assert mask.all()


@pytest.mark.parametrize("rate", [0.1, 0.4, 0.8])
def test_dropout_rate_and_expectation(rate):
    """Fraction dropped ~ rate, mean output ~ input, within 5 standard errors.

    With n independent units, the dropped fraction has standard deviation
    sqrt(rate (1 - rate) / n), and the mean of the output for an input of
    ones (values 0 or 1 / (1 - rate)) has standard deviation
    sqrt(rate / (1 - rate) / n): a 5-sigma band fails by chance with
    probability below 1e-6.
    """
    n = 200_000
    out, mask = reg.dropout(np.ones(n), rate, rng=np.random.default_rng(2))
    assert abs((~mask).mean() - rate) < 5 * np.sqrt(rate * (1 - rate) / n)
    assert abs(out.mean() - 1.0) < 5 * np.sqrt(rate / (1 - rate) / n)


def test_dropout_masks_differ_between_calls():
    rng = np.random.default_rng(3)
    _, a = reg.dropout(np.ones(100), 0.5, rng=rng)
    _, b = reg.dropout(np.ones(100), 0.5, rng=rng)
    assert not np.array_equal(a, b)


def test_dropout_inference_is_identity_like_the_frameworks(keras, torch):
    x = np.random.default_rng(0).normal(size=(8, 6)).astype("float32")
    out, mask = reg.dropout(x, 0.5, rng=np.random.default_rng(0), training=False)
    np.testing.assert_array_equal(out, x)
    assert mask.all()
    np.testing.assert_array_equal(np.asarray(keras.layers.Dropout(0.5)(x, training=False)), x)
    layer = torch.nn.Dropout(0.5)
    layer.eval()
    np.testing.assert_array_equal(layer(torch.from_numpy(x)).numpy(), x)


@pytest.mark.parametrize("rate", [0.25, 0.4])
def test_dropout_training_scaling_equals_the_frameworks(rate, keras, torch):
    """Frameworks' random numbers differ from ours; their kept units are x / (1 - rate) too."""
    x = np.random.default_rng(0).uniform(0.5, 2.0, size=(64, 32)).astype("float32")  # no zeros
    outputs = {
        "numpy": reg.dropout(x, rate, rng=np.random.default_rng(0))[0],
        "keras": np.asarray(keras.layers.Dropout(rate, seed=0)(x, training=True)),
    }
    layer = torch.nn.Dropout(rate)
    layer.train()
    torch.manual_seed(0)
    outputs["torch"] = layer(torch.from_numpy(x)).numpy()
    for name, out in outputs.items():
        kept = out != 0
        np.testing.assert_allclose(out[kept], x[kept] / (1 - rate), rtol=1e-6, err_msg=name)
        assert abs((~kept).mean() - rate) < 0.05, name  # 2048 units: sd about 0.011


@pytest.mark.parametrize("rate", [-0.1, 1.0, 1.5, "0.5", None])
def test_dropout_rejects_bad_rate(rate):
    with pytest.raises(ValueError, match="rate"):
        reg.dropout(np.ones(3), rate, rng=np.random.default_rng(0))


def test_dropout_rejects_bad_rng():
    with pytest.raises(ValueError, match="Generator"):
        reg.dropout(np.ones(3), 0.5, rng=0)


# ---------------------------------------------------------------- batch norm


def _batches(features=5, size=16, count=4, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.normal(loc=2.0, scale=3.0, size=(size, features)).astype("float32") for _ in range(count)]


def _gamma_beta(features=5):
    rng = np.random.default_rng(9)
    return (rng.uniform(0.5, 1.5, features).astype("float32"),
            rng.normal(size=features).astype("float32"))


@pytest.mark.parametrize("momentum", [None, 0.3])
def test_batch_norm_equals_torch_batchnorm1d(momentum, torch):
    batches = _batches()
    gamma, beta = _gamma_beta()
    kwargs = {} if momentum is None else {"momentum": momentum}
    layer = torch.nn.BatchNorm1d(5, **kwargs)
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(gamma))
        layer.bias.copy_(torch.from_numpy(beta))
    mean, var = np.zeros(5), np.ones(5)
    layer.train()
    for x in batches:
        ours, mean, var = reg.batch_norm(x, gamma, beta, mean, var, training=True, **kwargs)
        with torch.no_grad():
            theirs = layer(torch.from_numpy(x)).numpy()
        np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-5)
        np.testing.assert_allclose(mean, layer.running_mean.numpy(), rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(var, layer.running_var.numpy(), rtol=1e-5, atol=1e-6)
    layer.eval()
    x = _batches(seed=5, count=1)[0]
    ours, mean2, var2 = reg.batch_norm(x, gamma, beta, mean, var, training=False, **kwargs)
    with torch.no_grad():
        np.testing.assert_allclose(ours, layer(torch.from_numpy(x)).numpy(), rtol=1e-4, atol=1e-5)
    np.testing.assert_array_equal(mean2, mean)
    np.testing.assert_array_equal(var2, var)


@pytest.mark.parametrize("momentum", [None, 0.5])
def test_batch_norm_equals_keras_batchnormalization(momentum, keras):
    batches = _batches()
    gamma, beta = _gamma_beta()
    kwargs = {} if momentum is None else {"momentum": momentum}
    layer = keras.layers.BatchNormalization(**kwargs)
    layer.build((None, 5))
    layer.gamma.assign(gamma)
    layer.beta.assign(beta)
    mean, var = np.zeros(5), np.ones(5)
    for x in batches:
        ours, mean, var = reg.batch_norm(x, gamma, beta, mean, var, training=True,
                                         convention="keras", **kwargs)
        theirs = np.asarray(layer(x, training=True))
        np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-5)
        np.testing.assert_allclose(mean, np.asarray(layer.moving_mean), rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(var, np.asarray(layer.moving_variance), rtol=1e-5, atol=1e-6)
    x = _batches(seed=5, count=1)[0]
    ours, _, _ = reg.batch_norm(x, gamma, beta, mean, var, training=False, convention="keras", **kwargs)
    np.testing.assert_allclose(ours, np.asarray(layer(x, training=False)), rtol=1e-4, atol=1e-5)


def test_batch_norm_conventions_really_differ():
    """Same batches, framework defaults: different running variances (not a vacuous test)."""
    x = _batches(count=1)[0]
    gamma, beta = np.ones(5), np.zeros(5)
    _, _, var_torch = reg.batch_norm(x, gamma, beta, np.zeros(5), np.ones(5), training=True)
    _, _, var_keras = reg.batch_norm(x, gamma, beta, np.zeros(5), np.ones(5), training=True,
                                     convention="keras")
    np.testing.assert_allclose(var_torch, 0.9 + 0.1 * x.var(axis=0, ddof=1), rtol=1e-6)
    np.testing.assert_allclose(var_keras, 0.99 + 0.01 * x.var(axis=0), rtol=1e-6)


def test_batch_norm_training_output_is_standardised():
    x = _batches(size=200, count=1)[0]
    out, _, _ = reg.batch_norm(x, np.ones(5), np.zeros(5), np.zeros(5), np.ones(5), training=True)
    np.testing.assert_allclose(out.mean(axis=0), 0.0, atol=1e-6)
    np.testing.assert_allclose(out.std(axis=0), 1.0, atol=1e-5)


def test_batch_norm_channels_last_images_equal_keras(keras):
    x = np.random.default_rng(0).normal(size=(4, 3, 3, 2)).astype("float32")
    layer = keras.layers.BatchNormalization()
    ours, mean, var = reg.batch_norm(x, np.ones(2), np.zeros(2), np.zeros(2), np.ones(2),
                                     training=True, convention="keras")
    np.testing.assert_allclose(ours, np.asarray(layer(x, training=True)), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(var, np.asarray(layer.moving_variance), rtol=1e-5)


@pytest.mark.parametrize(
    "change, match",
    [
        ({"convention": "jax"}, "convention"),
        ({"momentum": 1.5}, "momentum"),
        ({"momentum": -0.1}, "momentum"),
        ({"eps": 0.0}, "eps"),
        ({"gamma": np.ones(4)}, "gamma"),
        ({"running_var": np.ones((5, 1))}, "running_var"),
        ({"x": np.ones(5)}, "shape"),
        ({"x": np.ones((1, 5))}, "more than one value"),
    ],
)
def test_batch_norm_rejects_bad_arguments(change, match):
    args = {"x": np.ones((4, 5)), "gamma": np.ones(5), "beta": np.zeros(5),
            "running_mean": np.zeros(5), "running_var": np.ones(5)}
    keywords = {"training": True}
    for key, value in change.items():
        (args if key in args else keywords)[key] = value
    with pytest.raises(ValueError, match=match):
        reg.batch_norm(*args.values(), **keywords)


def test_batch_norm_keras_convention_accepts_one_row():
    out, _, _ = reg.batch_norm(np.ones((1, 3)), np.ones(3), np.zeros(3), np.zeros(3), np.ones(3),
                               training=True, convention="keras")
    np.testing.assert_allclose(out, 0.0)
