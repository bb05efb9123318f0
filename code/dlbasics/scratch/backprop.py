r"""Backpropagation through a multi-layer perceptron (chapter 4), in NumPy.

The network is chapter 2's list of layers ``(W, b, activation)`` (see
:mod:`dlbasics.scratch.mlp`): ``W`` of shape :math:`(n^{(l)}, n^{(l-1)})`,
PyTorch's convention, ``b`` of shape :math:`(n^{(l)},)`, and the batch
:math:`X` of shape :math:`(n, n^{(0)})`, **one sample per row**.

**Forward pass**, keeping what the backward pass needs: the pre-activations
:math:`Z^{(l)}` and the activations :math:`H^{(l)}`, both of shape
:math:`(n, n^{(l)})`,

.. math::

   Z^{(l)} = H^{(l-1)} W^{(l)\top} + \mathbf{1}\, b^{(l)\top},
   \qquad H^{(l)} = \varphi^{(l)}\bigl(Z^{(l)}\bigr),
   \qquad H^{(0)} = X,

then the loss :math:`\mathcal{L}(H^{(L)}, Y)`, a mean over the batch.

**Backward pass.** Let :math:`\Delta^{(l)} = \partial \mathcal{L} / \partial Z^{(l)}`,
of shape :math:`(n, n^{(l)})`: row :math:`i` is the error signal ("delta")
of sample :math:`i` at layer :math:`l`. The chain rule gives, from the
output down,

.. math::

   \Delta^{(L)} &= \frac{\partial \mathcal{L}}{\partial H^{(L)}} \odot
                   \varphi^{(L)\prime}\bigl(Z^{(L)}\bigr), \\
   \Delta^{(l-1)} &= \bigl(\Delta^{(l)} W^{(l)}\bigr) \odot
                   \varphi^{(l-1)\prime}\bigl(Z^{(l-1)}\bigr), \\
   \frac{\partial \mathcal{L}}{\partial W^{(l)}} &= \Delta^{(l)\top} H^{(l-1)}
        \quad (n^{(l)}, n^{(l-1)}), \qquad
   \frac{\partial \mathcal{L}}{\partial b^{(l)}} = \mathbf{1}^\top \Delta^{(l)}
        \quad (n^{(l)},),

where :math:`\odot` is the element-wise product. The gradient of ``W`` is a
sum over the batch of outer products (delta of the sample times its input),
the gradient of ``b`` the sum of the deltas over the batch: the mean of the
loss is already in :math:`\Delta^{(L)}`, through its factor :math:`1/n`.
For a softmax layer, :math:`\odot\, \varphi'` becomes the product with its
Jacobian, :math:`s \odot (g - \langle g, s\rangle)` row by row.

**Losses** (``loss=``), with :math:`\hat Y = H^{(L)}` of shape :math:`(n, d)`:

=========================== ============================================== ===============================================
``loss``                    :math:`\mathcal{L}`                            :math:`\Delta^{(L)}`
=========================== ============================================== ===============================================
``"mse"``                   :math:`\frac{1}{nd}\sum_{i,j}(\hat y_{ij} -    :math:`\frac{2}{nd}(\hat Y - Y) \odot \varphi'`
                            y_{ij})^2`
``"cross_entropy"``         :math:`\frac{1}{n}\sum_i \bigl(\log\sum_k      :math:`\frac{1}{n}\bigl(\mathrm{softmax}(Z) -
                            e^{z_{ik}} - z_{i y_i}\bigr)`                  \mathrm{onehot}(y)\bigr)`
``"binary_cross_entropy"``  :math:`\frac{1}{nd}\sum_{i,j}\bigl(\log(1 +    :math:`\frac{1}{nd}\bigl(\sigma(Z) - Y\bigr)`
                            e^{z_{ij}}) - y_{ij} z_{ij}\bigr)`
=========================== ============================================== ===============================================

``"mse"`` is ``torch.nn.MSELoss()`` and ``keras.losses.MeanSquaredError()``;
``"cross_entropy"`` is ``torch.nn.CrossEntropyLoss()`` and
``keras.losses.SparseCategoricalCrossentropy(from_logits=True)``, on logits
:math:`Z = \hat Y` and class indices; ``"binary_cross_entropy"`` is
``torch.nn.BCEWithLogitsLoss()`` and
``keras.losses.BinaryCrossentropy(from_logits=True)``. The last two take
logits, so the last layer must be linear (activation None or
``"identity"``): the softmax or sigmoid is inside the loss, and its
derivative simplifies with the logarithm's into the simple deltas above.

Computations are done in float64; the gradients come back in the dtype of
each parameter (float32 weights give float32 gradients).
"""

import numpy as np

from .._validation import check_real
from .activations import get_activation, sigmoid, softmax
from .mlp import check_layers

__all__ = ["backward", "numerical_gradients"]

_LOSSES = ("mse", "cross_entropy", "binary_cross_entropy")


# --- validation ------------------------------------------------------------------


def _check_loss(loss):
    if not (isinstance(loss, str) and loss in _LOSSES):
        raise ValueError(
            f"Unknown loss {loss!r}; expected one of {', '.join(map(repr, _LOSSES))}."
        )


def _activation_pair(index, activation):
    """Return ``(name, function, derivative)`` of a layer's activation."""
    if activation is None:
        activation = "identity"
    if not isinstance(activation, str):
        raise ValueError(
            f"layer {index}: backpropagation needs the derivative of the activation, so "
            f"give it by name ('relu', 'tanh', 'sigmoid', 'identity'...); got {activation!r}."
        )
    try:
        function, derivative = get_activation(activation)
    except ValueError as error:
        raise ValueError(f"layer {index}: {error}") from None
    name = activation.lower()
    return {"linear": "identity", "heaviside": "threshold"}.get(name, name), function, derivative


def _prepare(x, y, layers, loss):
    """Validate everything; return float64 x, the checked y, layers and activations."""
    _check_loss(loss)
    x64 = np.asarray(x, dtype=np.float64)
    if x64.ndim != 2:
        raise ValueError(
            f"x must have shape (n, n_in), one sample per row; got shape {np.shape(x)}. "
            "Write x.reshape(1, -1) for a single sample."
        )
    if x64.shape[0] == 0:
        raise ValueError("x holds no sample (shape (0, n_in)).")
    if not np.all(np.isfinite(x64)):
        raise ValueError("x contains NaN or infinite values.")
    checked = check_layers(layers, x64.shape[1], f"x has shape {x64.shape}")
    activations = [_activation_pair(i, a) for i, (_, _, a) in enumerate(checked, start=1)]
    if loss != "mse" and activations[-1][0] != "identity":
        kind = "softmax" if loss == "cross_entropy" else "sigmoid"
        raise ValueError(
            f"loss={loss!r} takes logits: the last layer must be linear (activation None or "
            f"'identity'), the {kind} being inside the loss; got activation "
            f"{activations[-1][0]!r}."
        )
    n, d = x64.shape[0], checked[-1][0].shape[0]
    y = _check_targets(y, loss, n, d)
    return x64, y, checked, activations


def _check_targets(y, loss, n, d):
    """Return `y` as an array suited to `loss`, for outputs of shape (n, d)."""
    if loss == "cross_entropy":
        arr = np.asarray(y)
        if arr.shape != (n,):
            hint = " (one-hot targets? use y.argmax(axis=1))" if arr.shape == (n, d) else ""
            raise ValueError(
                f"loss='cross_entropy' takes class indices of shape (n,) = ({n},); got shape "
                f"{arr.shape}{hint}."
            )
        if not (np.issubdtype(arr.dtype, np.integer) or (np.issubdtype(arr.dtype, np.floating)
                                                         and np.all(arr == np.round(arr)))):
            raise ValueError(f"class indices must be integers; got dtype {arr.dtype}.")
        if d < 2:
            raise ValueError(
                f"loss='cross_entropy' needs at least two output logits (classes); the last "
                f"layer has {d}. Use loss='binary_cross_entropy' for a single logit."
            )
        if arr.size and (arr.min() < 0 or arr.max() >= d):
            raise ValueError(
                f"class indices must be in [0, {d - 1}] for {d} output logits; got values in "
                f"[{arr.min()}, {arr.max()}]."
            )
        return arr.astype(np.intp)
    arr = np.asarray(y, dtype=np.float64)
    if arr.shape != (n, d):
        hint = " Write y.reshape(-1, 1)." if arr.shape == (n,) and d == 1 else ""
        raise ValueError(
            f"loss={loss!r}: y must have the shape of the network's output (n, n_out) = "
            f"({n}, {d}); got shape {np.shape(y)}.{hint}"
        )
    if not np.all(np.isfinite(arr)):
        raise ValueError("y contains NaN or infinite values.")
    if loss == "binary_cross_entropy" and (arr.min() < 0 or arr.max() > 1):
        raise ValueError(
            f"loss='binary_cross_entropy' takes targets in [0, 1] (labels 0 and 1); got values "
            f"in [{arr.min()}, {arr.max()}]."
        )
    return arr


# --- forward, loss and backward ---------------------------------------------------


def _forward(x, weights, activations):
    """Forward pass in float64; returns the lists of Z^(l) and H^(l) (H^(0) = x)."""
    pre, post = [], [x]
    for (w, b), (_, function, _) in zip(weights, activations):
        a = post[-1] @ w.T + b
        pre.append(a)
        post.append(function(a))
    return pre, post


def _loss_and_output_grad(output, y, loss):
    """Loss value and dL/d(output) for the mean losses of the module."""
    n = output.shape[0]
    if loss == "mse":
        diff = output - y
        return float(np.mean(diff**2)), 2 * diff / diff.size
    if loss == "cross_entropy":
        shifted = output - output.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(shifted).sum(axis=1))
        value = np.mean(log_norm - shifted[np.arange(n), y])
        grad = softmax(output)
        grad[np.arange(n), y] -= 1
        return float(value), grad / n
    # binary cross-entropy from logits: log(1 + e^z) - y z, written stably
    value = np.mean(np.logaddexp(0.0, output) - y * output)
    return float(value), (sigmoid(output) - y) / output.size


def _loss(x, y, weights, activations, loss):
    _, post = _forward(x, weights, activations)
    return _loss_and_output_grad(post[-1], y, loss)[0]


def _backward(x, y, weights, activations, loss):
    pre, post = _forward(x, weights, activations)
    value, grad_h = _loss_and_output_grad(post[-1], y, loss)
    grads = [None] * len(weights)
    for l in range(len(weights) - 1, -1, -1):
        name, _, derivative = activations[l]
        if name == "softmax":  # Jacobian-vector product, row by row
            s = post[l + 1]
            delta = s * (grad_h - np.sum(grad_h * s, axis=1, keepdims=True))
        else:
            delta = grad_h * derivative(pre[l])
        grads[l] = (delta.T @ post[l], delta.sum(axis=0))
        if l > 0:
            grad_h = delta @ weights[l][0]
    return value, grads


def _float_dtype(array):
    return array.dtype if np.issubdtype(array.dtype, np.floating) else np.dtype(np.float64)


def backward(x, y, layers, loss="mse"):
    r"""Loss and gradients of an MLP on a batch, by backpropagation.

    Runs the forward pass, keeping the pre-activations :math:`Z^{(l)}` and
    activations :math:`H^{(l)}`, then the delta recursion of the module's
    introduction from the output layer down to the first:
    :math:`\Delta^{(l-1)} = (\Delta^{(l)} W^{(l)}) \odot \varphi'(Z^{(l-1)})`,
    :math:`\partial\mathcal{L}/\partial W^{(l)} = \Delta^{(l)\top} H^{(l-1)}`,
    :math:`\partial\mathcal{L}/\partial b^{(l)} = \mathbf{1}^\top\Delta^{(l)}`.
    Chapter 4 checks the result against ``torch.autograd`` and
    ``tf.GradientTape``, and against :func:`~dlbasics.scratch.backprop.numerical_gradients`.

    Parameters
    ----------
    x : array_like of shape (n, n_in)
        Inputs, one sample per row.
    y : array_like
        Targets: shape (n, n_out), the network's output shape, for
        ``"mse"``; integer class indices of shape (n,) for
        ``"cross_entropy"``; labels in {0, 1} (or probabilities in [0, 1])
        of shape (n, n_out), usually (n, 1), for ``"binary_cross_entropy"``.
    layers : sequence of tuples ``(W, b, activation)``
        As in :func:`dlbasics.scratch.mlp.forward`: ``W`` of shape
        (n_out, n_in), ``b`` of shape (n_out,). The activation must be given
        by name (or None for the identity), so that its derivative is known:
        ``"identity"``, ``"relu"``, ``"sigmoid"``, ``"tanh"``,
        ``"leaky_relu"``, ``"elu"``, ``"softplus"``, ``"softmax"``,
        ``"threshold"`` (whose derivative is zero).
    loss : {"mse", "cross_entropy", "binary_cross_entropy"}, default "mse"
        The loss, a mean over the batch (see the table of the module). The
        two cross-entropies take logits: the last activation must then be
        None or ``"identity"``.

    Returns
    -------
    loss_value : float
        The loss at the current weights.
    grads : list of tuples ``(dW, db)``
        One per layer, ``dW`` of the shape and dtype of ``W``, ``db`` of
        those of ``b``: the gradients PyTorch stores in ``weight.grad`` and
        ``bias.grad`` (a Keras kernel's gradient is ``dW.T``).

    Raises
    ------
    ValueError
        For an unknown loss, an activation given as a callable or an
        unknown name, a last activation that is not linear with a
        cross-entropy, malformed layers (as in
        :func:`~dlbasics.scratch.mlp.forward`), `x` not of shape
        (n, n_in), or targets `y` of the wrong shape or values.

    Examples
    --------
    A single linear neuron :math:`\hat y = wx + b` with the squared error:
    :math:`\partial\mathcal{L}/\partial w = 2(\hat y - y)x` and
    :math:`\partial\mathcal{L}/\partial b = 2(\hat y - y)`.

    >>> import numpy as np
    >>> layers = [(np.array([[2.0]]), np.array([1.0]), None)]
    >>> value, [(dw, db)] = backward([[3.0]], [[4.0]], layers)  # y_hat = 7
    >>> value, dw, db
    (9.0, array([[18.]]), array([6.]))
    """
    x64, y, checked, activations = _prepare(x, y, layers, loss)
    weights = [(w.astype(np.float64), b.astype(np.float64)) for w, b, _ in checked]
    value, grads = _backward(x64, y, weights, activations, loss)
    return value, [
        (dw.astype(_float_dtype(w), copy=False), db.astype(_float_dtype(b), copy=False))
        for (dw, db), (w, b, _) in zip(grads, checked)
    ]


def numerical_gradients(x, y, layers, loss="mse", eps=1e-6):
    r"""Gradients of the loss by central finite differences, to check :func:`~dlbasics.scratch.backprop.backward`.

    Each weight and bias :math:`\theta_k` in turn is moved by :math:`\pm\varepsilon`
    and the loss recomputed:

    .. math::

       \frac{\partial \mathcal{L}}{\partial \theta_k} \approx
       \frac{\mathcal{L}(\theta + \varepsilon e_k) - \mathcal{L}(\theta - \varepsilon e_k)}
            {2\varepsilon},

    with an error of order :math:`\varepsilon^2` (plus rounding errors of
    order :math:`10^{-16}/\varepsilon`), in float64 whatever the dtype of the
    layers. It costs two forward passes per parameter: a check for small
    networks, not a way to train them. Near a kink of ReLU (a
    pre-activation within `eps` of 0) it is wrong.

    Parameters
    ----------
    x, y, layers, loss
        As in :func:`~dlbasics.scratch.backprop.backward`.
    eps : float, default 1e-6
        The step :math:`\varepsilon`, > 0.

    Returns
    -------
    list of tuples ``(dW, db)``
        float64 arrays of the shapes of each layer's ``W`` and ``b``.

    Raises
    ------
    ValueError
        As :func:`~dlbasics.scratch.backprop.backward`, and if `eps` is not a positive number.

    Examples
    --------
    >>> import numpy as np
    >>> layers = [(np.array([[2.0]]), np.array([1.0]), None)]
    >>> [(dw, db)] = numerical_gradients([[3.0]], [[4.0]], layers)
    >>> np.round(dw, 6), np.round(db, 6)
    (array([[18.]]), array([6.]))
    """
    check_real("eps", eps, low=0, low_open=True, finite=True)
    x64, y, checked, activations = _prepare(x, y, layers, loss)
    weights = [(w.astype(np.float64), b.astype(np.float64)) for w, b, _ in checked]
    grads = []
    for w, b in weights:
        pair = []
        for theta in (w, b):
            grad = np.zeros_like(theta)
            flat, flat_grad = theta.reshape(-1), grad.reshape(-1)  # views
            for k in range(flat.size):
                saved = flat[k]
                flat[k] = saved + eps
                plus = _loss(x64, y, weights, activations, loss)
                flat[k] = saved - eps
                minus = _loss(x64, y, weights, activations, loss)
                flat[k] = saved
                flat_grad[k] = (plus - minus) / (2 * eps)
            pair.append(grad)
        grads.append(tuple(pair))
    return grads
