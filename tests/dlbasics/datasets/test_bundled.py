"""The loaders of dlbasics.datasets.bundled return the documented shapes, offline."""

import numpy as np
import pytest

from dlbasics.datasets import bundled


@pytest.mark.parametrize("size", [8, 16, 32])
def test_digits(size):
    images, labels = bundled.load_digits(size)
    assert images.shape == (1797, size, size) and images.dtype == np.float32
    assert labels.shape == (1797,) and labels.dtype == np.int64
    assert images.min() >= 0 and images.max() == 1.0
    assert sorted(np.unique(labels)) == list(range(10))


def test_digits_upsampling_keeps_the_picture():
    small, _ = bundled.load_digits(8)
    large, _ = bundled.load_digits(32)
    pooled = large.reshape(-1, 8, 4, 8, 4).mean(axis=(2, 4))
    assert np.corrcoef(pooled.ravel(), small.ravel())[0, 1] > 0.95


@pytest.mark.parametrize("size", [0, 12, 8.0, True])
def test_digits_bad_size(size):
    with pytest.raises(ValueError, match="multiple of 8"):
        bundled.load_digits(size)


def test_trace():
    x_train, y_train, x_test, y_test = bundled.load_trace()
    assert x_train.shape == x_test.shape == (100, 275, 1)
    assert y_train.shape == y_test.shape == (100,)
    assert set(y_train) == set(y_test) == {0, 1, 2, 3}
    assert x_train.dtype == np.float32 and y_train.dtype == np.int64


def test_photo():
    photo = bundled.load_photo()
    assert photo.shape == (300, 451, 3) and photo.dtype == np.float32
    assert 0.0 <= photo.min() and photo.max() <= 1.0


def test_sunspots():
    years, activity = bundled.load_sunspots()
    assert years.shape == activity.shape == (309,)
    assert years[0] == 1700 and years[-1] == 2008
    assert activity.min() >= 0 and 150 < activity.max() < 200
