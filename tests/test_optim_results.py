"""The claims of chapter 4 (optimisation) hold for what its cells print.

Reads the book build's executions (from its execution cache), so it runs after
`make book` with the other checks of the built site: NumPy's Adam and
backpropagation agree with Keras and PyTorch, the deep sigmoid network's first
layer gets a vanishing gradient and the ReLU network's does not, constant
initial weights leave the hidden units identical, and standardised iris inputs
train to a lower loss.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from book_sources import LANGUAGES, printed

pytestmark = pytest.mark.site

NUMBER = r"(-?\d+(?:\.\d+)?(?:e[+-]\d+)?)"


def values_after(text: str, pattern: str) -> list[float]:
    return [float(v) for v in re.findall("(?:" + pattern + r")[^\n]*?= " + NUMBER, text)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_numpy_matches_the_frameworks(lang):
    text = printed(lang, "optim")
    (torch_adam,) = values_after(text, r"max \|NumPy - PyTorch\|")
    (keras_adam,) = values_after(text, r"max \|NumPy \(epsilon_hat\) - Keras\|")
    assert torch_adam < 1e-12 and keras_adam < 1e-5, (torch_adam, keras_adam)
    finite = values_after(text, r"finite differences\||différences finies\|")
    assert len(finite) == 2 and max(finite) < 1e-6, finite
    (tape,) = values_after(text, r"max \|NumPy - GradientTape\|")
    (autograd,) = values_after(text, r"max \|NumPy - autograd\|")
    assert max(tape, autograd) < 1e-6, (tape, autograd)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_vanishing_gradient_in_the_sigmoid_network(lang):
    text = printed(lang, "optim")
    rows = re.findall(r"(sigmoid|relu)\s?: (?:layer|couche) 1 " + NUMBER + r" \| (?:layer|couche) 10 "
                      + NUMBER, text)
    assert len(rows) == 6, rows            # NumPy, Keras, PyTorch
    for name, first, tenth in rows:
        first, tenth = float(first), float(tenth)
        if name == "sigmoid":
            assert first < 1e-4 * tenth, (first, tenth)
        else:
            assert 0.1 < first / tenth < 10, (first, tenth)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_constant_initialisation_keeps_units_identical(lang):
    text = printed(lang, "optim")
    blocks = re.split(r"\n(?=(?:start|départ)\s?: )", text)
    matrices = {}
    for block in blocks:
        match = re.match(r"(?:start|départ)\s?: (\w+)", block)
        if match:
            rows = re.findall(r"\[\[?([^\[\]]+)\]", block)[:5]
            matrices[match.group(1)] = np.array([[float(v) for v in row.split()] for row in rows])
    assert set(matrices) == {"zero", "constant", "normal"}, list(matrices)
    assert np.all(matrices["zero"] == 0)
    constant = matrices["constant"]
    assert np.abs(constant).max() > 0 and np.all(constant == constant[0])
    assert len({tuple(row) for row in matrices["normal"]}) == 5


@pytest.mark.parametrize("lang", LANGUAGES)
def test_standardised_inputs_train_to_a_lower_loss(lang):
    text = printed(lang, "optim")
    losses = re.findall(r"(raw|standardised)\s?: (?:final training loss|coût d'entraînement final) "
                        + NUMBER, text)
    assert len(losses) == 4, losses         # Keras, then PyTorch
    for (raw_name, raw), (std_name, std) in zip(losses[::2], losses[1::2]):
        assert (raw_name, std_name) == ("raw", "standardised")
        assert float(std) < float(raw) / 10, (raw, std)
