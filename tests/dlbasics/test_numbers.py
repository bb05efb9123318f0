"""Numbers as each edition writes them: :func:`dlbasics.fmt` and the figures' ticks."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import dlbasics
from dlbasics import numbers

NNBSP = "\u202f"


@pytest.fixture
def french():
    """French numbers for one test, English again afterwards."""
    dlbasics.use_language("fr")
    yield
    dlbasics.use_language("en")


@pytest.mark.parametrize(
    ("value", "spec", "english", "french"),
    [
        (0.96667, ".3f", "0.967", "0,967"),
        (0.9617, ".1%", "96.2%", f"96,2{NNBSP}%"),
        (1.0, ".0%", "100%", f"100{NNBSP}%"),
        (61706, ",", "61,706", f"61{NNBSP}706"),
        (1234567.891, ",.2f", "1,234,567.89", f"1{NNBSP}234{NNBSP}567,89"),
        (1.5e-7, ".1e", "1.5e-07", "1,5e-07"),
        (-0.25, "", "-0.25", "-0,25"),
        (12, "d", "12", "12"),
        (3.14159, ">8.2f", "    3.14", "    3,14"),
        (np.float32(0.5), ".2f", "0.50", "0,50"),
        (np.int64(61706), ",", "61,706", f"61{NNBSP}706"),
        (np.array(0.125), ".3f", "0.125", "0,125"),
        (np.float32(154.4), "", "154.4", "154,4"),
    ],
)
def test_fmt_in_both_languages(value, spec, english, french):
    assert dlbasics.fmt(value, spec) == english == (format(value, spec) if spec else str(value))
    dlbasics.use_language("fr")
    try:
        assert dlbasics.fmt(value, spec) == french
        assert numbers.get_language() == "fr"
    finally:
        dlbasics.use_language("en")
    assert numbers.get_language() == "en"


@pytest.mark.parametrize("value", [np.zeros(3), [0.1, 0.2], "0.5", True, None])
def test_fmt_takes_one_number(value):
    with pytest.raises(TypeError, match="fmt\\(\\) writes one number"):
        dlbasics.fmt(value, ".2f")


def test_fmt_takes_a_tensor_scalar(torch):
    assert dlbasics.fmt(torch.tensor(0.25), ".2f") == "0.25"


@pytest.mark.parametrize("language", ["de", "FR", "", None, 1])
def test_use_language_rejects_other_languages(language):
    with pytest.raises(ValueError, match=r"language must be one of \['en', 'fr'\]"):
        dlbasics.use_language(language)
    assert numbers.get_language() == "en"


def _tick_texts(axis_labels):
    return [t.get_text() for t in axis_labels if t.get_text()]


def test_french_figure_ticks_have_commas(french):
    fig, (ax, ax_log) = plt.subplots(1, 2)
    ax.plot([0.0, 0.5, 1.0], [0.0, 0.25, 1.0])
    ax_log.semilogy([1, 2, 3], [1e-3, 0.05, 0.3])
    fig.canvas.draw()
    labels = _tick_texts(ax.get_yticklabels())
    assert any("," in text for text in labels), labels
    assert not any("." in text for text in labels), labels
    assert _tick_texts(ax_log.get_yticklabels()), "the log axis still has labels"
    assert "." not in "".join(_tick_texts(ax_log.get_yticklabels()))


def test_english_figure_ticks_keep_points():
    dlbasics.use_language("fr")
    dlbasics.use_language("en")
    fig, ax = plt.subplots()
    ax.plot([0.0, 0.5, 1.0], [0.0, 0.25, 1.0])
    fig.canvas.draw()
    labels = _tick_texts(ax.get_yticklabels())
    assert any("." in text for text in labels) and not any("," in text for text in labels), labels


def test_french_offset_and_colorbar(french):
    fig, (ax, ax_image) = plt.subplots(1, 2)
    ax.plot([0, 1], [1000.001, 1000.002])           # an offset and small steps
    image = ax_image.imshow(np.linspace(0, 1, 16).reshape(4, 4))
    colorbar = fig.colorbar(image, ax=ax_image)
    fig.canvas.draw()
    labels = _tick_texts(colorbar.ax.get_yticklabels())
    assert any("," in text for text in labels), labels
    offset = ax.yaxis.get_major_formatter().get_offset()
    assert offset and "." not in offset, offset


def test_plot_helpers_write_french_numbers(french):
    from dlbasics import plots

    ax = plots.attention_heatmap(np.array([[0.25, 0.75], [0.5, 0.5]]), xlabel="k", ylabel="q",
                                 annotate=True)
    texts = [t.get_text() for t in ax.texts]
    assert "0,25" in texts and "0,75" in texts, texts
    ax = plots.timing_bars({("Keras", "MLP"): 1.25, ("PyTorch", "MLP"): 0.5}, xlabel="s")
    texts = [t.get_text().strip() for t in ax.texts]
    assert "0,5 s" in texts, texts


def test_french_arrays_print_with_commas(french):
    assert str(np.array([0.417, 0.22, 0.076])) == "[0,417 0,22 0,076]"
    assert str(np.array([2.0, 0.5], dtype=np.float32)) == "[2,0 0,5]"
    assert str(np.array([2.5e-6, 1.0])) == "[2,5e-06 1,0]"
    assert str(np.array([1, 2])) == "[1 2]"  # integers as they are
    # (set_printoptions without formatter= removes it, as for any formatter)
    with np.printoptions(precision=3, formatter=np.get_printoptions()["formatter"]):
        assert str(np.array([1 / 3])) == "[0,333]"


def test_english_arrays_print_as_numpy_does():
    numbers.use_language("fr")
    numbers.use_language("en")
    assert str(np.array([0.417, 0.22, 0.076])) == "[0.417 0.22  0.076]"
    assert np.get_printoptions()["formatter"] is None
