r"""Convolutions and pooling of chapter 6, in NumPy.

Deep learning "convolutions" are cross-correlations: with a kernel
:math:`f` of size :math:`k`, stride :math:`s` and dilation :math:`d`,

.. math::

   y_t = \sum_{j=0}^{k-1} f_j \, x_{s t + d j}

on the (padded) input, summed over the input channels, for each output
channel, plus a bias. Arrays are **channels-last**, as in Keras: a batch of
1-D signals has shape ``(N, L, C_in)``, a batch of images
``(N, H, W, C_in)``, a 1-D kernel ``(k, C_in, C_out)`` and a 2-D kernel
``(k_h, k_w, C_in, C_out)`` (Keras's ``Conv1D``/``Conv2D`` ``kernel``).
PyTorch is channels-first: its inputs are ``(N, C_in, L)`` or
``(N, C_in, H, W)`` and its weights ``(C_out, C_in, k)`` or
``(C_out, C_in, k_h, k_w)``; transpose to compare (the tests do).

The output size along one axis is

.. math::

   L_\text{out} = \left\lfloor \frac{L_\text{in} + 2p - d(k-1) - 1}{s} + 1 \right\rfloor

(:func:`~dlbasics.scratch.conv.conv_output_size`). Padding ``"same"`` pads as TensorFlow does: the
output has :math:`\lceil L_\text{in} / s \rceil` positions and the padding
is split between the two ends, one more at the end when it is odd.
"""

import numbers

import numpy as np

from .._validation import check_choice, check_int, check_real

__all__ = [
    "conv_output_size",
    "conv1d",
    "conv2d",
    "max_pool1d",
    "avg_pool1d",
    "max_pool2d",
    "avg_pool2d",
    "gaussian_kernel",
    "filter_image",
]


def _pair(name, value, n):
    """`value` as a tuple of `n` positive integers (an int is repeated)."""
    values = (value,) * n if isinstance(value, numbers.Integral) else tuple(value)
    if len(values) != n:
        raise ValueError(f"{name} must be an int or a tuple of {n} ints; got {value!r}.")
    return tuple(check_int(name, v) for v in values)


def _check_padding(padding):
    message = f'padding must be "valid", "same" or an integer >= 0; got {padding!r}.'
    try:
        if isinstance(padding, str):
            return check_choice("padding", padding, ("valid", "same"))
        return check_int("padding", padding, minimum=0)
    except ValueError:
        raise ValueError(message) from None


def _pads(size, kernel_size, stride, padding, dilation):
    """Padding ``(before, after)`` of one axis."""
    if padding == "valid":
        return 0, 0
    if padding == "same":
        out = -(-size // stride)  # ceil
        total = max((out - 1) * stride + dilation * (kernel_size - 1) + 1 - size, 0)
        return total // 2, total - total // 2
    return padding, padding


def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    r"""Length of a convolution's (or pooling's) output along one axis.

    :math:`\lfloor (L + 2p - d(k-1) - 1)/s + 1 \rfloor` for an integer
    padding :math:`p` on each side (``"valid"`` is :math:`p = 0`), and
    :math:`\lceil L / s \rceil` for ``"same"``. Chapter 6 checks it against
    the shapes that Keras and PyTorch produce.

    Parameters
    ----------
    size : int
        Input length :math:`L` (height or width of an image).
    kernel_size : int
        Kernel (or pooling window) size :math:`k`.
    stride : int, default 1
    padding : {"valid", "same"} or int, default 0
    dilation : int, default 1

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If an argument is out of range or the (dilated) kernel does not fit
        in the padded input.

    Examples
    --------
    >>> conv_output_size(32, 5)
    28
    >>> conv_output_size(28, 2, stride=2)
    14
    >>> conv_output_size(7, 3, stride=2, padding="same")
    4
    >>> conv_output_size(10, 3, padding=1, dilation=2)
    8
    """
    size = check_int("size", size)
    kernel_size = check_int("kernel_size", kernel_size)
    stride = check_int("stride", stride)
    dilation = check_int("dilation", dilation)
    padding = _check_padding(padding)
    if padding == "same":
        return -(-size // stride)
    p = 0 if padding == "valid" else padding
    span = dilation * (kernel_size - 1) + 1
    if size + 2 * p < span:
        raise ValueError(
            f"the kernel spans {span} positions (size {kernel_size}, dilation "
            f"{dilation}) but the padded input has only {size + 2 * p} "
            f"(size {size}, padding {p} on each side): the output would be empty."
        )
    return (size + 2 * p - span) // stride + 1


def _as_batch(x, n_spatial, what):
    """`x` as a float array of shape (N, *spatial, C) and whether it was batched."""
    x = np.asarray(x, dtype=float)
    layout = {1: "(L, C)", 2: "(H, W, C)"}[n_spatial]
    batched = {1: "(N, L, C)", 2: "(N, H, W, C)"}[n_spatial]
    if x.ndim == n_spatial + 2:
        return x, True
    if x.ndim == n_spatial + 1:
        return x[None], False
    raise ValueError(
        f"{what} expects channels-last input of shape {batched} or {layout}; "
        f"got an array of shape {x.shape}."
    )


def _conv(x, kernel, bias, strides, padding, dilations, what):
    n_spatial = len(strides)
    x, batched = _as_batch(x, n_spatial, what)
    kernel = np.asarray(kernel, dtype=float)
    if kernel.ndim != n_spatial + 2:
        shape = "(k, C_in, C_out)" if n_spatial == 1 else "(k_h, k_w, C_in, C_out)"
        raise ValueError(f"{what}: kernel must have shape {shape}; got shape {kernel.shape}.")
    if kernel.shape[-2] != x.shape[-1]:
        raise ValueError(
            f"{what}: the input has {x.shape[-1]} channel(s) (last axis of shape "
            f"{x.shape}) but the kernel expects {kernel.shape[-2]} (axis -2 of "
            f"shape {kernel.shape})."
        )
    padding = _check_padding(padding)
    spatial = x.shape[1:-1]
    outs = [conv_output_size(n, k, s, padding, d)
            for n, k, s, d in zip(spatial, kernel.shape[:n_spatial], strides, dilations)]
    pads = [_pads(n, k, s, padding, d)
            for n, k, s, d in zip(spatial, kernel.shape[:n_spatial], strides, dilations)]
    x = np.pad(x, [(0, 0), *pads, (0, 0)])
    out = np.zeros((x.shape[0], *outs, kernel.shape[-1]))
    for offset in np.ndindex(*kernel.shape[:n_spatial]):
        window = tuple(
            slice(j * d, j * d + s * (o - 1) + 1, s)
            for j, d, s, o in zip(offset, dilations, strides, outs)
        )
        out += x[(slice(None), *window)] @ kernel[offset]
    if bias is not None:
        bias = np.asarray(bias, dtype=float)
        if bias.shape != (kernel.shape[-1],):
            raise ValueError(
                f"{what}: bias must have shape ({kernel.shape[-1]},), one value per "
                f"output channel; got shape {bias.shape}."
            )
        out += bias
    return out if batched else out[0]


def conv1d(x, kernel, bias=None, *, stride=1, padding="valid", dilation=1):
    r"""1-D convolution (cross-correlation) of channels-last signals.

    :math:`y[n, t, o] = b_o + \sum_{j, c} f[j, c, o]\, x[n, s t + d j, c]`
    on the padded input: Keras's ``Conv1D`` and PyTorch's ``conv1d``.
    Chapter 6 smooths a time series with it.

    Parameters
    ----------
    x : array_like of shape (N, L, C_in) or (L, C_in)
        A batch of signals, or one signal.
    kernel : array_like of shape (k, C_in, C_out)
    bias : array_like of shape (C_out,), optional
    stride : int, default 1
    padding : {"valid", "same"} or int, default "valid"
        An int pads that many zeros at both ends.
    dilation : int, default 1
        Spacing between the kernel's taps.

    Returns
    -------
    numpy.ndarray of shape (N, L_out, C_out), or (L_out, C_out) for one signal
        ``L_out = conv_output_size(L, k, stride, padding, dilation)``.

    Raises
    ------
    ValueError
        On a bad shape (the message gives the expected one), a channel
        mismatch, or a kernel longer than the padded signal.

    Examples
    --------
    A moving sum of width 2:

    >>> conv1d([[1.0], [2.0], [3.0]], [[[1.0]], [[1.0]]])[:, 0]
    array([3., 5.])
    """
    return _conv(x, kernel, bias, (check_int("stride", stride),), padding,
                 (check_int("dilation", dilation),), "conv1d")


def conv2d(x, kernel, bias=None, *, stride=1, padding="valid", dilation=1):
    r"""2-D convolution (cross-correlation) of channels-last images.

    :math:`y[n, i, j, o] = b_o + \sum_{u, v, c} f[u, v, c, o]\,
    x[n, s_h i + d_h u, s_w j + d_w v, c]` on the padded input: Keras's
    ``Conv2D`` and PyTorch's ``conv2d``. Used in chapter 6.

    Parameters
    ----------
    x : array_like of shape (N, H, W, C_in) or (H, W, C_in)
        A batch of images, or one image.
    kernel : array_like of shape (k_h, k_w, C_in, C_out)
    bias : array_like of shape (C_out,), optional
    stride : int or (int, int), default 1
    padding : {"valid", "same"} or int, default "valid"
    dilation : int or (int, int), default 1

    Returns
    -------
    numpy.ndarray of shape (N, H_out, W_out, C_out), or (H_out, W_out, C_out)
        Sizes from :func:`~dlbasics.scratch.conv.conv_output_size` along each axis.

    Raises
    ------
    ValueError
        On a bad shape, a channel mismatch, or a kernel larger than the
        padded image.

    Examples
    --------
    >>> image = np.arange(16.0).reshape(4, 4, 1)
    >>> conv2d(image, np.ones((2, 2, 1, 1)), stride=2)[..., 0]
    array([[10., 18.],
           [42., 50.]])
    """
    return _conv(x, kernel, bias, _pair("stride", stride, 2), padding,
                 _pair("dilation", dilation, 2), "conv2d")


def _pool(x, pool_size, strides, padding, how, what):
    n_spatial = len(pool_size)
    x, batched = _as_batch(x, n_spatial, what)
    padding = _check_padding(padding)
    if not isinstance(padding, str):
        raise ValueError(f'{what}: padding must be "valid" or "same"; got {padding!r}.')
    spatial = x.shape[1:-1]
    outs = [conv_output_size(n, k, s, padding) for n, k, s in zip(spatial, pool_size, strides)]
    pads = [_pads(n, k, s, padding, 1) for n, k, s in zip(spatial, pool_size, strides)]
    fill = -np.inf if how == "max" else np.nan  # padding never wins, never counts
    x = np.pad(x, [(0, 0), *pads, (0, 0)], constant_values=fill)
    windows = np.stack([
        x[(slice(None), *(slice(j, j + s * (o - 1) + 1, s) for j, s, o in zip(offset, strides, outs)))]
        for offset in np.ndindex(*pool_size)
    ])
    out = windows.max(axis=0) if how == "max" else np.nanmean(windows, axis=0)
    return out if batched else out[0]


def _pool_args(pool_size, strides, n):
    pool_size = _pair("pool_size", pool_size, n)
    strides = pool_size if strides is None else _pair("strides", strides, n)
    return pool_size, strides


def max_pool1d(x, pool_size=2, strides=None, padding="valid"):
    """Max pooling of channels-last signals, channel by channel.

    Parameters
    ----------
    x : array_like of shape (N, L, C) or (L, C)
    pool_size : int, default 2
    strides : int, optional
        Defaults to `pool_size` (non-overlapping windows), as in Keras.
    padding : {"valid", "same"}, default "valid"
        With ``"same"``, padded positions are ignored.

    Returns
    -------
    numpy.ndarray of shape (N, L_out, C) or (L_out, C)

    Examples
    --------
    >>> max_pool1d([[1.0], [3.0], [2.0], [0.0]])[:, 0]
    array([3., 2.])
    """
    return _pool(x, *_pool_args(pool_size, strides, 1), padding, "max", "max_pool1d")


def avg_pool1d(x, pool_size=2, strides=None, padding="valid"):
    """Average pooling of channels-last signals (see :func:`~dlbasics.scratch.conv.max_pool1d`).

    With ``"same"`` padding the average is over the real values only, as in
    Keras (PyTorch's ``count_include_pad=True`` would count the zeros).

    Parameters
    ----------
    x, pool_size, strides, padding
        As in :func:`~dlbasics.scratch.conv.max_pool1d`: `x` of shape (N, L, C) or (L, C).

    Returns
    -------
    numpy.ndarray of shape (N, L_out, C) or (L_out, C)
    """
    return _pool(x, *_pool_args(pool_size, strides, 1), padding, "avg", "avg_pool1d")


def max_pool2d(x, pool_size=2, strides=None, padding="valid"):
    """Max pooling of channels-last images, channel by channel.

    Keras's ``MaxPooling2D`` and PyTorch's ``max_pool2d``; chapter 6 uses
    it in LeNet-style networks.

    Parameters
    ----------
    x : array_like of shape (N, H, W, C) or (H, W, C)
    pool_size : int or (int, int), default 2
    strides : int or (int, int), optional
        Defaults to `pool_size`.
    padding : {"valid", "same"}, default "valid"

    Returns
    -------
    numpy.ndarray of shape (N, H_out, W_out, C) or (H_out, W_out, C)

    Examples
    --------
    >>> image = np.arange(16.0).reshape(4, 4, 1)
    >>> max_pool2d(image)[..., 0]
    array([[ 5.,  7.],
           [13., 15.]])
    """
    return _pool(x, *_pool_args(pool_size, strides, 2), padding, "max", "max_pool2d")


def avg_pool2d(x, pool_size=2, strides=None, padding="valid"):
    """Average pooling of channels-last images (see :func:`~dlbasics.scratch.conv.max_pool2d`).

    Keras's ``AveragePooling2D`` and PyTorch's ``avg_pool2d``; with
    ``"same"`` padding, padded positions are not counted (as in Keras).

    Parameters
    ----------
    x, pool_size, strides, padding
        As in :func:`~dlbasics.scratch.conv.max_pool2d`: `x` of shape (N, H, W, C) or (H, W, C).

    Returns
    -------
    numpy.ndarray of shape (N, H_out, W_out, C) or (H_out, W_out, C)

    Examples
    --------
    >>> image = np.arange(16.0).reshape(4, 4, 1)
    >>> avg_pool2d(image)[..., 0]
    array([[ 2.5,  4.5],
           [10.5, 12.5]])
    """
    return _pool(x, *_pool_args(pool_size, strides, 2), padding, "avg", "avg_pool2d")


def gaussian_kernel(size, sigma, ndim=1):
    r"""A normalised Gaussian filter :math:`f_j \propto e^{-j^2 / 2\sigma^2}`.

    Chapter 6 smooths a series with the 1-D filter and blurs a photo with
    the 2-D one (the outer product of two 1-D filters).

    Parameters
    ----------
    size : int
        Number of taps per axis, odd so that the filter has a centre.
    sigma : float
        Standard deviation, in samples (> 0).
    ndim : {1, 2}, default 1

    Returns
    -------
    numpy.ndarray of shape (size,) or (size, size)
        Non-negative weights that sum to 1.

    Examples
    --------
    >>> gaussian_kernel(3, 1.0).round(3)
    array([0.274, 0.452, 0.274])
    >>> gaussian_kernel(9, 2.0, ndim=2).shape
    (9, 9)
    """
    size = check_int("size", size)
    if size % 2 == 0:
        raise ValueError(f"size must be odd (the filter needs a centre tap); got {size}.")
    check_real("sigma", sigma, low=0, low_open=True)
    check_choice("ndim", ndim, (1, 2))
    j = np.arange(size) - size // 2
    f = np.exp(-(j**2) / (2.0 * sigma**2))
    f /= f.sum()
    return f if ndim == 1 else np.outer(f, f)


def filter_image(image, kernel, padding="same"):
    """Apply one 2-D filter to every channel of an image separately.

    The channels go to the batch axis of :func:`~dlbasics.scratch.conv.conv2d` (shape
    ``(C, H, W, 1)``) and come back: chapter 6 blurs, sharpens and finds
    the edges of a photo this way.

    Parameters
    ----------
    image : array_like of shape (H, W) or (H, W, C)
    kernel : array_like of shape (k_h, k_w)
    padding : {"valid", "same"} or int, default "same"

    Returns
    -------
    numpy.ndarray
        Shape (H_out, W_out) or (H_out, W_out, C), like `image`.

    Examples
    --------
    >>> filter_image(np.eye(3), np.ones((1, 1)) * 2)
    array([[2., 0., 0.],
           [0., 2., 0.],
           [0., 0., 2.]])
    """
    image = np.asarray(image, dtype=float)
    kernel = np.asarray(kernel, dtype=float)
    if kernel.ndim != 2:
        raise ValueError(f"kernel must have shape (k_h, k_w); got shape {kernel.shape}.")
    if image.ndim == 2:
        return filter_image(image[..., None], kernel, padding)[..., 0]
    if image.ndim != 3:
        raise ValueError(f"image must have shape (H, W) or (H, W, C); got shape {image.shape}.")
    batch = np.moveaxis(image, -1, 0)[..., None]  # (C, H, W, 1)
    out = conv2d(batch, kernel[..., None, None], padding=padding)
    return np.moveaxis(out[..., 0], 0, -1)
