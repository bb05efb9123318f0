"""Windows cut from a series, the inputs and targets of forecasting (chapter 7).

:func:`~dlbasics.datasets.sliding_windows` turns a series such as
:func:`dlbasics.datasets.load_sunspots`'s into the (samples, time steps,
features) arrays that recurrent layers take.
"""

import numpy as np

from .._validation import check_int

__all__ = ["sliding_windows"]


def sliding_windows(series, window, horizon=1):
    """Input windows and targets for forecasting a series.

    Parameters
    ----------
    series : array_like of shape (T,)
    window : int
        Number of past values the model sees.
    horizon : int, default 1
        How many steps ahead the target is.

    Returns
    -------
    inputs : numpy.ndarray of shape (T - window - horizon + 1, window, 1)
        ``inputs[i, :, 0] = series[i : i + window]`` (one feature per step,
        the shape of recurrent layers' inputs).
    targets : numpy.ndarray of shape (T - window - horizon + 1,)
        ``targets[i] = series[i + window + horizon - 1]``.

    Raises
    ------
    ValueError
        If `window` or `horizon` is not an integer >= 1, `series` is not
        1-D, or it is too short for one window and its target.

    Examples
    --------
    >>> x, y = sliding_windows(np.arange(6.0), 3)
    >>> x[:, :, 0], y
    (array([[0., 1., 2.],
           [1., 2., 3.],
           [2., 3., 4.]]), array([3., 4., 5.]))
    """
    series = np.asarray(series)
    window = check_int("window", window)
    horizon = check_int("horizon", horizon)
    if series.ndim != 1:
        raise ValueError(f"series must have shape (T,); got shape {series.shape}.")
    n = len(series) - window - horizon + 1
    if n < 1:
        raise ValueError(
            f"a series of length {len(series)} is too short for window={window} "
            f"and horizon={horizon}."
        )
    inputs = np.lib.stride_tricks.sliding_window_view(series, window)[:n]
    return inputs[..., None].copy(), series[window + horizon - 1:].copy()
