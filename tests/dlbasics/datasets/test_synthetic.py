"""Tests of dlbasics.datasets.synthetic (the data of the attention and generative chapters)."""

import json
import subprocess
import sys

import numpy as np
import pytest

from dlbasics.datasets import synthetic


def test_new_modules_import_no_framework():
    modules = "dlbasics.datasets.synthetic, dlbasics.plots.matrices, dlbasics.plots.points, dlbasics.scratch.attention, dlbasics.scratch.generative"
    heavy = ["keras", "tensorflow", "torch", "sklearn", "matplotlib.pyplot"]
    code = f"import json, sys, {modules}; print(json.dumps([m for m in {heavy!r} if m in sys.modules]))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(result.stdout) == []


def test_reversal_task():
    x, y = synthetic.make_reversal_task(100, length=6, n_symbols=4, seed=3)
    assert x.shape == y.shape == (100, 6)
    assert x.min() >= 0 and x.max() <= 3
    np.testing.assert_array_equal(y, x[:, ::-1])
    x2, _ = synthetic.make_reversal_task(100, length=6, n_symbols=4, seed=3)
    np.testing.assert_array_equal(x, x2)


def test_ring_of_gaussians():
    points = synthetic.make_ring_of_gaussians(8000, n_modes=8, radius=2.0, std=0.05, seed=0)
    assert points.shape == (8000, 2) and points.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(points, axis=1).mean(), 2.0, atol=0.01)
    centers = synthetic.ring_centers(8, 2.0)
    nearest = np.linalg.norm(points[:, None] - centers[None], axis=-1).argmin(axis=1)
    offsets = points - centers[nearest]
    np.testing.assert_allclose(offsets.std(axis=0), 0.05, rtol=0.05)
    np.testing.assert_allclose(np.bincount(nearest) / len(points), 1 / 8, atol=0.02)


def test_ring_of_gaussians_accepts_a_generator():
    rng = np.random.default_rng(0)
    a = synthetic.make_ring_of_gaussians(10, seed=rng)
    b = synthetic.make_ring_of_gaussians(10, seed=rng)
    assert not np.array_equal(a, b)


def test_two_moons_is_standardised():
    pytest.importorskip("sklearn")
    points = synthetic.make_two_moons(1000, seed=0)
    assert points.shape == (1000, 2) and points.dtype == np.float32
    np.testing.assert_allclose(points.mean(axis=0), 0.0, atol=1e-5)
    np.testing.assert_allclose(points.std(axis=0), 1.0, atol=1e-5)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: synthetic.make_reversal_task(0), "n_samples must be an integer >= 1"),
        (lambda: synthetic.make_reversal_task(5, length=True), "length must be an integer >= 1"),
        (lambda: synthetic.make_ring_of_gaussians(10, std=0.0), "std must be a number > 0"),
        (lambda: synthetic.ring_centers(0), "n_modes must be an integer >= 1"),
        (lambda: synthetic.ring_centers(4, radius=0), "radius must be a number > 0; got 0"),
    ],
)
def test_bad_arguments_raise(call, message):
    with pytest.raises(ValueError, match=message):
        call()
