"""NumPy reference implementations ("from scratch") of the course's models.

Each module matches a chapter: :mod:`dlbasics.scratch.perceptron` is the
one-parameter linear model of chapter 1; :mod:`dlbasics.scratch.activations`
and :mod:`dlbasics.scratch.mlp` are the activation functions and the forward
pass of the multi-layer perceptrons of chapter 2; :mod:`dlbasics.scratch.losses`
holds the loss functions of chapter 3; :mod:`dlbasics.scratch.backprop` and
:mod:`dlbasics.scratch.optimizers` the backward pass, minibatches, SGD and
Adam of chapter 4 (used as ``scratch.backprop.backward``,
``scratch.optimizers.Adam``); :mod:`dlbasics.scratch.regularization` the
penalties, dropout and batch normalisation of chapter 5
(``scratch.regularization.batch_norm``); :mod:`dlbasics.scratch.conv` and
:mod:`dlbasics.scratch.rnn` the convolutions, pooling and recurrent cells of
chapters 6 and 7 (used as ``scratch.conv.conv2d``, ``scratch.rnn.lstm``). They use NumPy only, so
the chapters can compare them with Keras and PyTorch.
"""

from . import activations, conv, losses, mlp, perceptron, rnn  # conv, rnn: chapters 6 and 7
from .activations import (
    activation_names,
    elu,
    elu_grad,
    get_activation,
    identity,
    identity_grad,
    leaky_relu,
    leaky_relu_grad,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    softmax,
    softmax_grad,
    softplus,
    softplus_grad,
    tanh,
    tanh_grad,
    threshold,
    threshold_grad,
)
from .losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    categorical_cross_entropy,
    categorical_cross_entropy_with_logits,
    entropy,
    kl_divergence,
    log_softmax,
    logsumexp,
    mae,
    mse,
    sparse_categorical_cross_entropy,
    sparse_categorical_cross_entropy_with_logits,
)
from .mlp import count_parameters, forward
from .perceptron import (
    closed_form_weight,
    critical_learning_rate,
    gradient_descent,
    squared_loss,
    squared_loss_grad,
)

__all__ = [*perceptron.__all__, *activations.__all__, *mlp.__all__, *losses.__all__]

# Optimization chapter, used through its modules
# (scratch.backprop.backward, scratch.optimizers.SGD...).
from . import backprop, optimizers  # noqa: E402

# Attention and generative chapters, used through their modules
# (scratch.attention.positional_encoding, scratch.generative.q_sample...).
from . import attention, generative  # noqa: E402

# Chapter 5 (regularisation), used through its module
# (scratch.regularization.dropout, scratch.regularization.batch_norm...).
from . import regularization  # noqa: E402
