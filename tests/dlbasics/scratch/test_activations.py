"""Tests of dlbasics.scratch.activations against Keras, PyTorch, autograd and
finite differences, including extreme inputs."""

import functools

import numpy as np
import pytest

from dlbasics.scratch import activations as act
from dlbasics.scratch.activations import get_activation

#: Extreme and ordinary inputs (float32 overflows exp beyond about 88).
EXTREME = np.array(
    [-1e4, -1000.0, -100.0, -88.0, -20.0, -1.0, -1e-6, 0.0, 1e-6, 1.0, 20.0, 88.0, 100.0, 1000.0, 1e4]
)
RANDOM = np.random.default_rng(0).normal(scale=4.0, size=(7, 5))

#: name -> (NumPy function, Keras function, PyTorch function), elementwise; each
#: framework's function is looked up in its module ``k`` (keras) or ``t`` (torch),
#: given by the fixtures, so that the NumPy column serves without frameworks.
ELEMENTWISE = {
    "identity": (act.identity, lambda k: k.activations.linear, lambda t: lambda x: x),
    "sigmoid": (act.sigmoid, lambda k: k.activations.sigmoid, lambda t: t.sigmoid),
    "tanh": (act.tanh, lambda k: k.activations.tanh, lambda t: t.tanh),
    "relu": (act.relu, lambda k: k.activations.relu, lambda t: t.nn.functional.relu),
    "leaky_relu": (
        act.leaky_relu,
        lambda k: functools.partial(k.activations.leaky_relu, negative_slope=0.01),
        lambda t: t.nn.functional.leaky_relu,  # negative_slope=0.01 by default
    ),
    "leaky_relu_0.2": (
        functools.partial(act.leaky_relu, alpha=0.2),
        lambda k: k.activations.leaky_relu,  # negative_slope=0.2 by default
        lambda t: functools.partial(t.nn.functional.leaky_relu, negative_slope=0.2),
    ),
    "elu": (act.elu, lambda k: k.activations.elu, lambda t: t.nn.functional.elu),
    "elu_0.5": (
        functools.partial(act.elu, alpha=0.5),
        lambda k: functools.partial(k.activations.elu, alpha=0.5),
        lambda t: functools.partial(t.nn.functional.elu, alpha=0.5),
    ),
    "softplus": (act.softplus, lambda k: k.activations.softplus, lambda t: t.nn.functional.softplus),
}


def _keras(function, x):
    import keras
    return keras.ops.convert_to_numpy(function(keras.ops.convert_to_tensor(x)))


def _torch(function, x):
    import torch
    return function(torch.from_numpy(np.asarray(x))).numpy()


@pytest.mark.parametrize("data", [EXTREME, RANDOM], ids=["extreme", "random"])
@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
def test_elementwise_activations_equal_keras_and_torch(name, data, keras, torch):
    ours, in_keras, in_torch = ELEMENTWISE[name]
    in_keras, in_torch = in_keras(keras), in_torch(torch)
    x = data.astype(np.float32)
    y = ours(x)
    assert y.dtype == np.float32 and y.shape == x.shape
    assert np.all(np.isfinite(y))
    np.testing.assert_allclose(y, _keras(in_keras, x), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(y, _torch(in_torch, x), rtol=1e-5, atol=1e-7)


def test_threshold_equals_torch_heaviside(torch):
    x = torch.from_numpy(EXTREME)
    np.testing.assert_array_equal(act.threshold(EXTREME), torch.heaviside(x, torch.tensor(1.0, dtype=x.dtype)).numpy())
    np.testing.assert_array_equal(act.threshold_grad(EXTREME), np.zeros_like(EXTREME))


@pytest.mark.parametrize("data", [EXTREME[None, :], RANDOM], ids=["extreme", "random"])
def test_softmax_equals_keras_and_torch(data, keras, torch):
    z = data.astype(np.float32)
    s = act.softmax(z)
    assert s.dtype == np.float32 and np.all(np.isfinite(s))
    np.testing.assert_allclose(s.sum(axis=-1), 1.0, rtol=1e-6)
    np.testing.assert_allclose(s, _keras(keras.activations.softmax, z), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(s, _torch(functools.partial(torch.nn.functional.softmax, dim=-1), z), rtol=1e-5, atol=1e-7)


def test_softmax_is_shift_invariant_and_acts_on_the_last_axis():
    z = np.random.default_rng(1).normal(size=(2, 3, 4))
    np.testing.assert_allclose(act.softmax(z + 1000.0), act.softmax(z), rtol=1e-12)
    np.testing.assert_allclose(act.softmax(z)[1, 2], act.softmax(z[1, 2]), rtol=1e-15)
    np.testing.assert_array_equal(act.softmax([1000.0, 0.0]), [1.0, 0.0])


def test_sigmoid_is_the_two_class_softmax():
    z = np.linspace(-30, 30, 61)
    two_class = act.softmax(np.stack([z, np.zeros_like(z)], axis=-1))
    np.testing.assert_allclose(two_class[:, 0], act.sigmoid(z), rtol=1e-12)


# --- derivatives ---------------------------------------------------------------

#: name -> (derivative, PyTorch function of the module t) for the autograd comparison.
DERIVATIVES = {
    "identity": (act.identity_grad, lambda t: lambda x: x),
    "sigmoid": (act.sigmoid_grad, lambda t: t.sigmoid),
    "tanh": (act.tanh_grad, lambda t: t.tanh),
    "relu": (act.relu_grad, lambda t: t.nn.functional.relu),
    "leaky_relu": (act.leaky_relu_grad, lambda t: t.nn.functional.leaky_relu),
    "leaky_relu_0.2": (
        functools.partial(act.leaky_relu_grad, alpha=0.2),
        lambda t: functools.partial(t.nn.functional.leaky_relu, negative_slope=0.2),
    ),
    "elu": (act.elu_grad, lambda t: t.nn.functional.elu),
    "elu_0.5": (
        functools.partial(act.elu_grad, alpha=0.5),
        lambda t: functools.partial(t.nn.functional.elu, alpha=0.5),
    ),
    "softplus": (act.softplus_grad, lambda t: t.nn.functional.softplus),
}


@pytest.mark.parametrize("data", [EXTREME, RANDOM], ids=["extreme", "random"])
@pytest.mark.parametrize("name", sorted(DERIVATIVES))
def test_derivatives_equal_torch_autograd(name, data, torch):
    derivative, in_torch = DERIVATIVES[name]
    in_torch = in_torch(torch)
    x = torch.tensor(data, dtype=torch.float64, requires_grad=True)
    in_torch(x).sum().backward()
    # atol: PyTorch's softplus is exactly linear beyond x = 20 (sigmoid(20) = 1 - 2e-9).
    np.testing.assert_allclose(derivative(data), x.grad.numpy(), rtol=1e-10, atol=3e-9)


@pytest.mark.parametrize("name", sorted(DERIVATIVES))
def test_derivatives_match_central_differences(name):
    derivative, _ = DERIVATIVES[name]
    function = ELEMENTWISE[name][0]
    x = RANDOM.ravel()
    x = x[np.abs(x) > 1e-3]  # away from the kinks at 0
    h = 1e-6
    numeric = (function(x + h) - function(x - h)) / (2 * h)
    np.testing.assert_allclose(derivative(x), numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("shape", [(4,), (3, 5)])
def test_softmax_jacobian_equals_autograd_and_differences(shape, torch):
    z = np.random.default_rng(2).normal(size=shape)
    jacobian = act.softmax_grad(z)
    assert jacobian.shape == (*shape, shape[-1])
    rows = z.reshape(-1, shape[-1])
    for row, ours in zip(rows, jacobian.reshape(-1, shape[-1], shape[-1])):
        reference = torch.autograd.functional.jacobian(
            lambda t: torch.softmax(t, dim=-1), torch.from_numpy(row)
        ).numpy()
        np.testing.assert_allclose(ours, reference, rtol=1e-10, atol=1e-14)
        h, eye = 1e-6, np.eye(len(row))
        numeric = np.stack(
            [(act.softmax(row + h * e) - act.softmax(row - h * e)) / (2 * h) for e in eye], axis=1
        )
        np.testing.assert_allclose(ours, numeric, rtol=1e-5, atol=1e-9)


def test_derivatives_at_the_kinks_follow_pytorch():
    assert act.relu_grad(0.0) == 0.0
    assert act.leaky_relu_grad(0.0, alpha=0.1) == pytest.approx(0.1)
    assert act.elu_grad(0.0, alpha=0.5) == pytest.approx(0.5)


def test_dtypes():
    assert act.relu(np.arange(3)).dtype == np.float64
    for name in act.activation_names():
        function, derivative = get_activation(name)
        x = np.ones((2, 3), dtype=np.float32)
        assert function(x).dtype == np.float32, name
        assert derivative(x).dtype == np.float32, name


# --- the registry --------------------------------------------------------------


def test_registry_names_and_pairs():
    names = act.activation_names()
    assert names == sorted(
        ["identity", "threshold", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "softmax"]
    )
    for name in names:
        function, derivative = get_activation(name)
        assert function is getattr(act, name)
        assert derivative is getattr(act, f"{name}_grad")
    assert get_activation("linear") == get_activation("identity")
    assert get_activation("Heaviside") == get_activation("threshold")
    assert get_activation("ReLU") == get_activation("relu")


def test_registry_binds_parameters():
    function, derivative = get_activation("elu", alpha=0.5)
    np.testing.assert_allclose(function([-1.0, 2.0]), [0.5 * np.expm1(-1.0), 2.0])
    np.testing.assert_allclose(derivative([-1.0, 2.0]), [0.5 * np.exp(-1.0), 1.0])


@pytest.mark.parametrize("name", ["swish", "", None, 3])
def test_unknown_activation_lists_the_known_names(name):
    with pytest.raises(ValueError, match=r"Unknown activation .*; known names: elu, identity, .*relu"):
        get_activation(name)


@pytest.mark.parametrize(
    ("name", "params", "match"),
    [
        ("relu", {"alpha": 0.1}, "'relu' takes no parameter; got 'alpha'"),
        ("elu", {"beta": 1.0}, "'elu' takes only 'alpha'; got 'beta'"),
    ],
)
def test_unexpected_parameters_raise(name, params, match):
    with pytest.raises(ValueError, match=match):
        get_activation(name, **params)


def test_softmax_of_a_scalar_raises():
    with pytest.raises(ValueError, match="softmax needs at least one axis"):
        act.softmax(1.0)
