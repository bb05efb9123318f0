"""A small transformer encoder in PyTorch, for the attention chapter.

Importing this module imports PyTorch. :mod:`dlbasics.keras_attention`
holds the same model in Keras.
"""

import torch
from torch import nn

from .scratch.attention import positional_encoding

__all__ = ["SequenceTransformer", "TransformerBlock"]


class TransformerBlock(nn.Module):
    r"""Transformer encoder block: self-attention and MLP, each with a residual connection.

    Pre-norm (``norm_first=True``, the default)::

        x = x + MHA(LN(x));   x = x + MLP(LN(x))

    Post-norm (``norm_first=False``, the original transformer's)::

        x = LN(x + MHA(x));   x = LN(x + MLP(x))

    Unlike :class:`torch.nn.TransformerEncoderLayer`, it returns the
    attention weights, so that the chapter can draw them.

    Parameters
    ----------
    d_model : int
        Size of the token vectors, kept through the block.
    num_heads : int
        Number of attention heads; each has size ``d_model // num_heads``.
    d_ff : int
        Width of the MLP's hidden layer (ReLU).
    norm_first : bool, default True
        Pre-norm (True) or post-norm (False).
    """

    def __init__(self, d_model, num_heads, d_ff, *, norm_first=True):
        super().__init__()
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
    `num_blocks` x :class:`TransformerBlock` -> (final layer normalisation
    when pre-norm) -> Linear(n_symbols). Used in the attention chapter to
    reverse sequences.

    Parameters
    ----------
    length : int
        Sequence length.
    n_symbols : int
        Vocabulary size (inputs and outputs).
    d_model, num_heads, d_ff, num_blocks, norm_first
        Sizes of the blocks; see :class:`TransformerBlock`.
    """

    def __init__(self, length, n_symbols, *, d_model=32, num_heads=2, d_ff=64, num_blocks=1, norm_first=True):
        super().__init__()
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
