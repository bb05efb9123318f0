"""Tests of book/_ext/compress_figures.py: a figure MyST-NB wrote is rewritten
smaller and looks the same; anything else is left alone."""

import hashlib
import io

import numpy as np
import pytest
from PIL import Image

import compress_figures  # book/_ext/, on pytest's pythonpath


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(100, 100))
    return buffer.getvalue()


def _as_mystnb_writes_it(folder, data: bytes):
    path = folder / f"{hashlib.sha256(data).hexdigest()}.png"
    path.write_bytes(data)
    return path


@pytest.fixture
def plot() -> bytes:
    """A line plot, as matplotlib draws them: anti-aliased lines and text."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, ax = plt.subplots(figsize=(5, 3), dpi=100)
    x = np.linspace(0, 6, 200)
    for k in range(4):
        ax.plot(x, np.sin(x + k), label=f"curve {k}")
    ax.legend()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return buffer.getvalue()


def _pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=np.int16)


def test_a_plot_becomes_a_small_palette_png_that_looks_the_same(plot):
    result = compress_figures.compressed(plot)
    assert len(result) < len(plot) / 2
    image = Image.open(io.BytesIO(result))
    assert image.mode == "P" and image.info["dpi"] == pytest.approx((100, 100), abs=0.01)
    error = np.abs(_pixels(result) - _pixels(plot))
    assert np.percentile(error.max(axis=-1), 99.9) <= compress_figures.MAX_ERROR


def test_a_gradient_is_dithered_not_banded():
    ramp = np.linspace(0, 255, 600)
    rgb = np.stack([np.tile(ramp, (200, 1)), np.tile(ramp[::-1], (200, 1)),
                    np.tile(np.linspace(60, 200, 200)[:, None], (1, 600))], axis=-1)
    image = Image.fromarray(rgb.astype(np.uint8), "RGB")
    plain = image.quantize(256, method=Image.Quantize.MAXCOVERAGE, kmeans=compress_figures.KMEANS)
    assert not compress_figures.looks_the_same(image, plain)  # 256 colours show bands

    result = compress_figures.palette_image(image)

    def banding(palette):  # how far the mean colours of 8 x 8 blocks stray from the image's
        def blocks(pixels):
            return np.asarray(pixels, dtype=float).reshape(25, 8, 75, 8, 3).mean(axis=(1, 3))
        return np.abs(blocks(palette.convert("RGB")) - blocks(image)).mean()

    assert result.mode == "P" and banding(result) < banding(plain) / 3


def test_transparency_is_kept_losslessly():
    rgba = np.zeros((50, 80, 4), dtype=np.uint8)
    rgba[..., 0] = np.arange(80)[None, :] * 3
    rgba[..., 3] = np.arange(50)[:, None] * 5
    data = _png(Image.fromarray(rgba, "RGBA"))
    result = compress_figures.compressed(data)
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(result))), rgba)


def test_only_pristine_figures_are_compressed_once(tmp_path, plot):
    figure = _as_mystnb_writes_it(tmp_path, plot)
    other = tmp_path / "logo.png"
    other.write_bytes(plot)
    assert compress_figures.is_pristine(figure) and not compress_figures.is_pristine(other)

    count, before, after = compress_figures.compress_folder(tmp_path)
    assert (count, before) == (1, len(plot)) and after < before
    assert not compress_figures.is_pristine(figure)
    assert other.read_bytes() == plot

    assert compress_figures.compress_folder(tmp_path) == (0, 0, 0)  # the next build
