"""Small generative models in PyTorch, for the generative chapter.

The networks are :func:`dlbasics.torch_models.mlp` perceptrons.
:mod:`dlbasics.keras_models.generative` builds the same models in Keras;
:mod:`dlbasics.scratch.generative` holds the NumPy losses.
"""

import torch
from torch import nn

from .._validation import check_int
from .mlp import mlp

__all__ = ["VAE", "TimeMLP", "autoencoder", "gan_pair", "time_mlp", "vae"]


def autoencoder(n_inputs=64, n_latent=2, n_hidden=128):
    """An auto-encoder: encoder ``n_inputs -> n_hidden -> n_latent``, decoder back.

    Chapter 9 (generative models) compresses the 8 × 8 digits into two
    numbers with it and draws them.

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
    encoder, decoder : torch.nn.Sequential
        The encoder maps inputs (batch, n_inputs) to codes
        (batch, n_latent), the decoder codes back to (batch, n_inputs) and
        ends with a sigmoid (pixel intensities in [0, 1]); reconstruct with
        ``decoder(encoder(x))``. The Keras twin
        :func:`dlbasics.keras_models.autoencoder` also returns the chained
        model, which Keras's ``fit`` trains.
    """
    encoder = mlp(n_inputs, [n_hidden], n_latent)
    decoder = mlp(n_latent, [n_hidden], n_inputs, output="sigmoid")
    return encoder, decoder


class VAE(nn.Module):
    r"""A variational auto-encoder with a Gaussian encoder.

    ``encoder(x)`` outputs the mean and log-variance of q(z | x) side by
    side (shape (batch, 2 * n_latent)); ``decoder(z)`` outputs pixel
    probabilities (sigmoid). Build it with :func:`~dlbasics.torch_models.vae`, the twin of
    :func:`dlbasics.keras_models.vae`.

    Parameters
    ----------
    n_inputs, n_latent, n_hidden : int
    """

    def __init__(self, n_inputs=64, n_latent=2, n_hidden=128):
        super().__init__()
        n_latent = check_int("n_latent", n_latent)
        self.encoder = mlp(n_inputs, [n_hidden], 2 * n_latent)
        self.decoder = mlp(n_latent, [n_hidden], n_inputs, output="sigmoid")

    def forward(self, x):
        r"""Encode, sample :math:`z = \mu + \sigma \odot \varepsilon`, decode.

        Returns
        -------
        reconstruction : torch.Tensor of shape (batch, n_inputs)
        mean, log_var : torch.Tensor of shape (batch, n_latent)
        """
        mean, log_var = self.encoder(x).chunk(2, dim=-1)
        z = mean + torch.exp(0.5 * log_var) * torch.randn_like(mean)
        return self.decoder(z), mean, log_var


def vae(n_inputs=64, n_latent=2, n_hidden=128):
    """A variational auto-encoder: a :class:`~dlbasics.torch_models.VAE`.

    The twin of :func:`dlbasics.keras_models.vae`, with two intended
    differences: it returns one module (its ``encoder`` and ``decoder`` are
    attributes, and its forward pass returns the reconstruction, mean and
    log-variance that a written-out PyTorch loss needs), and it has no
    ``seed``: the noise comes from PyTorch's global generator (seeded by
    :func:`dlbasics.setup`). Chapter 9 (generative models) trains it on the
    8 × 8 digits and draws new ones.

    Parameters
    ----------
    n_inputs : int, default 64
        Size of an input, e.g. a flattened 8 × 8 image.
    n_latent : int, default 2
        Size of the code z.
    n_hidden : int, default 128
        Width of the one hidden layer of the encoder and of the decoder.

    Returns
    -------
    VAE
        ``vae(x)``, x of shape (batch, n_inputs), returns the
        reconstruction (batch, n_inputs) and the mean and log-variance
        (batch, n_latent).
    """
    return VAE(n_inputs, n_latent, n_hidden)


def gan_pair(n_noise=2, n_data=2, n_hidden=64):
    """Generator and discriminator of a GAN on low-dimensional data.

    The twin of :func:`dlbasics.keras_models.gan_pair`. Chapter 9
    (generative models) trains them on a ring of Gaussians in the plane
    (:func:`~dlbasics.datasets.make_ring_of_gaussians`) to show mode
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
    generator : torch.nn.Sequential
        Noise (batch, n_noise) -> samples (batch, n_data); two hidden ReLU
        layers of `n_hidden` units.
    discriminator : torch.nn.Sequential
        Samples -> one logit each, (batch, 1); same hidden layers.
    """
    return mlp(n_noise, [n_hidden, n_hidden], n_data), mlp(n_data, [n_hidden, n_hidden], 1)


class TimeMLP(nn.Module):
    """A network of a point and a time: the denoiser or the velocity field.

    ``forward(x, t)`` concatenates `x` (batch, n_data) and `t` (batch, 1)
    and goes through `n_layers` hidden layers of `n_hidden` SiLU units to an
    output of shape (batch, n_data). Weights start from He's uniform
    initialisation and biases from zero, as in
    :func:`dlbasics.keras_models.time_mlp`. Build it with :func:`~dlbasics.torch_models.time_mlp`.

    The layers are ``body``, an ``nn.Sequential`` of ``Linear`` and ``SiLU``
    modules. It is not an :func:`~dlbasics.torch_models.mlp`, whose activation names (those of
    :data:`dlbasics.scratch.activations.MODEL_ACTIVATIONS`) have no SiLU.
    """

    def __init__(self, n_data=2, n_hidden=128, n_layers=3):
        super().__init__()
        n_data, n_hidden = check_int("n_data", n_data), check_int("n_hidden", n_hidden)
        n_layers = check_int("n_layers", n_layers, minimum=0)
        sizes = [n_data + 1, *[n_hidden] * n_layers, n_data]
        modules = []
        for n_from, n_to in zip(sizes[:-2], sizes[1:-1]):
            modules += [nn.Linear(n_from, n_to), nn.SiLU()]
        self.body = nn.Sequential(*modules, nn.Linear(sizes[-2], sizes[-1]))
        for module in self.body:
            if isinstance(module, nn.Linear):
                nn.init.kaiming_uniform_(module.weight, nonlinearity="relu")
                nn.init.zeros_(module.bias)

    def forward(self, x, t):
        """The output at points `x` and times `t`.

        Parameters
        ----------
        x : torch.Tensor of shape (batch, n_data)
        t : torch.Tensor of shape (batch, 1)
            One time per point, as a column: it is concatenated to `x`
            along the last axis, so a tensor of shape (batch,) must be
            reshaped first (``t[:, None]``).

        Returns
        -------
        torch.Tensor of shape (batch, n_data)
            The predicted noise (denoiser) or velocity (velocity field).
        """
        return self.body(torch.cat([x, t], dim=-1))


def time_mlp(n_data=2, n_hidden=128, n_layers=3):
    """A :class:`~dlbasics.torch_models.TimeMLP`: the twin of :func:`dlbasics.keras_models.time_mlp`.

    Intended difference: the module is called as ``net(x, t)``, the Keras
    model on the list ``[x, t]``. Chapter 9 (generative models) uses it as
    the denoiser of a diffusion model and as the velocity field of flow
    matching, on points of the plane.

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
    TimeMLP
        Called as ``net(x, t)``, x of shape (batch, n_data) and t of shape
        (batch, 1); returns a tensor of shape (batch, n_data).
    """
    return TimeMLP(n_data, n_hidden, n_layers)
