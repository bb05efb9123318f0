"""NumPy reference implementations ("from scratch") of the course's models.

Each module matches a chapter: :mod:`dlbasics.scratch.perceptron` is the
one-parameter linear model of chapter 1. They use NumPy only, so the
chapters can compare them with Keras and PyTorch.
"""

from . import perceptron
from .perceptron import (
    closed_form_weight,
    critical_learning_rate,
    gradient_descent,
    squared_loss,
    squared_loss_grad,
)

__all__ = [*perceptron.__all__]

# Attention and generative chapters, used through their modules
# (scratch.attention.positional_encoding, scratch.generative.q_sample...).
from . import attention, generative  # noqa: E402
