"""The regularization chapter's ``early_stopped(history, patience)``.

The chapter does not train early stopping on the digits: with the same seed,
a run with the callback is the unregularised run cut short, so a shared cell
writes out the callback's rule and cuts the unregularised curves with it.
That rule must cut where the callback stops: here it is run on random
validation curves, ties and long plateaus included, against
``dlbasics.training.EarlyStopping``, which follows Keras's callback step by
step (``tests/dlbasics/test_training.py`` checks it against Keras).
"""

from __future__ import annotations

import ast

import numpy as np
import pytest

from _sources import LANGUAGES, code_cells
from dlbasics import training


def early_stopped(lang: str):
    """The chapter's function, compiled from its page (only its ``def``)."""
    for cell in code_cells(lang, "regularization.md"):
        for node in ast.parse(cell.source).body:
            if isinstance(node, ast.FunctionDef) and node.name == "early_stopped":
                namespace: dict = {}
                exec(compile(ast.Module([node], []), f"{lang}/regularization.md", "exec"), namespace)
                return namespace["early_stopped"]
    pytest.fail(f"book/{lang}/regularization.md defines no early_stopped(history, patience)")


def callback_epochs(val_loss: list[float], patience: int) -> int:
    """How many epochs EarlyStopping(monitor="val_loss", patience=patience) lets run."""
    callback = training.EarlyStopping(monitor="val_loss", patience=patience)
    for epoch, value in enumerate(val_loss):
        if callback.on_epoch_end(epoch, {"val_loss": value}):
            return epoch + 1
    return len(val_loss)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_early_stopped_cuts_where_the_callback_stops(lang):
    cut = early_stopped(lang)
    rng = np.random.default_rng(0)
    cases = 0
    for patience in range(0, 12):
        for _ in range(40):
            n_epochs = int(rng.integers(1, 60))
            # a noisy U-shaped curve, rounded so that ties happen
            epochs = np.arange(n_epochs)
            val_loss = ((epochs - rng.integers(0, n_epochs)) ** 2 / 400
                        + rng.normal(0, 0.05, n_epochs)).round(2).tolist()
            history = {"loss": list(range(n_epochs)), "val_loss": val_loss}
            kept = cut(history, patience)
            expected = callback_epochs(val_loss, patience)
            assert len(kept["val_loss"]) == expected, (patience, val_loss)
            assert kept["loss"] == history["loss"][:expected]  # every curve cut alike
            cases += expected < n_epochs
    assert cases > 100  # most runs were cut short, so the rule was tested, not only the end
