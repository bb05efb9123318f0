"""Test settings applied before any test module imports a framework."""

import os
import sys

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
def boston_rm_price():
    """Chapter 1's data: rooms ``RM`` (x) and ``PRICE`` (y), each of shape (506,)."""
    frame = dlbasics.load_dataset("boston", columns=["RM", "PRICE"])
    return frame["RM"].to_numpy(), frame["PRICE"].to_numpy()
