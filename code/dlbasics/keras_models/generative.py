"""Small generative models in Keras 3, for the generative chapter.

Everything uses ``keras.ops`` and ``keras.random`` only, so it runs on every
Keras backend. The networks are :func:`dlbasics.keras_models.mlp`
perceptrons. :mod:`dlbasics.torch_models.generative` builds the same models
in PyTorch; :mod:`dlbasics.scratch.generative` holds the NumPy losses.
"""

import keras
from keras import layers, ops

from .._validation import check_int
from .mlp import mlp

__all__ = ["Sampling", "autoencoder", "gan_pair", "time_mlp", "vae"]


def autoencoder(n_inputs=64, n_latent=2, n_hidden=128):
    """An auto-encoder: encoder ``n_inputs -> n_hidden -> n_latent``, decoder back.

    The decoder ends with a sigmoid (pixel intensities in [0, 1]). Chapter 9
    (generative models) compresses the 8 × 8 digits into two numbers with
    it and draws them.

    Parameters
    ----------
    n_inputs : int, default 64
        Size of an input, e.g. a flattened 8 × 8 image.
    n_latent : int, default 2
        Size of the code (two: a point of the plane that can be drawn).
    n_hidden : int, default 128
        Width of the one hidden (ReLU) layer of the encoder and of the
        decoder.

    Returns
    -------
    encoder, decoder, autoencoder : keras.Model
        The encoder maps inputs (batch, n_inputs) to codes
        (batch, n_latent), the decoder codes back to (batch, n_inputs).
        ``autoencoder(x) = decoder(encoder(x))``; train it with
        ``fit(x, x)``. The PyTorch twin
        :func:`dlbasics.torch_models.autoencoder` returns the encoder and the
        decoder only: a PyTorch training loop calls them in turn.
    """
    encoder = mlp(n_inputs, [n_hidden], n_latent, name="encoder")
    decoder = mlp(n_latent, [n_hidden], n_inputs, output="sigmoid", name="decoder")
    return encoder, decoder, keras.Sequential([encoder, decoder], name="autoencoder")


class Sampling(layers.Layer):
    r"""The reparameterisation trick, with the KL term of the VAE as a loss.

    Takes the encoder's output ``[mean, log_var]`` (concatenated, shape
    (batch, 2k)), returns :math:`z = \mu + \sigma \odot \varepsilon` with
    :math:`\varepsilon \sim \mathcal{N}(0, I)` (shape (batch, k)), and adds
    the batch mean of :math:`\mathrm{KL}(q(z \mid x) \,\|\, \mathcal{N}(0, I))`
    (:func:`dlbasics.scratch.generative.gaussian_kl`) to the model's losses.
    Used by :func:`~dlbasics.keras_models.vae`; chapter 9 (generative
    models) shows its :meth:`~dlbasics.keras_models.Sampling.call`.

    Parameters
    ----------
    seed : int, default 0
        Seed of the layer's :class:`keras.random.SeedGenerator`, which
        draws :math:`\varepsilon`.
    **kwargs
        Passed to :class:`keras.layers.Layer` (``name``...).
    """

    def __init__(self, seed=0, **kwargs):
        super().__init__(**kwargs)
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, mean_and_log_var):
        """(batch, 2k) means then log-variances of q(z | x) -> z of shape (batch, k); adds the KL."""
        mean, log_var = ops.split(mean_and_log_var, 2, axis=-1)
        kl = 0.5 * ops.sum(ops.exp(log_var) + ops.square(mean) - 1.0 - log_var, axis=-1)
        self.add_loss(ops.mean(kl))
        noise = keras.random.normal(ops.shape(mean), seed=self.seed_generator)
        return mean + ops.exp(0.5 * log_var) * noise


def vae(n_inputs=64, n_latent=2, n_hidden=128, seed=0):
    """A variational auto-encoder.

    The encoder outputs the mean and log-variance of q(z | x) side by side,
    shape (batch, 2 * n_latent); :class:`~dlbasics.keras_models.Sampling` draws z and adds the KL
    term; the decoder maps z to pixel probabilities (sigmoid).

    Parameters
    ----------
    n_inputs, n_latent, n_hidden : int
    seed : int, default 0
        Seed of the :class:`~dlbasics.keras_models.Sampling` layer's noise. Keras only: the
        PyTorch twin :func:`dlbasics.torch_models.vae` draws its noise from
        PyTorch's global generator (seeded by :func:`dlbasics.setup`).

    Returns
    -------
    encoder, decoder, vae : keras.Model
        Train `vae` with ``fit(x, x)`` and a reconstruction loss summed over
        the pixels (the KL term is already in the model's losses). The
        PyTorch twin returns one :class:`~dlbasics.torch_models.VAE` module,
        whose ``encoder`` and ``decoder`` are attributes and whose forward
        pass returns the reconstruction, mean and log-variance (a PyTorch
        loss is written out, so it needs them).
    """
    n_latent = check_int("n_latent", n_latent)
    encoder = mlp(n_inputs, [n_hidden], 2 * n_latent, name="encoder")
    decoder = mlp(n_latent, [n_hidden], n_inputs, output="sigmoid", name="decoder")
    x = keras.Input((n_inputs,))
    model = keras.Model(x, decoder(Sampling(seed)(encoder(x))), name="vae")
    return encoder, decoder, model


def gan_pair(n_noise=2, n_data=2, n_hidden=64):
    """Generator and discriminator of a GAN on low-dimensional data.

    Chapter 9 (generative models) trains them on a ring of Gaussians in the
    plane (:func:`~dlbasics.datasets.make_ring_of_gaussians`) to show mode
    collapse.

    Parameters
    ----------
    n_noise : int, default 2
        Size of the generator's input noise.
    n_data : int, default 2
        Size of a sample (two: points of the plane).
    n_hidden : int, default 64
        Width of each of the two hidden layers of both networks.

    Returns
    -------
    generator : keras.Sequential
        Noise (batch, n_noise) -> samples (batch, n_data); two hidden ReLU
        layers of `n_hidden` units.
    discriminator : keras.Sequential
        Samples -> one logit each, (batch, 1) (the probability "real" is its
        sigmoid); same hidden layers.
    """
    generator = mlp(n_noise, [n_hidden, n_hidden], n_data, name="generator")
    discriminator = mlp(n_data, [n_hidden, n_hidden], 1, name="discriminator")
    return generator, discriminator


def time_mlp(n_data=2, n_hidden=128, n_layers=3):
    """A network of a point and a time: the denoiser or the velocity field.

    Inputs ``[x, t]`` of shapes (batch, n_data) and (batch, 1) are
    concatenated and go through `n_layers` hidden layers of `n_hidden` SiLU
    units to an output of shape (batch, n_data). Weights start from He's
    uniform initialisation (as :func:`dlbasics.torch_models.time_mlp`):
    with Keras' default (Glorot) the short training of the generative
    chapter gives visibly blurrier samples. That initialisation and the two
    inputs are why it is a functional model and not an
    :func:`~dlbasics.keras_models.mlp`. Chapter 9 (generative models) uses
    it as the denoiser of a diffusion model and as the velocity field of
    flow matching, on points of the plane.

    Parameters
    ----------
    n_data : int, default 2
        Size of a point `x` (and of the output).
    n_hidden : int, default 128
        Width of each hidden layer.
    n_layers : int, default 3
        Number of hidden layers (0: one linear layer of ``[x, t]``).

    Returns
    -------
    keras.Model
        Called on the list ``[x, t]``; the PyTorch twin's module is called
        as ``net(x, t)``.
    """
    n_data, n_hidden = check_int("n_data", n_data), check_int("n_hidden", n_hidden)
    n_layers = check_int("n_layers", n_layers, minimum=0)
    x = keras.Input((n_data,))
    t = keras.Input((1,))
    h = layers.Concatenate()([x, t])
    for _ in range(n_layers):
        h = layers.Dense(n_hidden, activation="silu", kernel_initializer="he_uniform")(h)
    return keras.Model([x, t], layers.Dense(n_data, kernel_initializer="he_uniform")(h))
