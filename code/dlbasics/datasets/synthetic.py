"""Small synthetic data sets, drawn from a seed: nothing to download.

- :func:`reversal_task`: sequences of digits and their reversal, the task of
  the transformer in the attention chapter.
- :func:`ring_of_gaussians`: eight Gaussian blobs on a circle, where the
  generative chapter shows a GAN's mode collapse (:func:`mode_coverage`
  counts the blobs a generator reaches).
- :func:`two_moons`: scikit-learn's two interleaved half circles,
  standardised, for the diffusion and flow-matching models.
"""

import numbers
from typing import NamedTuple

import numpy as np

__all__ = ["ModeCoverage", "mode_coverage", "reversal_task", "ring_centers", "ring_of_gaussians", "two_moons"]


def _positive_int(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be an integer >= 1; got {value!r}.")
    return int(value)


def _positive_real(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not value > 0:
        raise ValueError(f"{name} must be a number > 0; got {value!r}.")
    return float(value)


def reversal_task(n_samples, length=8, n_symbols=10, *, seed=0):
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

    Examples
    --------
    >>> x, y = reversal_task(2, length=4, seed=1)
    >>> bool((y == x[:, ::-1]).all())
    True
    """
    n_samples = _positive_int("n_samples", n_samples)
    length = _positive_int("length", length)
    n_symbols = _positive_int("n_symbols", n_symbols)
    rng = np.random.default_rng(seed)
    inputs = rng.integers(0, n_symbols, size=(n_samples, length))
    return inputs, inputs[:, ::-1].copy()


def ring_centers(n_modes=8, radius=2.0):
    """Centres of the blobs of :func:`ring_of_gaussians`, evenly spaced on a circle.

    Returns
    -------
    numpy.ndarray of shape (n_modes, 2)
        The first centre is at angle 0, ``(radius, 0)``.
    """
    n_modes = _positive_int("n_modes", n_modes)
    radius = _positive_real("radius", radius)
    angles = 2 * np.pi * np.arange(n_modes) / n_modes
    return radius * np.column_stack([np.cos(angles), np.sin(angles)])


def ring_of_gaussians(n_samples, n_modes=8, radius=2.0, std=0.05, *, seed=0):
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
    """
    n_samples = _positive_int("n_samples", n_samples)
    std = _positive_real("std", std)
    centers = ring_centers(n_modes, radius)
    rng = np.random.default_rng(seed)
    modes = rng.integers(0, len(centers), size=n_samples)
    return (centers[modes] + std * rng.standard_normal((n_samples, 2))).astype(np.float32)


class ModeCoverage(NamedTuple):
    """What :func:`mode_coverage` measures.

    Fields: ``counts``, the number of samples close to each mode (an int
    array of shape (n_modes,)); ``n_covered``, the number of modes that
    received at least the minimum share of the samples; ``high_quality``,
    the fraction of all samples that are close to some mode.
    """

    counts: np.ndarray
    n_covered: int
    high_quality: float


def mode_coverage(samples, n_modes=8, radius=2.0, std=0.05, *, min_share=0.02):
    """How many modes of the ring a generator's samples reach.

    A sample is *close* to a mode (of "high quality") when it lies within
    three standard deviations of that mode's centre (which 98.9 % of the
    samples of a 2-D Gaussian do); a mode is *covered*
    when at least `min_share` of the samples are close to it. This is the
    measure of Metz et al. (2017) for GANs on a ring of Gaussians.

    Parameters
    ----------
    samples : array_like of shape (n, 2)
    n_modes, radius, std : as for :func:`ring_of_gaussians`
    min_share : float, default 0.02
        Share of the samples a mode needs to count as covered (a perfect
        generator gives each mode 1 / n_modes).

    Returns
    -------
    ModeCoverage

    Raises
    ------
    ValueError
        If `samples` is not of shape (n, 2).

    Examples
    --------
    >>> coverage = mode_coverage(ring_of_gaussians(800, seed=0))
    >>> coverage.n_covered, round(coverage.high_quality, 2)
    (8, 0.99)
    """
    samples = np.asarray(samples, dtype=float)
    if samples.ndim != 2 or samples.shape[1] != 2 or len(samples) == 0:
        raise ValueError(f"samples must have shape (n, 2) with n >= 1; got {samples.shape}.")
    centers = ring_centers(n_modes, radius)
    distances = np.linalg.norm(samples[:, None, :] - centers[None, :, :], axis=-1)
    nearest = distances.argmin(axis=1)
    close = distances.min(axis=1) < 3 * _positive_real("std", std)
    counts = np.bincount(nearest[close], minlength=len(centers))
    n_covered = int(np.sum(counts >= min_share * len(samples)))
    return ModeCoverage(counts, n_covered, float(close.mean()))


def two_moons(n_samples, noise=0.05, *, seed=0):
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
    """
    from sklearn.datasets import make_moons

    n_samples = _positive_int("n_samples", n_samples)
    points, _ = make_moons(n_samples, noise=noise, random_state=seed)
    points = (points - points.mean(axis=0)) / points.std(axis=0)
    return points.astype(np.float32)
