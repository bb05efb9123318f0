"""Tests of dlbasics.history_plots (Agg backend, set in conftest.py)."""

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlbasics.history_plots import plot_history
from dlbasics.training import History

LOGS = {"accuracy": [0.5, 0.7, 0.8], "loss": [1.0, 0.6, 0.4],
        "val_accuracy": [0.45, 0.6, 0.55], "val_loss": [1.1, 0.8, 0.9]}


def _histories():
    ours = History(params={"epochs": 3})
    for epoch in range(3):
        ours._append(epoch, {key: values[epoch] for key, values in LOGS.items()})
    keras = pytest.importorskip("keras")
    theirs = keras.callbacks.History()
    theirs.history = {key: list(values) for key, values in LOGS.items()}
    return {"dict": LOGS, "dlbasics": ours, "keras": theirs}


@pytest.mark.parametrize("kind", ["dict", "dlbasics", "keras"])
def test_draws_metric_and_validation_from_epoch_1(kind):
    history = _histories()[kind]
    _, ax = plt.subplots()
    assert plot_history(history, metric="accuracy", ax=ax, labels=("entraînement", "validation"),
                        xlabel="époque") is ax
    train, val = ax.get_lines()
    np.testing.assert_array_equal(train.get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(train.get_ydata(), LOGS["accuracy"])
    np.testing.assert_array_equal(val.get_ydata(), LOGS["val_accuracy"])
    assert val.get_linestyle() == "--"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["entraînement", "validation"]
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("époque", "accuracy", "")


def test_best_epoch_is_a_vertical_line_at_epoch_plus_one_and_kwargs_pass_through():
    ax = plot_history(LOGS, best_epoch=1, ylabel="cross-entropy", marker="o", linestyle="-")
    assert isinstance(ax, mpl.axes.Axes)
    train, val, best = ax.get_lines()
    np.testing.assert_array_equal(best.get_xdata(), [2, 2])
    assert train.get_marker() == val.get_marker() == "o" and val.get_linestyle() == "-"
    assert ax.get_ylabel() == "cross-entropy"


def test_training_only_history_draws_one_line():
    ax = plot_history({"loss": [3.0, 2.0]})
    assert len(ax.get_lines()) == 1


@pytest.mark.parametrize(
    ("history", "kwargs", "error", "match"),
    [
        (LOGS, {"metric": "mae"}, ValueError,
         r"metric 'mae' is not in the history; available keys: \['accuracy', 'loss'"),
        ([1, 2], {}, TypeError, "history must be a Keras History"),
        ({"loss": []}, {}, ValueError, "non-empty list of numbers"),
        ({"loss": [1.0, 2.0], "val_loss": [1.0]}, {}, ValueError, "they must match"),
        (LOGS, {"labels": "training"}, ValueError, "labels must be a pair of strings"),
        (LOGS, {"best_epoch": 3}, ValueError, "best_epoch must be an epoch counted from 0"),
        (LOGS, {"best_epoch": True}, ValueError, "best_epoch must be an epoch counted from 0"),
    ],
)
def test_bad_arguments_raise(history, kwargs, error, match):
    with pytest.raises(error, match=match):
        plot_history(history, **kwargs)
