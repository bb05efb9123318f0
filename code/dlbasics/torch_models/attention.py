"""A small transformer encoder in PyTorch, for the attention chapter.

:mod:`dlbasics.keras_models.attention` holds the same model in Keras, and
:mod:`dlbasics.scratch.attention` the NumPy attention it is made of.
"""

import torch
from torch import nn

from .._validation import check_int
from ..scratch.attention import positional_encoding

__all__ = ["SequenceTransformer", "TransformerBlock", "sequence_transformer"]


class TransformerBlock(nn.Module):
    """Transformer encoder block, the twin of :class:`dlbasics.keras_models.TransformerBlock`.

    See the Keras twin for the pre-norm and post-norm formulas and the
    parameters (same names, same meaning, same checks). Intended
    differences: the masks follow :class:`torch.nn.MultiheadAttention` (True
    where attention is *blocked*), and :meth:`~dlbasics.torch_models.TransformerBlock.forward` always returns the
    attention weights with the output (which
    :class:`torch.nn.TransformerEncoderLayer` does not), so that the chapter
    can draw them. Chapter 8 (attention) shows its
    :meth:`~dlbasics.torch_models.TransformerBlock.forward` beside the
    Keras twin's ``call``.

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

    def __init__(self, d_model, num_heads, d_ff, *, norm_first=True):
        super().__init__()
        d_model, num_heads = check_int("d_model", d_model), check_int("num_heads", num_heads)
        if d_model % num_heads:
            raise ValueError(f"num_heads={num_heads} must divide d_model={d_model}.")
        d_ff = check_int("d_ff", d_ff)
        self.norm_first = norm_first
        self.attention = nn.MultiheadAttention(d_model, num_heads, batch_first=True)
        self.norm1 = nn.LayerNorm(d_model)
        self.norm2 = nn.LayerNorm(d_model)
        self.mlp = nn.Sequential(nn.Linear(d_model, d_ff), nn.ReLU(), nn.Linear(d_ff, d_model))

    def _attend(self, x, attn_mask, key_padding_mask):
        return self.attention(
            x, x, x,
            attn_mask=attn_mask,
            key_padding_mask=key_padding_mask,
            need_weights=True,
            average_attn_weights=False,
        )

    def forward(self, x, attn_mask=None, key_padding_mask=None):
        """Apply the block to `x` of shape (batch, length, d_model).

        The masks follow :class:`torch.nn.MultiheadAttention`: boolean masks
        are True where attention is *blocked*; `attn_mask` has shape
        (length, length), `key_padding_mask` (batch, length).

        Returns
        -------
        y : torch.Tensor of shape (batch, length, d_model)
        weights : torch.Tensor of shape (batch, num_heads, length, length)
        """
        if self.norm_first:
            a, weights = self._attend(self.norm1(x), attn_mask, key_padding_mask)
            x = x + a
            x = x + self.mlp(self.norm2(x))
        else:
            a, weights = self._attend(x, attn_mask, key_padding_mask)
            x = self.norm1(x + a)
            x = self.norm2(x + self.mlp(x))
        return x, weights


class SequenceTransformer(nn.Module):
    """A transformer encoder that outputs one symbol per position.

    Tokens -> embedding + sinusoidal positional encoding (a fixed buffer) ->
    `num_blocks` x :class:`~dlbasics.torch_models.TransformerBlock` -> (final layer normalisation
    when pre-norm) -> Linear(n_symbols). Used in the attention chapter to
    reverse sequences.

    Parameters
    ----------
    length : int
        Sequence length.
    n_symbols : int
        Vocabulary size (inputs and outputs).
    d_model, num_heads, d_ff, num_blocks, norm_first
        Sizes of the blocks; see :class:`~dlbasics.torch_models.TransformerBlock`.
    """

    def __init__(self, length, n_symbols, *, d_model=32, num_heads=2, d_ff=64, num_blocks=1, norm_first=True):
        super().__init__()
        num_blocks = check_int("num_blocks", num_blocks)
        self.embedding = nn.Embedding(n_symbols, d_model)
        encoding = torch.as_tensor(positional_encoding(length, d_model), dtype=torch.float32)
        self.register_buffer("encoding", encoding)
        self.blocks = nn.ModuleList(
            TransformerBlock(d_model, num_heads, d_ff, norm_first=norm_first) for _ in range(num_blocks)
        )
        self.norm = nn.LayerNorm(d_model) if norm_first else nn.Identity()
        self.head = nn.Linear(d_model, n_symbols)

    def forward(self, tokens, return_attention=False):
        """Logits of shape (batch, length, n_symbols) for tokens (batch, length).

        With `return_attention`, also return the list of each block's
        attention weights, of shape (batch, num_heads, length, length).
        """
        x = self.embedding(tokens) + self.encoding
        weights = []
        for block in self.blocks:
            x, block_weights = block(x)
            weights.append(block_weights)
        logits = self.head(self.norm(x))
        return (logits, weights) if return_attention else logits


def sequence_transformer(length, n_symbols, *, d_model=32, num_heads=2, d_ff=64, num_blocks=1, norm_first=True):
    """A :class:`~dlbasics.torch_models.SequenceTransformer`: the twin of :func:`dlbasics.keras_models.sequence_transformer`.

    Same arguments and layers (and the same parameter count) as the Keras
    builder, which returns two models, the logits and the attention weights;
    this returns one module, whose ``forward(tokens, return_attention=True)``
    gives both. Chapter 8 (attention) trains it to reverse sequences.

    Parameters
    ----------
    length : int
        Sequence length.
    n_symbols : int
        Vocabulary size (inputs and outputs).
    d_model, num_heads, d_ff, num_blocks, norm_first
        Sizes of the blocks; see :class:`~dlbasics.torch_models.TransformerBlock`.

    Returns
    -------
    SequenceTransformer
        Tokens (batch, length) -> logits (batch, length, n_symbols).
    """
    return SequenceTransformer(length, n_symbols, d_model=d_model, num_heads=num_heads, d_ff=d_ff,
                               num_blocks=num_blocks, norm_first=norm_first)
