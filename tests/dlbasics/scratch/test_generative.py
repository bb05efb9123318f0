"""Tests of dlbasics.scratch.generative: KL term, noise schedule, forward process, samplers."""

import numpy as np
import pytest

from dlbasics.datasets import make_ring_of_gaussians, ring_centers
from dlbasics.scratch import generative as gen

# --- KL divergence ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mean", "log_var"),
    [([0.0, 0.0], [0.0, 0.0]), ([0.5, -1.0], [-0.5, 0.3]), ([2.0], [1.5]), ([-0.3, 0.1, 1.2], [-2.0, 0.0, 0.7])],
)
def test_gaussian_kl_equals_monte_carlo(mean, log_var):
    mean, log_var = np.array(mean), np.array(log_var)
    rng = np.random.default_rng(0)
    z = mean + np.exp(0.5 * log_var) * rng.standard_normal((400_000, len(mean)))
    log_q = -0.5 * np.sum((z - mean) ** 2 / np.exp(log_var) + log_var + np.log(2 * np.pi), axis=1)
    log_p = -0.5 * np.sum(z**2 + np.log(2 * np.pi), axis=1)
    estimate = log_q - log_p
    closed = gen.gaussian_kl(mean, log_var)
    standard_error = estimate.std() / np.sqrt(len(estimate))
    assert abs(estimate.mean() - closed) < 5 * standard_error + 1e-12


def test_gaussian_kl_is_zero_only_at_the_prior_and_batches():
    assert gen.gaussian_kl([0.0, 0.0], [0.0, 0.0]) == 0.0
    kl = gen.gaussian_kl(np.zeros((4, 3)) + [[0.0], [0.1], [0.0], [1.0]], np.zeros((4, 3)) + [[0.0], [0.0], [0.2], [0.0]])
    assert kl.shape == (4,)
    assert kl[0] == 0.0 and np.all(kl[1:] > 0)
    assert kl[3] == pytest.approx(1.5)  # three coordinates of mean 1: 3 * 1 / 2


def test_gaussian_kl_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="same shape"):
        gen.gaussian_kl(np.zeros((2, 3)), np.zeros((2, 2)))
    with pytest.raises(ValueError, match="at least 1 dimension"):
        gen.gaussian_kl(0.0, 0.0)


# --- noise schedule ----------------------------------------------------------------------


def test_linear_schedule_values():
    schedule = gen.linear_schedule(1000)
    assert schedule.n_steps == 1000
    assert all(len(a) == 1001 for a in schedule)
    assert schedule.betas[0] == 0.0 and schedule.alphas_bar[0] == 1.0
    assert schedule.betas[1] == pytest.approx(1e-4) and schedule.betas[-1] == pytest.approx(0.02)
    np.testing.assert_allclose(np.diff(schedule.betas[1:]), (0.02 - 1e-4) / 999)
    np.testing.assert_allclose(schedule.alphas, 1 - schedule.betas)
    np.testing.assert_allclose(schedule.alphas_bar, np.cumprod(schedule.alphas))
    assert np.all(np.diff(schedule.alphas_bar) < 0)
    assert schedule.alphas_bar[-1] == pytest.approx(4.04e-5, rel=0.01)


@pytest.mark.parametrize(
    ("args", "message"),
    [((0,), "integer >= 1"), ((10, 0.0, 0.1), r"in \(0, 1\)"), ((10, 0.1, 1.0), r"in \(0, 1\)"), ((10, 0.2, 0.1), "must not exceed")],
)
def test_linear_schedule_rejects_bad_arguments(args, message):
    with pytest.raises(ValueError, match=message):
        gen.linear_schedule(*args)


# --- forward process ----------------------------------------------------------------------

SCHEDULE = gen.linear_schedule(100, 1e-4, 0.2)


@pytest.mark.parametrize("t", [1, 10, 25, 50, 100])
def test_forward_process_has_the_stated_marginal(t):
    rng = np.random.default_rng(t)
    x0 = np.tile([[1.5, -2.0]], (200_000, 1))
    x_t = gen.q_sample(x0, t, SCHEDULE.alphas_bar, rng.standard_normal(x0.shape))
    mean, std = gen.q_mean_std(x0[:1], t, SCHEDULE.alphas_bar)
    a = SCHEDULE.alphas_bar[t]
    np.testing.assert_allclose(mean[0], np.sqrt(a) * x0[0])
    assert std == pytest.approx(np.sqrt(1 - a))
    n = len(x0)
    np.testing.assert_allclose(x_t.mean(axis=0), mean[0], atol=5 * np.sqrt((1 - a) / n))
    np.testing.assert_allclose(x_t.var(axis=0), 1 - a, rtol=5 * np.sqrt(2 / n))


def test_forward_process_steps_compose_into_the_closed_form():
    """Noising step by step with q(x_t | x_{t-1}) gives the law of the one jump."""
    rng = np.random.default_rng(0)
    x = np.tile([[1.0, -1.0]], (100_000, 1))
    for t in range(1, 31):
        x = np.sqrt(SCHEDULE.alphas[t]) * x + np.sqrt(SCHEDULE.betas[t]) * rng.standard_normal(x.shape)
    a = SCHEDULE.alphas_bar[30]
    np.testing.assert_allclose(x.mean(axis=0), np.sqrt(a) * np.array([1.0, -1.0]), atol=0.01)
    np.testing.assert_allclose(x.var(axis=0), 1 - a, rtol=0.02)


def test_q_sample_with_one_step_per_row():
    x0 = np.ones((3, 2))
    noise = np.zeros((3, 2))
    x_t = gen.q_sample(x0, np.array([0, 50, 100]), SCHEDULE.alphas_bar, noise)
    np.testing.assert_allclose(x_t[:, 0], np.sqrt(SCHEDULE.alphas_bar[[0, 50, 100]]))
    np.testing.assert_array_equal(gen.q_sample(x0, 0, SCHEDULE.alphas_bar, np.ones((3, 2)) * 9), x0)


@pytest.mark.parametrize(
    ("x0", "t", "noise", "message"),
    [
        (np.zeros((3, 2)), 101, np.zeros((3, 2)), "from 0 to 100"),
        (np.zeros((3, 2)), -1, np.zeros((3, 2)), "from 0 to 100"),
        (np.zeros((3, 2)), 2.5, np.zeros((3, 2)), "integer steps"),
        (np.zeros((3, 2)), np.array([1, 2]), np.zeros((3, 2)), r"shape \(3,\)"),
        (np.zeros((3, 2)), 5, np.zeros((3, 3)), "shape of x0"),
        (np.zeros(3), 5, np.zeros(3), "at least 2 dimension"),
        (np.zeros((3, 2, 1)), 5, np.zeros((3, 2, 1)), r"shape \(n, dim\)"),
    ],
)
def test_q_sample_rejects_bad_inputs(x0, t, noise, message):
    with pytest.raises(ValueError, match=message):
        gen.q_sample(x0, t, SCHEDULE.alphas_bar, noise)


# --- samplers -----------------------------------------------------------------------------


def test_ddpm_sample_with_the_exact_noise_of_a_point_mass_returns_the_point():
    """For data concentrated on x*, the noise in x_t is known exactly and one reverse pass lands on x*."""
    target = np.array([0.7, -1.2])

    def exact_noise(x, t):
        a = SCHEDULE.alphas_bar[t]
        return (x - np.sqrt(a) * target) / np.sqrt(1 - a)

    samples = gen.ddpm_sample(exact_noise, SCHEDULE, n_samples=50, seed=3)
    np.testing.assert_allclose(samples, np.tile(target, (50, 1)), atol=1e-4)
    path = gen.ddpm_sample(exact_noise, SCHEDULE, n_samples=50, seed=3, return_path=True)
    assert path.shape == (101, 50, 2)
    np.testing.assert_array_equal(path[0], samples)
    assert np.std(path[-1]) > 0.5  # x_T is standard noise


def test_ddpm_sample_checks_its_arguments():
    with pytest.raises(ValueError, match=r"shape \(4, 2\)"):
        gen.ddpm_sample(lambda x, t: np.zeros((4, 3)), SCHEDULE, n_samples=4)
    with pytest.raises(ValueError, match="DiffusionSchedule"):
        gen.ddpm_sample(lambda x, t: x, SCHEDULE.alphas_bar, n_samples=4)
    with pytest.raises(ValueError, match="integer >= 1"):
        gen.ddpm_sample(lambda x, t: x, SCHEDULE, n_samples=0)


def test_euler_integrate_follows_an_ode():
    x0 = np.array([[1.0, 2.0]])
    end = gen.euler_integrate(lambda x, t: -x, x0, n_steps=1000)  # dx/dt = -x
    np.testing.assert_allclose(end, x0 * np.exp(-1.0), rtol=1e-3)
    path = gen.euler_integrate(lambda x, t: np.ones_like(x) * t, x0, n_steps=4, return_path=True)
    assert path.shape == (5, 1, 2)
    np.testing.assert_allclose(path[-1], x0 + (0 + 0.25 + 0.5 + 0.75) / 4)


def test_euler_integrate_with_the_exact_flow_matching_velocity_reaches_a_point_mass():
    """For data at x*, v(x, t) = (x* - x) / (1 - t) and Euler steps land exactly on x*."""
    target = np.array([[2.0, -1.0]])
    start = np.random.default_rng(0).standard_normal((20, 2))
    end = gen.euler_integrate(lambda x, t: (target - x) / (1 - t), start, n_steps=10)
    np.testing.assert_allclose(end, np.tile(target, (20, 1)), atol=1e-12)


def test_euler_integrate_checks_its_arguments():
    with pytest.raises(ValueError, match=r"shape \(3, 2\)"):
        gen.euler_integrate(lambda x, t: x[:, :1], np.zeros((3, 2)))
    with pytest.raises(ValueError, match=r"shape \(n, dim\)"):
        gen.euler_integrate(lambda x, t: x, np.zeros((3, 2, 2)))
    with pytest.raises(ValueError, match="integer >= 1"):
        gen.euler_integrate(lambda x, t: x, np.zeros((3, 2)), n_steps=0)


# --- mode coverage (moved from the tests of dlbasics.synthetic) --------------------


def test_mode_coverage_of_good_and_collapsed_samples():
    good = gen.mode_coverage(make_ring_of_gaussians(1000, seed=1))
    assert good.n_covered == 8 and good.high_quality > 0.97  # 1 - exp(-9/2) = 0.989 in 2-D
    assert good.counts.sum() == pytest.approx(good.high_quality * 1000)
    collapsed = np.tile(ring_centers()[3], (500, 1))
    coverage = gen.mode_coverage(collapsed)
    assert coverage.n_covered == 1 and coverage.counts[3] == 500
    far = gen.mode_coverage(np.zeros((100, 2)))
    assert far.n_covered == 0 and far.high_quality == 0.0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: gen.mode_coverage(np.zeros((5, 3))), r"shape \(n, 2\)"),
        (lambda: gen.mode_coverage(np.zeros((0, 2))), r"shape \(n, 2\)"),
        (lambda: gen.mode_coverage(np.zeros((5, 2)), std=0.0), "std must be a number > 0"),
    ],
)
def test_mode_coverage_bad_arguments_raise(call, message):
    with pytest.raises(ValueError, match=message):
        call()
