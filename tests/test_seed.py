"""Tests of dlbasics.seed.set_seed."""

import random
import sys

import numpy as np
import pytest

from dlbasics import set_seed


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


def test_torch_draws_repeat():
    torch = pytest.importorskip("torch")
    assert set_seed(3, frameworks=("torch",)) == ("python", "numpy", "torch")
    first = torch.rand(4)
    set_seed(3, frameworks="torch")
    assert torch.equal(torch.rand(4), first)
    assert torch.are_deterministic_algorithms_enabled()


def test_keras_draws_repeat():
    keras = pytest.importorskip("keras")

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


def test_deterministic_false_still_seeds():
    torch = pytest.importorskip("torch")
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
