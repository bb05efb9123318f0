"""Copy the weights of a multi-layer perceptron between Keras, PyTorch and NumPy.

The three hold the same numbers in different places (chapter 2):

======================  ==================================  ===================
where                   weight matrix of a layer            bias
======================  ==================================  ===================
NumPy layers            ``W``, shape (n_out, n_in)          ``b``, (n_out,)
PyTorch ``nn.Linear``   ``weight``, shape (n_out, n_in)     ``bias``, (n_out,)
Keras ``Dense``         ``kernel``, shape (n_in, n_out)     ``bias``, (n_out,)
======================  ==================================  ===================

The NumPy layers are the list of ``(W, b, activation)`` tuples that
:func:`dlbasics.scratch.mlp.forward` takes; they follow PyTorch's convention,
so only the Keras kernel is transposed on the way in and out.
:func:`~dlbasics.weights.from_keras` and :func:`~dlbasics.weights.from_torch` read a model into that list;
:func:`~dlbasics.weights.to_keras` and :func:`~dlbasics.weights.to_torch` write a list into an existing model of
the same shapes; :func:`~dlbasics.weights.keras_to_torch` and :func:`~dlbasics.weights.torch_to_keras` chain
them. Only weights and biases are written: the activations are those of the
target model.

This module bridges both frameworks, so, unlike :mod:`dlbasics.keras_models`
and :mod:`dlbasics.torch_models`, it imports Keras and PyTorch inside the
functions that need them, never at the top: importing it (as ``import
dlbasics`` does) imports neither, and a model passed in has already
imported its framework.
"""

import functools

import numpy as np

from .scratch import activations
from .scratch.mlp import check_layers

__all__ = [
    "from_keras",
    "to_keras",
    "from_torch",
    "to_torch",
    "keras_to_torch",
    "torch_to_keras",
]


def _activation(name, **params):
    """The activation of a NumPy layer: a name, or a partial for non-default parameters."""
    defaults = {"leaky_relu": {"alpha": 0.01}, "elu": {"alpha": 1.0}}
    params = {key: float(value) for key, value in params.items()}
    if not params or params == defaults.get(name):
        return name
    return functools.partial(getattr(activations, name), **params)


class _Stack:
    """Collects the NumPy layers while a model's layers are read in order."""

    def __init__(self, framework):
        self.framework = framework
        self.layers = []  # lists [W, b, activation]

    def linear(self, w, b):
        self.layers.append([w, b, "identity"])

    def activation(self, activation, where):
        if not self.layers:
            raise ValueError(
                f"{self.framework} model: the activation {where} comes before any "
                "weighted layer; the NumPy layers cannot represent it."
            )
        if self.layers[-1][2] != "identity":
            raise ValueError(
                f"{self.framework} model: the activation {where} follows another "
                "activation; a NumPy layer has only one."
            )
        self.layers[-1][2] = activation

    def result(self):
        if not self.layers:
            raise ValueError(f"{self.framework} model has no weighted layer to read.")
        return [tuple(layer) for layer in self.layers]


# --- Keras ---------------------------------------------------------------------

#: Keras activation functions (by __name__) -> NumPy activation.
_KERAS_FUNCTIONS = {
    "linear": "identity",
    "relu": "relu",
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "softmax": "softmax",
    "softplus": "softplus",
    "elu": "elu",
    # The function keras.activations.leaky_relu has negative_slope=0.2.
    "leaky_relu": _activation("leaky_relu", alpha=0.2),
}


def _keras_function(function, where):
    name = getattr(function, "__name__", None)
    if name not in _KERAS_FUNCTIONS:
        raise ValueError(
            f"Keras model: unsupported activation {name or function!r} {where}; "
            f"supported: {', '.join(sorted(_KERAS_FUNCTIONS))}."
        )
    return _KERAS_FUNCTIONS[name]


def _keras_activation_layer(keras, layer):
    """The NumPy activation of a Keras activation layer, or None if it is not one."""
    layers, where = keras.layers, f"in layer {layer.name!r}"
    if isinstance(layer, layers.Activation):
        return _keras_function(layer.activation, where)
    if isinstance(layer, layers.LeakyReLU):
        return _activation("leaky_relu", alpha=layer.negative_slope)
    if isinstance(layer, layers.ELU):
        return _activation("elu", alpha=layer.alpha)
    if isinstance(layer, layers.Softmax):
        if layer.axis not in (-1, [-1]):
            raise ValueError(f"Keras model: softmax {where} must act on the last axis.")
        return "softmax"
    if isinstance(layer, layers.ReLU):
        if layer.max_value is not None or layer.threshold != 0:
            raise ValueError(f"Keras model: ReLU {where} has a max_value or threshold.")
        slope = float(layer.negative_slope)
        return "relu" if slope == 0 else _activation("leaky_relu", alpha=slope)
    return None


def _keras_dense(keras, model):
    """The Dense layers of a Keras model, in order."""
    return [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]


def from_keras(model):
    """Read the weights and activations of a Keras MLP as NumPy layers.

    Parameters
    ----------
    model : keras.Sequential
        Built, made of ``Dense`` layers, each optionally followed by one
        activation layer (``Activation``, ``ReLU``, ``LeakyReLU``, ``ELU``,
        ``Softmax``) when its own activation is linear. ``Dropout`` layers
        are skipped (they are the identity at inference).

    Returns
    -------
    list of tuples ``(W, b, activation)``
        One per ``Dense`` layer: ``W = kernel.T`` of shape (n_out, n_in),
        ``b`` of shape (n_out,) (zeros for a layer without bias), as float32
        copies, and the activation as a name (``"relu"``, ``"identity"``...)
        or, for a parameter that is not the default, a
        :func:`functools.partial` of the NumPy function (``leaky_relu`` with
        ``alpha=0.2`` for Keras's ``"leaky_relu"`` string).

    Raises
    ------
    ValueError
        If the model holds a layer or activation that the NumPy layers cannot
        represent; the message names it.
    """
    import keras

    stack = _Stack("Keras")
    for layer in model.layers:
        if isinstance(layer, keras.layers.Dense):
            kernel = np.array(layer.kernel.numpy(), dtype=np.float32)
            bias = (
                np.array(layer.bias.numpy(), dtype=np.float32)
                if layer.use_bias
                else np.zeros(kernel.shape[1], dtype=np.float32)
            )
            stack.linear(kernel.T.copy(), bias)
            activation = _keras_function(layer.activation, f"in layer {layer.name!r}")
            if activation != "identity":
                stack.activation(activation, f"of layer {layer.name!r}")
            continue
        if isinstance(layer, keras.layers.Dropout):
            continue
        activation = _keras_activation_layer(keras, layer)
        if activation is None:
            raise ValueError(
                f"Keras model: layer {layer.name!r} ({type(layer).__name__}) is neither "
                "Dense, an activation nor Dropout; only MLPs can be read."
            )
        stack.activation(activation, f"layer {layer.name!r}")
    return stack.result()


def _check_count(framework, kind, n_model, n_layers):
    if n_model != n_layers:
        raise ValueError(
            f"The {framework} model has {n_model} {kind} layer(s) but {n_layers} NumPy "
            "layer(s) were given."
        )


def _check_bias(index, framework, has_bias, b):
    if not has_bias and np.any(b != 0):
        raise ValueError(
            f"layer {index}: the {framework} layer has no bias, so b must be all zeros."
        )


def to_keras(layers, model):
    """Write NumPy layers into the ``Dense`` layers of a Keras model, in place.

    Parameters
    ----------
    layers : sequence of tuples ``(W, b, activation)``
        As for :func:`dlbasics.scratch.mlp.forward`: ``W`` of shape
        (n_out, n_in), transposed here into the kernel of shape (n_in, n_out).
        The activations are not copied.
    model : keras.Model
        Built, with as many ``Dense`` layers (taken in the order of
        ``model.layers``) as there are NumPy layers, of the same shapes.

    Returns
    -------
    keras.Model
        `model` itself.

    Raises
    ------
    ValueError
        If the layers are malformed, their number differs from the number of
        ``Dense`` layers, a shape differs (the message gives both shapes), or
        a nonzero bias is given for a layer without bias.
    """
    import keras

    layers = check_layers(layers)
    dense = _keras_dense(keras, model)
    _check_count("Keras", "Dense", len(dense), len(layers))
    for index, ((w, b, _), layer) in enumerate(zip(layers, dense), start=1):
        kernel_shape = tuple(layer.kernel.shape)
        if w.T.shape != kernel_shape:
            raise ValueError(
                f"layer {index}: W has shape {w.shape}, but Dense layer {layer.name!r} has a "
                f"kernel of shape {kernel_shape}, so W must have shape {kernel_shape[::-1]} "
                "(the kernel is the transpose of W)."
            )
        _check_bias(index, "Keras", layer.use_bias, b)
        layer.kernel.assign(np.asarray(w.T, dtype=layer.kernel.dtype))
        if layer.use_bias:
            layer.bias.assign(np.asarray(b, dtype=layer.bias.dtype))
    return model


# --- PyTorch -------------------------------------------------------------------


def _torch_activation(nn, module, where):
    """The NumPy activation of a PyTorch module; None for a module to skip."""
    if isinstance(module, (nn.Identity, nn.Dropout)):
        return None
    simple = {nn.ReLU: "relu", nn.Sigmoid: "sigmoid", nn.Tanh: "tanh"}
    for kind, name in simple.items():
        if isinstance(module, kind):
            return name
    if isinstance(module, nn.LeakyReLU):
        return _activation("leaky_relu", alpha=module.negative_slope)
    if isinstance(module, nn.ELU):
        return _activation("elu", alpha=module.alpha)
    if isinstance(module, nn.Softplus) and module.beta == 1:
        return "softplus"
    if isinstance(module, nn.Softmax) and module.dim in (-1, 1):
        return "softmax"
    raise ValueError(
        f"PyTorch model: module {where} ({module!r}) is neither Linear nor a supported "
        "activation (ReLU, Sigmoid, Tanh, LeakyReLU, ELU, Softplus with beta=1, "
        "Softmax over the last axis), Identity or Dropout."
    )


def from_torch(model):
    """Read the weights and activations of a PyTorch MLP as NumPy layers.

    Parameters
    ----------
    model : torch.nn.Sequential
        Made of ``nn.Linear`` modules, each optionally followed by one
        activation module (``ReLU``, ``Sigmoid``, ``Tanh``, ``LeakyReLU``,
        ``ELU``, ``Softplus``, ``Softmax``); ``Identity`` and ``Dropout``
        are skipped. It may be on any device.

    Returns
    -------
    list of tuples ``(W, b, activation)``
        One per ``Linear``: ``W = weight`` of shape (n_out, n_in), ``b`` of
        shape (n_out,) (zeros without bias), as float32 NumPy copies, and
        the activation as in :func:`~dlbasics.weights.from_keras`. A model that ends with a
        ``Linear`` (logits) gets ``"identity"`` as last activation.

    Raises
    ------
    ValueError
        If `model` is not an ``nn.Sequential`` (the order of the modules of
        another ``nn.Module`` is not the order of its computation) or holds
        a module the NumPy layers cannot represent.
    """
    from torch import nn

    if not isinstance(model, nn.Sequential):
        raise ValueError(
            f"from_torch needs an nn.Sequential; got {type(model).__name__}, whose "
            "forward() may call its modules in any order."
        )
    stack = _Stack("PyTorch")
    for name, module in model.named_children():
        if isinstance(module, nn.Linear):
            weight = module.weight.detach().cpu().numpy().astype(np.float32)
            bias = (
                module.bias.detach().cpu().numpy().astype(np.float32)
                if module.bias is not None
                else np.zeros(weight.shape[0], dtype=np.float32)
            )
            stack.linear(weight, bias)
            continue
        activation = _torch_activation(nn, module, repr(name))
        if activation is not None:
            stack.activation(activation, f"module {name!r}")
    return stack.result()


def to_torch(layers, model):
    """Write NumPy layers into the ``nn.Linear`` modules of a model, in place.

    Parameters
    ----------
    layers : sequence of tuples ``(W, b, activation)``
        ``W`` of shape (n_out, n_in), the shape of ``nn.Linear.weight``. The
        activations are not copied.
    model : torch.nn.Module
        With as many ``nn.Linear`` modules (in the order of
        ``model.modules()``) as there are NumPy layers, of the same shapes.
        The values are converted to each parameter's dtype and device.

    Returns
    -------
    torch.nn.Module
        `model` itself.

    Raises
    ------
    ValueError
        If the layers are malformed, their number differs from the number of
        ``nn.Linear`` modules, a shape differs (the message gives both
        shapes), or a nonzero bias is given for a module without bias.
    """
    import torch
    from torch import nn

    layers = check_layers(layers)
    linears = [module for module in model.modules() if isinstance(module, nn.Linear)]
    _check_count("PyTorch", "Linear", len(linears), len(layers))
    with torch.no_grad():
        for index, ((w, b, _), linear) in enumerate(zip(layers, linears), start=1):
            weight_shape = tuple(linear.weight.shape)
            if w.shape != weight_shape:
                raise ValueError(
                    f"layer {index}: W has shape {w.shape}, but nn.Linear number {index} "
                    f"has a weight of shape {weight_shape} (n_out, n_in)."
                )
            _check_bias(index, "PyTorch", linear.bias is not None, b)
            weight = linear.weight
            linear.weight.copy_(torch.as_tensor(w, dtype=weight.dtype, device=weight.device))
            if linear.bias is not None:
                linear.bias.copy_(torch.as_tensor(b, dtype=weight.dtype, device=weight.device))
    return model


# --- Both ----------------------------------------------------------------------


def keras_to_torch(keras_model, torch_model):
    """Copy the weights of a Keras MLP into a PyTorch one (kernels transposed).

    Same as ``to_torch(from_keras(keras_model), torch_model)``; the
    activations are not copied, so the two models should have the same.

    Parameters
    ----------
    keras_model : keras.Model
        The source, read by :func:`~dlbasics.weights.from_keras`.
    torch_model : torch.nn.Sequential
        The target, of the same layer shapes, written by :func:`~dlbasics.weights.to_torch`.

    Returns
    -------
    torch.nn.Module
        `torch_model`, changed in place.
    """
    return to_torch(from_keras(keras_model), torch_model)


def torch_to_keras(torch_model, keras_model):
    """Copy the weights of a PyTorch MLP into a Keras one (weights transposed).

    Same as ``to_keras(from_torch(torch_model), keras_model)``.

    Parameters
    ----------
    torch_model : torch.nn.Sequential
        The source, read by :func:`~dlbasics.weights.from_torch`.
    keras_model : keras.Model
        The target, of the same layer shapes, written by :func:`~dlbasics.weights.to_keras`.

    Returns
    -------
    keras.Model
        `keras_model`, changed in place.
    """
    return to_keras(from_torch(torch_model), keras_model)
