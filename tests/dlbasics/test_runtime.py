"""Tests of dlbasics.environment.quiet_tensorflow."""

import logging
import os
import subprocess
import sys
import types

import pytest

from dlbasics import quiet_tensorflow

QUIET = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0"}


@pytest.fixture
def fresh_env(monkeypatch):
    """No TensorFlow in sys.modules and none of the variables set."""
    monkeypatch.delitem(sys.modules, "tensorflow", raising=False)
    for name in (*QUIET, "KERAS_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_sets_variables_and_loggers(fresh_env):
    assert quiet_tensorflow() is None
    assert {k: os.environ[k] for k in QUIET} == QUIET
    assert os.environ["KERAS_BACKEND"] == "tensorflow"
    assert logging.getLogger("tensorflow").level == logging.ERROR


def test_keeps_a_chosen_keras_backend(fresh_env):
    fresh_env.setenv("KERAS_BACKEND", "torch")
    quiet_tensorflow()
    assert os.environ["KERAS_BACKEND"] == "torch"


def test_too_late_after_tensorflow_import(fresh_env):
    fresh_env.setitem(sys.modules, "tensorflow", types.ModuleType("tensorflow"))
    with pytest.raises(RuntimeError, match="after TensorFlow had been imported.*Restart the kernel"):
        quiet_tensorflow()
    assert "TF_CPP_MIN_LOG_LEVEL" not in os.environ


def test_second_call_after_import_is_harmless(fresh_env):
    quiet_tensorflow()
    fresh_env.setitem(sys.modules, "tensorflow", types.ModuleType("tensorflow"))
    quiet_tensorflow()  # re-running a setup cell must not fail


CHAPTER_SETUP = """
from dlbasics import quiet_tensorflow
quiet_tensorflow()
import keras, numpy as np, torch
from dlbasics import set_seed, torch_device
print(set_seed(0), torch_device())
model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01), loss="mse")
x = np.ones((8, 1), "float32")
model.fit(x, x, batch_size=8, epochs=2, verbose=0)
"""


def test_chapter_setup_writes_nothing_to_stderr():
    """The book fails on any stderr output, so the setup cell must be silent."""
    for module in ("tensorflow", "keras", "torch"):
        pytest.importorskip(module)
    env = {k: v for k, v in os.environ.items() if k not in (*QUIET, "KERAS_BACKEND")}
    result = subprocess.run(
        [sys.executable, "-c", CHAPTER_SETUP], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("('python', 'numpy', 'keras', 'torch')")
    assert result.stderr == ""


def test_execution_info_reports_versions_and_date():
    import datetime
    import importlib.metadata

    from dlbasics import execution_info

    info = execution_info(datetime.date(2026, 2, 3))
    assert info.date == "2026-02-03"
    assert info.keras == importlib.metadata.version("keras")
    assert info.torch == importlib.metadata.version("torch")
    text = str(info)
    for part in (info.device, f"Python {info.python}", f"Keras {info.keras}", f"PyTorch {info.torch}"):
        assert part in text
    assert info._repr_html_().startswith('<p class="execution-info">')
    assert info._repr_markdown_() == f"*{text}*"


def test_execution_info_names_the_gpu(monkeypatch):
    torch = pytest.importorskip("torch")
    from dlbasics import execution_info

    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda index=0: "NVIDIA H100 80GB HBM3")
    assert execution_info().device == "NVIDIA H100 80GB HBM3"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert execution_info().device.startswith("CPU")
