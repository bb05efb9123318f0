"""Helpers for the course *Deep Learning Basics* / *Introduction au deep learning*.

Setup (one cell per chapter)::

    import dlbasics
    dlbasics.quiet_tensorflow()   # before `import keras`, Keras chapters only
    dlbasics.set_seed(0)          # after the framework imports

Submodules: :mod:`dlbasics.data` (CSV data sets), :mod:`dlbasics.plots`
(matplotlib figures) and :mod:`dlbasics.scratch` (NumPy reference models).
Importing the package never imports Keras, TensorFlow or PyTorch.
"""

from . import data, plots, scratch
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
