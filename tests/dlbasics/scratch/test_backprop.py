"""Tests of dlbasics.scratch.backprop: the NumPy backward pass equals
torch.autograd, tf.GradientTape (Keras layers) and finite differences."""

import functools

import numpy as np
import pytest

from dlbasics.scratch import activations as act
from dlbasics.scratch.backprop import backward, numerical_gradients
from dlbasics.scratch.mlp import forward

#: (layer widths, hidden activation, output activation, loss)
CASES = [
    ([3, 1], None, None, "mse"),
    ([4, 5, 3], "tanh", "sigmoid", "mse"),
    ([3, 6, 2], "softplus", "relu", "mse"),
    ([4, 6, 5, 2], "leaky_relu", "softmax", "mse"),
    ([2, 6, 4, 1], "relu", "identity", "binary_cross_entropy"),
    ([3, 4, 2], "identity", None, "binary_cross_entropy"),
    ([5, 8, 8, 3], "sigmoid", "identity", "cross_entropy"),
    ([4, 7, 3], "elu", None, "cross_entropy"),
]
IDS = [f"{'-'.join(map(str, s))}-{h}-{o}-{loss}" for s, h, o, loss in CASES]
BATCH = 7


@pytest.fixture
def make_problem(random_mlp_layers):
    """``make_problem(sizes, hidden, output, loss, dtype=np.float64, seed=0)``:
    seeded layers (conftest's ``random_mlp_layers``, gain 1.2), then inputs and
    targets suited to `loss`, drawn from the same generator."""
    return functools.partial(_make_problem, random_mlp_layers)


def _make_problem(random_mlp_layers, sizes, hidden, output, loss, dtype=np.float64, seed=0):
    rng = np.random.default_rng(seed)
    layers = random_mlp_layers(sizes, hidden, output, rng, gain=1.2, dtype=dtype)
    x = rng.normal(size=(BATCH, sizes[0])).astype(dtype)
    d = sizes[-1]
    if loss == "cross_entropy":
        y = rng.integers(0, d, size=BATCH)
    elif loss == "binary_cross_entropy":
        y = rng.integers(0, 2, size=(BATCH, d)).astype(dtype)
    else:
        y = rng.normal(size=(BATCH, d)).astype(dtype)
    return x, y, layers


# --- by hand and by finite differences ------------------------------------------------


def test_one_hidden_layer_by_hand(make_problem):
    """The worked example of chapter 4: sigmoid hidden layer, linear output, squared error."""
    x, y, layers = make_problem([3, 4, 1], "sigmoid", None, "mse")
    x, y = x[:1], y[:1]  # one sample: L = (y_hat - y)^2
    (w1, b1, _), (w2, b2, _) = layers
    h = act.sigmoid(w1 @ x[0] + b1)  # (4,)
    y_hat = w2 @ h + b2  # (1,)
    dy = 2 * (y_hat - y[0])  # dL/dy_hat
    delta1 = (w2.T @ dy) * h * (1 - h)  # sigma' = sigma (1 - sigma)
    value, [(dw1, db1), (dw2, db2)] = backward(x, y, layers)
    assert value == pytest.approx(float((y_hat - y[0])[0] ** 2), rel=1e-14)
    np.testing.assert_allclose(dw2, np.outer(dy, h), rtol=1e-13)
    np.testing.assert_allclose(db2, dy, rtol=1e-13)
    np.testing.assert_allclose(dw1, np.outer(delta1, x[0]), rtol=1e-13)
    np.testing.assert_allclose(db1, delta1, rtol=1e-13)


@pytest.mark.parametrize(("sizes", "hidden", "output", "loss"), CASES, ids=IDS)
def test_backward_equals_finite_differences(sizes, hidden, output, loss, make_problem):
    x, y, layers = make_problem(sizes, hidden, output, loss)
    value, grads = backward(x, y, layers, loss=loss)
    numeric = numerical_gradients(x, y, layers, loss=loss)
    assert len(grads) == len(numeric) == len(layers)
    for (dw, db), (nw, nb), (w, b, _) in zip(grads, numeric, layers):
        assert dw.shape == w.shape and db.shape == b.shape
        # central differences: error ~ eps^2 * L''' + 1e-16 / eps, about 1e-10 here
        np.testing.assert_allclose(dw, nw, rtol=1e-6, atol=1e-9)
        np.testing.assert_allclose(db, nb, rtol=1e-6, atol=1e-9)
    assert np.isfinite(value) and value > 0


def test_gradients_are_not_all_zero_and_layers_unchanged(make_problem):
    x, y, layers = make_problem([4, 6, 5, 2], "relu", None, "cross_entropy")
    copies = [(w.copy(), b.copy()) for w, b, _ in layers]
    _, grads = backward(x, y, layers, loss="cross_entropy")
    numerical_gradients(x, y, layers, loss="cross_entropy")
    for (w, b, _), (w0, b0) in zip(layers, copies):
        np.testing.assert_array_equal(w, w0)
        np.testing.assert_array_equal(b, b0)
    assert all(np.abs(dw).max() > 1e-3 for dw, _ in grads)


def test_loss_value_equals_forward_pass(make_problem):
    x, y, layers = make_problem([4, 5, 3], "tanh", "sigmoid", "mse")
    value, _ = backward(x, y, layers)
    assert value == pytest.approx(np.mean((forward(x, layers) - y) ** 2), rel=1e-14)


def test_gradients_keep_the_dtype_of_the_parameters(make_problem):
    x, y, layers = make_problem([4, 5, 3], "relu", None, "cross_entropy", dtype=np.float32)
    _, grads = backward(x, y, layers, loss="cross_entropy")
    assert all(dw.dtype == np.float32 and db.dtype == np.float32 for dw, db in grads)
    numeric = numerical_gradients(x, y, layers, loss="cross_entropy")
    assert all(nw.dtype == np.float64 for nw, _ in numeric)
    for (dw, db), (nw, nb) in zip(grads, numeric):
        np.testing.assert_allclose(dw, nw, rtol=1e-5, atol=1e-7)


def test_threshold_units_pass_no_gradient(make_problem):
    x, y, layers = make_problem([3, 4, 1], "threshold", None, "mse")
    _, [(dw1, db1), (dw2, _)] = backward(x, y, layers)
    assert not dw1.any() and not db1.any()  # the reason it cannot be trained
    assert dw2.any()


# --- against the frameworks -----------------------------------------------------------


def _torch_activation(torch, name):
    f = torch.nn.functional
    return {
        None: lambda t: t,
        "identity": lambda t: t,
        "relu": torch.relu,
        "tanh": torch.tanh,
        "sigmoid": torch.sigmoid,
        "elu": f.elu,
        "softplus": f.softplus,
        "leaky_relu": lambda t: f.leaky_relu(t, 0.01),
        "softmax": lambda t: torch.softmax(t, dim=-1),
    }[name]


def torch_gradients(x, y, layers, loss):
    import torch
    params = [
        (torch.tensor(w, requires_grad=True), torch.tensor(b, requires_grad=True))
        for w, b, _ in layers
    ]
    h = torch.from_numpy(x)
    for (w, b), (_, _, name) in zip(params, layers):
        h = _torch_activation(torch, name)(torch.nn.functional.linear(h, w, b))
    criterion = {
        "mse": torch.nn.MSELoss(),
        "cross_entropy": torch.nn.CrossEntropyLoss(),
        "binary_cross_entropy": torch.nn.BCEWithLogitsLoss(),
    }[loss]
    value = criterion(h, torch.from_numpy(y))
    value.backward()
    return value.item(), [(w.grad.numpy(), b.grad.numpy()) for w, b in params]


def _keras_activation(keras, name):
    if name == "leaky_relu":
        # Keras's default slope is 0.2, ours (PyTorch's) 0.01; and
        # keras.activations.leaky_relu rounds the slope to float32.
        return lambda t: keras.ops.where(t > 0, t, 0.01 * t)
    return {None: "linear", "identity": "linear"}.get(name, name)


def keras_gradients(x, y, layers, loss):
    """Gradients of a Keras model with the same weights, by tf.GradientTape."""
    import keras
    import tensorflow as tf
    dtype = str(x.dtype)
    model = keras.Sequential(
        [keras.Input((x.shape[1],), dtype=dtype)]
        + [
            keras.layers.Dense(w.shape[0], activation=_keras_activation(keras, name), dtype=dtype)
            for w, _, name in layers
        ]
    )
    for dense, (w, b, _) in zip(model.layers, layers):
        dense.set_weights([w.T, b])  # a Keras kernel is W transposed
    criterion = {
        "mse": keras.losses.MeanSquaredError(dtype=dtype),
        "cross_entropy": keras.losses.SparseCategoricalCrossentropy(from_logits=True, dtype=dtype),
        "binary_cross_entropy": keras.losses.BinaryCrossentropy(from_logits=True, dtype=dtype),
    }[loss]
    with tf.GradientTape() as tape:
        value = criterion(y, model(x))
    variables = [v for dense in model.layers for v in (dense.kernel, dense.bias)]
    grads = [np.asarray(g) for g in tape.gradient(value, variables)]
    return float(value), [(dk.T, db) for dk, db in zip(grads[::2], grads[1::2])]


#: framework -> (its gradients, the conftest fixtures it needs: a missing one skips).
FRAMEWORKS = {"torch": (torch_gradients, ("torch",)), "keras": (keras_gradients, ("keras", "tf"))}


def _gradients_in(request, framework):
    """The function computing `framework`'s gradients, once its fixtures are met."""
    gradients, fixtures = FRAMEWORKS[framework]
    for fixture in fixtures:
        request.getfixturevalue(fixture)
    return gradients


@pytest.mark.parametrize("framework", sorted(FRAMEWORKS))
@pytest.mark.parametrize(("sizes", "hidden", "output", "loss"), CASES, ids=IDS)
def test_backward_equals_frameworks_float64(framework, sizes, hidden, output, loss, request, make_problem):
    x, y, layers = make_problem(sizes, hidden, output, loss)
    value, grads = backward(x, y, layers, loss=loss)
    expected_value, expected = _gradients_in(request, framework)(x, y, layers, loss)
    # same float64 arithmetic in another order: only rounding errors
    assert value == pytest.approx(expected_value, rel=1e-12)
    for (dw, db), (ew, eb) in zip(grads, expected):
        np.testing.assert_allclose(dw, ew, rtol=1e-10, atol=1e-13)
        np.testing.assert_allclose(db, eb, rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("framework", sorted(FRAMEWORKS))
@pytest.mark.parametrize("case", [1, 4, 6], ids=[IDS[1], IDS[4], IDS[6]])
def test_backward_equals_frameworks_float32(framework, case, request, make_problem):
    """The frameworks' default float32: ours computes in float64, theirs rounds at
    every operation (~6e-8 relative each), hence rtol 1e-5 and atol 1e-6."""
    x, y, layers = make_problem(*CASES[case], dtype=np.float32)
    _, grads = backward(x, y, layers, loss=CASES[case][3])
    _, expected = _gradients_in(request, framework)(x, y, layers, CASES[case][3])
    for (dw, db), (ew, eb) in zip(grads, expected):
        assert dw.dtype == ew.dtype == np.float32
        np.testing.assert_allclose(dw, ew, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(db, eb, rtol=1e-5, atol=1e-6)


# --- bad arguments ----------------------------------------------------------------


def _layers(output=None):
    return [(np.ones((3, 2)), np.zeros(3), "relu"), (np.ones((2, 3)), np.zeros(2), output)]


X = np.ones((4, 2))
Y_REG = np.zeros((4, 2))
Y_CLS = np.array([0, 1, 1, 0])


@pytest.mark.parametrize(
    ("x", "y", "layers", "loss", "match"),
    [
        (X, Y_REG, _layers(), "mae", "Unknown loss 'mae'"),
        (X, Y_REG, _layers(), "CrossEntropy", "Unknown loss"),
        (X, Y_REG, _layers(act.tanh), "mse", "layer 2: .*by name"),
        (X, Y_REG, _layers("swish"), "mse", "layer 2: Unknown activation 'swish'"),
        (X, Y_CLS, _layers("softmax"), "cross_entropy", "takes logits.*'softmax'"),
        (X, Y_REG[:, :1], [_layers()[0], (np.ones((1, 3)), np.zeros(1), "sigmoid")],
         "binary_cross_entropy", "takes logits.*'sigmoid'"),
        (X, np.zeros(4), [_layers()[0], (np.ones((1, 3)), np.zeros(1), None)], "mse",
         r"shape .*\(4, 1\).*reshape\(-1, 1\)"),
        (X, Y_REG[:3], _layers(), "mse", r"shape of the network's output"),
        (X, np.eye(2)[Y_CLS], _layers(), "cross_entropy", r"shape \(n,\).*argmax"),
        (X, Y_CLS + 1, _layers(), "cross_entropy", r"in \[0, 1\]"),
        (X, Y_CLS + 0.5, _layers(), "cross_entropy", "must be integers"),
        (X, 2 * np.ones((4, 2)), _layers(), "binary_cross_entropy", r"targets in \[0, 1\]"),
        (X, np.zeros(4, dtype=int), [_layers()[0], (np.ones((1, 3)), np.zeros(1), None)],
         "cross_entropy", "at least two output logits"),
        (X[0], Y_REG, _layers(), "mse", r"x must have shape \(n, n_in\)"),
        (np.ones((4, 3)), Y_REG, _layers(), "mse", "layer 1: W has shape"),
        (X, Y_REG, [], "mse", "layers is empty"),
        (np.full((4, 2), np.nan), Y_REG, _layers(), "mse", "NaN"),
    ],
)
def test_bad_arguments_raise_clear_errors(x, y, layers, loss, match):
    with pytest.raises(ValueError, match=match):
        backward(x, y, layers, loss=loss)
    with pytest.raises(ValueError, match=match):
        numerical_gradients(x, y, layers, loss=loss)


@pytest.mark.parametrize("eps", [0, -1e-6, float("nan"), "1e-6", True])
def test_numerical_gradients_rejects_bad_eps(eps):
    with pytest.raises(ValueError, match="eps must be a finite number > 0"):
        numerical_gradients(X, Y_REG, _layers(), eps=eps)
