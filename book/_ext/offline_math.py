"""Serve MathJax from the site itself, and only the parts of it the book uses.

Sphinx loads MathJax from a CDN by default: on a train, or behind a strict
network, the equations stay raw LaTeX, and every reader's visit is reported
to a third party.  This extension copies MathJax 3 from the
``sphinx-mathjax-offline`` wheel into ``_static/mathjax`` and points
``mathjax_path`` at it.

It does not publish the ``tex-chtml.js`` bundle (1.16 MB, every page with
math loaded all of it): 426 kB of that bundle is the right-click menu, and
its TeX input carries packages the book never uses.  A page loads instead
MathJax's ``startup`` component, which loads the components listed in
:data:`COMPONENTS` (the core, the TeX input with only the packages of
:data:`TEX_PACKAGES`, the CommonHTML output and its font data) and then the
web fonts of the glyphs on the page; about 740 kB in all, 180 kB gzipped.
There is no menu (its entries, "Show Math As" and the accessibility
options, are the price); a formula that needs another TeX package shows
a red error in the browser, which ``tests/book/built/test_browser.py``
looks for: add the package to :data:`TEX_PACKAGES`.

Sphinx adds MathJax to a page that has math, or whose table of contents
includes a page that has math: the book's home page, whose table of contents
is the whole book and which has no formula, loaded all of MathJax for
nothing.  :func:`_only_pages_with_math` takes it off every page that has no
formula of its own (MathJax typesets nothing else: the sidebar's titles are
plain text).
"""

from __future__ import annotations

import importlib.metadata
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.fileutil import copy_asset

#: The TeX packages beyond ``base`` that the book's formulas use: ``ams``
#: (``aligned``, ``pmatrix``, ``\operatorname``, ``\tfrac``, ``\lVert``...,
#: and the ``split`` that Sphinx wraps multi-line equations in) and
#: ``boldsymbol``.
TEX_PACKAGES = ["ams", "boldsymbol"]

#: The MathJax components a page with math loads, after ``startup.js``; the
#: CommonHTML output loads its font data (``output/chtml/fonts/tex``) itself.
COMPONENTS = ["input/tex-base", *(f"[tex]/{name}" for name in TEX_PACKAGES), "output/chtml"]

#: The files of MathJax's ``es5`` folder that are published: the components
#: above, the ``core`` they depend on, the font data and the web fonts.
PARTS = [
    "startup.js",
    "core.js",
    "input/tex-base.js",
    *(f"input/tex/extensions/{name}.js" for name in TEX_PACKAGES),
    "output/chtml.js",
    "output/chtml/fonts/tex.js",
    "output/chtml/fonts/woff-v2",
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
    missing = [part for part in PARTS if not (folder / part).exists()]
    if missing:
        raise ExtensionError(f"MathJax in {folder} lacks {missing}: reinstall sphinx-mathjax-offline")
    return folder


def mathjax_config(config: dict | None) -> dict:
    """``config`` (``mathjax3_config``) with the loader and TeX settings added."""
    merged = dict(config or {})
    loader = dict(merged.get("loader", {}))
    loader["load"] = [*loader.get("load", []), *COMPONENTS]
    merged["loader"] = loader
    tex = dict(merged.get("tex", {}))
    tex["packages"] = {"[+]": list(TEX_PACKAGES)}
    merged["tex"] = tex
    return merged


def _use_local_mathjax(app: Sphinx, config) -> None:
    mathjax_source()  # fail early, at configuration time
    config.mathjax_path = "mathjax/startup.js"
    # MyST-Parser adds its own option to this dictionary later (builder-inited).
    config.mathjax3_config = mathjax_config(config.mathjax3_config)


def _copy_mathjax(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    source = mathjax_source()
    target = Path(app.outdir) / "_static" / "mathjax"
    # Exactly PARTS: nothing left over from an earlier build that published more.
    shutil.rmtree(target, ignore_errors=True)
    for part in PARTS:
        if (source / part).is_dir():
            copy_asset(str(source / part), str(target / part))
        else:
            (target / part).parent.mkdir(parents=True, exist_ok=True)
            copy_asset(str(source / part), str((target / part).parent))


def _is_mathjax(script, mathjax_path: str) -> bool:
    """True for MathJax's script and for its inline configuration."""
    # The builder puts a relative path under _static/.
    return (str(script.filename) in {mathjax_path, f"_static/{mathjax_path}"}
            or script.attributes.get("body", "").startswith("window.MathJax ="))


def has_math(doctree: nodes.Node) -> bool:
    """True if the page has a formula (inline, display or a cell's LaTeX output)."""
    return any(doctree.findall(lambda node: isinstance(node, (nodes.math, nodes.math_block))))


def _only_pages_with_math(app: Sphinx, pagename: str, templatename, context: dict,
                          doctree) -> None:
    if doctree is None or has_math(doctree):
        return
    scripts = context.get("script_files", [])
    scripts[:] = [script for script in scripts if not _is_mathjax(script, app.config.mathjax_path)]


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _use_local_mathjax)
    # After sphinx.ext.mathjax adds MathJax to the page (priority 500).
    app.connect("html-page-context", _only_pages_with_math, priority=600)
    app.connect("build-finished", _copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "2"}
