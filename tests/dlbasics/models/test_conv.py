"""Tests of the convolutional builders (chapter 6): lenet5 and cnn1d in keras_models and torch_models."""

import numpy as np
import pytest

HIDDEN_ACTIVATIONS = ["elu", "identity", "leaky_relu", "relu", "sigmoid", "softplus", "tanh"]


def test_lenet5_has_61706_parameters_in_both(keras_models, torch_models, n_torch):
    assert keras_models.lenet5().count_params() == 61_706
    assert n_torch(torch_models.lenet5()) == 61_706


def test_lenet5_layer_by_layer(keras_models):
    model = keras_models.lenet5()
    counts = [layer.count_params() for layer in model.layers]
    assert counts == [156, 0, 2416, 0, 0, 48120, 10164, 850]
    assert model.output_shape == (None, 10)
    assert model.layers[4].output.shape == (None, 400)


@pytest.mark.parametrize("pooling", ["max", "avg"])
def test_lenet5_shapes_channels_last_and_first(keras_models, torch, torch_models, pooling):
    x = np.zeros((2, 32, 32, 1), dtype="float32")
    assert keras_models.lenet5(pooling=pooling)(x).shape == (2, 10)
    out = torch_models.lenet5(pooling=pooling, activation="tanh")(torch.zeros(2, 1, 32, 32))
    assert out.shape == (2, 10)


def test_lenet5_twins_share_the_vocabulary_but_the_softmax(keras_models, torch_models):
    keras_names, torch_names = keras_models.conv.HIDDEN_ACTIVATIONS, torch_models.conv.HIDDEN_ACTIVATIONS
    assert list(keras_names) == list(torch_names) == HIDDEN_ACTIVATIONS


@pytest.mark.parametrize("activation", HIDDEN_ACTIVATIONS)
def test_lenet5_twins_accept_the_same_activations_and_compute_the_same(
        keras, keras_models, torch, torch_models, rng, activation):
    """The one vocabulary in both; copied weights give the same logits; indices 0-6 stay the base."""
    keras_model = keras_models.lenet5(activation=activation)
    torch_model = torch_models.lenet5(activation=activation)
    assert [type(m).__name__ for m in torch_model][2::3][:2] == ["MaxPool2d"] * 2
    assert type(torch_model[6]).__name__ == "Flatten"
    weights = keras_model.get_weights()
    with torch.no_grad():
        convs = [m for m in torch_model if isinstance(m, torch.nn.Conv2d)]
        for conv, kernel, bias in zip(convs, weights[0:4:2], weights[1:4:2]):
            conv.weight.copy_(torch.from_numpy(kernel.transpose(3, 2, 0, 1)))  # (h, w, in, out) -> (out, in, h, w)
            conv.bias.copy_(torch.from_numpy(bias))
        linears = [m for m in torch_model if isinstance(m, torch.nn.Linear)]
        first = weights[4].reshape(5, 5, 16, 120).transpose(2, 0, 1, 3).reshape(400, 120)  # HWC -> CHW flatten
        for linear, kernel, bias in zip(linears, [first, *weights[6::2]], weights[5::2]):
            linear.weight.copy_(torch.from_numpy(np.ascontiguousarray(kernel.T)))
            linear.bias.copy_(torch.from_numpy(bias))
    x = rng.random((2, 32, 32, 1)).astype("float32")
    expected = keras.ops.convert_to_numpy(keras_model(x))
    got = torch_model(torch.from_numpy(x.transpose(0, 3, 1, 2).copy())).detach().numpy()
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-5)


def test_cnn1d_same_count_and_shapes(keras_models, torch, torch_models, n_torch):
    k = keras_models.cnn1d(275, n_classes=4)
    t = torch_models.cnn1d(n_classes=4)
    assert k.count_params() == n_torch(t)
    assert k(np.zeros((3, 275, 1), dtype="float32")).shape == (3, 4)
    assert t(torch.zeros(3, 1, 275)).shape == (3, 4)


@pytest.mark.parametrize(
    "framework, builder, kwargs, message",
    [
        ("keras", "lenet5", {"pooling": "min"}, "pooling"),
        ("keras", "lenet5", {"input_shape": (32, 32)}, "channels last"),
        ("torch", "lenet5", {"activation": "gelu"}, "activation"),
        ("keras", "lenet5", {"activation": "gelu"}, "Unknown activation 'gelu'"),
        ("torch", "lenet5", {"pooling": "min"}, "pooling must be one of"),
        ("keras", "lenet5", {"activation": "softmax"}, "activation must be one of"),
        ("torch", "lenet5", {"activation": "softmax"}, "activation must be one of"),
        ("keras", "lenet5", {"n_classes": 0}, "n_classes must be an integer >= 1"),
        ("torch", "lenet5", {"n_classes": 0}, "n_classes must be an integer >= 1"),
        ("keras", "cnn1d", {"n_timesteps": 275, "kernel_size": 0}, "kernel_size must be an integer >= 1"),
        ("torch", "cnn1d", {"kernel_size": 0}, "kernel_size must be an integer >= 1"),
    ],
)
def test_bad_arguments(request, framework, builder, kwargs, message):
    models = request.getfixturevalue(f"{framework}_models")
    with pytest.raises(ValueError, match=message):
        getattr(models, builder)(**kwargs)
