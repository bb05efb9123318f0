"""Small generative models in PyTorch, for the generative chapter.

Importing this module imports PyTorch. :mod:`dlbasics.keras_generative`
builds the same models in Keras.
"""

import torch
from torch import nn

__all__ = ["VAE", "TimeMLP", "autoencoder", "gan_pair", "mlp"]


def mlp(sizes, activation=nn.ReLU, output_activation=None):
    """A multi-layer perceptron ``sizes[0] -> ... -> sizes[-1]``.

    Parameters
    ----------
    sizes : sequence of int
        Input size, hidden sizes, output size (at least two numbers).
    activation : type, default torch.nn.ReLU
        Module class of the hidden activations.
    output_activation : type, optional
        Module class applied to the output (None: linear).

    Returns
    -------
    torch.nn.Sequential
    """
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ValueError(f"sizes must hold at least an input and an output size; got {sizes}.")
    modules = []
    for n_in, n_out in zip(sizes[:-2], sizes[1:-1]):
        modules += [nn.Linear(n_in, n_out), activation()]
    modules.append(nn.Linear(sizes[-2], sizes[-1]))
    if output_activation is not None:
        modules.append(output_activation())
    return nn.Sequential(*modules)


def autoencoder(n_inputs=64, n_latent=2, n_hidden=128):
    """An auto-encoder: encoder ``n_inputs -> n_hidden -> n_latent``, decoder back.

    Returns
    -------
    encoder, decoder : torch.nn.Sequential
        The decoder ends with a sigmoid (pixel intensities in [0, 1]);
        reconstruct with ``decoder(encoder(x))``.
    """
    encoder = mlp([n_inputs, n_hidden, n_latent])
    decoder = mlp([n_latent, n_hidden, n_inputs], output_activation=nn.Sigmoid)
    return encoder, decoder


class VAE(nn.Module):
    r"""A variational auto-encoder with a Gaussian encoder.

    ``encoder(x)`` outputs the mean and log-variance of q(z | x) side by
    side (shape (batch, 2 * n_latent)); ``decoder(z)`` outputs pixel
    probabilities (sigmoid).

    Parameters
    ----------
    n_inputs, n_latent, n_hidden : int
    """

    def __init__(self, n_inputs=64, n_latent=2, n_hidden=128):
        super().__init__()
        self.encoder = mlp([n_inputs, n_hidden, 2 * n_latent])
        self.decoder = mlp([n_latent, n_hidden, n_inputs], output_activation=nn.Sigmoid)

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


def gan_pair(n_noise=2, n_data=2, n_hidden=64):
    """Generator and discriminator of a GAN on low-dimensional data.

    Returns
    -------
    generator : torch.nn.Sequential
        Noise (batch, n_noise) -> samples (batch, n_data); two hidden ReLU
        layers of `n_hidden` units.
    discriminator : torch.nn.Sequential
        Samples -> one logit each, (batch, 1); same hidden layers.
    """
    return mlp([n_noise, n_hidden, n_hidden, n_data]), mlp([n_data, n_hidden, n_hidden, 1])


class TimeMLP(nn.Module):
    """A network of a point and a time: the denoiser or the velocity field.

    ``forward(x, t)`` concatenates `x` (batch, n_data) and `t` (batch, 1)
    and goes through `n_layers` hidden layers of `n_hidden` SiLU units to an
    output of shape (batch, n_data). Weights start from He's uniform
    initialisation and biases from zero, as in
    :func:`dlbasics.keras_generative.time_mlp`.
    """

    def __init__(self, n_data=2, n_hidden=128, n_layers=3):
        super().__init__()
        self.body = mlp([n_data + 1, *[n_hidden] * n_layers, n_data], activation=nn.SiLU)
        for module in self.body:
            if isinstance(module, nn.Linear):
                nn.init.kaiming_uniform_(module.weight, nonlinearity="relu")
                nn.init.zeros_(module.bias)

    def forward(self, x, t):
        return self.body(torch.cat([x, t], dim=-1))
