"""dlbasics.scratch.rnn against Keras and PyTorch recurrent layers with copied weights."""

import numpy as np
import pytest

from dlbasics.scratch import rnn


TOL = {"rtol": 1e-4, "atol": 1e-5}
KERAS_LAYERS = {"rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}
TORCH_MODULES = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}
RUN = {"rnn": rnn.rnn, "lstm": rnn.lstm, "gru": rnn.gru}


def _sequences(n=3, t=7, d=4):
    return np.random.default_rng(0).normal(size=(n, t, d)).astype("float32")


def _finals(cell, state):
    return list(state) if cell == "lstm" else [state]


@pytest.mark.parametrize("units", [1, 5])
@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_equals_keras(cell, units, keras):
    x = _sequences()
    layer = getattr(keras.layers, KERAS_LAYERS[cell])(
        units, return_sequences=True, return_state=True,
        bias_initializer=keras.initializers.RandomNormal(seed=1))
    outputs = layer(x)
    params = rnn.from_keras(cell, layer.get_weights())
    hs, state = RUN[cell](x, params)
    np.testing.assert_allclose(hs, np.asarray(outputs[0]), **TOL)
    for ours, theirs in zip(_finals(cell, state), outputs[1:]):
        np.testing.assert_allclose(ours, np.asarray(theirs), **TOL)


def test_gru_reset_before_equals_keras(keras):
    x = _sequences()
    layer = keras.layers.GRU(5, reset_after=False, return_sequences=True,
                             bias_initializer=keras.initializers.RandomNormal(seed=1))
    outputs = layer(x)
    params = rnn.from_keras("gru", layer.get_weights())
    hs, _ = rnn.gru(x, params, reset_after=False)
    np.testing.assert_allclose(hs, np.asarray(outputs), **TOL)
    # The two variants really differ.
    assert not np.allclose(hs, rnn.gru(x, params, reset_after=True)[0], atol=1e-3)


@pytest.mark.parametrize("units", [1, 6])
@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_equals_torch(cell, units, torch):
    torch.manual_seed(0)
    x = _sequences()
    module = getattr(torch.nn, TORCH_MODULES[cell])(4, units, batch_first=True)
    with torch.no_grad():
        outputs, state = module(torch.from_numpy(x))
    params = rnn.from_torch(cell, [p.detach().numpy() for p in module.parameters()])
    hs, ours = RUN[cell](x, params)
    np.testing.assert_allclose(hs, outputs.numpy(), **TOL)
    theirs = list(state) if cell == "lstm" else [state]
    for a, b in zip(_finals(cell, ours), theirs):
        np.testing.assert_allclose(a, b[0].numpy(), **TOL)  # b: (layers, N, h)


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_initial_states_equal_torch(cell, torch):
    torch.manual_seed(1)
    x = _sequences()
    rng = np.random.default_rng(2)
    h0, c0 = (rng.normal(size=(3, 5)).astype("float32") for _ in range(2))
    module = getattr(torch.nn, TORCH_MODULES[cell])(4, 5, batch_first=True)
    initial = (torch.from_numpy(h0[None]), torch.from_numpy(c0[None])) if cell == "lstm" else torch.from_numpy(h0[None])
    with torch.no_grad():
        outputs, _ = module(torch.from_numpy(x), initial)
    params = rnn.from_torch(cell, [p.detach().numpy() for p in module.parameters()])
    hs, _ = rnn.lstm(x, params, h0, c0) if cell == "lstm" else RUN[cell](x, params, h0)
    np.testing.assert_allclose(hs, outputs.numpy(), **TOL)


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_state_dict_is_read_by_name(cell, torch):
    torch.manual_seed(2)
    module = getattr(torch.nn, TORCH_MODULES[cell])(3, 4, batch_first=True)
    by_position = rnn.from_torch(cell, [p.detach().numpy() for p in module.parameters()])
    state = module.state_dict()
    by_name = rnn.from_torch(cell, dict(reversed(list(state.items()))))  # order does not matter
    def flat(params):  # {"W_x": a} or {"r": {"W_x": a}} -> {("W_x",): a} or {("r", "W_x"): a}
        return {(k, *([j] if isinstance(g, dict) else [])): (g[j] if isinstance(g, dict) else g)
                for k, g in params.items() for j in (g if isinstance(g, dict) else [None])}

    expected, got = flat(by_position), flat(by_name)
    assert got.keys() == expected.keys()
    for key in expected:
        np.testing.assert_array_equal(got[key], expected[key])
    two_layers = getattr(torch.nn, TORCH_MODULES[cell])(3, 4, num_layers=2)
    with pytest.raises(ValueError, match="state_dict of a one-layer"):
        rnn.from_torch(cell, two_layers.state_dict())


def test_gate_orders_differ_for_the_gru(torch):
    """PyTorch stacks r before z: reading its weights in Keras's order is wrong."""
    torch.manual_seed(0)
    module = torch.nn.GRU(4, 5, batch_first=True)
    weights = [p.detach().numpy() for p in module.parameters()]
    params = rnn.from_torch("gru", weights)
    np.testing.assert_array_equal(params["r"]["W_x"], weights[0][:5])
    np.testing.assert_array_equal(params["z"]["W_x"], weights[0][5:10])
    keras_like = [weights[0].T, weights[1].T, np.stack([weights[2], weights[3]])]
    assert not np.allclose(rnn.from_keras("gru", keras_like)["z"]["W_x"], params["z"]["W_x"])


def test_cells_and_sequences_agree():
    x = _sequences(2, 5, 3)
    for cell in ("rnn", "gru"):
        params = rnn.init_params(cell, 3, 4, rng=1)
        step = rnn.rnn_cell if cell == "rnn" else rnn.gru_cell
        h = np.zeros((2, 4))
        for t in range(5):
            h = step(x[:, t], h, params)
        np.testing.assert_allclose(RUN[cell](x, params)[1], h)
    params = rnn.init_params("lstm", 3, 4, rng=1)
    hs, (h_T, c_T) = rnn.lstm(x, params)
    np.testing.assert_allclose(hs[:, -1], h_T)
    assert np.all(np.abs(h_T) < 1)


def test_jacobian_norms_equal_autograd(torch):
    torch.manual_seed(0)
    module = torch.nn.RNN(3, 6, batch_first=True)
    params = rnn.from_torch("rnn", [p.detach().numpy() for p in module.parameters()])
    x = torch.from_numpy(_sequences(1, 9, 3)[0]).double()
    W_x, W_h = torch.from_numpy(params["W_x"]), torch.from_numpy(params["W_h"])
    b = torch.from_numpy(params["b_x"] + params["b_h"])
    expected = [1.0]  # T - t = 0: the identity
    for k in range(1, 9):  # d h_T / d h_{T-k}, by automatic differentiation
        h_start = torch.from_numpy(rnn.rnn(x[None, : 9 - k].numpy(), params)[0][0, -1])
        jac = torch.autograd.functional.jacobian(
            lambda h, k=k: _unroll(h, x, W_x, W_h, b, 9 - k), h_start)
        expected.append(torch.linalg.matrix_norm(jac, 2).item())
    ours = rnn.hidden_state_jacobian_norms(x.numpy(), params)
    np.testing.assert_allclose(ours, expected, rtol=1e-6)
    assert ours[-1] < ours[1]


def _unroll(h, x, W_x, W_h, b, start):
    import torch
    for t in range(start, len(x)):
        h = torch.tanh(W_x @ x[t] + W_h @ h + b)
    return h


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: rnn.rnn(np.zeros((2, 3)), rnn.init_params("rnn", 3, 4)), r"\(N, T, 3\)"),
        (lambda: rnn.lstm(np.zeros((2, 5, 2)), rnn.init_params("lstm", 3, 4)), r"\(N, T, 3\)"),
        (lambda: rnn.gru(np.zeros((2, 5, 3)), rnn.init_params("gru", 3, 4), h0=np.zeros((2, 5))), "h0"),
        (lambda: rnn.lstm_cell(np.zeros((2, 3)), (np.zeros((2, 4)), np.zeros((1, 4))),
                               rnn.init_params("lstm", 3, 4)), "c must have shape"),
        (lambda: rnn.gru(np.zeros((2, 5, 3)), {"z": {}, "r": {}}), "missing"),
        (lambda: rnn.init_params("transformer", 3, 4), "cell must be"),
        (lambda: rnn.from_torch("lstm", [np.zeros((8, 3))] * 2), "4 weight arrays"),
        (lambda: rnn.from_keras("gru", [np.zeros((3, 10)), np.zeros((4, 10)), np.zeros(10)]), "multiple of 3"),
    ],
)
def test_bad_shapes_raise_clear_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()
