"""Tests of dlbasics.torch_models: structure and parameter counts of the builders."""

import pytest

from dlbasics import torch_models
from dlbasics.scratch import count_parameters

torch = pytest.importorskip("torch")
nn = torch.nn

ARCHITECTURES = [(10, [20], 3), (4, [100], 3), (2, [3], 1), (6, [32], 1), (5, [16, 16], 2), (3, [], 2)]


def _count(model):
    return sum(p.numel() for p in model.parameters())


@pytest.mark.parametrize(("n_in", "hidden", "n_out"), ARCHITECTURES, ids=str)
def test_parameter_count_is_the_closed_formula(n_in, hidden, n_out):
    model = torch_models.mlp(n_in, hidden, n_out)
    assert _count(model) == count_parameters([n_in, *hidden, n_out])
    assert model(torch.zeros(7, n_in)).shape == (7, n_out)


def test_chapter_model_has_283_parameters_and_outputs_logits():
    model = torch_models.mlp(10, [20], 3)
    assert _count(model) == 283
    assert [type(m).__name__ for m in model] == ["Linear", "ReLU", "Linear"]
    assert [tuple(m.weight.shape) for m in model if isinstance(m, nn.Linear)] == [(20, 10), (3, 20)]
    logits = model(torch.randn(5, 10))
    assert not torch.allclose(logits.sum(dim=1), torch.ones(5))  # logits, not probabilities


@pytest.mark.parametrize(
    ("activation", "output", "kinds"),
    [
        ("relu", None, ["Linear", "ReLU", "Linear", "ReLU", "Linear"]),
        ("tanh", "sigmoid", ["Linear", "Tanh", "Linear", "Tanh", "Linear", "Sigmoid"]),
        ("linear", "identity", ["Linear", "Linear", "Linear"]),
        ("ELU", "softplus", ["Linear", "ELU", "Linear", "ELU", "Linear", "Softplus"]),
        ("leaky_relu", "softmax", ["Linear", "LeakyReLU", "Linear", "LeakyReLU", "Linear", "Softmax"]),
    ],
)
def test_activation_modules(activation, output, kinds):
    model = torch_models.mlp(3, [4, 5], 2, activation=activation, output=output)
    assert [type(m).__name__ for m in model] == kinds
    for module in model:
        if isinstance(module, nn.LeakyReLU):
            assert module.negative_slope == pytest.approx(0.01)
        if isinstance(module, nn.Softmax):
            assert module.dim == -1
            assert torch.allclose(model(torch.randn(4, 3)).sum(dim=1), torch.ones(4))


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        ((0, [20], 3), {}, "n_in must be an integer >= 1; got 0"),
        ((10, 20, 3), {}, r"hidden must be a list of layer sizes, e.g. \[20\]"),
        ((10, [20], 3), {"activation": "swish"}, "Unknown activation 'swish'; choose None or one of"),
        ((10, [20], 3), {"output": "threshold"}, "Unknown output activation 'threshold'"),
    ],
)
def test_bad_arguments_raise(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        torch_models.mlp(*args, **kwargs)
