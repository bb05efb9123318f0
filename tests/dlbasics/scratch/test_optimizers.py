"""Tests of dlbasics.scratch.optimizers: minibatches, and SGD, Adam and AdamW
equal to torch.optim and keras.optimizers step by step."""

import numpy as np
import pytest

from dlbasics.scratch.backprop import backward
from dlbasics.scratch.optimizers import SGD, Adam, AdamW, minibatches

N_STEPS = 50

# --- minibatches ---------------------------------------------------------------------


@pytest.mark.parametrize(("n", "batch_size"), [(10, 3), (12, 4), (5, 1), (7, 7), (4, 10)])
@pytest.mark.parametrize("shuffle", [True, False])
def test_minibatches_cover_every_sample_once(n, batch_size, shuffle):
    batches = list(minibatches(n, batch_size, rng=np.random.default_rng(0), shuffle=shuffle))
    assert len(batches) == -(-n // batch_size)
    assert [len(b) for b in batches[:-1]] == [batch_size] * (len(batches) - 1)
    assert len(batches[-1]) == n - batch_size * (len(batches) - 1)
    everything = np.concatenate(batches)
    assert everything.dtype.kind == "i"
    np.testing.assert_array_equal(np.sort(everything), np.arange(n))
    if not shuffle:
        np.testing.assert_array_equal(everything, np.arange(n))


def test_minibatches_shuffle_follows_the_generator():
    def epoch(rng):
        return np.concatenate(list(minibatches(20, 6, rng=rng)))

    first, again = epoch(np.random.default_rng(3)), epoch(np.random.default_rng(3))
    np.testing.assert_array_equal(first, again)  # same seed, same order
    rng = np.random.default_rng(3)
    one, two = epoch(rng), epoch(rng)
    assert not np.array_equal(one, np.arange(20))  # shuffled
    assert not np.array_equal(one, two)  # a new order each epoch
    np.testing.assert_array_equal(one, first)
    assert len(epoch(None)) == 20  # unseeded generator


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        ((0, 2), {}, "n_samples must be an integer >= 1"),
        ((10, 0), {}, "batch_size must be an integer >= 1"),
        ((10, 2.0), {}, "batch_size must be an integer >= 1"),
        ((True, 2), {}, "n_samples must be an integer"),
        ((10, 2), {"rng": 0}, "rng must be a numpy.random.Generator"),
    ],
)
def test_minibatches_bad_arguments(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        minibatches(*args, **kwargs)


# --- by hand -------------------------------------------------------------------------


def test_sgd_and_momentum_by_hand():
    theta = np.array([1.0, -2.0])
    returned = SGD(learning_rate=0.1).step([theta], [np.array([2.0, 0.5])])
    assert returned[0] is theta  # updated in place
    np.testing.assert_allclose(theta, [0.8, -2.05], rtol=1e-15)

    theta, opt = np.zeros(1), SGD(learning_rate=0.1, momentum=0.9)
    for _ in range(3):  # constant gradient 1: v = 1, 1.9, 2.71
        opt.step([theta], [np.ones(1)])
    np.testing.assert_allclose(opt.velocity[0], [2.71], rtol=1e-15)
    np.testing.assert_allclose(theta, [-0.1 * (1 + 1.9 + 2.71)], rtol=1e-15)
    assert opt.t == 3


def test_adam_first_steps_by_hand():
    g1, g2 = np.array([3.0, -1e-3]), np.array([1.0, 2e-3])
    theta, opt = np.zeros(2), Adam(learning_rate=0.1)
    opt.step([theta], [g1])
    # m1_hat = g1 and v1_hat = g1^2: a step of lr * g / (|g| + eps)
    np.testing.assert_allclose(theta, -0.1 * g1 / (np.abs(g1) + 1e-8), rtol=1e-14)
    opt.step([theta], [g2])
    m = (0.9 * 0.1 * g1 + 0.1 * g2) / (1 - 0.9**2)
    v = (0.999 * 0.001 * g1**2 + 0.001 * g2**2) / (1 - 0.999**2)
    expected = -0.1 * g1 / (np.abs(g1) + 1e-8) - 0.1 * m / (np.sqrt(v) + 1e-8)
    np.testing.assert_allclose(theta, expected, rtol=1e-12)
    assert opt.t == 2


def test_epsilon_hat_is_an_epsilon_scaled_by_the_bias_correction():
    rng = np.random.default_rng(0)
    grads = [rng.normal(scale=1e-7, size=5) for _ in range(10)]
    hat, plain = np.zeros(5), np.zeros(5)
    opt_hat, opt_plain = Adam(epsilon_hat=True), Adam()
    for t, g in enumerate(grads, start=1):
        opt_hat.step([hat], [g])
        opt_plain.epsilon = 1e-8 / np.sqrt(1 - 0.999**t)  # epsilon = epsilon_hat / sqrt(1 - b2^t)
        opt_plain.step([plain], [g])
        np.testing.assert_allclose(hat, plain, rtol=1e-12)
    # with gradients this small, where epsilon goes changes the result
    assert not np.allclose(hat, Adam().step([np.zeros(5)], [grads[0]])[0], rtol=1e-3)


def test_adamw_without_decay_is_adam():
    rng = np.random.default_rng(1)
    a, b = np.ones(4), np.ones(4)
    adam, adamw = Adam(learning_rate=0.01), AdamW(learning_rate=0.01, weight_decay=0.0)
    for _ in range(5):
        g = rng.normal(size=4)
        adam.step([a], [g])
        adamw.step([b], [g])
    np.testing.assert_array_equal(a, b)


def test_float32_parameters_stay_float32():
    theta = np.ones(3, dtype=np.float32)
    for opt in (SGD(momentum=0.9), Adam(), AdamW()):
        opt.step([theta], [np.ones(3, dtype=np.float32)])
        assert theta.dtype == np.float32


def test_training_a_small_network_with_minibatches():
    """backward + minibatches + Adam fit XOR-like data (a check that they fit together)."""
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, size=(64, 2))
    y = (x[:, :1] * x[:, 1:] > 0).astype(float)
    layers = [
        (rng.normal(size=(8, 2)), np.zeros(8), "tanh"),
        (rng.normal(size=(1, 8)) / np.sqrt(8), np.zeros(1), None),
    ]
    params = [p for w, b, _ in layers for p in (w, b)]
    opt = Adam(learning_rate=0.05)
    start, _ = backward(x, y, layers, loss="binary_cross_entropy")
    for _ in range(60):
        for idx in minibatches(64, 16, rng=rng):
            _, grads = backward(x[idx], y[idx], layers, loss="binary_cross_entropy")
            opt.step(params, [g for pair in grads for g in pair])
    end, _ = backward(x, y, layers, loss="binary_cross_entropy")
    assert start > 0.6 and end < 0.2


# --- against torch.optim and keras.optimizers --------------------------------------------

#: name -> (our optimiser, torch.optim factory, keras.optimizers factory); the
#: keyword arguments are chosen so that all three run the same method. Keras
#: rounds the learning rate, momentum, betas and weight decay to float32
#: (a float32 variable, or ops.cast of a Python float), so the configurations
#: use values that float32 holds exactly (0.875, 1 - 2**-7...), except the
#: "-defaults" ones, which Keras's test compares more loosely.
CONFIGS = {
    "sgd": (
        lambda: SGD(learning_rate=0.0625),
        lambda optim, ps: optim.SGD(ps, lr=0.0625),
        lambda ko: ko.SGD(learning_rate=0.0625),
    ),
    "sgd-momentum": (
        lambda: SGD(learning_rate=2**-6, momentum=0.875),
        lambda optim, ps: optim.SGD(ps, lr=2**-6, momentum=0.875),
        lambda ko: ko.SGD(learning_rate=2**-6, momentum=0.875),
    ),
    "sgd-nesterov": (
        lambda: SGD(learning_rate=2**-6, momentum=0.75, nesterov=True),
        lambda optim, ps: optim.SGD(ps, lr=2**-6, momentum=0.75, nesterov=True),
        lambda ko: ko.SGD(learning_rate=2**-6, momentum=0.75, nesterov=True),
    ),
    "sgd-defaults": (  # torch.optim.SGD's default learning rate is 0.001, not 0.01
        lambda: SGD(),
        lambda optim, ps: optim.SGD(ps, lr=0.01),
        lambda ko: ko.SGD(),
    ),
    "adam": (
        lambda: Adam(learning_rate=2**-5, beta_1=0.875, beta_2=1 - 2**-7, epsilon=1e-6),
        lambda optim, ps: optim.Adam(ps, lr=2**-5, betas=(0.875, 1 - 2**-7), eps=1e-6),
        lambda ko: ko.Adam(learning_rate=2**-5, beta_1=0.875, beta_2=1 - 2**-7, epsilon=1e-6),
    ),
    "adam-defaults": (
        lambda: Adam(),
        lambda optim, ps: optim.Adam(ps),
        lambda ko: ko.Adam(),
    ),
    "adamw": (
        lambda: AdamW(2**-6, beta_1=0.875, beta_2=1 - 2**-10, weight_decay=0.125),
        lambda optim, ps: optim.AdamW(ps, lr=2**-6, betas=(0.875, 1 - 2**-10), weight_decay=0.125),
        lambda ko: ko.AdamW(
            2**-6, beta_1=0.875, beta_2=1 - 2**-10, weight_decay=0.125, epsilon=1e-8
        ),
    ),
    "adamw-defaults": (
        lambda: AdamW(),
        lambda optim, ps: optim.AdamW(ps),
        lambda ko: ko.AdamW(),
    ),
}
#: Keras's defaults in our terms, for the "-defaults" configurations.
KERAS_DEFAULTS = {
    "adam-defaults": {"epsilon": 1e-7},
    "adamw-defaults": {"epsilon": 1e-7, "weight_decay": 0.004},
}


def initial_params(dtype=np.float64):
    rng = np.random.default_rng(0)
    return [rng.normal(size=(3, 4)).astype(dtype), rng.normal(size=4).astype(dtype)]


def gradient_sequence():
    """g_t(theta): a quadratic with curvatures from 1e-3 to 10, plus fixed noise.

    Coordinates get gradients of very different scales (down to 1e-6, where
    Adam's epsilon matters) and one stays exactly 0.
    """
    rng = np.random.default_rng(1)
    scales = [10.0 ** rng.uniform(-3, 1, size=(3, 4)), 10.0 ** rng.uniform(-3, 1, size=4)]
    scales[0][0, 0], scales[0][1, 1] = 1e-6, 0.0
    targets = [rng.normal(size=(3, 4)), rng.normal(size=4)]
    noise = [[rng.normal(scale=0.3, size=p.shape) for p in targets] for _ in range(N_STEPS)]

    def grads(params, step):
        return [
            s * (p - c + e) for p, s, c, e in zip(params, scales, targets, noise[step])
        ]

    return grads


def _ours_for_keras(name, make_ours):
    """Our optimiser set as Keras's: Adam's epsilon added before the bias correction."""
    ours = make_ours()
    if isinstance(ours, Adam):
        ours.epsilon_hat = True
        for key, value in KERAS_DEFAULTS.get(name, {}).items():
            setattr(ours, key, value)
    return ours


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_step_by_step_equals_torch(name, torch):
    make_ours, make_torch, _ = CONFIGS[name]
    grads_at = gradient_sequence()
    ours = initial_params()
    theirs = [torch.tensor(p.copy(), requires_grad=True) for p in ours]
    opt, torch_opt = make_ours(), make_torch(torch.optim, theirs)
    for step in range(N_STEPS):
        grads = grads_at(ours, step)  # the same gradients go to both
        opt.step(ours, grads)
        for p, g in zip(theirs, grads):
            p.grad = torch.from_numpy(g.copy())
        torch_opt.step()
        for p, q in zip(ours, theirs):
            # float64 on both sides, the same formula: rounding errors only
            np.testing.assert_allclose(p, q.detach().numpy(), rtol=1e-11, atol=1e-13,
                                       err_msg=f"step {step + 1}")
    assert opt.t == N_STEPS


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_step_by_step_equals_keras(name, keras):
    make_ours, _, make_keras = CONFIGS[name]
    grads_at = gradient_sequence()
    ours = initial_params()
    theirs = [keras.Variable(p.copy(), dtype="float64") for p in ours]
    opt, keras_opt = _ours_for_keras(name, make_ours), make_keras(keras.optimizers)
    for step in range(N_STEPS):
        grads = grads_at(ours, step)
        opt.step(ours, grads)
        keras_opt.apply(grads, theirs)
        for p, q in zip(ours, theirs):
            # float64 and the same method: rounding errors only. With the
            # defaults, Keras's float32 rounding matters (lr 0.01 for SGD, and for
            # Adam beta_2 = 0.99900001, which changes 1 - beta_2**t
            # by ~1.3e-5 relative, so each step (at most lr = 1e-3) by ~7e-6):
            # after 50 steps the parameters differ by < 50 * 1e-3 * 7e-6 = 3.5e-7
            rtol, atol = (0, 1e-6) if name.endswith("defaults") else (1e-11, 1e-13)
            np.testing.assert_allclose(p, q.numpy(), rtol=rtol, atol=atol,
                                       err_msg=f"step {step + 1}")


def test_keras_adam_needs_epsilon_hat(keras):
    """Without epsilon_hat, Adam differs from Keras on the coordinates with tiny gradients."""
    grads_at = gradient_sequence()
    ours = initial_params()
    theirs = [keras.Variable(p.copy(), dtype="float64") for p in ours]
    opt = Adam(0.0625, 0.875, 1 - 2**-7, epsilon=1e-7)
    keras_opt = keras.optimizers.Adam(0.0625, 0.875, 1 - 2**-7)
    for step in range(5):
        grads = grads_at(ours, step)
        opt.step(ours, grads)
        keras_opt.apply(grads, theirs)
    assert not np.allclose(ours[0][0, 0], theirs[0].numpy()[0, 0], rtol=1e-3)


@pytest.mark.parametrize("name", ["sgd-momentum", "adam", "adamw"])
def test_float32_step_by_step_equals_torch(name, torch):
    """In float32, as the frameworks train by default: each operation rounds to
    ~6e-8 relative, and 50 steps accumulate them, hence rtol 1e-5 (atol 1e-6 for
    coordinates near 0)."""
    make_ours, make_torch, _ = CONFIGS[name]
    grads_at = gradient_sequence()
    ours = initial_params(np.float32)
    theirs = [torch.tensor(p.copy(), requires_grad=True) for p in ours]
    opt, torch_opt = make_ours(), make_torch(torch.optim, theirs)
    for step in range(N_STEPS):
        grads = [g.astype(np.float32) for g in grads_at(ours, step)]
        opt.step(ours, grads)
        for p, g in zip(theirs, grads):
            p.grad = torch.from_numpy(g.copy())
        torch_opt.step()
        for p, q in zip(ours, theirs):
            assert p.dtype == np.float32
            np.testing.assert_allclose(p, q.detach().numpy(), rtol=1e-5, atol=1e-6,
                                       err_msg=f"step {step + 1}")


# --- bad arguments -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: SGD(learning_rate=-0.1), "learning_rate must be a finite number > 0"),
        (lambda: SGD(learning_rate=0), "learning_rate must be a finite number > 0"),
        (lambda: SGD(learning_rate="0.1"), "learning_rate must be a finite number > 0"),
        (lambda: SGD(momentum=1.0), r"momentum must be a number in \[0, 1\)"),
        (lambda: SGD(momentum=-0.5), r"momentum must be a number in \[0, 1\)"),
        (lambda: SGD(nesterov=True), "nesterov=True needs a momentum > 0"),
        (lambda: SGD(momentum=0.9, nesterov="yes"), "nesterov must be True or False"),
        (lambda: Adam(learning_rate=float("nan")), "learning_rate must be a finite number > 0"),
        (lambda: Adam(beta_1=1.0), r"beta_1 must be a number in \[0, 1\)"),
        (lambda: Adam(beta_2=-0.1), r"beta_2 must be a number in \[0, 1\)"),
        (lambda: Adam(epsilon=0), "epsilon must be a finite number > 0"),
        (lambda: Adam(epsilon_hat=1), "epsilon_hat must be True or False"),
        (lambda: AdamW(weight_decay=-0.01), "weight_decay must be a finite number >= 0"),
    ],
)
def test_bad_hyperparameters(make, match):
    with pytest.raises(ValueError, match=match):
        make()


@pytest.mark.parametrize("optimizer", [SGD, Adam, AdamW])
@pytest.mark.parametrize(
    ("params", "grads", "match"),
    [
        ([np.ones(3)], [np.ones(3), np.ones(2)], "same length; got 1 parameters and 2"),
        ([np.ones(3)], [np.ones(4)], r"grads\[0\] has shape \(4,\) but params\[0\] has shape"),
        ([np.ones((2, 3))], [np.ones((3, 2))], r"grads\[0\] has shape \(3, 2\)"),
        ([[1.0, 2.0]], [[1.0, 1.0]], r"params\[0\] must be a NumPy array of floats"),
        ([np.arange(3)], [np.ones(3)], r"params\[0\].*of dtype int"),
        (np.ones(3), np.ones(3), r"params must be a list of arrays \(wrap a single"),
        ([np.ones(3)], np.ones((1, 3)), "grads must be a list of arrays"),
    ],
)
def test_bad_params_and_grads(optimizer, params, grads, match):
    with pytest.raises(ValueError, match=match):
        optimizer().step(params, grads)


def test_read_only_and_changing_parameters_are_refused():
    frozen = np.ones(3)
    frozen.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        Adam().step([frozen], [np.ones(3)])
    opt = SGD(momentum=0.9)
    opt.step([np.ones(3)], [np.ones(3)])
    with pytest.raises(ValueError, match="first used with parameters of shapes"):
        opt.step([np.ones(4)], [np.ones(4)])
