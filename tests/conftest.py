"""Test settings applied before any test module imports a framework.

The frameworks are fixtures, so that a missing one is a visible skip stated
once (``pytest -rs`` lists it) and never a silently smaller test matrix; CI
has both, so nothing is skipped there.
"""

import os
import sys

import numpy as np
import pytest

os.environ["MPLBACKEND"] = "Agg"

import dlbasics  # noqa: E402  (after MPLBACKEND, before anything imports TF)

dlbasics.quiet_tensorflow()


@pytest.fixture(autouse=True)
def _close_figures():
    """Close the figures a test opened, so that none pile up."""
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


@pytest.fixture(scope="session")
def keras():
    """The ``keras`` module (Keras 3), or a skip when it is not installed."""
    return pytest.importorskip("keras")


@pytest.fixture(scope="session")
def torch():
    """The ``torch`` module, or a skip when PyTorch is not installed."""
    return pytest.importorskip("torch")


@pytest.fixture(scope="session")
def tf():
    """The ``tensorflow`` module (for ``tf.GradientTape`` checks), or a skip."""
    return pytest.importorskip("tensorflow")


@pytest.fixture(scope="session")
def keras_models(keras):
    """:mod:`dlbasics.keras_models`, which imports Keras at its top: a skip without it."""
    from dlbasics import keras_models as module

    return module


@pytest.fixture(scope="session")
def torch_models(torch):
    """:mod:`dlbasics.torch_models`, which imports PyTorch at its top: a skip without it."""
    from dlbasics import torch_models as module

    return module


@pytest.fixture(scope="session")
def training(torch):
    """:mod:`dlbasics.training`, which imports PyTorch at its top: a skip without it."""
    from dlbasics import training as module

    return module


@pytest.fixture
def rng():
    """A seeded NumPy generator, fresh for each test."""
    return np.random.default_rng(0)


@pytest.fixture
def random_mlp_layers():
    """Seeded random MLP layers in the format of :mod:`dlbasics.scratch.mlp`.

    ``random_mlp_layers(sizes, hidden, output, rng, gain=1.0, dtype=np.float32)``
    returns ``[(W, b, activation), ...]`` with ``W`` of shape (n_out, n_in)
    drawn from N(0, (gain / sqrt(n_in))^2), ``b`` of shape (n_out,) from
    N(0, 0.5^2), `hidden` on every layer but the last and `output` on it.
    The generator `rng` is advanced, so a test can draw its inputs after.
    """
    def make(sizes, hidden, output, rng, gain=1.0, dtype=np.float32):
        layers = []
        for index, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
            w = rng.normal(scale=gain / np.sqrt(n_in), size=(n_out, n_in)).astype(dtype)
            b = rng.normal(scale=0.5, size=n_out).astype(dtype)
            layers.append((w, b, hidden if index < len(sizes) - 1 else output))
        return layers
    return make


@pytest.fixture(scope="session")
def boston_rm_price():
    """Chapter 1's data: rooms ``RM`` (x) and ``PRICE`` (y), each of shape (506,)."""
    frame = dlbasics.load_dataset("boston", columns=["RM", "PRICE"])
    return frame["RM"].to_numpy(), frame["PRICE"].to_numpy()
