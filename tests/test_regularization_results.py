"""The claims of chapter 5 (regularisation) hold for what its cells print.

Reads the book build's executions (from its execution cache), so it runs after
`make book` with the other checks of the built site: early stopping stops
`patience` epochs after its best epoch in both frameworks and follows the
un-stopped run until then; every NumPy reference (penalties, one step of
weight decay, dropout scaling, batch normalisation) agrees with Keras and
PyTorch; and on the noisy digits the unregularised network overfits while
dropout holds up better.
"""

from __future__ import annotations

import re

import pytest

from book_sources import LANGUAGES, printed

pytestmark = pytest.mark.site

NUMBER = r"(-?\d+(?:\.\d+)?(?:e[+-]\d+)?)"
SPACE = "[ \u00a0\u202f]?"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_early_stopping_waits_patience_epochs_then_restores_the_best(lang):
    text = printed(lang, "regularization")
    runs = re.findall(r"(\d+) (?:epochs|époques)" + SPACE + ";" + SPACE
                      + r"(?:weights of epoch|poids de l'époque) (\d+)", text)
    assert len(runs) == 2, runs  # Keras, PyTorch
    for run, best in runs:
        assert int(run) == int(best) + 10 < 100, (run, best)
    same = re.findall(r"(?:same curve|même courbe)[^\n]*:" + SPACE + r"(True|False)", text)
    assert same == ["True", "True"], same


@pytest.mark.parametrize("lang", LANGUAGES)
def test_numpy_references_agree_with_both_frameworks(lang):
    text = printed(lang, "regularization")
    differences = [float(v) for line in text.splitlines() if "max |" in line
                   for v in re.findall(NUMBER + r"(?=,|$)", line.split(":")[-1].strip())]
    assert len(differences) >= 8, differences   # weight decay step, batch norm (x2 frameworks)
    assert max(differences) < 1e-5, differences
    kept = re.findall(r"x / \(1 - 0\.4\)" + SPACE + ":" + SPACE + r"(True|False)", text)
    assert kept == ["True", "True"], kept
    pairs = re.findall(r"L1" + SPACE + ":" + SPACE + NUMBER + r" \| NumPy" + SPACE + ":" + SPACE + NUMBER, text)
    assert len(pairs) == 2 and all(a == b for a, b in pairs), pairs


@pytest.mark.parametrize("lang", LANGUAGES)
def test_unregularised_network_overfits_and_dropout_holds(lang):
    text = printed(lang, "regularization")
    rows = re.findall(r"(Keras|PyTorch)\s+(\w+)\s+(?:best|meilleure) " + NUMBER
                      + r" \((?:epoch|époque)\s+\d+\), (?:last|dernière) " + NUMBER, text)
    scores = {(framework, name): (float(best), float(last)) for framework, name, best, last in rows}
    assert len(scores) == 10, rows
    for framework in ("Keras", "PyTorch"):
        best, last = scores[framework, "none"]
        assert last < best - 0.02, (framework, best, last)            # it overfits
        assert scores[framework, "dropout"][1] > last, (framework, scores)
