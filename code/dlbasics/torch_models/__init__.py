"""PyTorch models of the chapters, one module per concept.

The file names are those of :mod:`dlbasics.scratch` and of the Keras twins
in :mod:`dlbasics.keras_models`, and each builder has the same name in both
frameworks: ``mlp``, ``lenet5``, ``cnn1d``, ``recurrent_classifier``,
``recurrent_forecaster``, ``sequence_transformer``, ``autoencoder``, ``vae``,
``gan_pair``, ``time_mlp``. Each builder's docstring says where its twin
differs on purpose (PyTorch is channels first and takes input sizes where
Keras takes input shapes). The module classes (:class:`~dlbasics.torch_models.TransformerBlock`,
:class:`~dlbasics.torch_models.SequenceTransformer`, :class:`~dlbasics.torch_models.VAE`, :class:`~dlbasics.torch_models.TimeMLP`) are exported
too. Training, prediction and parameter counts are in
:mod:`dlbasics.training`.

Importing this package imports PyTorch; ``import dlbasics`` alone never
does. ``torch_models.mlp`` is the builder function; its module is
``dlbasics.torch_models.mlp`` in :data:`sys.modules`.
"""

from . import attention, conv, generative, rnn
from .attention import SequenceTransformer, TransformerBlock, sequence_transformer
from .conv import cnn1d, lenet5
from .generative import VAE, TimeMLP, autoencoder, gan_pair, time_mlp, vae
from .mlp import mlp
from .rnn import recurrent_classifier, recurrent_forecaster

__all__ = [
    "VAE",
    "SequenceTransformer",
    "TimeMLP",
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
