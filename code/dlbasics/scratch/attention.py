r"""Attention in NumPy: the reference code of the attention chapter.

Scaled dot-product attention of queries :math:`Q`, keys :math:`K` and values
:math:`V`,

.. math::

   \operatorname{Attention}(Q, K, V) =
   \operatorname{softmax}\!\left(\frac{Q K^\top}{\sqrt{d}} + M\right) V ,

where the softmax runs over the keys and :math:`M` is an optional mask
(0 where a query may look at a key, :math:`-\infty` where it may not).
Multi-head attention runs it on several learnt projections of the inputs at
once, and the sinusoidal positional encoding tells the model where each
token sits.

Shapes follow PyTorch's convention: ``(batch, heads, length, d)``, the last
two axes being the sequence and the features; any leading axes (batch,
heads, or none) are allowed and broadcast. Boolean masks are True where
attention is *allowed*, as in :func:`torch.nn.functional.scaled_dot_product_attention`
and Keras (but not in :class:`torch.nn.MultiheadAttention`, whose boolean
masks are True where attention is *blocked*).

Weights of multi-head attention, the layout used here
-----------------------------------------------------

A dict of NumPy arrays; inputs are rows (``x @ w + b``, as in Keras), and
the columns of head :math:`h` are ``h * head_dim : (h + 1) * head_dim``:

===========  ======================================  ==================
key          shape                                   role
===========  ======================================  ==================
``"w_q"``    ``(d_query, num_heads * head_dim)``     query projection
``"b_q"``    ``(num_heads * head_dim,)``             its bias
``"w_k"``    ``(d_key, num_heads * head_dim)``       key projection
``"b_k"``    ``(num_heads * head_dim,)``             its bias
``"w_v"``    ``(d_value, num_heads * value_dim)``    value projection
``"b_v"``    ``(num_heads * value_dim,)``            its bias
``"w_o"``    ``(num_heads * value_dim, d_out)``      output projection
``"b_o"``    ``(d_out,)``                            its bias
===========  ======================================  ==================

:func:`~dlbasics.scratch.attention.to_keras_mha_weights` and :func:`~dlbasics.scratch.attention.to_torch_mha_state` convert it to
what :class:`keras.layers.MultiHeadAttention` and
:class:`torch.nn.MultiheadAttention` store.
"""

import numpy as np

from .._validation import check_int, check_real

__all__ = [
    "causal_mask",
    "merge_heads",
    "multi_head_attention",
    "padding_mask",
    "positional_encoding",
    "random_mha_weights",
    "scaled_dot_product_attention",
    "split_heads",
    "to_keras_mha_weights",
    "to_torch_mha_state",
]

_MHA_KEYS = ("w_q", "b_q", "w_k", "b_k", "w_v", "b_v", "w_o", "b_o")


def _float_array(name, values, min_ndim):
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must hold numbers; got {values!r}.") from None
    if arr.ndim < min_ndim:
        raise ValueError(
            f"{name} must have at least {min_ndim} dimensions (..., length, features); "
            f"got shape {arr.shape}."
        )
    return arr


def _softmax(scores):
    """Softmax over the last axis, stable (the row maximum is subtracted)."""
    shifted = scores - np.max(scores, axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / np.sum(exp, axis=-1, keepdims=True)


def _mask_as_bias(mask, scores_shape):
    """Turn a boolean or additive mask into an additive one of `scores_shape`."""
    mask = np.asarray(mask)
    try:
        np.broadcast_shapes(mask.shape, scores_shape)
    except ValueError:
        raise ValueError(
            f"mask of shape {mask.shape} does not broadcast to the attention scores' "
            f"shape {scores_shape} (..., query length, key length)."
        ) from None
    if mask.dtype == bool:
        bias = np.where(mask, 0.0, -np.inf)
    elif np.issubdtype(mask.dtype, np.number):
        bias = mask.astype(float)
    else:
        raise ValueError(f"mask must be boolean or numeric; got dtype {mask.dtype}.")
    full = np.broadcast_to(bias, np.broadcast_shapes(bias.shape, scores_shape))
    if np.any(np.all(np.isneginf(full), axis=-1)):
        raise ValueError(
            "the mask blocks every key for at least one query; its attention "
            "weights would be undefined (0/0). Let each query see at least one key."
        )
    return bias


def scaled_dot_product_attention(query, key, value, mask=None):
    r"""Scaled dot-product attention :math:`\operatorname{softmax}(QK^\top/\sqrt{d} + M)V`.

    The attention chapter derives it and compares it with
    :func:`torch.nn.functional.scaled_dot_product_attention` and
    :func:`keras.ops.dot_product_attention`.

    Parameters
    ----------
    query : array_like of shape (..., n_queries, d)
        One row per query (for example ``(batch, heads, n_queries, d)``).
    key : array_like of shape (..., n_keys, d)
        One row per key; same `d` as the queries.
    value : array_like of shape (..., n_keys, d_value)
        One row per key; `d_value` may differ from `d`.
    mask : array_like, optional
        Broadcastable to ``(..., n_queries, n_keys)``. Boolean: True where
        the query may look at the key (see :func:`~dlbasics.scratch.attention.causal_mask` and
        :func:`~dlbasics.scratch.attention.padding_mask`). Numeric: added to the scores before the
        softmax (0 to keep, ``-inf`` or a large negative number to block).

    Returns
    -------
    output : numpy.ndarray of shape (..., n_queries, d_value)
        For each query, the average of the values weighted by `weights`.
    weights : numpy.ndarray of shape (..., n_queries, n_keys)
        The attention weights; each row is non-negative and sums to 1.

    Raises
    ------
    ValueError
        If an input has fewer than 2 dimensions, the feature sizes of query
        and key differ, key and value hold different numbers of rows, the
        leading axes do not broadcast, the mask does not broadcast to the
        scores, or the mask blocks every key of some query (its weights
        would be undefined).

    Examples
    --------
    One query that matches the second of two keys better than the first
    looks mostly at the second value:

    >>> out, w = scaled_dot_product_attention([[0.0, 3.0]], [[1.0, 0.0], [0.0, 1.0]], [[1.0], [2.0]])
    >>> w.round(3)
    array([[0.107, 0.893]])
    >>> out.round(3)
    array([[1.893]])
    """
    q = _float_array("query", query, 2)
    k = _float_array("key", key, 2)
    v = _float_array("value", value, 2)
    if q.shape[-1] != k.shape[-1]:
        raise ValueError(
            f"query and key must have the same feature size d (last axis); got query "
            f"shape {q.shape} and key shape {k.shape}."
        )
    if k.shape[-2] != v.shape[-2]:
        raise ValueError(
            f"key and value must hold the same number of rows (axis -2); got key shape "
            f"{k.shape} and value shape {v.shape}."
        )
    try:
        np.broadcast_shapes(q.shape[:-2], k.shape[:-2], v.shape[:-2])
    except ValueError:
        raise ValueError(
            f"the leading (batch, heads) axes of query {q.shape}, key {k.shape} and "
            f"value {v.shape} do not broadcast."
        ) from None
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])  # (..., n_queries, n_keys)
    if mask is not None:
        scores = scores + _mask_as_bias(mask, scores.shape)        # 0 to keep, -inf to block
    weights = _softmax(scores)                                     # each row sums to 1
    return weights @ v, weights


def causal_mask(length):
    """Boolean causal mask: position i may look at positions 0, ..., i only.

    Used by decoders (language models) so that a prediction never sees the
    future; drawn in the attention chapter.

    Parameters
    ----------
    length : int
        Sequence length, >= 1.

    Returns
    -------
    numpy.ndarray of bool, shape (length, length)
        Lower triangular: ``mask[i, j]`` is True when j <= i. It broadcasts
        against scores of shape (batch, heads, length, length).

    Examples
    --------
    >>> causal_mask(3).astype(int)
    array([[1, 0, 0],
           [1, 1, 0],
           [1, 1, 1]])
    """
    length = check_int("length", length)
    return np.tril(np.ones((length, length), dtype=bool))


def padding_mask(lengths, length):
    """Boolean padding mask: True on the real tokens, False on the padding.

    Sequences of a batch are padded to a common length; the keys at padded
    positions must receive no attention. Used in the attention chapter.

    Parameters
    ----------
    lengths : array_like of int, shape (batch,)
        True length of each sequence, from 1 to `length`.
    length : int
        Padded length.

    Returns
    -------
    numpy.ndarray of bool, shape (batch, length)
        ``mask[b, j]`` is True when j < lengths[b]. To mask the keys of
        scores of shape (batch, heads, n_queries, length), index it as
        ``mask[:, None, None, :]``.

    Raises
    ------
    ValueError
        If a length is not an integer from 1 to `length`.

    Examples
    --------
    >>> padding_mask([2, 3], 4).astype(int)
    array([[1, 1, 0, 0],
           [1, 1, 1, 0]])
    """
    length = check_int("length", length)
    lengths = np.asarray(lengths)
    if lengths.ndim != 1 or not np.issubdtype(lengths.dtype, np.integer):
        raise ValueError(
            f"lengths must be a 1-D array of integers of shape (batch,); got "
            f"{lengths!r} (shape {lengths.shape}, dtype {lengths.dtype})."
        )
    if np.any((lengths < 1) | (lengths > length)):
        raise ValueError(f"every length must be from 1 to {length}; got {lengths.tolist()}.")
    return np.arange(length)[None, :] < lengths[:, None]


def split_heads(x, num_heads):
    """Split the features of each token into heads.

    Parameters
    ----------
    x : array_like of shape (batch, length, num_heads * head_dim)
        Projected tokens; head h owns features ``h * head_dim`` to
        ``(h + 1) * head_dim - 1``.
    num_heads : int
        Number of heads; must divide the feature size.

    Returns
    -------
    numpy.ndarray of shape (batch, num_heads, length, head_dim)

    Raises
    ------
    ValueError
        If `x` is not 3-D or its feature size is not a multiple of `num_heads`.

    Examples
    --------
    >>> split_heads(np.arange(8.0).reshape(1, 2, 4), 2)[0]
    array([[[0., 1.],
            [4., 5.]],
    <BLANKLINE>
           [[2., 3.],
            [6., 7.]]])
    """
    num_heads = check_int("num_heads", num_heads)
    x = np.asarray(x, dtype=float)
    if x.ndim != 3 or x.shape[-1] % num_heads:
        raise ValueError(
            f"x must have shape (batch, length, num_heads * head_dim) with a feature "
            f"size divisible by num_heads={num_heads}; got shape {x.shape}."
        )
    batch, length, features = x.shape
    return x.reshape(batch, length, num_heads, features // num_heads).transpose(0, 2, 1, 3)


def merge_heads(x):
    """Concatenate the heads again: the inverse of :func:`~dlbasics.scratch.attention.split_heads`.

    Parameters
    ----------
    x : array_like of shape (batch, num_heads, length, head_dim)

    Returns
    -------
    numpy.ndarray of shape (batch, length, num_heads * head_dim)

    Raises
    ------
    ValueError
        If `x` is not 4-D.
    """
    x = np.asarray(x, dtype=float)
    if x.ndim != 4:
        raise ValueError(
            f"x must have shape (batch, num_heads, length, head_dim); got shape {x.shape}."
        )
    batch, heads, length, head_dim = x.shape
    return x.transpose(0, 2, 1, 3).reshape(batch, length, heads * head_dim)


def _check_mha_weights(weights, num_heads, d_query=None, d_key=None, d_value=None):
    """Return the weights as float arrays after checking their shapes.

    The input sizes are checked only where given (not None).
    """
    missing = [name for name in _MHA_KEYS if name not in weights]
    if missing:
        raise ValueError(f"weights lacks {missing}; it needs the keys {list(_MHA_KEYS)}.")
    w = {name: np.asarray(weights[name], dtype=float) for name in _MHA_KEYS}
    expected_rows = {"w_q": d_query, "w_k": d_key, "w_v": d_value}
    for name, rows in expected_rows.items():
        if w[name].ndim == 2 and rows is None:
            rows = w[name].shape[0]
        if w[name].ndim != 2 or w[name].shape[0] != rows:
            needed = "(d_in, num_heads * head_dim)" if rows is None else f"({rows}, num_heads * head_dim)"
            raise ValueError(
                f"weights[{name!r}] must have shape {needed} to project the inputs; "
                f"got shape {w[name].shape}."
            )
        bias = "b" + name[1:]
        if w[bias].shape != (w[name].shape[1],):
            raise ValueError(
                f"weights[{bias!r}] must have shape ({w[name].shape[1]},); got {w[bias].shape}."
            )
    if w["w_q"].shape[1] != w["w_k"].shape[1]:
        raise ValueError(
            f"query and key projections must have the same width; got "
            f"{w['w_q'].shape[1]} and {w['w_k'].shape[1]}."
        )
    for name in ("w_q", "w_v"):
        if w[name].shape[1] % num_heads:
            raise ValueError(
                f"the width {w[name].shape[1]} of weights[{name!r}] is not a multiple of "
                f"num_heads={num_heads}."
            )
    if w["w_o"].ndim != 2 or w["w_o"].shape[0] != w["w_v"].shape[1]:
        raise ValueError(
            f"weights['w_o'] must have shape ({w['w_v'].shape[1]}, d_out); got {w['w_o'].shape}."
        )
    if w["b_o"].shape != (w["w_o"].shape[1],):
        raise ValueError(f"weights['b_o'] must have shape ({w['w_o'].shape[1]},); got {w['b_o'].shape}.")
    return w


def multi_head_attention(query, key, value, weights, *, num_heads, mask=None):
    r"""Multi-head attention with the weight layout described in this module.

    Each head :math:`h` attends with its own projections,
    :math:`\text{head}_h = \operatorname{Attention}(X_q W_q^h, X_k W_k^h, X_v W_v^h)`,
    and the concatenated heads go through the output projection :math:`W_o`.
    The attention chapter checks it against :class:`keras.layers.MultiHeadAttention`
    and :class:`torch.nn.MultiheadAttention` with copied weights.

    Parameters
    ----------
    query : array_like of shape (batch, n_queries, d_query)
    key : array_like of shape (batch, n_keys, d_key)
    value : array_like of shape (batch, n_keys, d_value)
        For self-attention, pass the same array three times.
    weights : dict of array_like
        The projections, laid out as in the table of this module's docstring
        (see also :func:`~dlbasics.scratch.attention.random_mha_weights`).
    num_heads : int
        Number of heads; divides the widths of the projections.
    mask : array_like, optional
        Boolean (True = may attend) or additive. Shape (n_queries, n_keys),
        (batch, n_queries, n_keys) (Keras's ``attention_mask``) or
        broadcastable to (batch, num_heads, n_queries, n_keys).

    Returns
    -------
    output : numpy.ndarray of shape (batch, n_queries, d_out)
    attention : numpy.ndarray of shape (batch, num_heads, n_queries, n_keys)
        The attention weights of every head.

    Raises
    ------
    ValueError
        If the inputs are not 3-D with one batch size, key and value differ
        in length, or the weights do not fit the inputs (missing keys, wrong
        shapes, widths not divisible by `num_heads`). Mask errors are those of
        :func:`~dlbasics.scratch.attention.scaled_dot_product_attention`.
    """
    num_heads = check_int("num_heads", num_heads)
    arrays = {}
    for name, values in (("query", query), ("key", key), ("value", value)):
        arr = _float_array(name, values, 3)
        if arr.ndim != 3:
            raise ValueError(f"{name} must have shape (batch, length, features); got {arr.shape}.")
        arrays[name] = arr
    q, k, v = arrays["query"], arrays["key"], arrays["value"]
    if not q.shape[0] == k.shape[0] == v.shape[0]:
        raise ValueError(
            f"query, key and value must have the same batch size; got shapes "
            f"{q.shape}, {k.shape} and {v.shape}."
        )
    if k.shape[1] != v.shape[1]:
        raise ValueError(f"key and value must have the same length; got {k.shape} and {v.shape}.")
    w = _check_mha_weights(weights, num_heads, q.shape[-1], k.shape[-1], v.shape[-1])
    heads_q = split_heads(q @ w["w_q"] + w["b_q"], num_heads)
    heads_k = split_heads(k @ w["w_k"] + w["b_k"], num_heads)
    heads_v = split_heads(v @ w["w_v"] + w["b_v"], num_heads)
    if mask is not None:
        mask = np.asarray(mask)
        if mask.ndim == 3:  # (batch, n_queries, n_keys): the same for every head
            mask = mask[:, None]
    heads, attention = scaled_dot_product_attention(heads_q, heads_k, heads_v, mask)
    return merge_heads(heads) @ w["w_o"] + w["b_o"], attention


def random_mha_weights(d_model, num_heads, *, head_dim=None, seed=0):
    r"""Random weights for :func:`~dlbasics.scratch.attention.multi_head_attention` (self-attention sizes).

    Entries are drawn from :math:`\mathcal{N}(0, 1/d_\text{model})`, biases
    too, so that every term of a comparison with the frameworks matters.

    Parameters
    ----------
    d_model : int
        Size of the input and output features.
    num_heads : int
        Number of heads.
    head_dim : int, optional
        Size of each head; ``d_model // num_heads`` by default (then
        `num_heads` must divide `d_model`).
    seed : int, default 0
        Seed of the NumPy generator.

    Returns
    -------
    dict of numpy.ndarray
        The eight arrays of the layout table, for ``d_query = d_key = d_value
        = d_out = d_model``.

    Raises
    ------
    ValueError
        If `num_heads` does not divide `d_model` and no `head_dim` is given.
    """
    d_model = check_int("d_model", d_model)
    num_heads = check_int("num_heads", num_heads)
    if head_dim is None:
        if d_model % num_heads:
            raise ValueError(
                f"num_heads={num_heads} does not divide d_model={d_model}; pass head_dim."
            )
        head_dim = d_model // num_heads
    inner = num_heads * check_int("head_dim", head_dim)
    rng = np.random.default_rng(seed)
    scale = 1.0 / np.sqrt(d_model)
    shapes = {
        "w_q": (d_model, inner), "b_q": (inner,),
        "w_k": (d_model, inner), "b_k": (inner,),
        "w_v": (d_model, inner), "b_v": (inner,),
        "w_o": (inner, d_model), "b_o": (d_model,),
    }
    return {name: rng.normal(scale=scale, size=shape) for name, shape in shapes.items()}


def to_keras_mha_weights(weights, num_heads):
    """Weights in the order and shapes of :class:`keras.layers.MultiHeadAttention`.

    Keras stores each projection per head: kernels of shape
    ``(d_in, num_heads, head_dim)`` and biases ``(num_heads, head_dim)``, the
    output kernel ``(num_heads, value_dim, d_out)``. Pass the result to the
    built layer's ``set_weights`` (layer made with ``num_heads`` and
    ``key_dim=head_dim``).

    Parameters
    ----------
    weights : dict of array_like
        The layout of this module.
    num_heads : int

    Returns
    -------
    list of numpy.ndarray
        query kernel, query bias, key kernel, key bias, value kernel, value
        bias, output kernel, output bias (float32).

    Raises
    ------
    ValueError
        If the weights do not follow the layout.
    """
    num_heads = check_int("num_heads", num_heads)
    w = _check_mha_weights(weights, num_heads)
    out = []
    for name in ("q", "k", "v"):
        kernel, bias = w[f"w_{name}"], w[f"b_{name}"]
        head_dim = kernel.shape[1] // num_heads
        out += [kernel.reshape(kernel.shape[0], num_heads, head_dim), bias.reshape(num_heads, head_dim)]
    value_dim = w["w_v"].shape[1] // num_heads
    out += [w["w_o"].reshape(num_heads, value_dim, w["w_o"].shape[1]), w["b_o"]]
    return [array.astype(np.float32) for array in out]


def to_torch_mha_state(weights):
    """Weights as the state dict of :class:`torch.nn.MultiheadAttention`.

    PyTorch stacks the three input projections into ``in_proj_weight`` of
    shape ``(3 * embed_dim, embed_dim)``, applied as ``x @ W.T + b`` (hence
    the transposes), and keeps the heads in consecutive blocks of features,
    as this module does. Only the case where every size equals
    ``embed_dim`` (the module's default) is supported.

    Parameters
    ----------
    weights : dict of array_like
        The layout of this module, with ``d_query = d_key = d_value = d_out =
        num_heads * head_dim``.

    Returns
    -------
    dict of numpy.ndarray
        ``in_proj_weight``, ``in_proj_bias``, ``out_proj.weight``,
        ``out_proj.bias`` (float32); convert each with ``torch.from_numpy``
        and load them with ``load_state_dict``.

    Raises
    ------
    ValueError
        If the sizes are not all equal.
    """
    w = _check_mha_weights(weights, 1)
    embed_dim = w["w_q"].shape[0]
    if any(w[name].shape != (embed_dim, embed_dim) for name in ("w_q", "w_k", "w_v", "w_o")):
        raise ValueError(
            "torch.nn.MultiheadAttention (with its default kdim and vdim) needs every "
            f"projection of shape ({embed_dim}, {embed_dim}); got "
            f"{ {name: w[name].shape for name in ('w_q', 'w_k', 'w_v', 'w_o')} }."
        )
    state = {
        "in_proj_weight": np.concatenate([w["w_q"].T, w["w_k"].T, w["w_v"].T]),
        "in_proj_bias": np.concatenate([w["b_q"], w["b_k"], w["b_v"]]),
        "out_proj.weight": w["w_o"].T,
        "out_proj.bias": w["b_o"],
    }
    return {name: array.astype(np.float32) for name, array in state.items()}


def positional_encoding(length, d_model, *, base=10000.0):
    r"""Sinusoidal positional encoding of Vaswani et al. (2017).

    .. math::

       PE_{p,\,2i} = \sin\!\left(\frac{p}{\text{base}^{2i/d}}\right), \qquad
       PE_{p,\,2i+1} = \cos\!\left(\frac{p}{\text{base}^{2i/d}}\right),

    for positions :math:`p = 0, \dots, \text{length} - 1` and
    :math:`i = 0, \dots, d/2 - 1`. Drawn in the attention chapter, added to
    the token embeddings of its transformer.

    Parameters
    ----------
    length : int
        Number of positions, >= 1.
    d_model : int
        Number of features, even.
    base : float, default 10000
        Longest wavelength divided by :math:`2\pi`.

    Returns
    -------
    numpy.ndarray of shape (length, d_model)
        Values in [-1, 1]; row p encodes position p.

    Raises
    ------
    ValueError
        If `length` is not a positive integer, `d_model` is not a positive
        even integer, or `base` is not a number > 1.

    Examples
    --------
    >>> positional_encoding(2, 4).round(4)
    array([[0.    , 1.    , 0.    , 1.    ],
           [0.8415, 0.5403, 0.01  , 1.    ]])
    """
    length = check_int("length", length)
    d_model = check_int("d_model", d_model)
    if d_model % 2:
        raise ValueError(
            f"d_model must be even (sines and cosines come in pairs); got {d_model}."
        )
    base = check_real("base", base, low=1, low_open=True)
    positions = np.arange(length)[:, None]
    frequencies = float(base) ** (-np.arange(0, d_model, 2) / d_model)
    angles = positions * frequencies[None, :]
    encoding = np.empty((length, d_model))
    encoding[:, 0::2] = np.sin(angles)
    encoding[:, 1::2] = np.cos(angles)
    return encoding
