"""Tests of dlbasics.training: fit, EarlyStopping and History against Keras 3."""

import math

import numpy as np
import pytest

from dlbasics import set_seed


RNG = np.random.default_rng(0)
X = RNG.normal(size=(60, 4)).astype("float32")
LABELS = (X[:, 0] + X[:, 1] > 0).astype("int64")
TARGETS = (X @ np.array([1.0, -2.0, 0.5, 0.0]) + 0.3).astype("float32")


def _classifier(n_out=2, dropout=0.0):
    import torch
    torch.manual_seed(0)
    layers = [torch.nn.Linear(4, 8), torch.nn.ReLU()]
    if dropout:
        layers.append(torch.nn.Dropout(dropout))
    return torch.nn.Sequential(*layers, torch.nn.Linear(8, n_out))


def _frozen_sgd(model):
    """An optimizer that changes nothing: the loss is then a fixed function of the data."""
    import torch
    return torch.optim.SGD(model.parameters(), lr=0.0)


# ----------------------------------------------------------------------
# History against Keras


@pytest.mark.parametrize(
    ("loss", "metrics", "validation", "keras_loss"),
    [
        ("cross_entropy", ["accuracy"], "split", "sparse_categorical_crossentropy"),
        ("mse", ["mae", "mse"], "data", "mse"),
        ("mae", [], None, "mae"),
    ],
)
def test_history_keys_lengths_and_params_match_keras(keras, loss, metrics, validation, keras_loss, torch, training):
    y = LABELS if loss == "cross_entropy" else TARGETS
    n_out = 2 if loss == "cross_entropy" else 1
    kwargs = {"validation_split": 0.25} if validation == "split" else (
        {"validation_data": (X[:10], y[:10])} if validation == "data" else {})
    kmodel = keras.Sequential([keras.Input((4,)), keras.layers.Dense(n_out)])
    kmodel.compile(optimizer="adam", loss=keras_loss, metrics=metrics)
    expected = kmodel.fit(X, y, epochs=3, batch_size=16, verbose=0, **kwargs)
    history = training.fit(_classifier(n_out), X, y, epochs=3, batch_size=16, loss=loss, metrics=metrics,
                  device="cpu", **kwargs)
    assert list(history.history) == list(expected.history)
    assert {k: len(v) for k, v in history.history.items()} == {
        k: len(v) for k, v in expected.history.items()}
    assert history.epoch == expected.epoch == [0, 1, 2]
    assert history.params == expected.params
    assert all(isinstance(v, float) for values in history.history.values() for v in values)


def test_validation_split_holds_out_the_same_rows_as_keras(keras, torch, training):
    """A model that outputs 0 and never learns: val_loss is the mean of y_val²."""
    y = np.arange(1.0, 12.0, dtype="float32") ** 1.5  # every subset has its own mean square
    x = np.ones((11, 1), dtype="float32")
    for split in (0.25, 0.5):
        kmodel = keras.Sequential([keras.Input((1,)), keras.layers.Dense(
            1, kernel_initializer="zeros", bias_initializer="zeros")])
        kmodel.compile(optimizer=keras.optimizers.SGD(learning_rate=0.0), loss="mse")
        expected = kmodel.fit(x, y, epochs=1, batch_size=4, validation_split=split, verbose=0)
        model = torch.nn.Linear(1, 1)
        torch.nn.init.zeros_(model.weight), torch.nn.init.zeros_(model.bias)
        history = training.fit(model, x, y, epochs=1, batch_size=4, loss="mse", optimizer=_frozen_sgd(model),
                      validation_split=split, device="cpu")
        split_at = math.floor(11 * (1 - split))
        np.testing.assert_allclose(history.history["val_loss"], [np.mean(y[split_at:] ** 2)],
                                   rtol=1e-6)
        np.testing.assert_allclose(history.history["val_loss"], expected.history["val_loss"],
                                   rtol=1e-5)
        np.testing.assert_allclose(history.history["loss"], expected.history["loss"], rtol=1e-5)


def test_penalty_is_in_loss_and_val_loss_as_keras_regularizers_are(keras, torch, training):
    """Keras 3 adds kernel_regularizer losses to the training and the validation loss."""
    x, y = X[:, :1], TARGETS
    kmodel = keras.Sequential([keras.Input((1,)), keras.layers.Dense(
        1, kernel_initializer=keras.initializers.Constant(0.5), bias_initializer="zeros",
        kernel_regularizer=keras.regularizers.L2(0.1))])
    kmodel.compile(optimizer=keras.optimizers.SGD(learning_rate=0.0), loss="mse")
    expected = kmodel.fit(x, y, epochs=1, batch_size=16, validation_split=0.25, verbose=0)
    model = torch.nn.Linear(1, 1)
    torch.nn.init.constant_(model.weight, 0.5), torch.nn.init.zeros_(model.bias)
    history = training.fit(model, x, y, epochs=1, batch_size=16, loss="mse", optimizer=_frozen_sgd(model),
                  validation_split=0.25, device="cpu",
                  penalty=lambda m: 0.1 * m.weight.square().sum())
    for key in ("loss", "val_loss"):
        np.testing.assert_allclose(history.history[key], expected.history[key], rtol=1e-5)
    data_only = np.mean((0.5 * x[45:, 0] - y[45:]) ** 2)
    np.testing.assert_allclose(history.history["val_loss"][0], data_only + 0.1 * 0.25, rtol=1e-5)


# ----------------------------------------------------------------------
# EarlyStopping against Keras's, driven by scripted values

SEQUENCES = [
    ([1.0, 0.9, 0.95, 0.97, 0.8, 0.99, 1.2, 1.3], {}),
    ([1.0, 0.9, 0.95, 0.97, 0.8, 0.99, 1.2, 1.3], {"patience": 2}),
    ([1.0, 0.99, 0.985, 0.98, 0.97, 0.96, 0.95], {"patience": 1, "min_delta": 0.008}),
    ([1.0, 0.99, 0.985, 0.98, 0.97, 0.96, 0.95], {"patience": 1, "min_delta": -0.008}),
    ([1.0, 1.1, 1.2, 0.7, 0.8, 0.9, 1.0, 1.1], {"patience": 1, "start_from_epoch": 2}),
    ([1.0, 0.9, 0.8, 0.7, 0.65, 0.6, 0.59], {"patience": 2, "baseline": 0.5}),
    ([1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4], {"patience": 2, "baseline": 0.75}),
    ([0.5, 0.6, 0.55, 0.7, 0.65, 0.6, 0.5], {"patience": 2, "monitor": "val_accuracy",
                                             "mode": "max"}),
    ([2.0, 1.0, 1.5, 1.5, 1.5], {"patience": 3, "restore_best_weights": True}),
    ([3.0, 2.0, 2.0, 1.0], {"patience": 0, "monitor": "loss"}),
]


def _run_keras(keras, values, kwargs):
    kmodel = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    callback = keras.callbacks.EarlyStopping(**kwargs)
    callback.set_model(kmodel)
    kmodel.stop_training = False
    callback.on_train_begin()
    monitor = kwargs.get("monitor", "val_loss")
    epochs = 0
    for epoch, value in enumerate(values):
        callback.on_epoch_end(epoch, {monitor: value})
        epochs += 1
        if kmodel.stop_training:
            break
    callback.on_train_end()
    return epochs, callback


@pytest.mark.parametrize(("values", "kwargs"), SEQUENCES, ids=lambda v: str(v)[:60])
def test_early_stopping_stops_where_keras_stops(keras, values, kwargs, torch, training):
    epochs_keras, expected = _run_keras(keras, values, kwargs)
    callback = training.EarlyStopping(**kwargs)
    monitor = kwargs.get("monitor", "val_loss")
    model = torch.nn.Linear(1, 1)
    callback.on_train_begin(model)
    epochs = 0
    for epoch, value in enumerate(values):
        stop = callback.on_epoch_end(epoch, {"loss": 0.0, monitor: value}, model)
        epochs += 1
        if stop:
            break
    callback.on_train_end(model)
    assert epochs == epochs_keras
    assert callback.stopped_epoch == expected.stopped_epoch
    assert callback.best_epoch == expected.best_epoch
    assert callback.wait == expected.wait
    assert callback.best == pytest.approx(float(expected.best))


class _Script:
    """Replaces the logged val_loss by scripted values and keeps a copy of the weights."""

    def __init__(self, values):
        self.values, self.snapshots = values, []

    def on_epoch_end(self, epoch, logs, model):
        logs["val_loss"] = self.values[epoch]
        self.snapshots.append({k: v.clone() for k, v in model.state_dict().items()})
        return False


def test_fit_with_early_stopping_restores_the_best_weights(torch, training):
    script = _Script([1.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0])
    stopper = training.EarlyStopping(patience=2, restore_best_weights=True)
    model = _classifier()
    history = training.fit(model, X, LABELS, epochs=7, batch_size=8, loss="cross_entropy",
                  optimizer="sgd", validation_split=0.2, callbacks=[script, stopper], device="cpu")
    assert (stopper.best_epoch, stopper.stopped_epoch, stopper.best) == (1, 3, 0.5)
    assert history.epoch == [0, 1, 2, 3] and len(history.history["loss"]) == 4
    for key, value in model.state_dict().items():
        torch.testing.assert_close(value, script.snapshots[1][key], rtol=0, atol=0)
    assert not torch.equal(model[0].weight, script.snapshots[3]["0.weight"])


def test_without_restore_the_last_weights_stay(torch, training):
    script = _Script([1.0, 0.5, 0.7, 0.8])
    model = _classifier()
    training.fit(model, X, LABELS, epochs=4, batch_size=8, loss="cross_entropy", optimizer="sgd",
        validation_split=0.2, callbacks=[script, training.EarlyStopping(patience=5)], device="cpu")
    torch.testing.assert_close(model[0].weight, script.snapshots[-1]["0.weight"], rtol=0, atol=0)


# ----------------------------------------------------------------------
# Training itself


def test_training_decreases_the_loss_and_reaches_good_accuracy(torch, training):
    set_seed(0)
    model = _classifier()
    history = training.fit(model, X, LABELS, epochs=15, batch_size=16, loss="cross_entropy",
                  optimizer=torch.optim.Adam(model.parameters(), lr=0.05), metrics=["accuracy"],
                  device="cpu")
    loss = history.history["loss"]
    assert loss[-1] < 0.5 * loss[0]
    assert history.history["accuracy"][-1] >= 0.9


def test_logged_values_are_sample_weighted_means_over_the_epoch(torch, training):
    """With frozen weights, the epoch mean over uneven batches is the full-data mean."""
    model = _classifier(n_out=2)
    history = training.fit(model, X, LABELS, epochs=1, batch_size=7, loss="cross_entropy",
                  optimizer=_frozen_sgd(model), metrics=["accuracy"], device="cpu",
                  validation_data=(X[:13], LABELS[:13]))
    with torch.no_grad():
        logits = model(torch.as_tensor(X))
    labels = torch.as_tensor(LABELS)
    expected = torch.nn.functional.cross_entropy(logits, labels).item()
    accuracy = (logits.argmax(1) == labels).float().mean().item()
    np.testing.assert_allclose(history.history["loss"], [expected], rtol=1e-5)
    np.testing.assert_allclose(history.history["accuracy"], [accuracy], rtol=1e-6)
    np.testing.assert_allclose(history.history["val_loss"],
                               [torch.nn.functional.cross_entropy(logits[:13], labels[:13]).item()],
                               rtol=1e-5)
    assert history.params["steps"] == math.ceil(60 / 7)


def test_regression_metrics_and_single_logit_accuracy(torch, training):
    model = torch.nn.Linear(4, 1)
    history = training.fit(model, X, TARGETS, epochs=1, batch_size=9, loss="mse",
                  optimizer=_frozen_sgd(model), metrics=["mae", "mse"], device="cpu")
    with torch.no_grad():
        pred = model(torch.as_tensor(X))[:, 0].numpy()
    np.testing.assert_allclose(history.history["mae"], [np.mean(np.abs(pred - TARGETS))], rtol=1e-5)
    np.testing.assert_allclose(history.history["mse"], history.history["loss"], rtol=1e-5)
    binary = LABELS.astype("float32")
    history = training.fit(model, X, binary, epochs=1, loss="bce_with_logits", optimizer=_frozen_sgd(model),
                  metrics=["accuracy"], device="cpu")
    np.testing.assert_allclose(history.history["accuracy"], [np.mean((pred > 0) == (binary > 0.5))])


def test_set_seed_makes_fit_repeat(torch, training):
    runs = []
    for _ in range(2):
        set_seed(0)
        model = _classifier(dropout=0.3)
        history = training.fit(model, X, LABELS, epochs=3, batch_size=8, loss="cross_entropy",
                      validation_split=0.2, device="cpu")
        runs.append((history.history, [p.detach().clone() for p in model.parameters()]))
    assert runs[0][0] == runs[1][0]
    for a, b in zip(runs[0][1], runs[1][1]):
        torch.testing.assert_close(a, b, rtol=0, atol=0)
    set_seed(0)
    model = _classifier(dropout=0.3)
    torch.manual_seed(1)  # another global state: another shuffle and other dropout masks
    other = training.fit(model, X, LABELS, epochs=3, batch_size=8, loss="cross_entropy",
                validation_split=0.2, device="cpu")
    assert other.history["loss"] != runs[0][0]["loss"]


def test_dropout_is_on_in_training_and_off_in_validation(torch, training):
    model = _classifier(dropout=0.5)
    history = training.fit(model, X, LABELS, epochs=4, batch_size=8, loss="cross_entropy",
                  optimizer=_frozen_sgd(model), validation_data=(X, LABELS), device="cpu")
    assert not model.training  # fit leaves the model in evaluation mode
    with torch.no_grad():
        expected = torch.nn.functional.cross_entropy(model(torch.as_tensor(X)),
                                               torch.as_tensor(LABELS)).item()
    np.testing.assert_allclose(history.history["val_loss"], [expected] * 4, rtol=1e-6)
    assert len(set(history.history["loss"])) == 4  # dropout: each epoch differs
    assert all(abs(v - expected) > 1e-6 for v in history.history["loss"])


def test_loss_modules_tensors_and_optimizer_instances_are_accepted(torch, training):
    model = torch.nn.Linear(4, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    history = training.fit(model, torch.as_tensor(X), torch.as_tensor(TARGETS), epochs=5, loss=torch.nn.MSELoss(),
                  optimizer=optimizer, shuffle=False, device="cpu")
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert history.model is model and isinstance(history, training.History)


def test_verbose_prints_one_line_per_epoch_and_silence_otherwise(capsys, torch, training):
    training.fit(_classifier(), X, LABELS, epochs=2, loss="cross_entropy", verbose=1, device="cpu")
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[1].startswith("Epoch 2/2") and "loss:" in lines[1]
    training.fit(_classifier(), X, LABELS, epochs=2, loss="cross_entropy", device="cpu")
    captured = capsys.readouterr()
    assert captured.out == captured.err == ""


def test_named_optimizers_use_keras_defaults(torch, training):
    model = _classifier()
    seen = {}

    class Spy:
        def on_train_begin(self, model):
            pass

        def on_epoch_end(self, epoch, logs, model):
            return False

    for name, lr in (("adam", 1e-3), ("sgd", 0.01), ("adamw", 1e-3)):
        optimizer_type = {"adam": torch.optim.Adam, "sgd": torch.optim.SGD,
                          "adamw": torch.optim.AdamW}[name]
        original = optimizer_type.__init__

        def spy(self, params, _original=original, _name=name, **kwargs):
            seen[_name] = kwargs
            _original(self, params, **kwargs)

        optimizer_type.__init__ = spy
        try:
            training.fit(model, X, LABELS, epochs=1, loss="cross_entropy", optimizer=name,
                callbacks=[Spy()], device="cpu")
        finally:
            optimizer_type.__init__ = original
        assert seen[name]["lr"] == lr
    assert seen["adamw"]["weight_decay"] == 0.004


# ----------------------------------------------------------------------
# Bad arguments


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"epochs": 0}, ValueError, "epochs must be an integer >= 1"),
        ({"epochs": 2.5}, ValueError, "epochs must be an integer >= 1"),
        ({"batch_size": 0}, ValueError, "batch_size must be an integer >= 1"),
        ({"validation_split": 1.0}, ValueError, r"validation_split must be a number in \[0, 1\)"),
        ({"validation_split": -0.1}, ValueError, r"validation_split must be a number in \[0, 1\)"),
        ({"validation_split": 0.99}, ValueError, "leaves an empty training or validation set"),
        ({"validation_split": 0.2, "validation_data": (X, LABELS)}, ValueError, "not both"),
        ({"validation_data": (X,)}, ValueError, r"validation_data must be a pair"),
        ({"validation_data": (X, LABELS[:5])}, ValueError, "x_val and y_val must be"),
        ({"loss": "hinge"}, ValueError, "Unknown loss 'hinge'"),
        ({"loss": 3}, TypeError, "loss must be a name"),
        ({"metrics": ["precision"]}, ValueError, "Unknown metric 'precision'"),
        ({"optimizer": "rmsprop"}, ValueError, "Unknown optimizer 'rmsprop'"),
        ({"optimizer": 0.1}, TypeError, "optimizer must be a name"),
        ({"optimizer": "foreign"}, ValueError, "updates none of the model's parameters"),
        ({"y": LABELS[:-1]}, ValueError, "x and y must have the same length"),
        ({"x": "abc"}, TypeError, "x must be a NumPy array or a torch.Tensor"),
        ({"x": np.float32(1.0)}, ValueError, "x and y must have the same length"),
        ({"x": object()}, TypeError, "x must be a NumPy array or a torch.Tensor"),
        ({"model": "mlp"}, TypeError, "model must be a torch.nn.Module"),
        ({"callbacks": [object()]}, TypeError, "on_epoch_end"),
        ({"callbacks": "early_stopping"}, ValueError, "monitors 'val_loss', which this fit"),
        ({"penalty": 0.1}, TypeError, "penalty must be None or a callable"),
        ({"verbose": 2}, ValueError, "verbose must be 0 or 1"),
        ({"loss": "cross_entropy_per_sample"}, ValueError, "loss must return a scalar"),
        ({"y": X[:, 0]}, TypeError, "cross_entropy needs integer class labels"),
    ],
)
def test_bad_arguments_raise(kwargs, error, match, torch, training):
    arguments = {"model": _classifier(), "x": X, "y": LABELS, "epochs": 1, "loss": "cross_entropy",
                 "device": "cpu"}
    arguments.update(kwargs)
    if arguments.get("optimizer") == "foreign":
        arguments["optimizer"] = torch.optim.SGD(torch.nn.Linear(1, 1).parameters(), lr=0.1)
    if arguments.get("callbacks") == "early_stopping":
        arguments["callbacks"] = [training.EarlyStopping()]
    if arguments.get("loss") == "cross_entropy_per_sample":
        arguments["loss"] = torch.nn.CrossEntropyLoss(reduction="none")
    model, x, y = arguments.pop("model"), arguments.pop("x"), arguments.pop("y")
    with pytest.raises(error, match=match):
        training.fit(model, x, y, **arguments)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"mode": "best"}, r"mode must be one of \['auto', 'max', 'min'\]; got 'best'"),
        ({"monitor": "val_f1"}, "pass mode='min' or mode='max'"),
        ({"monitor": ""}, "monitor must be a non-empty key"),
        ({"patience": -1}, "patience must be an integer >= 0"),
        ({"start_from_epoch": 1.5}, "start_from_epoch must be an integer >= 0"),
        ({"min_delta": "0.1"}, "min_delta must be a number"),
        ({"baseline": "low"}, "baseline must be a number; got 'low'"),
    ],
)
def test_bad_early_stopping_arguments_raise(kwargs, match, training):
    with pytest.raises(ValueError, match=match):
        training.EarlyStopping(**kwargs)


def test_early_stopping_on_a_missing_key_raises(torch, training):
    with pytest.raises(ValueError, match=r"available keys: \['loss'\]"):
        training.EarlyStopping().on_epoch_end(0, {"loss": 1.0}, torch.nn.Linear(1, 1))


def test_auto_mode_minimises_losses_and_maximises_accuracy(training):
    assert training.EarlyStopping(monitor="val_accuracy").mode == "max"
    assert training.EarlyStopping(monitor="loss").mode == "min"
    assert training.EarlyStopping(monitor="val_mae").mode == "min"


def test_fit_accepts_read_only_arrays_without_warning(recwarn, torch, training):
    """A read-only input (pandas' to_numpy() under copy-on-write) is copied, not warned about."""
    import warnings

    x = np.ones((8, 2), dtype=np.float32)
    y = np.zeros((8, 1), dtype=np.float32)
    x.flags.writeable = False
    y.flags.writeable = False
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = training.fit(torch.nn.Linear(2, 1), x, y, epochs=1, batch_size=4, loss="mse")
    assert len(history.history["loss"]) == 1


# ----------------------------------------------------------------------
# fit then predict (from the test of the retired torch_models.train)


def test_fit_learns_and_predict_is_repeatable(torch, training):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 5)).astype("float32")
    y = (x[:, 0] > 0).astype("int64")

    def run():
        torch.manual_seed(0)
        model = torch.nn.Linear(5, 2)
        history = training.fit(model, x, y, epochs=30, batch_size=16, loss="cross_entropy",
                               optimizer=torch.optim.Adam(model.parameters(), lr=0.05),
                               metrics=["accuracy"])
        return history.history, training.predict(model, x)

    (h1, p1), (h2, p2) = run(), run()
    assert h1["accuracy"][-1] > 0.9 and h1["loss"][-1] < h1["loss"][0]
    np.testing.assert_array_equal(p1, p2)
    assert h1 == h2
    torch.manual_seed(0)
    reg = torch.nn.Linear(5, 1)
    history = training.fit(reg, x, x[:, :1].ravel(), epochs=50, batch_size=32, loss="mse",
                           optimizer=torch.optim.Adam(reg.parameters(), lr=0.05))
    assert history.history["loss"][-1] < 0.05 and "accuracy" not in history.history
    with pytest.raises(ValueError, match="same length"):
        training.fit(torch.nn.Linear(2, 2), np.zeros((3, 2)), np.zeros(4), epochs=1,
                     loss="cross_entropy")


# ----------------------------------------------------------------------
# predict


def test_predict_equals_the_model_in_evaluation_mode_without_gradients(torch, training):
    model = _classifier(dropout=0.5)
    model.train()
    out = training.predict(model, X.astype(np.float64), batch_size=7)
    assert isinstance(out, np.ndarray) and out.shape == (60, 2) and out.dtype == np.float32
    assert not model.training  # predict leaves the model in evaluation mode
    with torch.no_grad():
        expected = model(torch.from_numpy(X)).numpy()
    # Dropout off (with it on, half the units would differ by far more); batches
    # of 7 and one batch of 60 may round the matrix products differently
    # (BLAS kernels depend on the shape), hence float32 precision, not equality.
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(training.predict(model, torch.from_numpy(X)), expected, rtol=1e-6)
    assert all(p.grad is None for p in model.parameters())


def test_predict_batches_give_the_outputs_of_one_batch(torch, training):
    model = _classifier()
    whole = training.predict(model, X, batch_size=len(X))
    for batch_size in (1, 7, 256):
        np.testing.assert_allclose(training.predict(model, X, batch_size=batch_size), whole,
                                   rtol=1e-6, atol=1e-7)


def test_predict_keeps_integer_inputs_as_fit_does(torch, training):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Embedding(10, 3), torch.nn.Flatten(), torch.nn.Linear(12, 2))
    tokens = np.arange(20).reshape(5, 4) % 10
    out = training.predict(model, tokens)
    with torch.no_grad():
        expected = model(torch.as_tensor(tokens)).numpy()
    np.testing.assert_array_equal(out, expected)


def test_fit_and_predict_default_to_the_models_device(torch, training, monkeypatch):
    """device=None is where the parameters are: neither consults torch_device."""
    import dlbasics.runtime

    def no_lookup(*args, **kwargs):
        raise AssertionError("device=None must not choose a device")

    monkeypatch.setattr(dlbasics.runtime, "torch_device", no_lookup)
    monkeypatch.setattr(dlbasics, "torch_device", no_lookup)
    model = _classifier()
    training.fit(model, X, LABELS, epochs=1, loss="cross_entropy")
    training.predict(model, X)
    assert {p.device for p in model.parameters()} == {torch.device("cpu")}
    empty = torch.nn.Flatten()  # no parameter, no buffer: the CPU
    assert training.predict(empty, X).shape == X.shape


def test_fit_and_predict_move_the_model_to_a_given_device(torch, training):
    model = _classifier()
    expected = training.predict(model, X)
    for device in ("cpu", torch.device("cpu")):
        np.testing.assert_array_equal(training.predict(model, X, device=device), expected)
        training.fit(model, X, LABELS, epochs=1, loss="cross_entropy",
                     optimizer=_frozen_sgd(model), device=device)
        assert {p.device.type for p in model.parameters()} == {"cpu"}


def test_fit_and_predict_stay_on_the_gpu_the_model_is_on(torch, training):
    if not torch.cuda.is_available():
        pytest.skip("no CUDA device")
    model = _classifier().to("cuda")
    history = training.fit(model, X, LABELS, epochs=2, loss="cross_entropy")
    assert len(history.epoch) == 2
    out = training.predict(model, X)
    assert isinstance(out, np.ndarray) and out.shape == (60, 2)
    assert {p.device.type for p in model.parameters()} == {"cuda"}
    cpu = training.predict(model, X, device="cpu")
    np.testing.assert_allclose(cpu, out, rtol=1e-4, atol=1e-5)
    assert {p.device.type for p in model.parameters()} == {"cpu"}


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"model": "mlp"}, TypeError, "model must be a torch.nn.Module; got str"),
        ({"batch_size": 0}, ValueError, "batch_size must be an integer >= 1; got 0"),
        ({"x": "abc"}, TypeError, "x must be a NumPy array or a torch.Tensor"),
        ({"x": np.float32(1.0)}, ValueError, r"x must have shape \(N, ...\)"),
        ({"device": "gpu0"}, ValueError, "device must be None, a torch.device or a name"),
    ],
)
def test_predict_bad_arguments_raise(torch, training, kwargs, error, match):
    arguments = {"model": _classifier(), "x": X, **kwargs}
    model, x = arguments.pop("model"), arguments.pop("x")
    with pytest.raises(error, match=match):
        training.predict(model, x, **arguments)


# ----------------------------------------------------------------------
# count_parameters


def test_count_parameters_counts_weights_and_biases(torch, training):
    assert training.count_parameters(torch.nn.Linear(10, 3)) == 33
    model = _classifier()  # Linear(4, 8) + Linear(8, 2)
    assert training.count_parameters(model) == 4 * 8 + 8 + 8 * 2 + 2 == 58
    model[0].requires_grad_(False)
    assert training.count_parameters(model) == 58
    assert training.count_parameters(model, trainable_only=True) == 8 * 2 + 2
    assert training.count_parameters(torch.nn.BatchNorm1d(5)) == 10  # buffers are not parameters


def test_count_parameters_rejects_what_is_not_a_module(training):
    with pytest.raises(TypeError, match="model must be a torch.nn.Module; got list"):
        training.count_parameters([1, 2])
