"""Small generative models in Keras 3, for the generative chapter.

Importing this module imports Keras: call :func:`dlbasics.quiet_tensorflow`
first. Everything uses ``keras.ops`` and ``keras.random`` only, so it runs
on every Keras backend. :mod:`dlbasics.torch_generative` builds the same
models in PyTorch.
"""

import keras
from keras import layers, ops

__all__ = ["Sampling", "autoencoder", "gan_pair", "mlp", "time_mlp", "vae"]


def mlp(sizes, activation="relu", output_activation=None, name=None):
    """A multi-layer perceptron ``sizes[0] -> ... -> sizes[-1]``.

    Parameters
    ----------
    sizes : sequence of int
        Input size, hidden sizes, output size (at least two numbers).
    activation : str, default "relu"
        Activation of the hidden layers.
    output_activation : str, optional
        Activation of the output layer (None: linear).
    name : str, optional

    Returns
    -------
    keras.Sequential
    """
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ValueError(f"sizes must hold at least an input and an output size; got {sizes}.")
    hidden = [layers.Dense(size, activation=activation) for size in sizes[1:-1]]
    return keras.Sequential(
        [keras.Input((sizes[0],)), *hidden, layers.Dense(sizes[-1], activation=output_activation)],
        name=name,
    )


def autoencoder(n_inputs=64, n_latent=2, n_hidden=128):
    """An auto-encoder: encoder ``n_inputs -> n_hidden -> n_latent``, decoder back.

    The decoder ends with a sigmoid (pixel intensities in [0, 1]).

    Returns
    -------
    encoder, decoder, autoencoder : keras.Model
        ``autoencoder(x) = decoder(encoder(x))``; train it with
        ``fit(x, x)``.
    """
    encoder = mlp([n_inputs, n_hidden, n_latent], name="encoder")
    decoder = mlp([n_latent, n_hidden, n_inputs], output_activation="sigmoid", name="decoder")
    return encoder, decoder, keras.Sequential([encoder, decoder], name="autoencoder")


class Sampling(layers.Layer):
    r"""The reparameterisation trick, with the KL term of the VAE as a loss.

    Takes the encoder's output ``[mean, log_var]`` (concatenated, shape
    (batch, 2k)), returns :math:`z = \mu + \sigma \odot \varepsilon` with
    :math:`\varepsilon \sim \mathcal{N}(0, I)` (shape (batch, k)), and adds
    the batch mean of :math:`\mathrm{KL}(q(z \mid x) \,\|\, \mathcal{N}(0, I))`
    (:func:`dlbasics.scratch.generative.gaussian_kl`) to the model's losses.
    """

    def __init__(self, seed=0, **kwargs):
        super().__init__(**kwargs)
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, mean_and_log_var):
        mean, log_var = ops.split(mean_and_log_var, 2, axis=-1)
        kl = 0.5 * ops.sum(ops.exp(log_var) + ops.square(mean) - 1.0 - log_var, axis=-1)
        self.add_loss(ops.mean(kl))
        noise = keras.random.normal(ops.shape(mean), seed=self.seed_generator)
        return mean + ops.exp(0.5 * log_var) * noise


def vae(n_inputs=64, n_latent=2, n_hidden=128, seed=0):
    """A variational auto-encoder.

    The encoder outputs the mean and log-variance of q(z | x) side by side,
    shape (batch, 2 * n_latent); :class:`Sampling` draws z and adds the KL
    term; the decoder maps z to pixel probabilities (sigmoid).

    Returns
    -------
    encoder, decoder, vae : keras.Model
        Train `vae` with ``fit(x, x)`` and a reconstruction loss summed over
        the pixels (the KL term is already in the model's losses).
    """
    encoder = mlp([n_inputs, n_hidden, 2 * n_latent], name="encoder")
    decoder = mlp([n_latent, n_hidden, n_inputs], output_activation="sigmoid", name="decoder")
    x = keras.Input((n_inputs,))
    model = keras.Model(x, decoder(Sampling(seed)(encoder(x))), name="vae")
    return encoder, decoder, model


def gan_pair(n_noise=2, n_data=2, n_hidden=64):
    """Generator and discriminator of a GAN on low-dimensional data.

    Returns
    -------
    generator : keras.Sequential
        Noise (batch, n_noise) -> samples (batch, n_data); two hidden ReLU
        layers of `n_hidden` units.
    discriminator : keras.Sequential
        Samples -> one logit each, (batch, 1) (the probability "real" is its
        sigmoid); same hidden layers.
    """
    generator = mlp([n_noise, n_hidden, n_hidden, n_data], name="generator")
    discriminator = mlp([n_data, n_hidden, n_hidden, 1], name="discriminator")
    return generator, discriminator


def time_mlp(n_data=2, n_hidden=128, n_layers=3):
    """A network of a point and a time: the denoiser or the velocity field.

    Inputs ``[x, t]`` of shapes (batch, n_data) and (batch, 1) are
    concatenated and go through `n_layers` hidden layers of `n_hidden` SiLU
    units to an output of shape (batch, n_data). Weights start from He's
    uniform initialisation (as :class:`dlbasics.torch_generative.TimeMLP`):
    with Keras' default (Glorot) the short training of the generative
    chapter gives visibly blurrier samples.

    Returns
    -------
    keras.Model
    """
    x = keras.Input((n_data,))
    t = keras.Input((1,))
    h = layers.Concatenate()([x, t])
    for _ in range(n_layers):
        h = layers.Dense(n_hidden, activation="silu", kernel_initializer="he_uniform")(h)
    return keras.Model([x, t], layers.Dense(n_data, kernel_initializer="he_uniform")(h))
