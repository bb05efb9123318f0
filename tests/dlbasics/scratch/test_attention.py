"""Tests of dlbasics.scratch.attention against PyTorch and Keras."""

import numpy as np
import pytest

from dlbasics.scratch import attention as att

RNG = np.random.default_rng(0)

# (batch, heads, n_queries, n_keys, d, d_value)
SHAPES = [(2, 3, 5, 5, 8, 8), (1, 2, 4, 7, 6, 3), (3, 1, 1, 6, 4, 5)]


def _qkv(batch, heads, n_q, n_k, d, d_v, seed=0):
    rng = np.random.default_rng(seed)
    return (
        rng.standard_normal((batch, heads, n_q, d)),
        rng.standard_normal((batch, heads, n_k, d)),
        rng.standard_normal((batch, heads, n_k, d_v)),
    )


def _torch_sdpa(q, k, v, mask=None):
    import torch
    t = [torch.tensor(x, dtype=torch.float64) for x in (q, k, v)]
    if mask is not None:
        mask = torch.tensor(mask)
    return torch.nn.functional.scaled_dot_product_attention(*t, attn_mask=mask).numpy()


# --- scaled dot-product attention ------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
def test_sdpa_equals_torch_without_mask(shape, torch):
    q, k, v = _qkv(*shape)
    out, weights = att.scaled_dot_product_attention(q, k, v)
    np.testing.assert_allclose(out, _torch_sdpa(q, k, v), rtol=1e-10, atol=1e-12)
    assert weights.shape == shape[:2] + shape[2:4]
    np.testing.assert_allclose(weights.sum(axis=-1), 1.0)


@pytest.mark.parametrize("shape", [s for s in SHAPES if s[2] == s[3]])
def test_sdpa_equals_torch_with_causal_mask(shape, torch):
    q, k, v = _qkv(*shape)
    mask = att.causal_mask(shape[2])
    out, weights = att.scaled_dot_product_attention(q, k, v, mask=mask)
    np.testing.assert_allclose(out, _torch_sdpa(q, k, v, mask), rtol=1e-10, atol=1e-12)
    t = [torch.tensor(x) for x in (q, k, v)]
    np.testing.assert_allclose(out, torch.nn.functional.scaled_dot_product_attention(*t, is_causal=True).numpy(),
                               rtol=1e-10, atol=1e-12)
    assert np.all(weights[..., ~mask] == 0.0)


@pytest.mark.parametrize("shape", SHAPES)
def test_sdpa_equals_torch_with_padding_mask(shape, torch):
    batch, _, _, n_k, _, _ = shape
    q, k, v = _qkv(*shape)
    lengths = RNG.integers(1, n_k + 1, size=batch)
    mask = att.padding_mask(lengths, n_k)[:, None, None, :]
    out, weights = att.scaled_dot_product_attention(q, k, v, mask=mask)
    np.testing.assert_allclose(out, _torch_sdpa(q, k, v, mask), rtol=1e-10, atol=1e-12)
    for b, length in enumerate(lengths):
        assert np.all(weights[b, ..., length:] == 0.0)
    np.testing.assert_allclose(weights.sum(axis=-1), 1.0)


def test_sdpa_combined_causal_and_padding_masks_equal_torch(torch):
    q, k, v = _qkv(2, 4, 6, 6, 8, 8)
    mask = att.causal_mask(6) & att.padding_mask([4, 6], 6)[:, None, None, :]
    out, _ = att.scaled_dot_product_attention(q, k, v, mask=mask)
    np.testing.assert_allclose(out, _torch_sdpa(q, k, v, mask), rtol=1e-10, atol=1e-12)


def test_sdpa_additive_mask_equals_boolean_mask_and_torch(torch):
    q, k, v = _qkv(2, 2, 5, 5, 4, 4)
    boolean = att.causal_mask(5)
    additive = np.where(boolean, 0.0, -np.inf)
    out_bool, _ = att.scaled_dot_product_attention(q, k, v, mask=boolean)
    out_add, _ = att.scaled_dot_product_attention(q, k, v, mask=additive)
    np.testing.assert_array_equal(out_bool, out_add)
    bias = RNG.standard_normal((5, 5))  # a finite additive mask (a bias on the scores)
    out_bias, _ = att.scaled_dot_product_attention(q, k, v, mask=bias)
    np.testing.assert_allclose(out_bias, _torch_sdpa(q, k, v, bias), rtol=1e-10, atol=1e-12)


def test_sdpa_equals_keras_dot_product_attention(keras):
    q, k, v = _qkv(2, 3, 5, 5, 8, 8)
    mask = att.causal_mask(5) & att.padding_mask([3, 5], 5)[:, None, None, :]
    out, _ = att.scaled_dot_product_attention(q, k, v, mask=mask)

    def layout(x):
        return np.swapaxes(x, 1, 2).astype("float32")

    ours = keras.ops.dot_product_attention(layout(q), layout(k), layout(v), mask=mask)
    np.testing.assert_allclose(np.swapaxes(keras.ops.convert_to_numpy(ours), 1, 2), out, atol=1e-5)


def test_sdpa_without_batch_axes_and_with_broadcast_key():
    q = RNG.standard_normal((4, 3))
    k, v = RNG.standard_normal((6, 3)), RNG.standard_normal((6, 2))
    out, weights = att.scaled_dot_product_attention(q, k, v)
    scores = q @ k.T / np.sqrt(3)
    expected = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(weights, expected)
    np.testing.assert_allclose(out, expected @ v)
    batched, _ = att.scaled_dot_product_attention(np.stack([q, q]), k, v)  # keys shared by the batch
    np.testing.assert_allclose(batched, np.stack([out, out]))


def test_sdpa_is_stable_for_large_scores():
    q = np.array([[1000.0, 0.0]])
    k = np.array([[1.0, 0.0], [-1.0, 0.0]])
    out, weights = att.scaled_dot_product_attention(q, k, [[1.0], [2.0]])
    assert np.all(np.isfinite(out))
    np.testing.assert_allclose(weights, [[1.0, 0.0]])


@pytest.mark.parametrize(
    ("q", "k", "v", "mask", "message"),
    [
        (np.zeros(3), np.zeros((2, 3)), np.zeros((2, 3)), None, "at least 2 dimensions"),
        (np.zeros((2, 3)), np.zeros((2, 4)), np.zeros((2, 3)), None, "same feature size"),
        (np.zeros((2, 3)), np.zeros((2, 3)), np.zeros((5, 3)), None, "same number of rows"),
        (np.zeros((2, 2, 3)), np.zeros((3, 2, 3)), np.zeros((3, 2, 3)), None, "do not broadcast"),
        (np.zeros((2, 3)), np.zeros((2, 3)), np.zeros((2, 3)), np.ones((3, 3), bool), "does not broadcast"),
        (np.zeros((2, 3)), np.zeros((2, 3)), np.zeros((2, 3)), np.array([[True, True], [False, False]]), "blocks every key"),
        (np.zeros((2, 3)), np.zeros((2, 3)), np.zeros((2, 3)), np.array([["a", "b"], ["c", "d"]]), "boolean or numeric"),
        ([["x"]], np.zeros((1, 1)), np.zeros((1, 1)), None, "must hold numbers"),
    ],
)
def test_sdpa_rejects_bad_inputs(q, k, v, mask, message):
    with pytest.raises(ValueError, match=message):
        att.scaled_dot_product_attention(q, k, v, mask=mask)


# --- masks -----------------------------------------------------------------------


def test_causal_mask():
    mask = att.causal_mask(4)
    assert mask.shape == (4, 4) and mask.dtype == bool
    np.testing.assert_array_equal(mask, np.tril(np.ones((4, 4), bool)))


def test_padding_mask():
    mask = att.padding_mask(np.array([1, 3, 4]), 4)
    np.testing.assert_array_equal(mask.astype(int), [[1, 0, 0, 0], [1, 1, 1, 0], [1, 1, 1, 1]])


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: att.causal_mask(0), "integer >= 1"),
        (lambda: att.causal_mask(2.5), "integer >= 1"),
        (lambda: att.padding_mask([0, 2], 3), "from 1 to 3"),
        (lambda: att.padding_mask([4], 3), "from 1 to 3"),
        (lambda: att.padding_mask([[1, 2]], 3), "1-D array of integers"),
        (lambda: att.padding_mask([1.5], 3), "1-D array of integers"),
    ],
)
def test_masks_reject_bad_arguments(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --- heads -----------------------------------------------------------------------


def test_split_and_merge_heads_are_inverse():
    x = RNG.standard_normal((2, 5, 12))
    heads = att.split_heads(x, 3)
    assert heads.shape == (2, 3, 5, 4)
    np.testing.assert_array_equal(heads[:, 1], x[:, :, 4:8])
    np.testing.assert_array_equal(att.merge_heads(heads), x)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: att.split_heads(np.zeros((2, 5, 10)), 3), "divisible by num_heads=3"),
        (lambda: att.split_heads(np.zeros((5, 10)), 2), r"shape \(batch, length"),
        (lambda: att.split_heads(np.zeros((2, 5, 10)), 0), "integer >= 1"),
        (lambda: att.merge_heads(np.zeros((2, 5, 10))), "num_heads, length, head_dim"),
    ],
)
def test_heads_reject_bad_shapes(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --- multi-head attention ------------------------------------------------------------


def _keras_mha(weights, num_heads, head_dim, query, key, value, mask=None):
    import keras
    layer = keras.layers.MultiHeadAttention(num_heads=num_heads, key_dim=head_dim)
    query, key, value = (x.astype("float32") for x in (query, key, value))
    layer(query, value, key=key)
    layer.set_weights(att.to_keras_mha_weights(weights, num_heads))
    out, scores = layer(query, value, key=key, attention_mask=mask, return_attention_scores=True)
    return keras.ops.convert_to_numpy(out), keras.ops.convert_to_numpy(scores), layer.count_params()


@pytest.mark.parametrize(("d_model", "num_heads", "n_q", "n_k"), [(8, 2, 5, 5), (12, 3, 4, 6), (6, 1, 3, 3)])
def test_mha_equals_keras_with_copied_weights(d_model, num_heads, n_q, n_k, keras):
    weights = att.random_mha_weights(d_model, num_heads, seed=1)
    rng = np.random.default_rng(2)
    query, key, value = rng.standard_normal((2, n_q, d_model)), rng.standard_normal((2, n_k, d_model)), rng.standard_normal((2, n_k, d_model))
    out, attention = att.multi_head_attention(query, key, value, weights, num_heads=num_heads)
    out_keras, scores, n_params = _keras_mha(weights, num_heads, d_model // num_heads, query, key, value)
    np.testing.assert_allclose(out_keras, out, atol=2e-5)
    np.testing.assert_allclose(scores, attention, atol=2e-6)
    assert n_params == sum(w.size for w in weights.values()) == 4 * d_model**2 + 4 * d_model


def test_mha_equals_keras_with_attention_mask(keras):
    weights = att.random_mha_weights(8, 2, seed=3)
    x = np.random.default_rng(4).standard_normal((2, 5, 8))
    mask = att.causal_mask(5)[None] & att.padding_mask([3, 5], 5)[:, None, :]  # (batch, 5, 5), as Keras
    out, attention = att.multi_head_attention(x, x, x, weights, num_heads=2, mask=mask)
    out_keras, scores, _ = _keras_mha(weights, 2, 4, x, x, x, mask=mask)
    np.testing.assert_allclose(out_keras, out, atol=2e-5)
    np.testing.assert_allclose(scores, attention, atol=2e-6)


def test_mha_with_other_head_size_equals_keras(keras):
    weights = att.random_mha_weights(6, 2, head_dim=5, seed=5)
    assert weights["w_q"].shape == (6, 10) and weights["w_o"].shape == (10, 6)
    x = np.random.default_rng(6).standard_normal((1, 4, 6))
    out, _ = att.multi_head_attention(x, x, x, weights, num_heads=2)
    out_keras, _, _ = _keras_mha(weights, 2, 5, x, x, x)
    np.testing.assert_allclose(out_keras, out, atol=2e-5)


@pytest.mark.parametrize(("d_model", "num_heads"), [(8, 2), (12, 4), (5, 1)])
def test_mha_equals_torch_with_copied_weights(d_model, num_heads, torch):
    weights = att.random_mha_weights(d_model, num_heads, seed=7)
    rng = np.random.default_rng(8)
    query, key = rng.standard_normal((3, 4, d_model)), rng.standard_normal((3, 6, d_model))
    value = rng.standard_normal((3, 6, d_model))
    out, attention = att.multi_head_attention(query, key, value, weights, num_heads=num_heads)

    layer = torch.nn.MultiheadAttention(d_model, num_heads, batch_first=True).double()
    state = att.to_torch_mha_state(weights)
    layer.load_state_dict({name: torch.from_numpy(value).double() for name, value in state.items()})
    with torch.no_grad():
        out_t, attention_t = layer(*(torch.from_numpy(x) for x in (query, key, value)), average_attn_weights=False)
    np.testing.assert_allclose(out_t.numpy(), out, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(attention_t.numpy(), attention, rtol=1e-6, atol=1e-7)
    assert sum(p.numel() for p in layer.parameters()) == 4 * d_model**2 + 4 * d_model


def test_mha_equals_torch_with_masks_of_the_opposite_convention(torch):
    weights = att.random_mha_weights(8, 2, seed=9)
    x = np.random.default_rng(10).standard_normal((2, 5, 8))
    causal, padding = att.causal_mask(5), att.padding_mask([3, 5], 5)
    out, attention = att.multi_head_attention(x, x, x, weights, num_heads=2, mask=causal & padding[:, None, None, :])

    layer = torch.nn.MultiheadAttention(8, 2, batch_first=True).double()
    layer.load_state_dict({n: torch.from_numpy(v).double() for n, v in att.to_torch_mha_state(weights).items()})
    xt = torch.from_numpy(x)
    with torch.no_grad():  # PyTorch's boolean masks are True where attention is blocked
        out_t, attention_t = layer(xt, xt, xt, attn_mask=torch.from_numpy(~causal),
                                   key_padding_mask=torch.from_numpy(~padding), average_attn_weights=False)
    np.testing.assert_allclose(out_t.numpy(), out, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(attention_t.numpy(), attention, atol=1e-7)


def test_mha_is_permutation_equivariant():
    weights = att.random_mha_weights(8, 2, seed=11)
    x = np.random.default_rng(12).standard_normal((1, 6, 8))
    perm = np.random.default_rng(13).permutation(6)
    out, _ = att.multi_head_attention(x, x, x, weights, num_heads=2)
    out_perm, _ = att.multi_head_attention(x[:, perm], x[:, perm], x[:, perm], weights, num_heads=2)
    np.testing.assert_allclose(out_perm, out[:, perm], atol=1e-12)


def _weights_without(name):
    weights = att.random_mha_weights(8, 2)
    del weights[name]
    return weights


def _weights_with(name, shape, **others):
    weights = att.random_mha_weights(8, 2)
    weights[name] = np.zeros(shape)
    weights.update({key: np.zeros(value) for key, value in others.items()})
    return weights


@pytest.mark.parametrize(
    ("x_shape", "weights", "num_heads", "message"),
    [
        ((2, 5, 8), _weights_without("b_k"), 2, r"lacks \['b_k'\]"),
        ((2, 5, 8), _weights_with("w_q", (7, 8)), 2, r"weights\['w_q'\] must have shape \(8, "),
        ((2, 5, 8), _weights_with("b_v", (3,)), 2, r"weights\['b_v'\] must have shape \(8,\)"),
        ((2, 5, 8), _weights_with("w_k", (8, 6), b_k=(6,)), 2, "same width"),
        ((2, 5, 8), att.random_mha_weights(8, 2), 3, "not a multiple of num_heads=3"),
        ((2, 5, 8), _weights_with("w_o", (6, 8)), 2, r"weights\['w_o'\] must have shape \(8, d_out\)"),
        ((2, 5, 8), _weights_with("b_o", (3,)), 2, r"weights\['b_o'\] must have shape \(8,\)"),
        ((5, 8), att.random_mha_weights(8, 2), 2, "at least 3 dimensions"),
        ((1, 2, 5, 8), att.random_mha_weights(8, 2), 2, r"shape \(batch, length, features\)"),
    ],
)
def test_mha_rejects_bad_shapes(x_shape, weights, num_heads, message):
    x = np.zeros(x_shape)
    with pytest.raises(ValueError, match=message):
        att.multi_head_attention(x, x, x, weights, num_heads=num_heads)


def test_mha_rejects_mismatched_batches_and_lengths():
    weights = att.random_mha_weights(8, 2)
    with pytest.raises(ValueError, match="same batch size"):
        att.multi_head_attention(np.zeros((2, 3, 8)), np.zeros((3, 3, 8)), np.zeros((3, 3, 8)), weights, num_heads=2)
    with pytest.raises(ValueError, match="same length"):
        att.multi_head_attention(np.zeros((2, 3, 8)), np.zeros((2, 4, 8)), np.zeros((2, 5, 8)), weights, num_heads=2)


def test_weight_conversions_check_their_input():
    with pytest.raises(ValueError, match="divide d_model"):
        att.random_mha_weights(10, 3)
    with pytest.raises(ValueError, match=r"projection of shape \(6, 6\)"):
        att.to_torch_mha_state(att.random_mha_weights(6, 2, head_dim=5))
    with pytest.raises(ValueError, match="lacks"):
        att.to_keras_mha_weights({"w_q": np.zeros((2, 2))}, 1)
    shapes = [w.shape for w in att.to_keras_mha_weights(att.random_mha_weights(8, 2), 2)]
    assert shapes == [(8, 2, 4), (2, 4)] * 3 + [(2, 4, 8), (8,)]


# --- positional encoding ---------------------------------------------------------------


def test_positional_encoding_shape_range_and_first_row():
    pe = att.positional_encoding(50, 16)
    assert pe.shape == (50, 16)
    assert np.all(np.abs(pe) <= 1.0)
    np.testing.assert_array_equal(pe[0], np.tile([0.0, 1.0], 8))


@pytest.mark.parametrize("position", [1, 5, 37])
def test_positional_encoding_closed_form(position):
    d = 16
    pe = att.positional_encoding(40, d)
    for i in (0, 1, 3, 7):
        angle = position / 10000 ** (2 * i / d)
        assert pe[position, 2 * i] == pytest.approx(np.sin(angle))
        assert pe[position, 2 * i + 1] == pytest.approx(np.cos(angle))
    assert pe[1, 0] == pytest.approx(np.sin(1.0))  # the fastest pair turns one radian per position


def test_positional_encoding_rows_differ_and_shift_is_a_rotation():
    pe = att.positional_encoding(64, 32)
    distances = np.linalg.norm(pe[:, None] - pe[None], axis=-1)
    assert np.all(distances[~np.eye(64, dtype=bool)] > 1e-3)
    # Each (sin, cos) pair has norm 1, so every row has norm sqrt(d / 2) ...
    np.testing.assert_allclose(np.linalg.norm(pe, axis=1), np.sqrt(16))
    # ... and the dot product of two rows depends only on their offset.
    gram = pe @ pe.T
    np.testing.assert_allclose(np.diagonal(gram, 3), gram[0, 3])


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [((10, 7), {}, "even"), ((0, 8), {}, "integer >= 1"), ((10, 8), {"base": 1.0}, "number > 1"), ((10, -2), {}, "integer >= 1")],
)
def test_positional_encoding_rejects_bad_arguments(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        att.positional_encoding(*args, **kwargs)
