"""Real data sets shipped inside installed wheels (chapters 6 and 7).

Nothing is downloaded: scikit-learn ships the handwritten digits,
tslearn the *Trace* time series, scikit-image the photo of the cat
Chelsea, statsmodels the yearly sunspot numbers. Each loader imports its
package only when called.
"""

import numpy as np

from .._validation import check_int

__all__ = ["load_digits", "load_trace", "load_photo", "load_sunspots"]


def load_digits(size=8):
    """The 1,797 handwritten digits of scikit-learn (UCI, 8 × 8 pixels).

    Chapter 6 upsamples them to 32 × 32, the input size of LeNet-5;
    chapter 7 reads the 8 × 8 images as sequences of 8 rows.

    Parameters
    ----------
    size : int, default 8
        Side of the returned images: 8 gives the original pixels, a larger
        multiple of 8 (16, 32...) interpolates them bilinearly.

    Returns
    -------
    images : numpy.ndarray of shape (1797, size, size), float32
        Grey levels in [0, 1] (ink is 1), without a channel axis: add it
        last for Keras (``images[..., None]``), first for PyTorch
        (``images[:, None]``).
    labels : numpy.ndarray of shape (1797,), int64
        The digit, 0 to 9.

    Raises
    ------
    ValueError
        If `size` is not 8 or a larger multiple of 8.

    Examples
    --------
    >>> images, labels = load_digits(32)
    >>> images.shape, labels.shape, float(images.max())
    ((1797, 32, 32), (1797,), 1.0)
    """
    size = check_int("size", size, minimum=8, multiple_of=8)
    from sklearn.datasets import load_digits as sklearn_digits

    digits = sklearn_digits()
    images = digits.images / 16.0
    if size > 8:
        from scipy.ndimage import zoom

        # Pixel centres of the 8 x 8 grid mapped onto the size x size grid.
        images = zoom(images, (1, size / 8, size / 8), order=1, grid_mode=True, mode="nearest")
    images = np.clip(images, 0.0, 1.0).astype(np.float32)
    return images, digits.target.astype(np.int64)


def load_trace():
    """The *Trace* data set of the UCR archive, as shipped by tslearn.

    Synthetic transients of nuclear power plant instrumentation, in four
    classes; 100 series for training and 100 for testing, each of 275
    time steps. Chapter 6 classifies them with a 1-D CNN.

    Returns
    -------
    x_train : numpy.ndarray of shape (100, 275, 1), float32
    y_train : numpy.ndarray of shape (100,), int64
        Classes 0 to 3 (tslearn numbers them 1 to 4).
    x_test : numpy.ndarray of shape (100, 275, 1), float32
    y_test : numpy.ndarray of shape (100,), int64
    """
    from tslearn.datasets import CachedDatasets

    x_train, y_train, x_test, y_test = CachedDatasets().load_dataset("Trace")
    return (x_train.astype(np.float32), y_train.astype(np.int64) - 1,
            x_test.astype(np.float32), y_test.astype(np.int64) - 1)


def load_photo():
    """The photo of Chelsea the cat, shipped by scikit-image.

    Chapter 6 splits it into its red, green and blue channels and filters
    it with blur, edge and sharpen kernels.

    Returns
    -------
    numpy.ndarray of shape (300, 451, 3), float32
        Height, width, RGB channels; intensities in [0, 1].
    """
    from skimage import data

    return (data.chelsea() / 255.0).astype(np.float32)


def load_sunspots():
    """Yearly mean sunspot numbers, 1700 to 2008, as shipped by statsmodels.

    Chapter 7 forecasts the next year from the previous ones.

    Returns
    -------
    years : numpy.ndarray of shape (309,), int64
    activity : numpy.ndarray of shape (309,), float32
        The sunspot number of each year (0 to about 190).
    """
    from statsmodels.datasets import sunspots

    frame = sunspots.load_pandas().data
    return frame["YEAR"].to_numpy().astype(np.int64), frame["SUNACTIVITY"].to_numpy().astype(np.float32)

