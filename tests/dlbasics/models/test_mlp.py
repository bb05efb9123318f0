"""Tests of the mlp builders: dlbasics.keras_models.mlp, dlbasics.torch_models.mlp, and their parity."""

import numpy as np
import pytest

from dlbasics.scratch.activations import MODEL_ACTIVATIONS
from dlbasics.scratch.mlp import count_parameters

ARCHITECTURES = [(10, [20], 3), (4, [100], 3), (2, [3], 1), (6, [32], 1), (5, [16, 16], 2), (3, [], 2)]

BAD_ARGUMENTS = [
    ((0, [20], 3), {}, "n_in must be an integer >= 1; got 0"),
    ((10, [20], 2.0), {}, "n_out must be an integer >= 1; got 2.0"),
    ((10, 20, 3), {}, r"hidden must be a list of layer sizes, e.g. \[20\]"),
    ((10, [20, -1], 3), {}, "every hidden size must be an integer >= 1; got -1"),
    ((10, None, 3), {}, "hidden must be a list of layer sizes; got None"),
    ((10, [20], 3), {"activation": "swish"}, "Unknown activation 'swish'; choose None or one of: elu, identity"),
    ((10, [20], 3), {"output": "threshold"}, "Unknown output activation 'threshold'"),
]


class TestKeras:
    """dlbasics.keras_models.mlp (from the former tests/test_keras_models.py)."""

    @pytest.mark.parametrize(("n_in", "hidden", "n_out"), ARCHITECTURES, ids=str)
    def test_parameter_count_is_the_closed_formula(self, keras_models, n_in, hidden, n_out):
        model = keras_models.mlp(n_in, hidden, n_out)
        assert model.count_params() == count_parameters([n_in, *hidden, n_out])
        assert model.output_shape == (None, n_out)

    def test_chapter_model_has_283_parameters(self, keras_models):
        model = keras_models.mlp(10, [20], 3, output="softmax")
        assert model.count_params() == 283
        dense = model.layers
        assert [layer.units for layer in dense] == [20, 3]
        assert [layer.activation.__name__ for layer in dense] == ["relu", "softmax"]
        assert [tuple(layer.kernel.shape) for layer in dense] == [(10, 20), (20, 3)]  # (n_in, n_out)

    @pytest.mark.parametrize(
        ("activation", "output", "names"),
        [
            ("relu", None, ["relu", "relu", "linear"]),
            ("tanh", "sigmoid", ["tanh", "tanh", "sigmoid"]),
            ("linear", "identity", ["linear", "linear", "linear"]),
            ("ELU", "softplus", ["elu", "elu", "softplus"]),
        ],
    )
    def test_activations(self, keras_models, activation, output, names):
        model = keras_models.mlp(3, [4, 5], 2, activation=activation, output=output)
        assert [layer.activation.__name__ for layer in model.layers] == names

    def test_leaky_relu_has_pytorchs_slope(self, keras, keras_models):
        model = keras_models.mlp(3, [4], 2, activation="leaky_relu", output="leaky_relu", name="leaky")
        kinds = [type(layer).__name__ for layer in model.layers]
        assert kinds == ["Dense", "LeakyReLU", "Dense", "LeakyReLU"]
        assert model.layers[1].negative_slope == pytest.approx(0.01)
        assert model.name == "leaky"
        x = np.full((1, 3), -1.0, dtype="float32")
        assert model.count_params() == count_parameters([3, 4, 2])
        assert np.all(np.isfinite(keras.ops.convert_to_numpy(model(x))))

    @pytest.mark.parametrize(("args", "kwargs", "match"), BAD_ARGUMENTS)
    def test_bad_arguments_raise(self, keras_models, args, kwargs, match):
        with pytest.raises(ValueError, match=match):
            keras_models.mlp(*args, **kwargs)


class TestTorch:
    """dlbasics.torch_models.mlp (from the former tests/test_torch_models.py)."""

    @pytest.mark.parametrize(("n_in", "hidden", "n_out"), ARCHITECTURES, ids=str)
    def test_parameter_count_is_the_closed_formula(self, torch, torch_models, n_torch, n_in, hidden, n_out):
        model = torch_models.mlp(n_in, hidden, n_out)
        assert n_torch(model) == count_parameters([n_in, *hidden, n_out])
        assert model(torch.zeros(7, n_in)).shape == (7, n_out)

    def test_chapter_model_has_283_parameters_and_outputs_logits(self, torch, torch_models, n_torch):
        model = torch_models.mlp(10, [20], 3)
        assert n_torch(model) == 283
        assert [type(m).__name__ for m in model] == ["Linear", "ReLU", "Linear"]
        assert [tuple(m.weight.shape) for m in model if isinstance(m, torch.nn.Linear)] == [(20, 10), (3, 20)]
        logits = model(torch.randn(5, 10))
        assert not torch.allclose(logits.sum(dim=1), torch.ones(5))  # logits, not probabilities

    @pytest.mark.parametrize(
        ("activation", "output", "kinds"),
        [
            ("relu", None, ["Linear", "ReLU", "Linear", "ReLU", "Linear"]),
            ("tanh", "sigmoid", ["Linear", "Tanh", "Linear", "Tanh", "Linear", "Sigmoid"]),
            ("linear", "identity", ["Linear", "Linear", "Linear"]),
            ("ELU", "softplus", ["Linear", "ELU", "Linear", "ELU", "Linear", "Softplus"]),
            ("leaky_relu", "softmax", ["Linear", "LeakyReLU", "Linear", "LeakyReLU", "Linear", "Softmax"]),
        ],
    )
    def test_activation_modules(self, torch, torch_models, activation, output, kinds):
        model = torch_models.mlp(3, [4, 5], 2, activation=activation, output=output)
        assert [type(m).__name__ for m in model] == kinds
        for module in model:
            if isinstance(module, torch.nn.LeakyReLU):
                assert module.negative_slope == pytest.approx(0.01)
            if isinstance(module, torch.nn.Softmax):
                assert module.dim == -1
                assert torch.allclose(model(torch.randn(4, 3)).sum(dim=1), torch.ones(4))

    @pytest.mark.parametrize(("args", "kwargs", "match"), BAD_ARGUMENTS)
    def test_bad_arguments_raise(self, torch_models, args, kwargs, match):
        with pytest.raises(ValueError, match=match):
            torch_models.mlp(*args, **kwargs)


# ----------------------------------------------------------------------
# Twin parity


def test_the_torch_table_covers_the_one_vocabulary(torch_models):
    from dlbasics.torch_models.mlp import ACTIVATION_MODULES

    assert sorted(ACTIVATION_MODULES) == sorted(MODEL_ACTIVATIONS)


@pytest.mark.parametrize("activation", MODEL_ACTIVATIONS)
def test_twins_compute_the_same_function(keras, torch, keras_models, torch_models, rng, activation):
    """Same weights in, same outputs out, for every activation of the vocabulary."""
    keras_model = keras_models.mlp(3, [5, 4], 2, activation=activation, output=activation)
    torch_model = torch_models.mlp(3, [5, 4], 2, activation=activation, output=activation)
    linears = [m for m in torch_model if isinstance(m, torch.nn.Linear)]
    kernels = keras_model.get_weights()  # kernel (n_in, n_out), bias, per Dense layer
    with torch.no_grad():
        for linear, kernel, bias in zip(linears, kernels[::2], kernels[1::2]):
            linear.weight.copy_(torch.from_numpy(kernel.T))
            linear.bias.copy_(torch.from_numpy(bias))
    x = rng.normal(size=(6, 3)).astype("float32")
    expected = keras.ops.convert_to_numpy(keras_model(x))
    np.testing.assert_allclose(torch_model(torch.from_numpy(x)).detach().numpy(), expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(("args", "kwargs", "match"), BAD_ARGUMENTS)
def test_twins_raise_the_same_message(keras_models, torch_models, args, kwargs, match):
    messages = []
    for models in (keras_models, torch_models):
        with pytest.raises(ValueError, match=match) as error:
            models.mlp(*args, **kwargs)
        messages.append(str(error.value))
    assert messages[0] == messages[1]
