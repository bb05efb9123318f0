"""The model builders of chapters 6 and 7 (keras_models, torch_models)."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")
torch = pytest.importorskip("torch")

from dlbasics import keras_models, torch_models  # noqa: E402


def test_lenet5_has_61706_parameters_in_both():
    assert keras_models.lenet5().count_params() == 61_706
    assert torch_models.count_parameters(torch_models.lenet5()) == 61_706


def test_lenet5_layer_by_layer():
    model = keras_models.lenet5()
    counts = [layer.count_params() for layer in model.layers]
    assert counts == [156, 0, 2416, 0, 0, 48120, 10164, 850]
    assert model.output_shape == (None, 10)
    assert model.layers[4].output.shape == (None, 400)


@pytest.mark.parametrize("pooling", ["max", "avg"])
def test_lenet5_shapes_channels_last_and_first(pooling):
    x = np.zeros((2, 32, 32, 1), dtype="float32")
    assert keras_models.lenet5(pooling=pooling)(x).shape == (2, 10)
    out = torch_models.lenet5(pooling=pooling, activation="tanh")(torch.zeros(2, 1, 32, 32))
    assert out.shape == (2, 10)


def test_cnn1d_same_count_and_shapes():
    k = keras_models.cnn1d(275, n_classes=4)
    t = torch_models.cnn1d(n_classes=4)
    assert k.count_params() == torch_models.count_parameters(t)
    assert k(np.zeros((3, 275, 1), dtype="float32")).shape == (3, 4)
    assert t(torch.zeros(3, 1, 275)).shape == (3, 4)


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_recurrent_builders(cell):
    k = keras_models.recurrent_classifier(8, 10, cell=cell, units=12)
    t = torch_models.recurrent_classifier(8, 10, cell=cell, units=12)
    assert k(np.zeros((2, 8, 8), dtype="float32")).shape == (2, 10)
    assert t(torch.zeros(2, 8, 8)).shape == (2, 10)
    # PyTorch has two bias vectors where Keras has one (except GRU reset_after).
    n_gates = {"rnn": 1, "lstm": 4, "gru": 3}[cell]
    extra = 0 if cell == "gru" else n_gates * 12
    assert torch_models.count_parameters(t) == k.count_params() + extra
    f = keras_models.recurrent_forecaster(cell=cell)
    g = torch_models.recurrent_forecaster(cell=cell)
    assert f(np.zeros((2, 20, 1), dtype="float32")).shape == (2, 1)
    assert g(torch.zeros(2, 20, 1)).shape == (2, 1)


def test_lstm_parameter_formula():
    h, d = 32, 8
    layer = keras_models.recurrent_classifier(d, 10, "lstm", h).layers[0]
    assert layer.count_params() == 4 * (h * (h + d) + h)


def test_torch_train_learns_and_is_repeatable():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 5)).astype("float32")
    y = (x[:, 0] > 0).astype("int64")

    def run():
        torch.manual_seed(0)
        model = torch.nn.Linear(5, 2)
        history = torch_models.train(model, x, y, epochs=30, batch_size=16, lr=0.05)
        return history, torch_models.predict(model, x)

    (h1, p1), (h2, p2) = run(), run()
    assert h1["accuracy"][-1] > 0.9 and h1["loss"][-1] < h1["loss"][0]
    np.testing.assert_array_equal(p1, p2)
    torch.manual_seed(0)
    reg = torch.nn.Linear(5, 1)
    history = torch_models.train(reg, x, x[:, :1].ravel(), epochs=50, lr=0.05, loss="mse")
    assert history["loss"][-1] < 0.05 and "accuracy" not in history


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: keras_models.lenet5(pooling="min"), "pooling"),
        (lambda: keras_models.lenet5(input_shape=(32, 32)), "channels last"),
        (lambda: torch_models.lenet5(activation="gelu"), "activation"),
        (lambda: keras_models.recurrent_classifier(8, 10, cell="transformer"), "cell"),
        (lambda: torch_models.recurrent_forecaster(cell="lstm2"), "cell"),
        (lambda: torch_models.train(torch.nn.Linear(2, 2), np.zeros((3, 2)), np.zeros(4), epochs=1), "same length"),
    ],
)
def test_bad_arguments(call, message):
    with pytest.raises(ValueError, match=message):
        call()
