"""Tests of dlbasics.keras_models: structure and parameter counts of the builders."""

import numpy as np
import pytest

from dlbasics import keras_models
from dlbasics.scratch import count_parameters

keras = pytest.importorskip("keras")

ARCHITECTURES = [(10, [20], 3), (4, [100], 3), (2, [3], 1), (6, [32], 1), (5, [16, 16], 2), (3, [], 2)]


@pytest.mark.parametrize(("n_in", "hidden", "n_out"), ARCHITECTURES, ids=str)
def test_parameter_count_is_the_closed_formula(n_in, hidden, n_out):
    model = keras_models.mlp(n_in, hidden, n_out)
    assert model.count_params() == count_parameters([n_in, *hidden, n_out])
    assert model.output_shape == (None, n_out)


def test_chapter_model_has_283_parameters():
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
def test_activations(activation, output, names):
    model = keras_models.mlp(3, [4, 5], 2, activation=activation, output=output)
    assert [layer.activation.__name__ for layer in model.layers] == names


def test_leaky_relu_has_pytorchs_slope():
    model = keras_models.mlp(3, [4], 2, activation="leaky_relu", output="leaky_relu", name="leaky")
    kinds = [type(layer).__name__ for layer in model.layers]
    assert kinds == ["Dense", "LeakyReLU", "Dense", "LeakyReLU"]
    assert model.layers[1].negative_slope == pytest.approx(0.01)
    assert model.name == "leaky"
    x = np.full((1, 3), -1.0, dtype="float32")
    assert model.count_params() == count_parameters([3, 4, 2])
    assert np.all(np.isfinite(keras.ops.convert_to_numpy(model(x))))


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        ((0, [20], 3), {}, "n_in must be an integer >= 1; got 0"),
        ((10, [20], 2.0), {}, "n_out must be an integer >= 1; got 2.0"),
        ((10, 20, 3), {}, r"hidden must be a list of layer sizes, e.g. \[20\]"),
        ((10, [20, -1], 3), {}, "every hidden size must be an integer >= 1; got -1"),
        ((10, None, 3), {}, "hidden must be a list of layer sizes; got None"),
        ((10, [20], 3), {"activation": "swish"}, "Unknown activation 'swish'; choose None or one of: elu, identity"),
        ((10, [20], 3), {"output": "threshold"}, "Unknown output activation 'threshold'"),
    ],
)
def test_bad_arguments_raise(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        keras_models.mlp(*args, **kwargs)
