"""Helpers for the course *Deep Learning Basics* / *Introduction au deep learning*.

Setup (the first cell of every chapter)::

    import dlbasics
    device = dlbasics.setup(seed=0, language="en")   # quiet TensorFlow, seed everything, one thread

    import keras
    import torch
    from dlbasics import datasets, keras_models, plots, scratch, torch_models, training

The package is cut by concept:

- :mod:`dlbasics.runtime`: the chapter's runtime (:func:`~dlbasics.setup`,
  :func:`~dlbasics.set_seed`, :func:`~dlbasics.torch_device`, :func:`~dlbasics.quiet_tensorflow`,
  :func:`~dlbasics.execution_info`);
- :mod:`dlbasics.numbers`: numbers as the edition writes them
  (:func:`~dlbasics.fmt`: ``0.967`` or ``0,967``; :func:`~dlbasics.use_language`);
- :mod:`dlbasics.datasets`: shipped data sets (``load_*``) and seeded
  generators (``make_*``), as :mod:`sklearn.datasets` names them;
- :mod:`dlbasics.plots`: matplotlib figures, by kind of figure;
- :mod:`dlbasics.scratch`: NumPy reference implementations, one module per
  concept (``scratch.losses.mse``);
- :mod:`dlbasics.keras_models` and :mod:`dlbasics.torch_models`: the two
  framework implementations, with the same file and builder names as
  ``scratch``;
- :mod:`dlbasics.training`: the PyTorch training loop (``fit``, ``predict``,
  ``count_parameters``);
- :mod:`dlbasics.weights`: weights copied between Keras, PyTorch and NumPy.

Importing the package never imports Keras, TensorFlow or PyTorch: it loads
the framework-free subpackages only. ``keras_models``, ``torch_models`` and
``training`` import their framework at the top, so a chapter imports them
after :func:`~dlbasics.setup` (which quiets TensorFlow first).
"""

from . import datasets, numbers, plots, runtime, scratch, weights
from .datasets import load_dataset
from .numbers import fmt, use_language
from .runtime import execution_info, quiet_tensorflow, set_seed, setup, torch_device

__version__ = "0.1.0"

__all__ = [
    "execution_info",
    "fmt",
    "load_dataset",
    "quiet_tensorflow",
    "set_seed",
    "setup",
    "torch_device",
    "use_language",
]
