"""Helpers for the course *Deep Learning Basics* / *Introduction au deep learning*.

Setup (one cell per chapter)::

    import dlbasics
    dlbasics.quiet_tensorflow()   # before `import keras`, Keras chapters only
    dlbasics.set_seed(0)          # after the framework imports

Submodules: :mod:`dlbasics.data` (CSV data sets), :mod:`dlbasics.plots`
(matplotlib figures), :mod:`dlbasics.scratch` (NumPy reference models),
:mod:`dlbasics.keras_models` and :mod:`dlbasics.torch_models` (model
builders) and :mod:`dlbasics.weights` (weights copied between Keras, PyTorch
and NumPy). Importing the package never imports Keras, TensorFlow or
PyTorch: the builders import their framework when they are called.
"""

from . import data, keras_models, plots, scratch, torch_models, weights
from .data import available_datasets, data_dir, load_dataset
from .device import torch_device
from .environment import execution_info, quiet_tensorflow
from .seed import set_seed

__version__ = "0.1.0"

__all__ = [
    "available_datasets",
    "data_dir",
    "execution_info",
    "load_dataset",
    "quiet_tensorflow",
    "set_seed",
    "torch_device",
]
