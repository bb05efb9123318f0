"""Tests of dlbasics.scratch.mlp: the NumPy forward pass equals Keras's and
PyTorch's on the same weights, parameter counts, and shape checks."""

import functools

import numpy as np
import pytest

from dlbasics.scratch import activations as act
from dlbasics.scratch.activations import get_activation
from dlbasics.scratch.mlp import count_parameters, forward

#: Architectures (widths, inputs first) used throughout.
SIZES = [[4, 3], [2, 3, 1], [4, 8, 3], [10, 20, 3], [5, 16, 16, 2]]
HIDDEN_ACTIVATIONS = ["relu", "tanh", "sigmoid", "elu", "softplus", "leaky_relu", "identity"]
OUTPUTS = ["identity", "softmax", "sigmoid", "relu"]
#: Every (sizes, output) pair but a softmax over a single output (always 1).
SIZES_OUTPUTS = [
    pytest.param(sizes, output, id=f"{sizes}-{output}")
    for sizes in SIZES
    for output in OUTPUTS
    if not (output == "softmax" and sizes[-1] == 1)
]


@pytest.fixture
def random_layers(random_mlp_layers):
    """``random_layers(sizes, activation, output, seed=0, dtype=np.float32)``: seeded
    NumPy layers (W of shape (n_out, n_in), b of shape (n_out,)), from conftest's
    ``random_mlp_layers``."""
    def make(sizes, activation, output, seed=0, dtype=np.float32):
        return random_mlp_layers(sizes, activation, output, np.random.default_rng(seed), dtype=dtype)
    return make


def random_inputs(n_in, batch=9, seed=1):
    return np.random.default_rng(seed).normal(size=(batch, n_in)).astype(np.float32)


# --- the forward pass by hand ---------------------------------------------------


def test_forward_computes_phi_of_affine_maps(random_layers):
    layers = random_layers([3, 4, 2], "tanh", "sigmoid", dtype=np.float64)
    x = random_inputs(3).astype(np.float64)
    (w1, b1, _), (w2, b2, _) = layers
    expected = act.sigmoid(np.tanh(x @ w1.T + b1) @ w2.T + b2)
    np.testing.assert_allclose(forward(x, layers), expected, rtol=1e-14)
    # sample by sample, in the columns-as-samples convention W x + b
    for row, out in zip(x, expected):
        h = np.tanh(w1 @ row + b1)
        np.testing.assert_allclose(act.sigmoid(w2 @ h + b2), out, rtol=1e-14)


def test_one_sample_gives_a_vector(random_layers):
    layers = random_layers([4, 5, 3], "relu", "softmax")
    x = random_inputs(4)
    y = forward(x[0], layers)
    assert y.shape == (3,)
    np.testing.assert_allclose(y, forward(x, layers)[0], rtol=1e-6)


def test_activations_as_names_callables_or_none(random_layers):
    layers = random_layers([3, 2], "relu", "identity", dtype=np.float64)
    (w, b, _), x = layers[0], random_inputs(3)
    np.testing.assert_allclose(forward(x, [(w, b, None)]), x @ w.T + b)
    np.testing.assert_allclose(forward(x, [(w, b, "linear")]), x @ w.T + b)
    slope = functools.partial(act.leaky_relu, alpha=0.3)
    np.testing.assert_allclose(forward(x, [(w, b, slope)]), act.leaky_relu(x @ w.T + b, 0.3))
    np.testing.assert_allclose(forward(x.astype(int), [(w, b, None)]), x.astype(int) @ w.T + b)


def test_identity_layers_collapse_into_one_affine_map(random_layers):
    """W2 (W1 x + b1) + b2 = W' x + b' with W' = W2 W1 and b' = W2 b1 + b2."""
    (w1, b1, _), (w2, b2, _) = random_layers([6, 5, 3], "identity", "identity", dtype=np.float64)
    x = random_inputs(6).astype(np.float64)
    two = forward(x, [(w1, b1, "identity"), (w2, b2, "identity")])
    one = forward(x, [(w2 @ w1, w2 @ b1 + b2, "identity")])
    np.testing.assert_allclose(two, one, rtol=1e-12, atol=1e-12)


# --- against the frameworks -----------------------------------------------------

#: NumPy activation -> Keras activation string (Keras's "leaky_relu" has slope 0.2).
KERAS_NAMES = {"identity": "linear", "leaky_relu": "leaky_relu"}


def _numpy_activation(name):
    return get_activation(name, alpha=0.2)[0] if name == "leaky_relu" else name


@pytest.mark.parametrize("activation", HIDDEN_ACTIVATIONS)
@pytest.mark.parametrize(("sizes", "output"), SIZES_OUTPUTS)
def test_forward_equals_keras(sizes, activation, output, keras, random_layers):
    layers = random_layers(sizes, activation, output)
    model = keras.Sequential(
        [keras.Input((sizes[0],))]
        + [
            keras.layers.Dense(w.shape[0], activation=KERAS_NAMES.get(name, name))
            for w, _, name in layers
        ]
    )
    for dense, (w, b, _) in zip(model.layers, layers):
        dense.set_weights([w.T, b])  # the Keras kernel is W transposed
    ours = [(w, b, _numpy_activation(name)) for w, b, name in layers]
    x = random_inputs(sizes[0])
    expected = keras.ops.convert_to_numpy(model(x))
    np.testing.assert_allclose(forward(x, ours), expected, rtol=1e-5, atol=1e-6)


TORCH_MODULES = {
    "relu": "ReLU",
    "tanh": "Tanh",
    "sigmoid": "Sigmoid",
    "elu": "ELU",
    "softplus": "Softplus",
    "leaky_relu": "LeakyReLU",
    "identity": "Identity",
}


@pytest.mark.parametrize("activation", HIDDEN_ACTIVATIONS)
@pytest.mark.parametrize(("sizes", "output"), SIZES_OUTPUTS)
def test_forward_equals_torch(sizes, activation, output, torch, random_layers):
    nn = torch.nn
    layers = random_layers(sizes, activation, output)
    modules = []
    for w, b, name in layers:
        linear = torch.nn.Linear(w.shape[1], w.shape[0])
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(w))  # same shape (n_out, n_in)
            linear.bias.copy_(torch.from_numpy(b))
        modules += [linear, torch.nn.Softmax(dim=-1) if name == "softmax" else getattr(nn, TORCH_MODULES[name])()]
    x = random_inputs(sizes[0])
    with torch.no_grad():
        expected = torch.nn.Sequential(*modules)(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(forward(x, layers), expected, rtol=1e-5, atol=1e-6)


# --- parameter counts -----------------------------------------------------------


@pytest.mark.parametrize(
    ("sizes", "expected"),
    [([10, 20, 3], 283), ([4, 100, 3], 803), ([2, 3, 1], 13), ([6, 32, 1], 257), ([1, 1], 2)],
)
def test_count_parameters_book_values(sizes, expected):
    assert count_parameters(sizes) == expected
    assert count_parameters(tuple(sizes)) == expected


@pytest.mark.parametrize("sizes", SIZES, ids=str)
def test_count_parameters_equals_the_arrays(sizes, random_layers):
    layers = random_layers(sizes, "relu", "identity")
    assert count_parameters(sizes) == sum(w.size + b.size for w, b, _ in layers)


@pytest.mark.parametrize(
    ("sizes", "match"),
    [
        ([10], "at least two sizes"),
        ([], "at least two sizes"),
        ([10, 0, 3], r"layer_sizes\[1\] must be an integer >= 1; got 0"),
        ([10, 2.5, 3], r"layer_sizes\[1\] must be an integer >= 1; got 2.5"),
        ([10, True], r"layer_sizes\[1\] must be an integer >= 1; got True"),
        (5, "must be a sequence of integers; got 5"),
    ],
)
def test_count_parameters_rejects_bad_sizes(sizes, match):
    with pytest.raises(ValueError, match=match):
        count_parameters(sizes)


# --- shape checks ---------------------------------------------------------------

W34, B3 = np.ones((3, 4)), np.zeros(3)
X = np.ones((5, 4))


@pytest.mark.parametrize(
    ("x", "layers", "match"),
    [
        (np.ones((2, 5, 4)), [(W34, B3, "relu")], r"x must have shape \(batch, n_in\).*got shape \(2, 5, 4\)"),
        (X, [], "layers is empty"),
        (X, [(W34, B3)], "layer 1 must be a tuple \\(W, b, activation\\); got tuple of length 2"),
        (X, [W34], "layer 1 must be a tuple .* got ndarray"),
        (X, [(np.ones(4), B3, "relu")], r"layer 1: W must be a 2-D array of shape \(n_out, n_in\); got shape \(4,\)"),
        (X, [(np.ones((3, 5)), B3, "relu")], r"layer 1: W has shape \(3, 5\), so it expects 5 inputs, but it receives 4 \(x has shape \(5, 4\)\)\.$"),
        (X, [(W34.T, np.zeros(4), "relu")], r"layer 1: .*receives 4 .* W looks transposed"),
        (X, [(W34, B3, "relu"), (np.ones((2, 4)), np.zeros(2), None)], r"layer 2: W has shape \(2, 4\).* receives 3 \(layer 1 outputs 3 values\)"),
        (X, [(W34, np.zeros(4), "relu")], r"layer 1: b must have shape \(n_out,\) = \(3,\) to match W of shape \(3, 4\); got shape \(4,\)"),
        (X, [(W34, np.zeros((1, 3)), "relu")], r"b must have shape .* got shape \(1, 3\)\.$"),
        (X, [(W34, B3, "relu"), (np.ones((1, 3)), [0.0], "swish")], "layer 2: Unknown activation 'swish'; known names: elu, "),
    ],
)
def test_bad_layers_raise_clear_errors(x, layers, match):
    with pytest.raises(ValueError, match=match):
        forward(x, layers)
