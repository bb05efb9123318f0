"""Tests of dlbasics.scratch.perceptron against chapter 1's numbers, finite
differences, automatic differentiation and the Keras and PyTorch optimisers."""

import numpy as np
import pandas as pd
import pytest

from dlbasics.scratch.perceptron import (
    closed_form_weight,
    critical_learning_rate,
    gradient_descent,
    squared_loss,
    squared_loss_grad,
)

# Values quoted in chapter 1 (rounded), for the Boston data RM -> PRICE.
BOOK_W_STAR = 3.653
BOOK_CRITICAL_RHO = 4.94e-5
BOOK_W10 = {1e-6: 1.24, 1e-5: 3.63, 5e-5: -0.95}


def _random_data(n, seed=0):
    """Seeded inputs and noisy targets of shape (n,)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    return x, 2.0 * x + 0.5 * rng.normal(size=n)


def _exact_iterates(x, y, rho, n_steps, w0=0.0):
    """w_t = w* + (1 - 2 rho sum x^2)^t (w0 - w*), for t = 0..n_steps."""
    w_star = np.sum(x * y) / np.sum(x * x)
    factor = 1.0 - 2.0 * rho * np.sum(x * x)
    return w_star + factor ** np.arange(n_steps + 1) * (w0 - w_star)


# --- chapter 1's numbers -------------------------------------------------------


def test_closed_form_and_critical_rate_on_boston(boston_rm_price):
    x, y = boston_rm_price
    assert closed_form_weight(x, y) == pytest.approx(np.dot(x, y) / np.dot(x, x))
    assert closed_form_weight(x, y) == pytest.approx(BOOK_W_STAR, abs=5e-4)
    assert critical_learning_rate(x) == pytest.approx(1 / np.dot(x, x))
    assert critical_learning_rate(x) == pytest.approx(BOOK_CRITICAL_RHO, rel=1e-3)


@pytest.mark.parametrize("rho", sorted(BOOK_W10))
def test_ten_steps_on_boston(boston_rm_price, rho):
    x, y = boston_rm_price
    ws = gradient_descent(x, y, rho=rho)
    assert ws.shape == (11,)
    np.testing.assert_allclose(ws, _exact_iterates(x, y, rho, 10), rtol=1e-10)
    assert ws[-1] == pytest.approx(BOOK_W10[rho], abs=0.01)


def test_rate_above_critical_oscillates_and_grows(boston_rm_price):
    x, y = boston_rm_price
    errors = gradient_descent(x, y, rho=5e-5, n_steps=10) - closed_form_weight(x, y)
    assert np.all(np.sign(errors[1:]) == -np.sign(errors[:-1]))
    assert np.all(np.diff(np.abs(errors)) > 0)


@pytest.mark.parametrize("n", [1, 5, 50])
@pytest.mark.parametrize("ratio", [0.3, 0.5, 0.99, 1.0, 1.01, 1.5])
def test_error_contracts_by_the_predicted_factor(n, ratio):
    x, y = _random_data(n)
    rho = ratio * critical_learning_rate(x)
    errors = gradient_descent(x, y, rho=rho, n_steps=5, w0=1.0) - closed_form_weight(x, y)
    np.testing.assert_allclose(errors[1:], (1 - 2 * ratio) * errors[:-1], rtol=1e-8, atol=1e-12)


@pytest.mark.parametrize(("ratio", "converges"), [(0.98, True), (1.02, False)])
def test_critical_rate_separates_convergence_from_divergence(boston_rm_price, ratio, converges):
    x, y = boston_rm_price
    rho = ratio * critical_learning_rate(x)
    errors = np.abs(gradient_descent(x, y, rho=rho, n_steps=300) - closed_form_weight(x, y))
    assert bool(errors[-1] < 1e-2 * errors[0]) is converges
    assert bool(errors[-1] > 1e2 * errors[0]) is not converges


# --- the loss and its gradient -------------------------------------------------


@pytest.mark.parametrize("n", [1, 7, 100])
def test_loss_and_gradient_are_vectorised_over_weights(n):
    x, y = _random_data(n)
    w = np.random.default_rng(1).normal(size=4)
    losses, grads = squared_loss(w, x, y), squared_loss_grad(w, x, y)
    assert losses.shape == grads.shape == (4,)
    for i, wi in enumerate(w):
        assert isinstance(squared_loss(wi, x, y), float)
        assert losses[i] == pytest.approx(np.sum((wi * x - y) ** 2))
        assert grads[i] == pytest.approx(squared_loss_grad(float(wi), x, y))


def test_accepts_lists_and_series():
    x, y = [1.0, 2.0, 3.0], [2.0, 4.0, 7.0]
    xs, ys = pd.Series(x, name="RM"), pd.Series(y, name="PRICE")
    assert squared_loss(1.5, xs, ys) == squared_loss(1.5, x, y)
    assert closed_form_weight(xs, ys) == closed_form_weight(x, y)
    np.testing.assert_array_equal(
        gradient_descent(xs, ys, rho=0.01), gradient_descent(x, y, rho=0.01)
    )


@pytest.mark.parametrize("n", [1, 10, 506])
def test_gradient_matches_central_difference(n):
    x, y = _random_data(n)
    h = 1e-4
    for w in np.random.default_rng(2).normal(scale=3.0, size=5):
        numeric = (squared_loss(w + h, x, y) - squared_loss(w - h, x, y)) / (2 * h)
        assert squared_loss_grad(w, x, y) == pytest.approx(numeric, rel=1e-6, abs=1e-6)


def test_gradient_is_zero_at_closed_form(boston_rm_price):
    x, y = boston_rm_price
    w_star = closed_form_weight(x, y)
    assert squared_loss_grad(w_star, x, y) == pytest.approx(0.0, abs=1e-6)
    assert squared_loss(w_star, x, y) < squared_loss([w_star - 0.1, w_star + 0.1], x, y).min()


# --- automatic differentiation -------------------------------------------------

RANDOM_WEIGHTS = np.random.default_rng(0).normal(scale=3.0, size=3).tolist()


@pytest.mark.parametrize("w", RANDOM_WEIGHTS)
def test_gradient_matches_torch_autograd(boston_rm_price, w, torch):
    x, y = boston_rm_price
    wt = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    loss = ((wt * torch.tensor(x) - torch.tensor(y)) ** 2).sum()
    loss.backward()
    np.testing.assert_allclose(loss.item(), squared_loss(w, x, y), rtol=1e-12)
    np.testing.assert_allclose(wt.grad.item(), squared_loss_grad(w, x, y), rtol=1e-10)


@pytest.mark.parametrize("w", RANDOM_WEIGHTS)
def test_gradient_matches_tensorflow_gradient_tape(boston_rm_price, w, tf):
    x, y = boston_rm_price
    wt = tf.Variable(w, dtype=tf.float64)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum((wt * x - y) ** 2)
    np.testing.assert_allclose(loss.numpy(), squared_loss(w, x, y), rtol=1e-12)
    np.testing.assert_allclose(tape.gradient(loss, wt).numpy(), squared_loss_grad(w, x, y), rtol=1e-10)


# --- the same model trained by Keras and PyTorch ---------------------------------


def _keras_weight(x, y, lr, n_steps):
    """Weight of a bias-free Dense(1) after n_steps full-batch SGD steps on MSE."""
    import keras
    model = keras.Sequential(
        [keras.Input((1,)), keras.layers.Dense(1, use_bias=False, kernel_initializer="zeros")]
    )
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=lr), loss="mse")
    model.fit(x[:, None], y[:, None], batch_size=len(x), epochs=n_steps, shuffle=False, verbose=0)
    return float(model.layers[0].kernel.numpy()[0, 0])


def _torch_weight(x, y, lr, n_steps):
    """Weight of a bias-free nn.Linear(1, 1) after n_steps SGD steps on MSELoss."""
    import torch
    model = torch.nn.Linear(1, 1, bias=False, dtype=torch.float64)
    torch.nn.init.zeros_(model.weight)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    inputs, targets = torch.tensor(x[:, None]), torch.tensor(y[:, None])
    for _ in range(n_steps):
        optimizer.zero_grad()
        torch.nn.MSELoss()(model(inputs), targets).backward()
        optimizer.step()
    return model.weight.item()


#: framework -> (its training, rtol); the framework's conftest fixture has the same name.
FRAMEWORKS = {"keras": (_keras_weight, 1e-5), "torch": (_torch_weight, 1e-12)}


@pytest.mark.parametrize("framework", sorted(FRAMEWORKS))
def test_framework_reaches_closed_form_weight(boston_rm_price, framework, request):
    request.getfixturevalue(framework)  # skips when the framework is missing
    x, y = boston_rm_price
    # The mean loss has curvature 2 mean(x**2): its critical rate is 1/mean(x**2).
    lr = 0.01
    assert lr < len(x) * critical_learning_rate(x)
    train, _ = FRAMEWORKS[framework]
    assert train(x, y, lr, n_steps=30) == pytest.approx(closed_form_weight(x, y), abs=1e-3)


@pytest.mark.parametrize("framework", sorted(FRAMEWORKS))
@pytest.mark.parametrize("n_steps", [1, 3])
def test_framework_step_is_scratch_step_with_rho_lr_over_n(boston_rm_price, framework, n_steps,
                                                          request):
    request.getfixturevalue(framework)  # skips when the framework is missing
    x, y = boston_rm_price
    lr = 0.01
    train, rtol = FRAMEWORKS[framework]
    expected = gradient_descent(x, y, rho=lr / len(x), n_steps=n_steps)[-1]
    np.testing.assert_allclose(train(x, y, lr, n_steps), expected, rtol=rtol)


# --- validation --------------------------------------------------------------------

X, Y = [1.0, 2.0, 3.0], [1.0, 2.0, 3.0]


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: squared_loss(1.0, [[1.0], [2.0]], [1.0, 2.0]), r"x must be a non-empty 1-D .* shape \(2, 1\)"),
        (lambda: squared_loss(1.0, [], []), r"x must be a non-empty 1-D .* shape \(0,\)"),
        (lambda: squared_loss(1.0, [1.0, np.nan], [1.0, 2.0]), "x must contain only finite .* 1 inf or nan .* index 1: nan"),
        (lambda: squared_loss(1.0, X, [1.0, np.inf, 2.0]), "y must contain only finite"),
        (lambda: squared_loss(1.0, X, [1.0, 2.0]), r"same length; got shapes \(3,\) and \(2,\)"),
        (lambda: squared_loss(1.0, ["a", "b", "c"], Y), "x must hold numbers"),
        (lambda: squared_loss(np.ones((2, 2)), X, Y), r"w must be a number or a 1-D .* shape \(2, 2\)"),
        (lambda: squared_loss_grad("w", X, Y), "w must hold numbers"),
        (lambda: gradient_descent(X, Y, rho=0.0), r"rho must be a finite number > 0; got 0\.0"),
        (lambda: gradient_descent(X, Y, rho=-1e-5), "rho must be a finite number > 0"),
        (lambda: gradient_descent(X, Y, rho=np.inf), "rho must be a finite number > 0"),
        (lambda: gradient_descent(X, Y, rho="0.1"), "rho must be a finite number > 0; got '0.1'"),
        (lambda: gradient_descent(X, Y, rho=True), "rho must be a finite number > 0"),
        (lambda: gradient_descent(X, Y, rho=0.01, n_steps=-1), "n_steps must be an integer >= 0; got -1"),
        (lambda: gradient_descent(X, Y, rho=0.01, n_steps=2.5), "n_steps must be an integer >= 0"),
        (lambda: gradient_descent(X, Y, rho=0.01, w0=[0.0, 1.0]), "w0 must be a finite number"),
        (lambda: gradient_descent(X, Y, rho=0.01, w0=np.nan), "w0 must be a finite number"),
        (lambda: closed_form_weight([0.0, 0.0], [1.0, 2.0]), "x must not be all zeros"),
        (lambda: critical_learning_rate([0.0]), "x must not be all zeros"),
        (lambda: critical_learning_rate(3.0), r"shape \(\)"),
    ],
)
def test_bad_inputs_raise_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_divergence_overflows_like_the_frameworks():
    with pytest.warns(RuntimeWarning):  # overflow, then inf - inf = nan
        ws = gradient_descent(X, Y, rho=10.0, n_steps=400)
    assert np.isfinite(ws[:10]).all() and not np.isfinite(ws[-1])


def test_zero_steps_returns_the_start():
    np.testing.assert_array_equal(gradient_descent(X, Y, rho=0.01, n_steps=0, w0=2.5), [2.5])
