r"""Generative models in NumPy: the reference code of the generative chapter.

- The Kullback-Leibler divergence of a diagonal Gaussian from
  :math:`\mathcal{N}(0, I)`, the regulariser of the variational auto-encoder.
- The noise schedule and the forward (noising) process of a denoising
  diffusion model (DDPM), and its ancestral sampler.
- The Euler integrator that draws samples from a flow-matching model.
- :func:`~dlbasics.scratch.generative.mode_coverage`, the measure of how many modes of
  :func:`dlbasics.datasets.make_ring_of_gaussians` a GAN's samples reach.

The samplers are written once, here, and used by both frameworks: they take
the trained network as a plain Python function of NumPy arrays.

Time indices follow Ho et al. (2020): steps :math:`t = 1, \dots, T`, and
index 0 stands for the data itself, so that ``alphas_bar[t]`` *is*
:math:`\bar\alpha_t` (with :math:`\bar\alpha_0 = 1`).
"""

from typing import NamedTuple

import numpy as np

from .._validation import check_int, check_real
from ..datasets.synthetic import ring_centers

__all__ = [
    "DiffusionSchedule",
    "ModeCoverage",
    "mode_coverage",
    "ddpm_sample",
    "euler_integrate",
    "gaussian_kl",
    "linear_schedule",
    "q_mean_std",
    "q_sample",
]


def _array(name, values, *, min_ndim=1):
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must hold numbers; got {values!r}.") from None
    if arr.ndim < min_ndim:
        raise ValueError(f"{name} must have at least {min_ndim} dimension(s); got shape {arr.shape}.")
    return arr


def gaussian_kl(mean, log_var):
    r"""KL divergence of :math:`\mathcal{N}(\mu, \operatorname{diag}\sigma^2)` from :math:`\mathcal{N}(0, I)`.

    .. math::

       \mathrm{KL}\big(\mathcal{N}(\mu, \operatorname{diag}\sigma^2)\,\|\,\mathcal{N}(0, I)\big)
       = \frac{1}{2} \sum_{j=1}^{k} \left(\sigma_j^2 + \mu_j^2 - 1 - \log \sigma_j^2\right).

    The regulariser of the VAE's loss, derived in the generative chapter.

    Parameters
    ----------
    mean : array_like of shape (..., k)
        Means :math:`\mu` of the k coordinates.
    log_var : array_like of shape (..., k)
        Log-variances :math:`\log\sigma^2` (what an encoder outputs, as
        they can take any real value).

    Returns
    -------
    numpy.ndarray of shape (...)
        One divergence per distribution (summed over the last axis), >= 0,
        zero only for :math:`\mu = 0, \sigma = 1`.

    Raises
    ------
    ValueError
        If the shapes differ or the arrays are 0-D.

    Examples
    --------
    >>> float(gaussian_kl([0.0, 0.0], [0.0, 0.0]))
    0.0
    >>> float(gaussian_kl([1.0], [0.0]))
    0.5
    """
    mean = _array("mean", mean)
    log_var = _array("log_var", log_var)
    if mean.shape != log_var.shape:
        raise ValueError(
            f"mean and log_var must have the same shape (..., k); got {mean.shape} and "
            f"{log_var.shape}."
        )
    return 0.5 * np.sum(np.exp(log_var) + mean**2 - 1.0 - log_var, axis=-1)


class DiffusionSchedule(NamedTuple):
    r"""The noise schedule of a DDPM, as returned by :func:`~dlbasics.scratch.generative.linear_schedule`.

    Its three fields are arrays of shape ``(n_steps + 1,)``, indexed by the
    step :math:`t = 0, 1, \dots, T`, index 0 being the clean data
    (:math:`\beta_0 = 0`, :math:`\alpha_0 = \bar\alpha_0 = 1`):
    ``betas``, the variance :math:`\beta_t` of the noise added at step t;
    ``alphas``, :math:`\alpha_t = 1 - \beta_t`; and ``alphas_bar``,
    :math:`\bar\alpha_t = \prod_{s \le t} \alpha_s`, decreasing from 1
    towards 0.
    """

    betas: np.ndarray
    alphas: np.ndarray
    alphas_bar: np.ndarray

    @property
    def n_steps(self):
        """The number T of noising steps."""
        return len(self.betas) - 1


def linear_schedule(n_steps=1000, beta_start=1e-4, beta_end=0.02):
    r"""Linear noise schedule :math:`\beta_1, \dots, \beta_T` of Ho et al. (2020).

    The betas grow linearly from `beta_start` to `beta_end`. The paper uses
    T = 1000 with the defaults; with fewer steps, scale `beta_end` up (the
    generative chapter uses T = 100 and 0.2) so that
    :math:`\bar\alpha_T` is still close to 0.

    Parameters
    ----------
    n_steps : int, default 1000
        Number T of noising steps.
    beta_start, beta_end : float
        First and last variances, with 0 < beta_start <= beta_end < 1.

    Returns
    -------
    DiffusionSchedule
        Arrays of shape (n_steps + 1,), index 0 being the clean data.

    Raises
    ------
    ValueError
        If `n_steps` is not a positive integer or the betas are not in
        (0, 1) and ordered.

    Examples
    --------
    >>> schedule = linear_schedule(4, 0.1, 0.4)
    >>> schedule.betas
    array([0. , 0.1, 0.2, 0.3, 0.4])
    >>> schedule.alphas_bar.round(4)
    array([1.    , 0.9   , 0.72  , 0.504 , 0.3024])
    """
    n_steps = check_int("n_steps", n_steps)
    check_real("beta_start", beta_start, low=0, high=1, low_open=True, high_open=True)
    check_real("beta_end", beta_end, low=0, high=1, low_open=True, high_open=True)
    if beta_start > beta_end:
        raise ValueError(f"beta_start ({beta_start}) must not exceed beta_end ({beta_end}).")
    betas = np.concatenate([[0.0], np.linspace(beta_start, beta_end, n_steps)])
    alphas = 1.0 - betas
    return DiffusionSchedule(betas, alphas, np.cumprod(alphas))


def _check_steps(t, alphas_bar, n_rows):
    t = np.asarray(t)
    if not np.issubdtype(t.dtype, np.integer):
        raise ValueError(f"t must hold integer steps; got dtype {t.dtype}.")
    if t.ndim > 1 or (t.ndim == 1 and len(t) != n_rows):
        raise ValueError(
            f"t must be one step or one step per row of x0, shape ({n_rows},); got shape {t.shape}."
        )
    if np.any((t < 0) | (t >= len(alphas_bar))):
        raise ValueError(f"steps must be from 0 to {len(alphas_bar) - 1}; got {t}.")
    return t


def q_mean_std(x0, t, alphas_bar):
    r"""Mean and standard deviation of :math:`q(x_t \mid x_0)`.

    .. math::

       q(x_t \mid x_0) = \mathcal{N}\!\left(\sqrt{\bar\alpha_t}\, x_0,\;
       (1 - \bar\alpha_t)\, I\right).

    Parameters
    ----------
    x0 : array_like of shape (n, dim)
        Clean data, one row per sample.
    t : int or array_like of int, shape (n,)
        Step of each row (0 to T).
    alphas_bar : array_like of shape (T + 1,)
        From :func:`~dlbasics.scratch.generative.linear_schedule`.

    Returns
    -------
    mean : numpy.ndarray of shape (n, dim)
    std : numpy.ndarray of shape (n, 1) (or a float for a single step)

    Raises
    ------
    ValueError
        If `x0` is not 2-D or a step is out of range.
    """
    x0 = _array("x0", x0, min_ndim=2)
    if x0.ndim != 2:
        raise ValueError(f"x0 must have shape (n, dim); got {x0.shape}.")
    alphas_bar = _array("alphas_bar", alphas_bar)
    t = _check_steps(t, alphas_bar, len(x0))
    a = alphas_bar[t]
    if t.ndim == 1:
        a = a[:, None]
    return np.sqrt(a) * x0, np.sqrt(1.0 - a)


def q_sample(x0, t, alphas_bar, noise):
    r"""Noise clean data in one jump: :math:`x_t = \sqrt{\bar\alpha_t}\,x_0 + \sqrt{1 - \bar\alpha_t}\,\varepsilon`.

    The forward process of a DDPM; a denoiser learns to recover
    :math:`\varepsilon` from :math:`x_t` and :math:`t`.

    Parameters
    ----------
    x0 : array_like of shape (n, dim)
        Clean data.
    t : int or array_like of int, shape (n,)
        Step of each row (0 to T).
    alphas_bar : array_like of shape (T + 1,)
        From :func:`~dlbasics.scratch.generative.linear_schedule`.
    noise : array_like of shape (n, dim)
        Standard normal draws :math:`\varepsilon`, for example
        ``rng.standard_normal(x0.shape)``.

    Returns
    -------
    numpy.ndarray of shape (n, dim)
        The noisy data :math:`x_t`.

    Raises
    ------
    ValueError
        If the shapes do not match or a step is out of range.

    Examples
    --------
    >>> alphas_bar = linear_schedule(4, 0.1, 0.4).alphas_bar
    >>> q_sample([[1.0, 2.0]], [0], alphas_bar, [[5.0, 5.0]])
    array([[1., 2.]])
    """
    mean, std = q_mean_std(x0, t, alphas_bar)
    noise = _array("noise", noise)
    if noise.shape != mean.shape:
        raise ValueError(f"noise must have the shape of x0, {mean.shape}; got {noise.shape}.")
    return mean + std * noise


def _call(function, name, x, t):
    out = np.asarray(function(x.astype(np.float32), t), dtype=float)
    if out.shape != x.shape:
        raise ValueError(f"{name} must return an array of shape {x.shape}; got {out.shape}.")
    return out


def ddpm_sample(predict_noise, schedule, n_samples, dim=2, *, seed=0, return_path=False):
    r"""Draw samples from a trained DDPM by ancestral sampling.

    Starting from :math:`x_T \sim \mathcal{N}(0, I)`, each step
    :math:`t = T, \dots, 1` computes

    .. math::

       x_{t-1} = \frac{1}{\sqrt{\alpha_t}}\left(x_t -
       \frac{\beta_t}{\sqrt{1 - \bar\alpha_t}}\,
       \hat\varepsilon(x_t, t)\right) + \sigma_t z,
       \qquad z \sim \mathcal{N}(0, I),

    with :math:`\sigma_t^2 = \beta_t` and no noise at the last step
    (algorithm 2 of Ho et al. 2020).

    Parameters
    ----------
    predict_noise : callable
        ``predict_noise(x_t, t)`` with `x_t` a float32 array of shape
        (n_samples, dim) and `t` an int from 1 to T, returns the predicted
        noise as an array of the same shape (a trained network, wrapped).
    schedule : DiffusionSchedule
        The schedule the network was trained with.
    n_samples : int
    dim : int, default 2
    seed : int, default 0
        Seed of the NumPy generator of :math:`x_T` and :math:`z`.
    return_path : bool, default False
        Also return every intermediate :math:`x_t`.

    Returns
    -------
    numpy.ndarray of shape (n_samples, dim)
        The samples :math:`x_0`; with `return_path`, the array of shape
        (T + 1, n_samples, dim) whose row t is :math:`x_t` instead.
    """
    n_samples = check_int("n_samples", n_samples)
    dim = check_int("dim", dim)
    if not isinstance(schedule, DiffusionSchedule):
        raise ValueError(f"schedule must be a DiffusionSchedule; got {type(schedule).__name__}.")
    rng = np.random.default_rng(seed)
    betas, alphas, alphas_bar = schedule
    x = rng.standard_normal((n_samples, dim))
    path = [x]
    for t in range(schedule.n_steps, 0, -1):
        eps = _call(predict_noise, "predict_noise", x, t)
        x = (x - betas[t] / np.sqrt(1.0 - alphas_bar[t]) * eps) / np.sqrt(alphas[t])
        if t > 1:
            x = x + np.sqrt(betas[t]) * rng.standard_normal(x.shape)
        path.append(x)
    return np.stack(path[::-1]) if return_path else x


def euler_integrate(velocity, x0, n_steps=50, *, return_path=False):
    r"""Integrate :math:`\mathrm{d}x/\mathrm{d}t = v(x, t)` from t = 0 to t = 1 with Euler steps.

    :math:`x_{k+1} = x_k + h\, v(x_k, t_k)` with :math:`h = 1/n` and
    :math:`t_k = k h`. With the velocity field of a flow-matching model and
    :math:`x_0 \sim \mathcal{N}(0, I)`, :math:`x_1` is a sample of the data
    distribution.

    Parameters
    ----------
    velocity : callable
        ``velocity(x, t)`` with `x` a float32 array of shape (n, dim) and `t`
        a float in [0, 1), returns an array of the same shape.
    x0 : array_like of shape (n, dim)
        Starting points (noise).
    n_steps : int, default 50
    return_path : bool, default False
        Also return the intermediate points.

    Returns
    -------
    numpy.ndarray of shape (n, dim)
        The end points :math:`x_1`; with `return_path`, the array of shape
        (n_steps + 1, n, dim) of every :math:`x_k` instead.

    Examples
    --------
    A constant velocity moves every point by that velocity:

    >>> euler_integrate(lambda x, t: np.ones_like(x), [[0.0, 1.0]], n_steps=4)
    array([[1., 2.]])
    """
    n_steps = check_int("n_steps", n_steps)
    x = _array("x0", x0, min_ndim=2)
    if x.ndim != 2:
        raise ValueError(f"x0 must have shape (n, dim); got {x.shape}.")
    h = 1.0 / n_steps
    path = [x]
    for k in range(n_steps):
        x = x + h * _call(velocity, "velocity", x, k * h)
        path.append(x)
    return np.stack(path) if return_path else x


class ModeCoverage(NamedTuple):
    """What :func:`~dlbasics.scratch.generative.mode_coverage` measures.

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
    n_modes, radius, std : as for :func:`dlbasics.datasets.make_ring_of_gaussians`
    min_share : float, default 0.02
        Share of the samples a mode needs to count as covered (a perfect
        generator gives each mode 1 / n_modes).

    Returns
    -------
    ModeCoverage

    Raises
    ------
    ValueError
        If `samples` is not of shape (n, 2), or `n_modes`, `radius`, `std`
        are not as :func:`~dlbasics.datasets.ring_centers` needs.

    Examples
    --------
    >>> from dlbasics.datasets import make_ring_of_gaussians
    >>> coverage = mode_coverage(make_ring_of_gaussians(800, seed=0))
    >>> coverage.n_covered, round(coverage.high_quality, 2)
    (8, 0.99)
    """
    samples = np.asarray(samples, dtype=float)
    if samples.ndim != 2 or samples.shape[1] != 2 or len(samples) == 0:
        raise ValueError(f"samples must have shape (n, 2) with n >= 1; got {samples.shape}.")
    centers = ring_centers(n_modes, radius)
    distances = np.linalg.norm(samples[:, None, :] - centers[None, :, :], axis=-1)
    nearest = distances.argmin(axis=1)
    close = distances.min(axis=1) < 3 * check_real("std", std, low=0, low_open=True)
    counts = np.bincount(nearest[close], minlength=len(centers))
    n_covered = int(np.sum(counts >= min_share * len(samples)))
    return ModeCoverage(counts, n_covered, float(close.mean()))
