"""Tests of dlbasics.weights: round trips between Keras, PyTorch and NumPy,
equal outputs on copied weights, activation reading and shape checks."""

import functools

import numpy as np
import pytest

from dlbasics import weights
from dlbasics.scratch import activations as act
from dlbasics.scratch.mlp import forward


ARCHITECTURES = [(4, [], 3), (2, [3], 1), (10, [20], 3), (5, [16, 8], 2)]
ACTIVATIONS = ["relu", "tanh", "sigmoid", "leaky_relu", "elu", "softplus", "identity"]


def random_layers(sizes, seed=0):
    rng = np.random.default_rng(seed)
    return [
        (rng.normal(size=(n_out, n_in)).astype(np.float32), rng.normal(size=n_out).astype(np.float32), "relu")
        for n_in, n_out in zip(sizes[:-1], sizes[1:])
    ]


def inputs(n_in, seed=1):
    return np.random.default_rng(seed).normal(size=(6, n_in)).astype(np.float32)


def keras_out(model, x):
    import keras
    return keras.ops.convert_to_numpy(model(x))


def torch_out(model, x):
    import torch
    with torch.no_grad():
        return model(torch.from_numpy(x)).numpy()


def _assert_same_arrays(got, expected):
    assert len(got) == len(expected)
    for (w, b, _), (w0, b0, _) in zip(got, expected):
        np.testing.assert_array_equal(w, w0)
        np.testing.assert_array_equal(b, b0)


# --- round trips ----------------------------------------------------------------


@pytest.mark.parametrize(("n_in", "hidden", "n_out"), ARCHITECTURES, ids=str)
def test_numpy_keras_numpy_round_trip(n_in, hidden, n_out, keras_models):
    layers = random_layers([n_in, *hidden, n_out])
    model = weights.to_keras(layers, keras_models.mlp(n_in, hidden, n_out))
    _assert_same_arrays(weights.from_keras(model), layers)
    kernel = model.layers[0].kernel.numpy()
    np.testing.assert_array_equal(kernel, layers[0][0].T)  # kernel (n_in, n_out) = W.T


@pytest.mark.parametrize(("n_in", "hidden", "n_out"), ARCHITECTURES, ids=str)
def test_numpy_torch_numpy_round_trip(n_in, hidden, n_out, torch_models):
    layers = random_layers([n_in, *hidden, n_out])
    model = weights.to_torch(layers, torch_models.mlp(n_in, hidden, n_out))
    _assert_same_arrays(weights.from_torch(model), layers)
    np.testing.assert_array_equal(model[0].weight.detach().numpy(), layers[0][0])


@pytest.mark.parametrize(("n_in", "hidden", "n_out"), ARCHITECTURES, ids=str)
def test_keras_torch_keras_round_trip(n_in, hidden, n_out, keras_models, torch_models):
    source = keras_models.mlp(n_in, hidden, n_out)
    torch_model = weights.keras_to_torch(source, torch_models.mlp(n_in, hidden, n_out))
    target = weights.torch_to_keras(torch_model, keras_models.mlp(n_in, hidden, n_out))
    _assert_same_arrays(weights.from_keras(target), weights.from_keras(source))


# --- the same outputs in the three places ---------------------------------------


@pytest.mark.parametrize("output", [None, "softmax", "sigmoid"])
@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize(("n_in", "hidden", "n_out"), ARCHITECTURES[1:], ids=str)
def test_copied_weights_give_the_same_outputs(n_in, hidden, n_out, activation, output, keras, torch, keras_models, torch_models):
    if output == "softmax" and n_out == 1:
        output = "sigmoid"
    keras_model = keras_models.mlp(n_in, hidden, n_out, activation=activation, output=output)
    torch_model = weights.keras_to_torch(
        keras_model, torch_models.mlp(n_in, hidden, n_out, activation=activation, output=output)
    )
    layers = weights.from_keras(keras_model)
    assert [a for _, _, a in layers] == [a for _, _, a in weights.from_torch(torch_model)]
    x = inputs(n_in)
    expected = keras_out(keras_model, x)
    np.testing.assert_allclose(forward(x, layers), expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(torch_out(torch_model, x), expected, rtol=1e-5, atol=1e-6)


def test_chapter_example_logits_and_softmax(keras, torch, keras_models, torch_models):
    keras_model = keras_models.mlp(10, [20], 3, output="softmax")
    torch_model = weights.keras_to_torch(keras_model, torch_models.mlp(10, [20], 3))
    x = inputs(10)
    probabilities = torch.softmax(torch.from_numpy(torch_out(torch_model, x)), dim=-1).numpy()
    np.testing.assert_allclose(probabilities, keras_out(keras_model, x), rtol=1e-5, atol=1e-6)
    assert [a for _, _, a in weights.from_torch(torch_model)] == ["relu", "identity"]


def test_torch_model_in_float64_on_its_device(torch, torch_models):
    layers = random_layers([3, 4, 2])
    model = weights.to_torch(layers, torch_models.mlp(3, [4], 2).double())
    assert model[0].weight.dtype == torch.float64
    x = inputs(3)
    np.testing.assert_allclose(torch_out(model, x.astype(np.float64)), forward(x.astype(np.float64), layers), rtol=1e-6)


# --- reading activations --------------------------------------------------------


def test_keras_activations_are_read(keras):
    model = keras.Sequential([
        keras.Input((3,)),
        keras.layers.Dense(4, activation="leaky_relu"),  # Keras's slope: 0.2
        keras.layers.Dense(4), keras.layers.ReLU(),
        keras.layers.Dense(4), keras.layers.Dropout(0.5), keras.layers.Activation("tanh"),
        keras.layers.Dense(4), keras.layers.ELU(alpha=0.5),
        keras.layers.Dense(4), keras.layers.LeakyReLU(negative_slope=0.01),
        keras.layers.Dense(4), keras.layers.ReLU(negative_slope=0.3),
        keras.layers.Dense(2, use_bias=False), keras.layers.Softmax(),
    ])
    layers = weights.from_keras(model)
    names = [a if isinstance(a, str) else (a.func.__name__, a.keywords) for _, _, a in layers]
    assert names == [
        ("leaky_relu", {"alpha": 0.2}), "relu", "tanh", ("elu", {"alpha": 0.5}),
        "leaky_relu", ("leaky_relu", {"alpha": pytest.approx(0.3)}), "softmax",
    ]
    np.testing.assert_array_equal(layers[-1][1], np.zeros(2, dtype=np.float32))
    x = inputs(3)
    np.testing.assert_allclose(forward(x, layers), keras_out(model, x), rtol=1e-5, atol=1e-6)


def test_torch_activations_are_read(torch):
    model = torch.nn.Sequential(
        torch.nn.Linear(3, 4), torch.nn.LeakyReLU(0.2),
        torch.nn.Linear(4, 4), torch.nn.Dropout(0.5), torch.nn.ELU(alpha=0.5),
        torch.nn.Linear(4, 4), torch.nn.Identity(), torch.nn.Softplus(),
        torch.nn.Linear(4, 2, bias=False), torch.nn.Softmax(dim=1),
    ).eval()
    layers = weights.from_torch(model)
    assert isinstance(layers[0][2], functools.partial) and layers[0][2].func is act.leaky_relu
    assert [a if isinstance(a, str) else a.keywords for _, _, a in layers] == [
        {"alpha": pytest.approx(0.2)}, {"alpha": 0.5}, "softplus", "softmax",
    ]
    x = inputs(3)
    np.testing.assert_allclose(forward(x, layers), torch_out(model, x), rtol=1e-5, atol=1e-6)


# --- errors ---------------------------------------------------------------------


def test_wrong_number_of_layers(keras_models, torch_models):
    layers = random_layers([10, 20, 3])
    with pytest.raises(ValueError, match=r"The Keras model has 3 Dense layer\(s\) but 2 NumPy layer\(s\)"):
        weights.to_keras(layers, keras_models.mlp(10, [20, 20], 3))
    with pytest.raises(ValueError, match=r"The PyTorch model has 1 Linear layer\(s\) but 2 NumPy"):
        weights.to_torch(layers, torch_models.mlp(10, [], 3))


def test_wrong_shapes_name_both_shapes(keras_models, torch_models):
    layers = random_layers([10, 20, 3])
    with pytest.raises(ValueError, match=r"layer 1: W has shape \(20, 10\), but Dense layer '.*' has a kernel of shape \(10, 21\), so W must have shape \(21, 10\)"):
        weights.to_keras(layers, keras_models.mlp(10, [21], 3))
    with pytest.raises(ValueError, match=r"layer 2: W has shape \(3, 20\), but nn.Linear number 2 has a weight of shape \(4, 20\)"):
        weights.to_torch(layers, torch_models.mlp(10, [20], 4))
    transposed = [(w.T, b, a) for w, b, a in layers]
    with pytest.raises(ValueError, match=r"layer 1: b must have shape .* W looks transposed"):
        weights.to_torch(transposed, torch_models.mlp(10, [20], 3))


def test_nonzero_bias_into_a_layer_without_bias(keras, torch):
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, use_bias=False)])
    with pytest.raises(ValueError, match="layer 1: the Keras layer has no bias, so b must be all zeros"):
        weights.to_keras([(np.ones((1, 2)), np.ones(1), None)], model)
    weights.to_keras([(np.ones((1, 2)), np.zeros(1), None)], model)
    np.testing.assert_array_equal(model.layers[0].kernel.numpy(), np.ones((2, 1)))
    linear = torch.nn.Linear(2, 1, bias=False)
    with pytest.raises(ValueError, match="the PyTorch layer has no bias"):
        weights.to_torch([(np.ones((1, 2)), np.ones(1), None)], linear)


def test_unsupported_models_raise(keras, torch):
    with pytest.raises(ValueError, match=r"layer '.*' \(BatchNormalization\) is neither Dense"):
        weights.from_keras(keras.Sequential([keras.Input((3,)), keras.layers.Dense(2), keras.layers.BatchNormalization()]))
    with pytest.raises(ValueError, match="unsupported activation 'gelu'"):
        weights.from_keras(keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation="gelu")]))
    with pytest.raises(ValueError, match="follows another activation"):
        weights.from_keras(keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation="relu"), keras.layers.ReLU()]))
    with pytest.raises(ValueError, match="comes before any weighted layer"):
        weights.from_torch(torch.nn.Sequential(torch.nn.ReLU(), torch.nn.Linear(3, 2)))
    with pytest.raises(ValueError, match="BatchNorm1d.* is neither Linear nor a supported activation"):
        weights.from_torch(torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.BatchNorm1d(2)))
    with pytest.raises(ValueError, match="from_torch needs an nn.Sequential; got Linear"):
        weights.from_torch(torch.nn.Linear(3, 2))
    with pytest.raises(ValueError, match="has no weighted layer"):
        weights.from_torch(torch.nn.Sequential(torch.nn.Identity()))
