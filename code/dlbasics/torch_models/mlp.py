"""Multi-layer perceptrons in PyTorch: :func:`~dlbasics.torch_models.mlp`, and the activation modules by name.

The Keras twin is :func:`dlbasics.keras_models.mlp`, the NumPy reference
:mod:`dlbasics.scratch.mlp`; the three share the argument checks of
:func:`dlbasics.scratch.mlp.check_mlp` and the activation names of
:data:`dlbasics.scratch.activations.MODEL_ACTIVATIONS`, which
:data:`ACTIVATION_MODULES` maps to PyTorch modules (the one such table of the
package).
"""

from torch import nn

from ..scratch.activations import LEAKY_RELU_SLOPE
from ..scratch.mlp import check_mlp

__all__ = ["mlp"]

#: The module class (or factory) of each name of
#: :data:`dlbasics.scratch.activations.MODEL_ACTIVATIONS` (a test checks that
#: both hold the same names); "identity" has none (no module is added).
ACTIVATION_MODULES = {
    "elu": nn.ELU,
    "identity": None,
    "leaky_relu": lambda: nn.LeakyReLU(LEAKY_RELU_SLOPE),
    "relu": nn.ReLU,
    "sigmoid": nn.Sigmoid,
    "softmax": lambda: nn.Softmax(dim=-1),
    "softplus": nn.Softplus,
    "tanh": nn.Tanh,
}


def _activation_module(name):
    """A new module applying the canonical activation `name`, or None for the identity."""
    factory = ACTIVATION_MODULES[name]
    return None if factory is None else factory()


def mlp(n_in, hidden, n_out, activation="relu", output=None):
    """A multi-layer perceptron as a :class:`torch.nn.Sequential`.

    The model is ``Linear(n_in, hidden[0])``, its activation, and so on, up
    to ``Linear(hidden[-1], n_out)`` followed by the `output` activation, if
    any. Chapter 2 declares its networks with it and checks its parameter
    count; the generative builders (:mod:`dlbasics.torch_models.generative`)
    are made of it.

    Parameters
    ----------
    n_in : int
        Number of input features.
    hidden : sequence of int
        Sizes of the hidden layers, e.g. ``[20]`` or ``[64, 64]``; ``[]``
        gives a single ``Linear`` layer.
    n_out : int
        Number of outputs.
    activation : str, default "relu"
        Activation module after each hidden ``Linear``: ``"relu"``
        (``nn.ReLU``), ``"tanh"``, ``"sigmoid"``, ``"leaky_relu"``
        (``nn.LeakyReLU(0.01)``), ``"elu"``, ``"softplus"``,
        ``"softmax"`` (over the last axis) or ``"identity"`` (alias
        ``"linear"``: no module).
    output : str or None, default None
        Activation after the last ``Linear``, from the same names. With the
        default None there is none, and the model returns **logits** (raw
        scores): that is PyTorch's habit, because ``nn.CrossEntropyLoss``
        expects logits and applies the (log-)softmax itself, and
        ``nn.BCEWithLogitsLoss`` the sigmoid. Apply ``torch.softmax(logits,
        dim=-1)`` to read probabilities. Passing ``output="softmax"`` and
        then ``nn.CrossEntropyLoss`` would apply the softmax twice. Keras
        models usually end with the softmax instead: see
        :func:`dlbasics.keras_models.mlp`, which also takes a ``name`` (a
        PyTorch module has none).

    Returns
    -------
    torch.nn.Sequential
        On the CPU, in float32, with
        ``count_parameters([n_in, *hidden, n_out])`` parameters.

    Raises
    ------
    ValueError
        If a size is not an integer >= 1, `hidden` is not a list of sizes,
        or an activation name is unknown (the message lists the names).
    """
    sizes, activation, output = check_mlp(n_in, hidden, n_out, activation, output)
    modules = []
    n_layers = len(sizes) - 1
    for index, (n_from, n_to) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        modules.append(nn.Linear(n_from, n_to))
        module = _activation_module(activation if index < n_layers else output)
        if module is not None:
            modules.append(module)
    return nn.Sequential(*modules)
