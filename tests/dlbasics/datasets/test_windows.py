"""Tests of dlbasics.datasets.windows: the forecasting windows of chapter 7."""

import numpy as np
import pytest

from dlbasics.datasets import sliding_windows


def test_sliding_windows():
    x, y = sliding_windows(np.arange(10.0), 4, horizon=2)
    assert x.shape == (5, 4, 1) and y.shape == (5,)
    np.testing.assert_array_equal(x[0, :, 0], [0, 1, 2, 3])
    assert y[0] == 5
    with pytest.raises(ValueError, match="too short"):
        sliding_windows(np.arange(3.0), 4)
    with pytest.raises(ValueError, match=r"shape \(T,\)"):
        sliding_windows(np.zeros((3, 2)), 1)


@pytest.mark.parametrize("window, horizon", [(0, 1), (2, 0), (2.0, 1), (True, 1)])
def test_sliding_windows_bad_sizes(window, horizon):
    with pytest.raises(ValueError, match="(window|horizon) must be an integer >= 1"):
        sliding_windows(np.arange(10.0), window, horizon)
