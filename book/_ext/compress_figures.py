"""Compress the figures the chapters' cells draw, as far as they stay sharp.

Matplotlib saves true-colour PNGs at the zlib level MyST-NB leaves them:
3.3 MB of figures per language, up to 830 kB on one page.  A plot holds a
few thousand colours at most (its anti-aliased lines and text); 256 of them
look the same.  After the build, this extension rewrites each figure of
``_images`` that MyST-NB wrote (a PNG named by the SHA-256 of its content:
one that no longer matches its name was compressed by an earlier build and
is left alone, as is any other image):

- an opaque figure becomes a palette PNG (Pillow's ``MAXCOVERAGE``
  quantizer refined by k-means) of the fewest of :data:`COLOURS` colours
  that change no pixel visibly: no channel of more than 1 pixel in 1,000 off
  by more than :data:`MAX_ERROR` levels, a mean error within
  :data:`MAX_MEAN_ERROR`; where even the largest palette does (photographs,
  colour maps, grey digits), that palette is applied with Floyd-Steinberg
  dithering, which keeps gradients free of bands;
- a figure with transparency is only re-encoded losslessly;
- every figure is written with zlib's best compression (``optimize``), and
  only if the result is smaller.

About a third of the bytes remain (3.3 MB to 1.2 MB per language).
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: The palettes tried, largest first (PNG allows 256 colours at most).
COLOURS = (256, 128, 64)
#: k-means passes that refine the palette (0: Pillow's quantizer alone).
KMEANS = 2
#: Largest error (levels of 255, any channel) allowed on 999 pixels in 1,000
#: without dithering.
MAX_ERROR = 8
#: Largest mean error (levels of 255, over channels and pixels) without dithering.
MAX_MEAN_ERROR = 0.5

_DIGEST = re.compile(r"[0-9a-f]{64}")


def is_pristine(path: Path) -> bool:
    """True for a figure as MyST-NB wrote it: named by the SHA-256 of its bytes."""
    return bool(_DIGEST.fullmatch(path.stem)) and (
        hashlib.sha256(path.read_bytes()).hexdigest() == path.stem)


def _png(image, **info) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True, **info)
    return buffer.getvalue()


def looks_the_same(image, palette) -> bool:
    """True if ``palette`` (a palette image) shows RGB ``image`` with no visible change."""
    import numpy as np

    error = np.abs(np.asarray(palette.convert("RGB"), dtype=np.int16)
                   - np.asarray(image, dtype=np.int16))
    return bool(np.percentile(error.max(axis=-1), 99.9) <= MAX_ERROR
                and error.mean() <= MAX_MEAN_ERROR)


def palette_image(image):
    """The opaque RGB ``image`` on the smallest palette of :data:`COLOURS`
    that looks the same, or dithered on the largest (see the module docstring)."""
    from PIL import Image

    largest = chosen = None
    for colours in COLOURS:
        palette = image.quantize(colours, method=Image.Quantize.MAXCOVERAGE, kmeans=KMEANS)
        largest = largest or palette
        if not looks_the_same(image, palette):
            break
        chosen = palette
    if chosen is not None:
        return chosen
    return image.quantize(palette=largest, dither=Image.Dither.FLOYDSTEINBERG)


def compressed(data: bytes) -> bytes:
    """The PNG ``data`` compressed (see the module docstring); ``data`` itself
    if that is not smaller."""
    import numpy as np
    from PIL import Image

    image = Image.open(io.BytesIO(data))
    image.load()
    info = {"dpi": image.info["dpi"]} if "dpi" in image.info else {}
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        alpha = np.asarray(image.convert("RGBA"))[..., 3]
        opaque = bool((alpha == 255).all())
    else:
        opaque = True
    if opaque:
        result = _png(palette_image(image.convert("RGB")), **info)
    else:
        result = _png(image, **info)
    return result if len(result) < len(data) else data


def compress_folder(folder: Path) -> tuple[int, int, int]:
    """Compress the pristine figures of ``folder``; return how many, and the
    bytes before and after."""
    count = before = after = 0
    for path in sorted(folder.glob("*.png")):
        if not is_pristine(path):
            continue
        data = path.read_bytes()
        result = compressed(data)
        if result is not data:
            path.write_bytes(result)
        count, before, after = count + 1, before + len(data), after + len(result)
    return count, before, after


def _compress(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    folder = Path(app.outdir) / "_images"
    if folder.is_dir():
        count, before, after = compress_folder(folder)
        if count:
            logger.info(f"compress_figures: {count} figures, {before / 1024:.0f} kB -> "
                        f"{after / 1024:.0f} kB")


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", _compress)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
