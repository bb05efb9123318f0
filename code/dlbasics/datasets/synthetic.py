"""Small synthetic data sets, drawn from a seed: nothing to download.

Named as :mod:`sklearn.datasets` names its generators (``make_*``):

- :func:`~dlbasics.datasets.make_reversal_task`: sequences of digits and their reversal, the
  task of the transformer in the attention chapter.
- :func:`~dlbasics.datasets.make_ring_of_gaussians`: eight Gaussian blobs on a circle (centres
  :func:`~dlbasics.datasets.ring_centers`), where the generative chapter shows a GAN's mode
  collapse (:func:`dlbasics.scratch.generative.mode_coverage` counts the
  blobs a generator reaches).
- :func:`~dlbasics.datasets.make_two_moons`: scikit-learn's two interleaved half circles,
  standardised, for the diffusion and flow-matching models.
"""

import numpy as np

from .._validation import check_int, check_real

__all__ = ["make_reversal_task", "make_ring_of_gaussians", "make_two_moons", "ring_centers"]


def make_reversal_task(n_samples, length=8, n_symbols=10, *, seed=0):
    """Random sequences of symbols (inputs) and the same sequences reversed (targets).

    Position i of the target holds the symbol at position ``length - 1 - i``
    of the input: to get it right, the output at one end of the sequence
    must read the input at the other end.

    Parameters
    ----------
    n_samples : int
        Number of sequences.
    length : int, default 8
        Length of each sequence.
    n_symbols : int, default 10
        Symbols are the integers 0 to ``n_symbols - 1`` (digits by default),
        drawn uniformly and independently.
    seed : int, default 0
        Seed of the NumPy generator.

    Returns
    -------
    inputs, targets : numpy.ndarray of int64, shape (n_samples, length)

    Raises
    ------
    ValueError
        If `n_samples`, `length` or `n_symbols` is not an integer >= 1.

    Examples
    --------
    >>> x, y = make_reversal_task(2, length=4, seed=1)
    >>> bool((y == x[:, ::-1]).all())
    True
    """
    n_samples = check_int("n_samples", n_samples)
    length = check_int("length", length)
    n_symbols = check_int("n_symbols", n_symbols)
    rng = np.random.default_rng(seed)
    inputs = rng.integers(0, n_symbols, size=(n_samples, length))
    return inputs, inputs[:, ::-1].copy()


def ring_centers(n_modes=8, radius=2.0):
    """Centres of the blobs of :func:`~dlbasics.datasets.make_ring_of_gaussians`, evenly spaced on a circle.

    Parameters
    ----------
    n_modes : int, default 8
        Number of centres.
    radius : float, default 2.0
        Radius of the circle, > 0.

    Returns
    -------
    numpy.ndarray of shape (n_modes, 2)
        The first centre is at angle 0, ``(radius, 0)``.

    Raises
    ------
    ValueError
        If `n_modes` is not an integer >= 1 or `radius` not a number > 0.

    Examples
    --------
    >>> ring_centers(4, 1.0).round(6) + 0.0
    array([[ 1.,  0.],
           [ 0.,  1.],
           [-1.,  0.],
           [ 0., -1.]])
    """
    n_modes = check_int("n_modes", n_modes)
    radius = check_real("radius", radius, low=0, low_open=True)
    angles = 2 * np.pi * np.arange(n_modes) / n_modes
    return radius * np.column_stack([np.cos(angles), np.sin(angles)])


def make_ring_of_gaussians(n_samples, n_modes=8, radius=2.0, std=0.05, *, seed=0):
    """Points from a mixture of `n_modes` Gaussians evenly spaced on a circle.

    Each point picks a mode uniformly at random and adds isotropic Gaussian
    noise of standard deviation `std` to its centre.

    Parameters
    ----------
    n_samples : int
    n_modes : int, default 8
    radius : float, default 2.0
    std : float, default 0.05
    seed : int or numpy.random.Generator, default 0
        A seed, or a generator to draw from (successive calls then give new
        points, as a training loop needs).

    Returns
    -------
    numpy.ndarray of float32, shape (n_samples, 2)

    Raises
    ------
    ValueError
        If `n_samples` or `n_modes` is not an integer >= 1, or `radius` or
        `std` is not a number > 0.
    """
    n_samples = check_int("n_samples", n_samples)
    std = check_real("std", std, low=0, low_open=True)
    centers = ring_centers(n_modes, radius)
    rng = np.random.default_rng(seed)
    modes = rng.integers(0, len(centers), size=n_samples)
    return (centers[modes] + std * rng.standard_normal((n_samples, 2))).astype(np.float32)


def make_two_moons(n_samples, noise=0.05, *, seed=0):
    """scikit-learn's two moons, standardised (mean 0, standard deviation 1 per axis).

    Parameters
    ----------
    n_samples : int
    noise : float, default 0.05
        Standard deviation of the Gaussian noise added by
        :func:`sklearn.datasets.make_moons` (before standardisation).
    seed : int, default 0

    Returns
    -------
    numpy.ndarray of float32, shape (n_samples, 2)

    Raises
    ------
    ValueError
        If `n_samples` is not an integer >= 1.
    """
    from sklearn.datasets import make_moons

    n_samples = check_int("n_samples", n_samples)
    points, _ = make_moons(n_samples, noise=noise, random_state=seed)
    points = (points - points.mean(axis=0)) / points.std(axis=0)
    return points.astype(np.float32)
