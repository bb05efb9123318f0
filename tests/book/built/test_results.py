"""The numbers the chapters' prose relies on are what their cells print.

Reads what the book build's executions printed (``_sources.printed``, from
the build's execution cache), so it runs after `make book` with the other
checks of the built site, and what `make colab-check`'s runs of the paired
notebooks printed at Colab's versions (skipped, with a note, where it has
not run): the claims hold on both. One parser, :func:`found`, reads every claim, in
both editions (each pattern names the English and the French print):

========================  ====================================================
chapter                   claims
========================  ====================================================
optim (4)                 NumPy's Adam and backpropagation agree with Keras
                          and PyTorch; the deep sigmoid network's first layer
                          gets a vanishing gradient, the ReLU network's does
                          not; constant initial weights leave the hidden
                          units identical; standardised iris inputs train to
                          a lower loss
regularization (5)        early stopping stops `patience` epochs after its
                          best epoch and follows the un-stopped run until
                          then; every NumPy reference (penalties, a weight
                          decay step, dropout scaling, batch normalisation)
                          agrees with both frameworks; L1 zeroes the useless
                          weights of a linear model, L2 does not; the bare
                          PyTorch loop stops near the package's fit; on the
                          noisy digits the unregularised network overfits,
                          dropout holds up better and batch normalisation
                          peaks first and ends last
cnn (6)                   the 1D network reads *Trace* (almost) perfectly and
                          LeNet-5 about 96 % of the digits; 61,706
                          parameters; the reused
                          base does at least as well as training from scratch
rnn (7)                   the LSTM reads the digits row by row; the GRU
                          forecasts beat persistence; NumPy's LSTM and GRU
                          match the frameworks
practice (8)              the folds cover the development set and
                          cross-validation scores are high in both
                          frameworks; the loss at initialisation is close to
                          log 3 and one batch is memorised; both frameworks
                          write TensorBoard event files; the search reports a
                          best trial
attention (9)             the transformer reverses held-out digit sequences
                          (nearly every digit right) in both frameworks
generative (10)           in the mode-collapse runs (five generator steps per
                          discriminator step) most snapshots cover at most
                          one mode, with a spread well below the data's 2
========================  ====================================================
"""

from __future__ import annotations

import ast
import functools
import math
import re

import numpy as np
import pytest

import _sources

#: A printed number: an integer, a decimal or a float in scientific notation,
#: with a decimal point (English) or comma (French: ``dlbasics.fmt``); read
#: it with :func:`number`.
NUMBER = r"(-?\d+(?:[.,]\d+)?(?:e[+-]\d+)?)"
#: A percentage as ``dlbasics.fmt(x, ".1%")`` prints it: ``96.2%`` or ``96,2 %``
#: (narrow or plain no-break space).
PERCENT = r"(\d+[.,]\d)[\u00a0\u202f]?%"
#: The space French typography puts before ":" and ";" (none, plain or no-break).
SPACE = "[ \u00a0\u202f]?"


def number(text: str) -> float:
    """A number printed in either edition (``0.967`` or ``0,967``) as a float."""
    return float(text.replace(",", "."))


#: Every claim is checked on each edition's execution in the book build (our
#: pins) and in `make colab-check` (Colab's versions).
EACH_RUN = pytest.mark.parametrize("lang, run", [(lang, run) for run in _sources.RUNS
                                                 for lang in _sources.LANGUAGES])


@functools.cache
def page(lang: str, chapter: str, run: str) -> str:
    """What the cells of one chapter printed in one run (read once)."""
    return _sources.printed(lang, chapter, run)


def found(text: str, label: str, value: str = NUMBER) -> list:
    """Every `value` printed after `label` on the same line, in order.

    `label` is a regular expression (usually ``english|french``); `value`
    one with capturing groups. With one group, the values come back as
    floats; with several, as tuples of strings.
    """
    hits = re.findall("(?:" + label + r")[^\n]*?" + value, text)
    return [number(hit) for hit in hits] if re.compile(value).groups == 1 else hits


# ----------------------------------------------------------------------
# Chapter 4: optimisation


@EACH_RUN
def test_numpy_matches_the_frameworks(lang, run):
    text = page(lang, "optim", run)
    (torch_adam,) = found(text, r"max \|NumPy - PyTorch\|", "= " + NUMBER)
    (keras_adam,) = found(text, r"max \|NumPy \(epsilon_hat\) - Keras\|", "= " + NUMBER)
    assert torch_adam < 1e-12 and keras_adam < 1e-5, (torch_adam, keras_adam)
    finite = found(text, r"finite differences\||différences finies\|", "= " + NUMBER)
    assert len(finite) == 2 and max(finite) < 1e-6, finite
    (tape,) = found(text, r"max \|NumPy - GradientTape\|", "= " + NUMBER)
    (autograd,) = found(text, r"max \|NumPy - autograd\|", "= " + NUMBER)
    assert max(tape, autograd) < 1e-6, (tape, autograd)


@EACH_RUN
def test_vanishing_gradient_in_the_sigmoid_network(lang, run):
    text = page(lang, "optim", run)
    rows = re.findall(r"(sigmoid|relu)\s?: (?:layer|couche) 1 " + NUMBER + r" \| (?:layer|couche) 10 "
                      + NUMBER, text)
    assert len(rows) == 6, rows            # NumPy, Keras, PyTorch
    for name, first, tenth in rows:
        first, tenth = number(first), number(tenth)
        if name == "sigmoid":
            # prose: "the 1.1 × 10^6 measured between the weight gradients (4.7 per layer)",
            # from values printed with two digits
            assert 0.95e6 < tenth / first < 1.25e6, (first, tenth)
            assert 4.6 <= round((tenth / first) ** (1 / 9), 1) <= 4.8, (first, tenth)
        else:
            assert 0.1 < first / tenth < 10, (first, tenth)


@EACH_RUN
def test_constant_initialisation_keeps_units_identical(lang, run):
    text = page(lang, "optim", run)
    blocks = re.split(r"\n(?=(?:start|départ)\s?: )", text)
    matrices = {}
    for block in blocks:
        match = re.match(r"(?:start|départ)\s?: (\w+)", block)
        if match:
            rows = re.findall(r"\[\[?([^\[\]]+)\]", block)[:5]
            matrices[match.group(1)] = np.array([[number(v) for v in row.split()] for row in rows])
    assert set(matrices) == {"zero", "constant", "normal"}, list(matrices)
    assert np.all(matrices["zero"] == 0)
    constant = matrices["constant"]
    assert np.abs(constant).max() > 0 and np.all(constant == constant[0])
    assert len({tuple(row) for row in matrices["normal"]}) == 5


@EACH_RUN
def test_standardised_inputs_train_to_a_lower_loss(lang, run):
    text = page(lang, "optim", run)
    losses = re.findall(r"(raw|standardised)\s?: (?:final training loss|coût d'entraînement final) "
                        + NUMBER, text)
    assert len(losses) == 4, losses         # Keras, then PyTorch
    for (raw_name, raw), (std_name, std) in zip(losses[::2], losses[1::2]):
        assert (raw_name, std_name) == ("raw", "standardised")
        assert number(std) < number(raw) / 10, (raw, std)


# ----------------------------------------------------------------------
# Chapter 5: regularisation


@EACH_RUN
def test_early_stopping_waits_patience_epochs_then_restores_the_best(lang, run):
    text = page(lang, "regularization", run)
    runs = re.findall(r"(\d+) (?:epochs|époques)" + SPACE + ";" + SPACE
                      + r"(?:weights of epoch|poids de l'époque) (\d+)", text)
    assert len(runs) == 2, runs  # Keras, PyTorch
    for run, best in runs:
        assert int(run) == int(best) + 10 < 100, (run, best)
    same = re.findall(r"(?:same curve|même courbe)[^\n]*:" + SPACE + r"(True|False)", text)
    assert same == ["True", "True"], same


@EACH_RUN
def test_bare_loop_stops_near_the_package(lang, run):
    """"It stops after about thirty epochs with a best validation loss close
    to the package's, though not at the same epoch"."""
    text = page(lang, "regularization", run)
    (run, best, loss), = found(text, "bare loop|boucle nue", SPACE + ":" + SPACE + r"(\d+) (?:epochs run|époques), "
                              r"(?:best at epoch|la meilleure est l'époque) (\d+) \((?:validation loss|coût de "
                              r"validation) " + NUMBER)
    package_epoch = [int(e) for e in re.findall(r"(?:weights of epoch|poids de l'époque) (\d+)", text)][1]
    package_loss = found(text, "restored model|modèle rétabli", SPACE + ":" + SPACE
                         + "(?:validation loss|coût de validation) " + NUMBER)[1]      # PyTorch
    assert int(run) == int(best) + 10 and 20 <= int(run) <= 45, (run, best)
    assert abs(number(loss) - package_loss) < 0.03 and int(best) != package_epoch, (loss, package_loss, best)


@EACH_RUN
def test_numpy_references_agree_with_both_frameworks(lang, run):
    text = page(lang, "regularization", run)
    differences = [number(v) for line in text.splitlines() if "max |" in line
                   for v in re.findall(NUMBER + r"(?=,|$)", line.split(":")[-1].strip())]
    assert len(differences) >= 8, differences   # weight decay step, batch norm (x2 frameworks)
    assert max(differences) < 1e-5, differences
    kept = re.findall(r"x / \(1 - 0[.,]4\)" + SPACE + ":" + SPACE + r"(True|False)", text)
    assert kept == ["True", "True"], kept
    pairs = re.findall(r"L1" + SPACE + ":" + SPACE + NUMBER + r" \| NumPy" + SPACE + ":" + SPACE + NUMBER, text)
    assert len(pairs) == 2 and all(a == b for a, b in pairs), pairs


@EACH_RUN
def test_unregularised_network_overfits_and_dropout_holds(lang, run):
    text = page(lang, "regularization", run)
    rows = re.findall(r"(Keras|PyTorch)\s+(\w+)\s+(?:best|meilleure) " + NUMBER
                      + r" \((?:epoch|époque)\s+\d+\), (?:last|dernière) " + NUMBER, text)
    scores = {(framework, name): (number(best), number(last)) for framework, name, best, last in rows}
    assert len(scores) == 10, rows
    for framework in ("Keras", "PyTorch"):
        best, last = scores[framework, "none"]
        assert last < best - 0.02, (framework, best, last)            # it overfits
        assert scores[framework, "dropout"][1] > last, (framework, scores)


@EACH_RUN
def test_regularisers_compare_as_the_prose_says(lang, run):
    """The plain network "peaks by mid-run"; dropout "learns more slowly, but
    its accuracy hardly decays, and it ends above the unregularised network,
    far above in Keras"; L2 "in Keras [...] ends well above the plain network;
    in PyTorch [...] it mostly slows learning down"; batch normalisation "peaks
    first, within three epochs, then falls behind while the others keep
    improving, and ends below every other run; in Keras even its best accuracy
    stays below that of the unregularised network"."""
    rows = re.findall(r"(Keras|PyTorch)\s+(\w+)\s+(?:best|meilleure) " + NUMBER
                      + r" \((?:epoch|époque)\s+(\d+)\), (?:last|dernière) " + NUMBER, page(lang, "regularization", run))
    runs = {(framework, name): (number(best), int(epoch), number(last))
            for framework, name, best, epoch, last in rows}
    assert len(runs) == 10, rows
    for framework in ("Keras", "PyTorch"):
        run = {name: value for (f, name), value in runs.items() if f == framework}
        (best, epoch, last), dropout = run["none"], run["dropout"]
        assert epoch <= 13, (framework, run)                                       # peaks by mid-run (of 25)
        assert dropout[1] > epoch and dropout[0] - dropout[2] < 0.04 and dropout[2] > last, (framework, run)
        norm = run.pop("batch_norm")
        assert norm[1] <= 3 and all(norm[1] < other[1] for other in run.values()), (framework, norm, run)
        assert all(norm[2] < other[2] for other in run.values()), (framework, norm, run)
    keras = {name: value for (f, name), value in runs.items() if f == "Keras"}
    pytorch = {name: value for (f, name), value in runs.items() if f == "PyTorch"}
    assert keras["dropout"][2] > keras["none"][2] + 0.05, keras                      # far above in Keras
    assert keras["l2"][2] > keras["none"][2] + 0.03 and pytorch["l2"][1] > pytorch["none"][1], (keras, pytorch)
    assert keras["batch_norm"][0] < keras["none"][0], keras


@EACH_RUN
def test_l1_selects_features_and_l2_does_not(lang, run):
    """"With L1, nearly every useless weight ends up hovering around zero
    [...] with L2, they are shrunk but stay spread out"."""
    counts = dict(re.findall(r"^(L1|L2)" + SPACE + r": (\d+) (?:of the|des) 17", page(lang, "regularization", run),
                             re.M))
    assert int(counts["L1"]) >= 14 and int(counts["L2"]) <= 8, counts


# ----------------------------------------------------------------------
# Chapters 6 and 7: convolutional and recurrent networks

#: The label of every printed test accuracy, in both editions.
ACCURACY = "(?:test accuracy|exactitude en test)" + SPACE + ": "


@EACH_RUN
def test_cnn_accuracies(lang, run):
    text = page(lang, "cnn", run)
    values = found(text, ACCURACY, PERCENT)
    assert len(values) == 4, values          # Trace (Keras, PyTorch), digits (Keras, PyTorch)
    assert min(values[:2]) >= 97, f"1D CNN on Trace, \"(almost) perfectly\": {values[:2]}"
    assert all(95 <= v <= 97.5 for v in values[2:]), f"LeNet-5 on digits, \"about 96 %\": {values[2:]}"
    assert "61,706" in text or "61\u202f706" in text or "61706" in text
    transfer = re.findall(r"(\d+) (?:labels per class|étiquettes par classe)[^\d]+" + PERCENT + r"[^\d]+"
                          + PERCENT, text)
    assert len(transfer) == 4, transfer      # 3 and 10 labels, two frameworks
    for n, reused, scratch in transfer:
        assert number(reused) >= (75 if n == "3" else 88), (n, reused)
        assert number(reused) >= number(scratch) - 2, (n, reused, scratch)


@EACH_RUN
def test_rnn_results(lang, run):
    text = page(lang, "rnn", run)
    values = found(text, ACCURACY, PERCENT)
    assert len(values) == 2 and all(94 <= v <= 96.5 for v in values), f"LSTM on digits, \"about 95 %\": {values}"
    errors = found(text, "(?:after 1950|après 1950)" + SPACE + ": ", r"(\d+[.,]\d)")
    (baseline,) = found(text, "(?:persistence baseline|référence par persistance)" + SPACE + ": ",
                        r"(\d+[.,]\d)")
    assert len(errors) == 2 and max(errors) < 0.75 * baseline, (errors, baseline)
    (linear,) = found(text, "(?:linear autoregression on the same 20 lags|autorégression linéaire sur les "
                      "mêmes 20 retards)" + SPACE + ": ", r"(\d+[.,]\d)")
    assert 13 < linear < 16 and max(abs(e - linear) for e in errors) < 3, (errors, linear)   # prose: "14.4", "a couple"
    differences = found(text, "max difference|écart maximal", r"(\d[.,]\d+e-\d+)")
    assert differences and max(differences) < 1e-5, differences


# ----------------------------------------------------------------------
# Chapter 8: good practice


@EACH_RUN
def test_cross_validation(lang, run):
    text = page(lang, "practice", run)
    (development, folds), = re.findall(r"(\d+),[^\n]*\[([\d, ]+)\]", text)[:1]
    assert sum(int(f) for f in folds.split(",")) == int(development), (development, folds)
    assert int(development) == 120, development   # the exercise practice-ex-scaler quotes 120 flowers
    scores = found(text, "cross-validated accuracy|exactitude en validation croisée",
                   SPACE + ":" + SPACE + NUMBER + r" ± " + NUMBER)
    assert len(scores) == 2, scores          # Keras, PyTorch
    for mean, std in scores:
        assert number(mean) > 0.85 and number(std) < 0.1, (mean, std)


@EACH_RUN
def test_initial_loss_and_one_batch(lang, run):
    text = page(lang, "practice", run)
    runs = re.findall(r"(?:initial loss|coût initial) " + NUMBER + r" \(log 3 = " + NUMBER
                      + r"\), (?:after 50 steps|après 50 pas) " + NUMBER, text)
    assert len(runs) == 2, runs
    for initial, log3, final in runs:
        assert number(log3) == round(math.log(3), 3)
        assert abs(number(initial) - math.log(3)) < 0.4, initial
        assert number(final) < 0.05, final


@EACH_RUN
def test_tensorboard_event_files_and_search(lang, run):
    text = page(lang, "practice", run)
    logs = [ast.literal_eval(line) for line in text.splitlines() if line.startswith("{'adam")]
    assert len(logs) == 2 and all(logs) and all(n >= 1 for log in logs for n in log.values()), logs
    best = found(text, "best validation loss|meilleur coût de validation", " " + NUMBER)
    assert len(best) == 2 and all(b < math.log(3) for b in best), best


# ----------------------------------------------------------------------
# Chapter 9: attention


@EACH_RUN
def test_transformer_reverses_held_out_sequences(lang, run):
    """"Once the model has found where to look, the validation accuracy
    climbs to (nearly) every digit right": both frameworks' test accuracy."""
    runs = found(page(lang, "attention", run), "test accuracy|exactitude sur le test",
                 SPACE + ": " + NUMBER + " (?:of the digits|des chiffres)")
    assert len(runs) == 2, f"one line per framework: {runs}"
    assert all(value >= 0.95 for value in runs), runs


# Chapter 10: generative models


@EACH_RUN
def test_mode_collapse_runs_stay_collapsed(lang, run):
    """The prose says that in most snapshots the samples cover at most one
    mode with a spread well below the data's 2, and that a snapshot may find
    the generator spread out again: what both runs print, on any stream."""
    text = page(lang, "generative", run)
    runs = found(text, "modes covered|modes couverts", SPACE + r": \[([\d, ]+)\]" + SPACE
                 + r"; (?:spread|étalement)" + SPACE + r": \[([\d., ]+)\]")  # NumPy's print
    assert len(runs) == 2, f"one line per framework: {runs}"
    collapsed = []
    for covered, spread in runs:
        covered = [int(n) for n in covered.split(",")]
        spread = [number(v) for v in spread.split()]
        assert len(covered) == len(spread) == 4, (covered, spread)
        collapsed += [c <= 1 and s < 1.5 for c, s in zip(covered, spread)]
    assert sum(collapsed) > len(collapsed) / 2, f"most snapshots collapsed: {runs}"
