"""Tests of the recurrent builders (chapter 7): recurrent_classifier and recurrent_forecaster in both frameworks."""

import numpy as np
import pytest


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_recurrent_builders(keras_models, torch, torch_models, n_torch, cell):
    k = keras_models.recurrent_classifier(8, 10, cell=cell, units=12)
    t = torch_models.recurrent_classifier(8, 10, cell=cell, units=12)
    assert k(np.zeros((2, 8, 8), dtype="float32")).shape == (2, 10)
    assert t(torch.zeros(2, 8, 8)).shape == (2, 10)
    # PyTorch has two bias vectors where Keras has one (except GRU reset_after).
    n_gates = {"rnn": 1, "lstm": 4, "gru": 3}[cell]
    extra = 0 if cell == "gru" else n_gates * 12
    assert n_torch(t) == k.count_params() + extra
    f = keras_models.recurrent_forecaster(cell=cell)
    g = torch_models.recurrent_forecaster(cell=cell)
    assert f(np.zeros((2, 20, 1), dtype="float32")).shape == (2, 1)
    assert g(torch.zeros(2, 20, 1)).shape == (2, 1)


def test_lstm_parameter_formula(keras_models):
    h, d = 32, 8
    layer = keras_models.recurrent_classifier(d, 10, "lstm", h).layers[0]
    assert layer.count_params() == 4 * (h * (h + d) + h)


@pytest.mark.parametrize(
    "framework, builder, kwargs, message",
    [
        ("keras", "recurrent_classifier", {"n_features": 8, "n_classes": 10, "cell": "transformer"}, "cell"),
        ("torch", "recurrent_forecaster", {"cell": "lstm2"}, "cell"),
        ("torch", "recurrent_classifier", {"n_features": 8, "n_classes": 10, "cell": "transformer"},
         r"cell must be one of \['gru', 'lstm', 'rnn'\]"),
        ("keras", "recurrent_forecaster", {"cell": "lstm2"}, r"cell must be one of \['gru', 'lstm', 'rnn'\]"),
        ("keras", "recurrent_classifier", {"n_features": 8, "n_classes": 0}, "n_classes must be an integer >= 1"),
        ("torch", "recurrent_classifier", {"n_features": 8, "n_classes": 0}, "n_classes must be an integer >= 1"),
        ("keras", "recurrent_forecaster", {"units": 0}, "units must be an integer >= 1"),
        ("torch", "recurrent_forecaster", {"units": 0}, "units must be an integer >= 1"),
    ],
)
def test_bad_arguments(request, framework, builder, kwargs, message):
    models = request.getfixturevalue(f"{framework}_models")
    with pytest.raises(ValueError, match=message):
        getattr(models, builder)(**kwargs)
