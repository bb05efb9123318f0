"""The claims of chapter 8 (good practice) hold for what its cells print.

Reads the book build's executions (from its execution cache), so it runs after
`make book` with the other checks of the built site: the folds cover the
development set, cross-validation scores are high and consistent in both
frameworks, the loss at initialisation is close to log C and one batch is
memorised, both frameworks write TensorBoard event files, and the search
reports a best trial.
"""

from __future__ import annotations

import ast
import math
import re

import pytest

from book_sources import LANGUAGES, printed

pytestmark = pytest.mark.site

NUMBER = r"(\d+(?:\.\d+)?)"
SPACE = "[ \u00a0\u202f]?"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_cross_validation(lang):
    text = printed(lang, "practice")
    (development, folds), = re.findall(r"(\d+),[^\n]*\[([\d, ]+)\]", text)[:1]
    assert sum(int(f) for f in folds.split(",")) == int(development), (development, folds)
    scores = re.findall(r"(?:cross-validated accuracy|exactitude en validation croisée)" + SPACE
                        + ":" + SPACE + NUMBER + r" ± " + NUMBER, text)
    assert len(scores) == 2, scores          # Keras, PyTorch
    for mean, std in scores:
        assert float(mean) > 0.85 and float(std) < 0.1, (mean, std)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_initial_loss_and_one_batch(lang):
    text = printed(lang, "practice")
    runs = re.findall(r"(?:initial loss|coût initial) " + NUMBER + r" \(log 3 = " + NUMBER
                      + r"\), (?:after 50 steps|après 50 pas) " + NUMBER, text)
    assert len(runs) == 2, runs
    for initial, log3, final in runs:
        assert float(log3) == round(math.log(3), 3)
        assert abs(float(initial) - math.log(3)) < 0.4, initial
        assert float(final) < 0.05, final


@pytest.mark.parametrize("lang", LANGUAGES)
def test_tensorboard_event_files_and_search(lang):
    text = printed(lang, "practice")
    logs = [ast.literal_eval(line) for line in text.splitlines() if line.startswith("{'adam")]
    assert len(logs) == 2 and all(logs) and all(n >= 1 for log in logs for n in log.values()), logs
    best = re.findall(r"(?:best validation loss|meilleur coût de validation) " + NUMBER, text)
    assert len(best) == 2 and all(float(b) < math.log(3) for b in best), best
