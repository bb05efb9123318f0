"""Keras 3 models of the chapters, one module per concept.

The file names are those of :mod:`dlbasics.scratch` and of the PyTorch
twins in :mod:`dlbasics.torch_models`, and each builder has the same name
in both frameworks: ``mlp``, ``lenet5``, ``cnn1d``, ``recurrent_classifier``,
``recurrent_forecaster``, ``sequence_transformer``, ``autoencoder``, ``vae``,
``gan_pair``, ``time_mlp``. Each builder's docstring says where its twin
differs on purpose (mostly: Keras needs input shapes, PyTorch input sizes).

Importing this package imports Keras (and its backend, TensorFlow): a
chapter imports it after :func:`dlbasics.setup`, which quiets TensorFlow
first. ``import dlbasics`` alone never imports it.

``keras_models.mlp`` is the builder function; its module is
``dlbasics.keras_models.mlp`` in :data:`sys.modules` (the other modules are
attributes: ``keras_models.conv``, ``keras_models.generative``...).
"""

from . import attention, conv, generative, rnn
from .attention import PositionalEmbedding, TransformerBlock, sequence_transformer
from .conv import cnn1d, lenet5
from .generative import Sampling, autoencoder, gan_pair, time_mlp, vae
from .mlp import mlp
from .rnn import recurrent_classifier, recurrent_forecaster

__all__ = [
    "PositionalEmbedding",
    "Sampling",
    "TransformerBlock",
    "autoencoder",
    "cnn1d",
    "gan_pair",
    "lenet5",
    "mlp",
    "recurrent_classifier",
    "recurrent_forecaster",
    "sequence_transformer",
    "time_mlp",
    "vae",
]
