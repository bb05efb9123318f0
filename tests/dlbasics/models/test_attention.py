"""Tests of the transformer builders: dlbasics.keras_models.attention and dlbasics.torch_models.attention."""

import numpy as np
import pytest

from dlbasics.scratch.attention import causal_mask, positional_encoding

TOKENS = np.random.default_rng(0).integers(0, 10, size=(3, 8))


@pytest.mark.parametrize("norm_first", [True, False])
@pytest.mark.parametrize("num_blocks", [1, 2])
def test_keras_sequence_transformer_shapes(keras, keras_models, norm_first, num_blocks):
    model, attention_model = keras_models.sequence_transformer(
        8, 10, d_model=16, num_heads=4, d_ff=32, num_blocks=num_blocks, norm_first=norm_first)
    logits = keras.ops.convert_to_numpy(model(TOKENS))
    assert logits.shape == (3, 8, 10)
    weights = attention_model(TOKENS)
    weights = [weights] if num_blocks == 1 else weights
    assert len(weights) == num_blocks
    for w in weights:
        w = keras.ops.convert_to_numpy(w)
        assert w.shape == (3, 4, 8, 8)
        np.testing.assert_allclose(w.sum(axis=-1), 1.0, rtol=1e-5)


@pytest.mark.parametrize("norm_first", [True, False])
@pytest.mark.parametrize("num_blocks", [1, 2])
def test_torch_sequence_transformer_shapes(torch, torch_models, norm_first, num_blocks):
    model = torch_models.SequenceTransformer(8, 10, d_model=16, num_heads=4, d_ff=32,
                                                num_blocks=num_blocks, norm_first=norm_first)
    logits, weights = model(torch.from_numpy(TOKENS), return_attention=True)
    assert logits.shape == (3, 8, 10)
    assert len(weights) == num_blocks
    for w in weights:
        assert w.shape == (3, 4, 8, 8)
        np.testing.assert_allclose(w.sum(dim=-1).detach().numpy(), 1.0, rtol=1e-5)
    assert model(torch.from_numpy(TOKENS)).shape == (3, 8, 10)


@pytest.mark.parametrize(("d_model", "num_heads", "d_ff", "expected"), [(32, 2, 64, 9258), (16, 4, 32, 2586)])
def test_both_frameworks_have_the_same_parameter_count(keras_models, torch_models, n_torch, d_model, num_heads, d_ff,
                                                       expected):
    model, _ = keras_models.sequence_transformer(8, 10, d_model=d_model, num_heads=num_heads, d_ff=d_ff)
    torch_model = torch_models.SequenceTransformer(8, 10, d_model=d_model, num_heads=num_heads, d_ff=d_ff)
    assert model.count_params() == n_torch(torch_model) == expected
    # embedding + block (4d^2 + 4d + 2 * 2d + MLP) + final norm + head
    block = 4 * d_model**2 + 4 * d_model + 4 * d_model + 2 * d_model * d_ff + d_ff + d_model
    assert expected == 10 * d_model + block + 2 * d_model + d_model * 10 + 10


def test_positional_encoding_is_fixed_and_added(keras, keras_models, torch_models):
    model = torch_models.SequenceTransformer(8, 10, d_model=16, num_heads=2, d_ff=32)
    assert "encoding" not in dict(model.named_parameters())
    np.testing.assert_allclose(model.encoding.numpy(), positional_encoding(8, 16), rtol=1e-6)
    layer = keras_models.PositionalEmbedding(8, 10, 16)
    out = keras.ops.convert_to_numpy(layer(TOKENS))
    table = layer.embedding.embeddings.numpy()
    np.testing.assert_allclose(out, table[TOKENS] + positional_encoding(8, 16), rtol=1e-5, atol=1e-6)
    assert len(layer.trainable_weights) == 1


def test_blocks_respect_a_causal_mask(keras, keras_models, torch, torch_models):
    x = np.random.default_rng(1).standard_normal((2, 6, 16)).astype("float32")
    allowed = causal_mask(6)
    block = torch_models.TransformerBlock(16, 2, 32)
    _, weights = block(torch.from_numpy(x), attn_mask=torch.from_numpy(~allowed))  # PyTorch: True = blocked
    assert torch.all(weights[..., ~torch.from_numpy(allowed)] == 0)
    keras_block = keras_models.TransformerBlock(16, 2, 32)
    _, scores = keras_block(x, attention_mask=np.broadcast_to(allowed, (2, 6, 6)), return_attention_scores=True)
    assert np.all(keras.ops.convert_to_numpy(scores)[..., ~allowed] == 0)


def test_keras_block_rejects_heads_that_do_not_divide(keras_models):
    with pytest.raises(ValueError, match="must divide d_model"):
        keras_models.TransformerBlock(10, 3, 16)


@pytest.mark.parametrize(("args", "match"), [((10, 3, 16), "num_heads=3 must divide d_model=10"),
                                             ((0, 2, 16), "d_model must be an integer >= 1; got 0"),
                                             ((16, 2, 0), "d_ff must be an integer >= 1; got 0")])
def test_twin_blocks_raise_the_same_message(keras_models, torch_models, args, match):
    for models in (keras_models, torch_models):
        with pytest.raises(ValueError, match=match):
            models.TransformerBlock(*args)


@pytest.mark.parametrize("norm_first", [True, False])
def test_torch_builder_is_the_module_class(torch, torch_models, norm_first):
    torch.manual_seed(0)
    built = torch_models.sequence_transformer(8, 10, d_model=16, num_heads=4, d_ff=32, num_blocks=2,
                                              norm_first=norm_first)
    torch.manual_seed(0)
    module = torch_models.SequenceTransformer(8, 10, d_model=16, num_heads=4, d_ff=32, num_blocks=2,
                                              norm_first=norm_first)
    assert isinstance(built, torch_models.SequenceTransformer)
    assert repr(built) == repr(module)
    state, expected = built.state_dict(), module.state_dict()
    assert list(state) == list(expected) and all(torch.equal(state[k], expected[k]) for k in state)


def test_a_tiny_transformer_learns_to_reverse(torch, torch_models):
    """A few epochs of the chapter's training reach a high accuracy in PyTorch."""
    from dlbasics import datasets

    torch.manual_seed(0)
    x, y = datasets.make_reversal_task(3000, length=5, seed=1)
    model = torch_models.SequenceTransformer(5, 10, d_model=32, num_heads=2, d_ff=64)
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    inputs, targets = torch.from_numpy(x), torch.from_numpy(y)
    for _ in range(6):
        for batch in torch.randperm(len(inputs)).split(128):
            loss = torch.nn.functional.cross_entropy(model(inputs[batch]).reshape(-1, 10), targets[batch].reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    x_test, y_test = datasets.make_reversal_task(500, length=5, seed=2)
    with torch.no_grad():
        accuracy = (model(torch.from_numpy(x_test)).argmax(-1).numpy() == y_test).mean()
    assert accuracy > 0.9
