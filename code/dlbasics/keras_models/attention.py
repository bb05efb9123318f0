"""A small transformer encoder in Keras 3, for the attention chapter.

The layers use ``keras.ops`` only, so they run on every Keras backend.
:mod:`dlbasics.torch_models.attention` holds the same model in PyTorch, and
:mod:`dlbasics.scratch.attention` the NumPy attention it is made of.
"""

import keras
from keras import layers, ops

from .._validation import check_int
from ..scratch.attention import positional_encoding

__all__ = ["PositionalEmbedding", "TransformerBlock", "sequence_transformer"]


class PositionalEmbedding(layers.Layer):
    """Token embedding plus the fixed sinusoidal positional encoding.

    Maps integer tokens of shape (batch, length) to vectors of shape
    (batch, length, d_model): ``embedding[token] + PE[position]``, with PE
    from :func:`dlbasics.scratch.attention.positional_encoding` (not learnt).

    Parameters
    ----------
    length : int
        Sequence length.
    n_symbols : int
        Size of the vocabulary.
    d_model : int
        Size of the vectors (even).
    """

    def __init__(self, length, n_symbols, d_model, **kwargs):
        super().__init__(**kwargs)
        self.embedding = layers.Embedding(n_symbols, d_model)
        self.encoding = ops.convert_to_tensor(positional_encoding(length, d_model), dtype="float32")

    def call(self, tokens):
        """Embed `tokens` of shape (batch, length).

        Parameters
        ----------
        tokens : integer tensor of shape (batch, length)

        Returns
        -------
        tensor of shape (batch, length, d_model)
        """
        return self.embedding(tokens) + self.encoding


class TransformerBlock(layers.Layer):
    r"""Transformer encoder block: self-attention and MLP, each with a residual connection.

    Pre-norm (``norm_first=True``, the default)::

        x = x + MHA(LN(x));   x = x + MLP(LN(x))

    Post-norm (``norm_first=False``, the original transformer's)::

        x = LN(x + MHA(x));   x = LN(x + MLP(x))

    The MLP is Dense(d_ff, ReLU) then Dense(d_model). This docstring is the
    reference for the PyTorch twin, :class:`dlbasics.torch_models.TransformerBlock`,
    which differs only where the frameworks do: its masks are True where
    attention is *blocked*, and it always returns the attention weights.

    Parameters
    ----------
    d_model : int
        Size of the token vectors, kept through the block.
    num_heads : int
        Number of attention heads; each has size ``d_model // num_heads``.
    d_ff : int
        Width of the MLP's hidden layer.
    norm_first : bool, default True
        Pre-norm (True) or post-norm (False).

    Raises
    ------
    ValueError
        If a size is not an integer >= 1 or `num_heads` does not divide
        `d_model`.
    """

    def __init__(self, d_model, num_heads, d_ff, *, norm_first=True, **kwargs):
        super().__init__(**kwargs)
        d_model, num_heads = check_int("d_model", d_model), check_int("num_heads", num_heads)
        if d_model % num_heads:
            raise ValueError(f"num_heads={num_heads} must divide d_model={d_model}.")
        d_ff = check_int("d_ff", d_ff)
        self.norm_first = norm_first
        self.attention = layers.MultiHeadAttention(num_heads, d_model // num_heads)
        self.norm1 = layers.LayerNormalization(epsilon=1e-5)
        self.norm2 = layers.LayerNormalization(epsilon=1e-5)
        self.hidden = layers.Dense(d_ff, activation="relu")
        self.out = layers.Dense(d_model)

    def call(self, x, attention_mask=None, return_attention_scores=False):
        """Apply the block to `x` of shape (batch, length, d_model).

        `attention_mask` (boolean, True = may attend) has shape
        (batch, length, length). With `return_attention_scores`, also return
        the attention weights, of shape (batch, num_heads, length, length).
        """
        if self.norm_first:
            h = self.norm1(x)
            a, scores = self.attention(h, h, attention_mask=attention_mask, return_attention_scores=True)
            x = x + a
            x = x + self.out(self.hidden(self.norm2(x)))
        else:
            a, scores = self.attention(x, x, attention_mask=attention_mask, return_attention_scores=True)
            x = self.norm1(x + a)
            x = self.norm2(x + self.out(self.hidden(x)))
        return (x, scores) if return_attention_scores else x


def sequence_transformer(length, n_symbols, *, d_model=32, num_heads=2, d_ff=64, num_blocks=1, norm_first=True):
    """A transformer encoder that outputs one symbol per position.

    Tokens -> :class:`~dlbasics.keras_models.PositionalEmbedding` -> `num_blocks` x
    :class:`~dlbasics.keras_models.TransformerBlock` -> (final layer normalisation when pre-norm) ->
    Dense(n_symbols). Used in the attention chapter to reverse sequences.

    Parameters
    ----------
    length : int
        Sequence length.
    n_symbols : int
        Vocabulary size (inputs and outputs).
    d_model, num_heads, d_ff, num_blocks, norm_first
        Sizes of the blocks; see :class:`~dlbasics.keras_models.TransformerBlock`.

    Returns
    -------
    model : keras.Model
        Tokens (batch, length) -> logits (batch, length, n_symbols).
    attention_model : keras.Model
        Same layers; tokens -> a list of the attention weights of each block,
        of shape (batch, num_heads, length, length) (a single array when
        `num_blocks` is 1).

    Notes
    -----
    The PyTorch twin :func:`dlbasics.torch_models.sequence_transformer`
    returns one module instead of two models: a PyTorch module can return
    the attention weights on request (``return_attention=True``), whereas a
    Keras model has fixed outputs.
    """
    num_blocks = check_int("num_blocks", num_blocks)
    tokens = keras.Input((length,), dtype="int32")
    x = PositionalEmbedding(length, n_symbols, d_model)(tokens)
    scores = []
    for _ in range(num_blocks):
        x, block_scores = TransformerBlock(d_model, num_heads, d_ff, norm_first=norm_first)(
            x, return_attention_scores=True
        )
        scores.append(block_scores)
    if norm_first:
        x = layers.LayerNormalization(epsilon=1e-5)(x)
    logits = layers.Dense(n_symbols)(x)
    model = keras.Model(tokens, logits)
    attention_model = keras.Model(tokens, scores[0] if num_blocks == 1 else scores)
    return model, attention_model
