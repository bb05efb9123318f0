"""The plot helpers of chapters 6 and 7 draw and return their Axes."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dlbasics import plots  # noqa: E402


def test_signals():
    t = np.arange(10)
    ax = plots.signals(t, [t, t**2], labels=["a", "b"], xlabel="x", ylabel="y", logy=True,
                       styles=[{"color": "k"}, {"ls": "--"}])
    assert len(ax.lines) == 2 and ax.get_yscale() == "log" and ax.get_legend() is not None
    with pytest.raises(ValueError, match="one entry per curve"):
        plots.signals(t, [t], labels=["a", "b"], xlabel="x", ylabel="y")
    with pytest.raises(ValueError, match="same length"):
        plots.signals(t, [t[:5]], xlabel="x", ylabel="y")


def test_image_grid():
    images = [np.zeros((4, 4)), np.ones((4, 4, 3)), np.eye(4) - 0.5]
    axes = plots.image_grid(images, labels=["a", "b", "c"], ncols=2, symmetric=True)
    assert len(axes) == 3 and axes[0].get_xlabel() == "a"
    _, given = plt.subplots(1, 3)
    assert len(plots.image_grid(images, axes=given)) == 3
    with pytest.raises(ValueError, match=r"\(H, W\) or \(H, W, 3\)"):
        plots.image_grid([np.zeros((2, 2, 4))])
    with pytest.raises(ValueError, match="one entry per image"):
        plots.image_grid(images, labels=["a"])


def test_confusion():
    ax = plots.confusion(np.array([[5, 1], [0, 4]]), xlabel="pred", ylabel="true")
    assert ax.get_xlabel() == "pred" and len(ax.texts) == 3
    with pytest.raises(ValueError, match="square"):
        plots.confusion(np.zeros((2, 3)), xlabel="p", ylabel="t")


@pytest.mark.parametrize("n_steps", [1, 2, 4])
def test_draw_unrolled_rnn(n_steps):
    ax = plots.draw_unrolled_rnn(n_steps, unfold_label="déplier")
    texts = [t.get_text() for t in ax.texts]
    assert "déplier" in texts and "$x_{T}$" in texts
    with pytest.raises(ValueError, match="n_steps"):
        plots.draw_unrolled_rnn(0)
