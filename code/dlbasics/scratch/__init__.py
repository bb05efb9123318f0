"""NumPy reference implementations ("from scratch") of the course's models.

One module per concept; the chapters use them through their module, so that
a name says where it lives (``scratch.losses.mse``,
``scratch.perceptron.gradient_descent``, ``scratch.attention.positional_encoding``):

- :mod:`~dlbasics.scratch.perceptron`: the one-parameter linear model (chapter 1);
- :mod:`~dlbasics.scratch.activations` and :mod:`~dlbasics.scratch.mlp`: the
  activation functions, the activation vocabulary of the model builders,
  and the forward pass of multi-layer perceptrons (chapter 2);
- :mod:`~dlbasics.scratch.losses`: the loss functions (chapter 3);
- :mod:`~dlbasics.scratch.backprop` and :mod:`~dlbasics.scratch.optimizers`:
  the backward pass, minibatches, SGD and Adam (chapter 4);
- :mod:`~dlbasics.scratch.regularization`: penalties, dropout and batch
  normalisation (chapter 5);
- :mod:`~dlbasics.scratch.conv` and :mod:`~dlbasics.scratch.rnn`:
  convolutions, pooling and recurrent cells (chapters 6 and 7);
- :mod:`~dlbasics.scratch.attention` and :mod:`~dlbasics.scratch.generative`:
  attention, transformers, and the samplers and metrics of generative models.

They use NumPy only, so the chapters can compare them with Keras and
PyTorch. A new concept gets a module here, and its framework versions go to
``keras_models/`` and ``torch_models/`` under the same file name.
"""

from . import (
    activations,
    attention,
    backprop,
    conv,
    generative,
    losses,
    mlp,
    optimizers,
    perceptron,
    regularization,
    rnn,
)

__all__ = [
    "activations",
    "attention",
    "backprop",
    "conv",
    "generative",
    "losses",
    "mlp",
    "optimizers",
    "perceptron",
    "regularization",
    "rnn",
]
