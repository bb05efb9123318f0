"""Serve MathJax from the site itself, so that equations typeset offline.

Sphinx loads MathJax from a CDN by default: on a train, or behind a strict
network, the equations stay raw LaTeX, and every reader's visit is reported
to a third party.  This extension copies the part of MathJax 3 the book needs
(the ``tex-chtml`` bundle, its web fonts, the TeX extensions that MathJax
loads on demand and the accessibility and menu components) from the
``sphinx-mathjax-offline`` wheel into ``_static/mathjax`` and points
``mathjax_path`` at it.  About 2.5 MB per language instead of the wheel's
24 MB; a page loads only the bundle and the fonts it uses.
"""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.fileutil import copy_asset

#: The parts of MathJax's ``es5`` folder that are published.
PARTS = [
    "tex-chtml.js",
    "output/chtml/fonts/woff-v2",
    "input/tex/extensions",
    "a11y",
    "ui",
]


def mathjax_source() -> Path:
    """The MathJax ``es5`` folder inside the installed wheel."""
    try:
        dist = importlib.metadata.distribution("sphinx-mathjax-offline")
    except importlib.metadata.PackageNotFoundError as error:
        raise ExtensionError(
            "offline_math needs the sphinx-mathjax-offline wheel "
            "(pip install -r requirements.txt)"
        ) from error
    folder = Path(dist.locate_file("sphinx-mathjax-offline/static/mathjax"))
    if not (folder / "tex-chtml.js").is_file():
        raise ExtensionError(f"no tex-chtml.js in {folder}: reinstall sphinx-mathjax-offline")
    return folder


def _use_local_mathjax(app: Sphinx, config) -> None:
    mathjax_source()  # fail early, at configuration time
    config.mathjax_path = "mathjax/tex-chtml.js"


def _copy_mathjax(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    source = mathjax_source()
    target = Path(app.outdir) / "_static" / "mathjax"
    for part in PARTS:
        if (source / part).is_dir():
            copy_asset(str(source / part), str(target / part))
        else:
            (target / part).parent.mkdir(parents=True, exist_ok=True)
            copy_asset(str(source / part), str((target / part).parent))


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _use_local_mathjax)
    app.connect("build-finished", _copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
