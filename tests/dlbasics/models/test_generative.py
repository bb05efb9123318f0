"""Tests of the generative model builders: dlbasics.keras_models.generative and dlbasics.torch_models.generative."""

import numpy as np
import pytest

from dlbasics.scratch.generative import gaussian_kl

X = np.random.default_rng(0).random((5, 64)).astype("float32")


def test_autoencoders(keras, keras_models, torch, torch_models, n_torch):
    encoder, decoder, model = keras_models.autoencoder(64, 2, 32)
    out = keras.ops.convert_to_numpy(model(X))
    assert keras.ops.convert_to_numpy(encoder(X)).shape == (5, 2)
    assert out.shape == (5, 64) and out.min() >= 0 and out.max() <= 1
    t_encoder, t_decoder = torch_models.autoencoder(64, 2, 32)
    t_out = t_decoder(t_encoder(torch.from_numpy(X)))
    assert t_out.shape == (5, 64) and 0 <= t_out.min() and t_out.max() <= 1
    expected = (64 * 32 + 32 + 32 * 2 + 2) + (2 * 32 + 32 + 32 * 64 + 64)
    assert model.count_params() == n_torch(t_encoder, t_decoder) == expected


def test_keras_sampling_layer_adds_the_closed_form_kl(keras, keras_models):
    layer = keras_models.Sampling(seed=0)
    stats = np.random.default_rng(1).standard_normal((6, 4)).astype("float32")
    z = keras.ops.convert_to_numpy(layer(stats))
    assert z.shape == (6, 2)
    (kl,) = layer.losses
    expected = gaussian_kl(stats[:, :2], stats[:, 2:]).mean()
    assert float(keras.ops.convert_to_numpy(kl)) == pytest.approx(expected, rel=1e-5)


def test_keras_sampling_is_the_reparameterisation(keras, keras_models):
    layer = keras_models.Sampling(seed=0)
    stats = np.tile([[3.0, -1.0, np.log(0.25), 0.0]], (20_000, 1)).astype("float32")
    z = keras.ops.convert_to_numpy(layer(stats))
    np.testing.assert_allclose(z.mean(axis=0), [3.0, -1.0], atol=0.03)
    np.testing.assert_allclose(z.std(axis=0), [0.5, 1.0], rtol=0.03)


def test_vaes(keras, keras_models, torch, torch_models, n_torch):
    encoder, decoder, vae = keras_models.vae(64, 2, 32)
    assert keras.ops.convert_to_numpy(encoder(X)).shape == (5, 4)
    assert keras.ops.convert_to_numpy(vae(X)).shape == (5, 64)
    assert keras.ops.convert_to_numpy(decoder(np.zeros((3, 2), "float32"))).shape == (3, 64)
    model = torch_models.vae(64, 2, 32)
    assert isinstance(model, torch_models.VAE)
    reconstruction, mean, log_var = model(torch.from_numpy(X))
    assert reconstruction.shape == (5, 64) and mean.shape == log_var.shape == (5, 2)
    assert vae.count_params() == n_torch(model)


def test_torch_vae_samples_with_the_encoded_statistics(torch, torch_models):
    model = torch_models.VAE(64, 2, 32)
    torch.manual_seed(0)
    x = torch.from_numpy(np.repeat(X[:1], 20_000, axis=0))
    with torch.no_grad():
        mean, log_var = model.encoder(x[:1]).chunk(2, dim=-1)
        torch.manual_seed(1)
        z_mean, z_log_var = model.encoder(x).chunk(2, dim=-1)
        z = z_mean + torch.exp(0.5 * z_log_var) * torch.randn_like(z_mean)
    np.testing.assert_allclose(z.mean(0).numpy(), mean[0].numpy(), atol=0.05)
    np.testing.assert_allclose(z.std(0).numpy(), torch.exp(0.5 * log_var[0]).numpy(), rtol=0.05)


def test_gan_pairs(keras, keras_models, torch, torch_models, n_torch):
    generator, discriminator = keras_models.gan_pair(2, 2, 16)
    noise = np.zeros((7, 2), "float32")
    assert keras.ops.convert_to_numpy(generator(noise)).shape == (7, 2)
    assert keras.ops.convert_to_numpy(discriminator(noise)).shape == (7, 1)
    t_generator, t_discriminator = torch_models.gan_pair(2, 2, 16)
    assert t_generator(torch.zeros(7, 2)).shape == (7, 2)
    assert t_discriminator(torch.zeros(7, 2)).shape == (7, 1)
    assert generator.count_params() == n_torch(t_generator)
    assert discriminator.count_params() == n_torch(t_discriminator)


def test_time_networks(keras, keras_models, torch, torch_models, n_torch):
    model = keras_models.time_mlp(2, 32, 3)
    x, t = np.zeros((4, 2), "float32"), np.ones((4, 1), "float32")
    assert keras.ops.convert_to_numpy(model([x, t])).shape == (4, 2)
    net = torch_models.time_mlp(2, 32, 3)
    assert isinstance(net, torch_models.TimeMLP)
    assert net(torch.from_numpy(x), torch.from_numpy(t)).shape == (4, 2)
    assert model.count_params() == n_torch(net) == 3 * 32 + 32 + 2 * (32 * 32 + 32) + 32 * 2 + 2
    biases = [m.bias for m in net.modules() if isinstance(m, torch.nn.Linear)]
    assert all(torch.all(b == 0) for b in biases)


@pytest.mark.parametrize("framework", ["keras", "torch"])
def test_mlp_rejects_too_few_sizes(request, framework):
    """The networks are the package's mlp: its checks name the size that is wrong."""
    models = request.getfixturevalue(f"{framework}_models")
    with pytest.raises(ValueError, match="n_out must be an integer >= 1; got 0"):
        models.autoencoder(64, 0, 32)
    with pytest.raises(ValueError, match="every hidden size must be an integer >= 1; got 0"):
        models.gan_pair(2, 2, 0)
    with pytest.raises(ValueError, match="n_latent must be an integer >= 1; got 0"):
        models.vae(64, 0, 32)
    with pytest.raises(ValueError, match="n_layers must be an integer >= 0; got -1"):
        models.time_mlp(2, 32, -1)
    assert models.time_mlp(2, 8, 0) is not None  # no hidden layer: one linear map of (x, t)


def test_keras_vae_trains_with_fit(keras, keras_models):
    """fit minimises the reconstruction loss plus the KL term added by Sampling."""
    keras.utils.set_random_seed(0)
    _, _, vae = keras_models.vae(64, 2, 32)
    vae.compile(optimizer=keras.optimizers.Adam(1e-2), loss=lambda x, p: 64 * keras.losses.binary_crossentropy(x, p))
    data = np.random.default_rng(2).random((64, 64)).astype("float32")
    history = vae.fit(data, data, batch_size=32, epochs=5, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


@pytest.mark.parametrize(("n_hidden", "kinds"), [(16, ["Linear", "ReLU", "Linear"])])
def test_networks_are_the_packages_mlp(keras_models, torch, torch_models, n_hidden, kinds):
    """Same layers, in the same order, as mlp(n_in, hidden, n_out) builds (seeded: the same weights)."""
    torch.manual_seed(0)
    encoder, decoder = torch_models.autoencoder(64, 2, n_hidden)
    torch.manual_seed(0)
    expected = [torch_models.mlp(64, [n_hidden], 2), torch_models.mlp(2, [n_hidden], 64, output="sigmoid")]
    for got, want in zip((encoder, decoder), expected):
        assert repr(got) == repr(want)
        assert all(torch.equal(a, b) for a, b in zip(got.state_dict().values(), want.state_dict().values()))
    assert [type(m).__name__ for m in encoder] == kinds
    assert [type(m).__name__ for m in torch_models.vae(64, 2, n_hidden).decoder][-1] == "Sigmoid"
    generator, discriminator = keras_models.gan_pair(2, 2, n_hidden)
    assert [type(layer).__name__ for layer in generator.layers] == ["Dense"] * 3
    assert [layer.activation.__name__ for layer in discriminator.layers] == ["relu", "relu", "linear"]
    assert (generator.name, discriminator.name) == ("generator", "discriminator")
