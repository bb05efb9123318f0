"""Tests of dlbasics.runtime: setup, quiet_tensorflow, set_seed, torch_device, execution_info."""

import datetime
import importlib
import importlib.metadata
import logging
import os
import random
import subprocess
import sys
import types

import numpy as np
import pytest

import dlbasics
from dlbasics import execution_info, quiet_tensorflow, set_seed, torch_device
from dlbasics.runtime import TF_QUIET_ENV

#: The tests below call setup() in this process, where other tests have already
#: run TensorFlow: it keeps its thread count and says so (the subprocess test
#: of the setup cell checks both the count and the warning).
pytestmark = pytest.mark.filterwarnings("ignore:TensorFlow had already started:RuntimeWarning")

QUIET = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0"}


def test_quiet_variables_are_public_for_the_build_driver():
    assert TF_QUIET_ENV == QUIET


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


def test_chapter_setup_writes_nothing_to_stderr(tf, keras, torch):
    """The book fails on any stderr output, so the setup cell must be silent."""
    env = {k: v for k, v in os.environ.items() if k not in (*QUIET, "KERAS_BACKEND")}
    result = subprocess.run(
        [sys.executable, "-c", CHAPTER_SETUP], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("('python', 'numpy', 'keras', 'torch')")
    assert result.stderr == ""


def test_execution_info_reports_versions_and_date():
    info = execution_info(datetime.date(2026, 2, 3))
    assert info.date == "2026-02-03"
    assert info.keras == importlib.metadata.version("keras")
    assert info.torch == importlib.metadata.version("torch")
    text = str(info)
    for part in (info.device, f"Python {info.python}", f"Keras {info.keras}", f"PyTorch {info.torch}"):
        assert part in text
    assert info._repr_html_().startswith('<p class="execution-info">')
    assert info._repr_markdown_() == f"*{text}*"


def test_execution_info_names_the_gpu(monkeypatch, torch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda index=0: "NVIDIA H100 80GB HBM3")
    assert execution_info().device == "NVIDIA H100 80GB HBM3"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert execution_info().device.startswith("CPU")


# --- set_seed (from tests/test_seed.py) -----------------------------------------


def _python_numpy_draws():
    return [random.random() for _ in range(3)], np.random.rand(3).tolist()


@pytest.mark.parametrize("seed", [0, 1, 2**32 - 1, np.int64(7)])
def test_python_and_numpy_draws_repeat(seed):
    set_seed(seed, frameworks=())
    first = _python_numpy_draws()
    set_seed(seed, frameworks=())
    assert _python_numpy_draws() == first
    set_seed(int(seed) ^ 1, frameworks=())
    assert _python_numpy_draws() != first


def test_auto_seeds_only_imported_frameworks():
    loaded = tuple(name for name in ("keras", "torch") if name in sys.modules)
    assert set_seed(0) == ("python", "numpy", *loaded)


def test_torch_draws_repeat(torch):
    assert set_seed(3, frameworks=("torch",)) == ("python", "numpy", "torch")
    first = torch.rand(4)
    set_seed(3, frameworks="torch")
    assert torch.equal(torch.rand(4), first)
    assert torch.are_deterministic_algorithms_enabled()


def test_keras_draws_repeat(keras):

    def draws():
        layer = keras.layers.Dense(3)
        layer.build((None, 2))
        return keras.ops.convert_to_numpy(keras.random.normal((4,))), layer.kernel.numpy()

    assert set_seed(5, frameworks=("keras",)) == ("python", "numpy", "keras")
    first = draws()
    set_seed(5, frameworks=("keras",))
    second = draws()
    np.testing.assert_array_equal(second[0], first[0])
    np.testing.assert_array_equal(second[1], first[1])


def test_deterministic_false_still_seeds(torch):
    set_seed(4, frameworks=("torch",), deterministic=False)
    first = torch.rand(2)
    set_seed(4, frameworks=("torch",), deterministic=False)
    assert torch.equal(torch.rand(2), first)


@pytest.mark.parametrize("seed", [-1, 2**32, 1.5, "0", None, True])
def test_bad_seed_raises(seed):
    with pytest.raises(ValueError, match="seed must be an integer from 0 to 4294967295"):
        set_seed(seed)


@pytest.mark.parametrize("frameworks", [("jax",), "tensorflow", ("torch", "numpy"), None, 3])
def test_unknown_framework_raises(frameworks):
    with pytest.raises(ValueError, match=r"'auto' or a tuple of names among \['keras', 'torch'\]"):
        set_seed(0, frameworks=frameworks)


# --- torch_device (from tests/test_device.py) -----------------------------------


@pytest.fixture
def no_device_env(monkeypatch):
    monkeypatch.delenv("DLBASICS_DEVICE", raising=False)
    return monkeypatch


@pytest.mark.parametrize("prefer", [None, "auto", "AUTO"])
def test_auto_prefers_cuda_when_available(prefer, no_device_env, torch):
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert torch_device(prefer) == torch.device(expected)


@pytest.mark.parametrize("prefer", ["cpu", "CPU"])
def test_cpu_always_available(prefer, no_device_env, torch):
    assert torch_device(prefer) == torch.device("cpu")


def test_environment_variable_is_honoured(no_device_env, torch):
    no_device_env.setenv("DLBASICS_DEVICE", " cpu ")
    assert torch_device() == torch.device("cpu")


def test_argument_overrides_environment(no_device_env, torch):
    no_device_env.setenv("DLBASICS_DEVICE", "nonsense")
    assert torch_device("cpu") == torch.device("cpu")


def test_cuda_without_gpu_raises(no_device_env, torch):
    no_device_env.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(ValueError, match="CUDA was requested .*argument.* no CUDA device"):
        torch_device("cuda")
    assert torch_device() == torch.device("cpu")


def test_cuda_when_available(no_device_env, torch):
    if not torch.cuda.is_available():
        pytest.skip("no CUDA device")
    assert torch_device("cuda") == torch.device("cuda")


@pytest.mark.parametrize("prefer", ["gpu", "mps", "cuda:0", 0])
def test_unknown_device_raises(prefer, no_device_env, torch):
    with pytest.raises(ValueError, match=r"Unknown device .*expected one of \['auto', 'cpu', 'cuda'\]"):
        torch_device(prefer)


def test_unknown_device_from_environment_names_the_variable(no_device_env, torch):
    no_device_env.setenv("DLBASICS_DEVICE", "tpu")
    with pytest.raises(ValueError, match="'tpu' .*environment variable DLBASICS_DEVICE"):
        torch_device()


# --- setup ----------------------------------------------------------------------

SETUP_CELL = """
import dlbasics
device = dlbasics.setup(seed=0)

import keras
import numpy as np
import torch
print(device, torch.get_num_threads(), keras.backend.backend())
model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01), loss="mse")
x = np.ones((8, 1), "float32")
model.fit(x, x, batch_size=8, epochs=2, verbose=0)
import tensorflow as tf
print(tf.config.threading.get_intra_op_parallelism_threads(), tf.config.threading.get_inter_op_parallelism_threads())

import warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    dlbasics.setup(seed=0)             # the cell run again: TensorFlow keeps its one thread
    print(len(caught))
    dlbasics.setup(seed=0, threads=2)  # TensorFlow has started: it cannot change any more
    print(len(caught), caught[-1].category.__name__)
"""


def test_setup_cell_writes_nothing_to_stderr(tf, keras, torch):
    """The chapters' setup cell: quiet, seeded, one thread for each framework,
    and a device; run again, it keeps TensorFlow's thread count, and warns if
    asked for another one."""
    env = {k: v for k, v in os.environ.items()
           if k not in (*QUIET, "KERAS_BACKEND", "DLBASICS_DEVICE")}
    result = subprocess.run(
        [sys.executable, "-c", SETUP_CELL], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert result.stdout.split() == [expected, "1", "tensorflow", "1", "1", "0", "1", "RuntimeWarning"]
    assert result.stderr == ""


@pytest.fixture
def torch_threads(torch):
    """Put PyTorch's thread count back after a test that calls setup."""
    threads = torch.get_num_threads()
    yield torch
    torch.set_num_threads(threads)


def test_setup_seeds_sets_threads_and_returns_the_device(torch_threads, no_device_env, keras):
    torch = torch_threads
    device = dlbasics.setup(seed=3)
    assert device == torch_device()
    assert torch.get_num_threads() == 1
    first = random.random(), np.random.rand(), torch.rand(2)
    dlbasics.setup(seed=3, threads=2)
    again = random.random(), np.random.rand(), torch.rand(2)
    assert first[:2] == again[:2] and torch.equal(first[2], again[2])
    assert torch.get_num_threads() == 2
    assert torch.are_deterministic_algorithms_enabled()
    assert {k: os.environ[k] for k in QUIET} == QUIET


def test_setup_threads_none_keeps_the_thread_count(torch_threads, no_device_env):
    torch = torch_threads
    torch.set_num_threads(2)
    dlbasics.setup(0, threads=None)
    assert torch.get_num_threads() == 2


def test_setup_without_torch_returns_none(monkeypatch):
    real = importlib.import_module

    def without_torch(name, *args, **kwargs):
        if name == "torch":
            raise ImportError("No module named 'torch'")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(importlib, "import_module", without_torch)
    assert dlbasics.setup(seed=0, threads=1) is None


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"seed": -1}, "seed must be an integer from 0 to 4294967295; got -1"),
        ({"seed": "0"}, "seed must be an integer from 0 to 4294967295; got '0'"),
        ({"threads": 0}, "threads must be an integer >= 1; got 0"),
        ({"threads": 1.5}, "threads must be an integer >= 1; got 1.5"),
    ],
)
def test_setup_bad_arguments_raise(kwargs, match):
    with pytest.raises(ValueError, match=match):
        dlbasics.setup(**kwargs)


def test_setup_sets_the_language_of_numbers():
    try:
        dlbasics.setup(seed=0, language="fr")
        assert dlbasics.fmt(0.5, ".1f") == "0,5"
        dlbasics.setup(seed=0, language="en")
        assert dlbasics.fmt(0.5, ".1f") == "0.5"
    finally:
        dlbasics.use_language("en")


def test_setup_bad_language_raises():
    with pytest.raises(ValueError, match="language must be one of"):
        dlbasics.setup(seed=0, language="de")
