"""The numbers chapters 6 and 7 quote are what their cells print (checked loosely).

Reads the book build's executions (from its execution cache), so it runs after `make book`
with the other checks of the built site.
"""

from __future__ import annotations

import re

import pytest

from book_sources import LANGUAGES, printed

pytestmark = pytest.mark.site

PERCENT = r"(\d+\.\d)%"


def percentages(text: str, after: str) -> list[float]:
    return [float(value) for value in re.findall(after + r"[^\n]*?" + PERCENT, text)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_cnn_accuracies(lang):
    text = printed(lang, "cnn")
    accuracy = "test accuracy: " if lang == "en" else "exactitude en test : "
    values = percentages(text, accuracy)
    assert len(values) == 4, values          # Trace (Keras, PyTorch), digits (Keras, PyTorch)
    assert min(values[:2]) >= 90, f"1D CNN on Trace: {values[:2]}"
    assert min(values[2:]) >= 93, f"LeNet-5 on digits: {values[2:]}"
    assert "61,706" in text or "61706" in text
    transfer = re.findall(r"(\d+) (?:labels per class|étiquettes par classe)[^\d]+" + PERCENT + r"[^\d]+" + PERCENT, text)
    assert len(transfer) == 4, transfer      # 3 and 10 labels, two frameworks
    for n, reused, scratch in transfer:
        assert float(reused) >= (75 if n == "3" else 88), (n, reused)
        assert float(reused) >= float(scratch) - 2, (n, reused, scratch)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_rnn_results(lang):
    text = printed(lang, "rnn")
    accuracy = "test accuracy: " if lang == "en" else "exactitude en test : "
    values = percentages(text, accuracy)
    assert len(values) == 2 and min(values) >= 90, f"LSTM on digits read row by row: {values}"
    errors = [float(v) for v in re.findall(r"(?:after 1950|après 1950) ?: (\d+\.\d)", text)]
    baseline = float(re.search(r"(?:persistence baseline|référence par persistance) ?: (\d+\.\d)", text).group(1))
    assert len(errors) == 2 and max(errors) < 0.75 * baseline, (errors, baseline)
    differences = [float(v) for v in re.findall(r"(?:max difference|écart maximal)[^\n]*?(\d\.\d+e-\d+)", text)]
    assert differences and max(differences) < 1e-5, differences
