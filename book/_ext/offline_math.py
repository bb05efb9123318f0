"""Typeset the book's formulas when the book is built, not in the reader's browser.

Sphinx's default puts the TeX source of each formula in the page and loads
MathJax from a CDN to typeset it in the browser: offline the formulas stay
raw TeX, every visit is reported to a third party, and a page with one
formula loads 800 to 900 kB of script and fonts before it shows it.

This extension runs MathJax 3 itself at build time, in an embedded JavaScript
engine (V8, through the ``mini-racer`` wheel: no Node.js), on the MathJax
files of the ``sphinx-mathjax-offline`` wheel.  Each formula is written into
the page as the HTML that MathJax's CommonHTML output would have made in the
browser (``<mjx-container>`` elements), so a page carries no math script: it
links one stylesheet, ``_static/math/math.css``, which holds the rules of the
characters and constructs the book uses and the ``@font-face`` of MathJax's
TeX fonts (``_static/math/fonts``); the browser downloads only the fonts a
page shows.  The formulas look as they did (same fonts, same layout); they
are scaled to the surrounding text's x-height by one CSS rule (MathJax
measured it in the browser: its ``matchFontHeight``).  There is no MathJax
menu (right-click) and no assistive MathML, as before.

A formula that MathJax cannot typeset (a TeX error, or a macro of a package
that is not in :data:`TEX_PACKAGES`) is a Sphinx warning, so the strict build
fails on it with the page and the message.

The stylesheet must cover every formula of the book, including those of the
pages an incremental build does not write again: every formula is recorded
when its page is read (:func:`_record_formulas`, kept in the environment), and
at the end of the build the ones this process has not typeset are typeset for
their CSS before the stylesheet is written.  The stylesheet is saved beside
the doctrees with the formulas it covers, and a build whose formulas are the
same (a prose edit, a no-op) reuses it.
"""

from __future__ import annotations

import atexit
import importlib.metadata
import json
import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

#: The TeX packages beyond ``base`` that the book's formulas use: ``ams``
#: (``aligned``, ``pmatrix``, ``\operatorname``, ``\tfrac``, ``\lVert``...,
#: and the ``split`` that Sphinx wraps multi-line equations in) and
#: ``boldsymbol``.
TEX_PACKAGES = ["ams", "boldsymbol"]

#: The MathJax components loaded into the engine: the DOM that MathJax builds
#: its output in outside a browser, the TeX input with :data:`TEX_PACKAGES`,
#: and the CommonHTML output (which loads its font data itself).
COMPONENTS = ["adaptors/liteDOM", "input/tex-base",
              *(f"[tex]/{name}" for name in TEX_PACKAGES), "output/chtml"]


def _component_file(name: str) -> str:
    """The file of a component named as in MathJax's ``loader.load``."""
    if name.startswith("[tex]/"):
        return f"input/tex/extensions/{name[len('[tex]/'):]}.js"
    return f"{name}.js"


#: The files of MathJax's ``es5`` folder that its loader asks for, after
#: ``startup.js``: the components, the ``core`` they need and the font data
#: of the CommonHTML output.
ENGINE_FILES = ["core.js", *(_component_file(name) for name in COMPONENTS),
                "output/chtml/fonts/tex.js"]

#: Where the stylesheet and the fonts go, under the site's ``_static``.
STYLESHEET = "math/math.css"
FONTS = "math/fonts"

#: The x-height of MathJax's TeX fonts, in em: a formula's font size is the
#: surrounding text's x-height divided by it (what MathJax computes in the
#: browser when it matches the font height).
X_HEIGHT = 0.442

#: Appended to MathJax's stylesheet.
SCALE_RULE = ("\n/* Formulas scaled to the x-height of the text around them "
              "(book/_ext/offline_math.py). */\n"
              f'mjx-container[jax="CHTML"] {{\n  font-size: calc(1ex / {X_HEIGHT});\n}}\n')

#: MathJax's configuration in the engine (the loader's paths are added to it).
CONFIG = {
    "loader": {"load": COMPONENTS},
    "tex": {"packages": {"[+]": TEX_PACKAGES}},
    # Scale 1 (no inline font size): SCALE_RULE sizes the formulas.
    "chtml": {"fontURL": "fonts", "adaptiveCSS": True, "matchFontHeight": False},
    "startup": {"typeset": False},
}

_FONT_URL = re.compile(r'url\("fonts/([^"/]+)"\)')


def mathjax_source() -> Path:
    """MathJax's ``es5`` folder inside the installed ``sphinx-mathjax-offline`` wheel."""
    try:
        dist = importlib.metadata.distribution("sphinx-mathjax-offline")
    except importlib.metadata.PackageNotFoundError as error:
        raise ExtensionError(
            "offline_math needs the sphinx-mathjax-offline wheel "
            "(pip install -r requirements.txt)"
        ) from error
    folder = Path(dist.locate_file("sphinx-mathjax-offline/static/mathjax"))
    needed = ["startup.js", *ENGINE_FILES, "output/chtml/fonts/woff-v2"]
    missing = [part for part in needed if not (folder / part).exists()]
    if missing:
        raise ExtensionError(f"MathJax in {folder} lacks {missing}: reinstall sphinx-mathjax-offline")
    return folder


def _engine():
    """The ``MiniRacer`` class of the ``mini-racer`` wheel (imported when a build needs it)."""
    try:
        from py_mini_racer import MiniRacer
    except ImportError as error:
        raise ExtensionError(
            "offline_math needs the mini-racer wheel to typeset the formulas "
            "(pip install -r requirements.txt)"
        ) from error
    return MiniRacer


class TypesetError(ValueError):
    """MathJax could not typeset a formula (its message says why)."""


class Typesetter:
    """MathJax's TeX to CommonHTML conversion, in a V8 engine (``mini-racer``).

    Parameters
    ----------
    source : Path, optional
        MathJax's ``es5`` folder (default: :func:`mathjax_source`).

    Notes
    -----
    The stylesheet (:meth:`stylesheet`) holds the rules of every character
    typeset by this instance so far (MathJax's adaptive CSS).  :meth:`close`
    stops the engine; it is also called when Python exits, which it could
    not do while an engine is running.
    """

    def __init__(self, source: Path | None = None):
        MiniRacer = _engine()

        self.source = Path(source) if source is not None else mathjax_source()
        self._context = MiniRacer()
        atexit.register(self.close)
        config = {**CONFIG, "loader": {**CONFIG["loader"], "paths": {"mathjax": str(self.source)}}}
        # MathJax's loader require()s each component by its path: it gets the
        # files read here, evaluated in the global scope.
        sources = {str(self.source / name): (self.source / name).read_text(encoding="utf-8")
                   for name in ENGINE_FILES}
        self._context.eval(
            f"var MathJax = {json.dumps(config)}, SOURCES = {json.dumps(sources)};"
            "MathJax.loader.require = function (file) {"
            "  if (!(file in SOURCES)) throw new Error('offline_math does not load ' + file);"
            "  (0, eval)(SOURCES[file]); return {};"
            "};"
            # A TeX error throws (instead of becoming a red box in the page).
            "MathJax.tex.formatError = function (jax, error) { throw new Error(error.message); };")
        self._context.eval((self.source / "startup.js").read_text(encoding="utf-8"))
        try:
            self._context.eval("MathJax.startup.promise").get(timeout=60)
        except Exception as error:  # py_mini_racer.JSEvalException
            raise ExtensionError(f"MathJax did not start: {error}") from error
        self._typeset = self._context.eval(
            "(function (tex, display) {"
            "  try {"
            "    var node = MathJax.tex2chtml(tex, {display: display});"
            "    return JSON.stringify({html: MathJax.startup.adaptor.outerHTML(node)});"
            "  } catch (error) { return JSON.stringify({error: String(error.message)}); }"
            "})")
        self._stylesheet = self._context.eval(
            "(function () { return MathJax.startup.adaptor.textContent(MathJax.chtmlStylesheet()); })")
        self._html: dict[tuple[str, bool], str] = {}

    def typeset(self, tex: str, display: bool) -> str:
        """The HTML of ``tex`` typeset inline or, with ``display``, as a display.

        Raises
        ------
        TypesetError
            If MathJax reports an error in ``tex``.
        ValueError
            If the typesetter is closed.
        """
        if not isinstance(tex, str):
            raise TypeError(f"tex must be a str, not {type(tex).__name__}")
        if self._context is None:
            raise ValueError("this Typesetter is closed: make a new one")
        key = (tex, bool(display))
        if key not in self._html:  # a formula repeated in the book is typeset once
            result = json.loads(self._typeset(tex, bool(display)))
            if "error" in result:
                raise TypesetError(result["error"])
            self._html[key] = result["html"]
        return self._html[key]

    @property
    def done(self) -> set[tuple[str, bool]]:
        """Every ``(tex, display)`` typeset so far."""
        return set(self._html)

    def stylesheet(self) -> str:
        """The CSS of what has been typeset, with :data:`SCALE_RULE`."""
        return self._stylesheet() + SCALE_RULE

    def close(self) -> None:
        """Stop the engine (the typesetter cannot be used afterwards)."""
        if self._context is not None:
            self._typeset = self._stylesheet = None
            self._context.close()
            self._context = None
        atexit.unregister(self.close)


def _typesetter(app: Sphinx) -> Typesetter:
    """The builder's typesetter, started on first use."""
    if getattr(app, "_offline_math", None) is None:
        app._offline_math = Typesetter()
    return app._offline_math


def display_tex(node: nodes.math_block) -> str:
    """The TeX that MathJax typesets for a display formula: Sphinx's wrapping
    (as ``sphinx.ext.mathjax`` does it): paragraphs become the lines of an
    ``align``, a paragraph with ``\\\\`` becomes a ``split``; a ``nowrap``
    formula (MyST's amsmath environments) is kept as written."""
    if node.get("nowrap"):
        return node.astext()
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    lines = [rf"\begin{{split}}{part}\end{{split}}" if r"\\" in part else part for part in parts]
    if len(lines) > 1:
        return r"\begin{align}\begin{aligned}" + r"\\".join(lines) + r"\end{aligned}\end{align}"
    return lines[0] if lines else ""


def _html(self, node: nodes.Element, tex: str, display: bool) -> str:
    try:
        return _typesetter(self.builder.app).typeset(tex, display)
    except TypesetError as error:
        logger.warning("MathJax cannot typeset %r: %s", tex, error, location=node)
        return f'<code class="math-error">{self.encode(tex)}</code>'


def visit_math(self, node: nodes.math) -> None:
    """HTML translator: an inline formula, typeset."""
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(_html(self, node, node.astext(), display=False))
    self.body.append("</span>")
    raise nodes.SkipNode


def visit_displaymath(self, node: nodes.math_block) -> None:
    """HTML translator: a display formula, typeset, with its number and permalink."""
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["number"] and not node.get("nowrap"):
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    self.body.append(_html(self, node, display_tex(node), display=True))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def formulas(doctree: nodes.Node) -> set[tuple[str, bool]]:
    """Every ``(tex, display)`` of a page, as the translator typesets them."""
    found = set()
    for node in doctree.findall(lambda node: isinstance(node, (nodes.math, nodes.math_block))):
        if isinstance(node, nodes.math_block):
            found.add((display_tex(node), True))
        else:
            found.add((node.astext(), False))
    return found


def has_math(doctree: nodes.Node) -> bool:
    """True if the page has a formula (inline, display or a cell's LaTeX output)."""
    return any(doctree.findall(lambda node: isinstance(node, (nodes.math, nodes.math_block))))


def _use_this_renderer(app: Sphinx, config) -> None:
    mathjax_source()  # fail early, at configuration time
    _engine()
    config.html_math_renderer = "offline"


def _record_formulas(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    if not hasattr(env, "offline_math_formulas"):
        env.offline_math_formulas = {}
    env.offline_math_formulas[env.docname] = formulas(doctree)


def _purge(app: Sphinx, env, docname: str) -> None:
    getattr(env, "offline_math_formulas", {}).pop(docname, None)


def _merge(app: Sphinx, env, docnames, other) -> None:
    if not hasattr(env, "offline_math_formulas"):
        env.offline_math_formulas = {}
    for docname in docnames:
        if docname in getattr(other, "offline_math_formulas", {}):
            env.offline_math_formulas[docname] = other.offline_math_formulas[docname]


def _link_stylesheet(app: Sphinx, pagename: str, templatename, context: dict, doctree) -> None:
    """Only a page with a formula of its own links the stylesheet."""
    if doctree is not None and has_math(doctree):
        app.builder.add_css_file(STYLESHEET)


def stylesheet_for(typesetter: Typesetter, every_formula) -> str:
    """The stylesheet of ``every_formula`` (``(tex, display)`` pairs): those
    ``typesetter`` has not typeset yet are typeset for their CSS."""
    for tex, display in sorted(set(every_formula) - typesetter.done):
        try:
            typesetter.typeset(tex, display)
        except TypesetError:
            pass  # already a warning where its page was written
    return typesetter.stylesheet()


def cached_stylesheet(cache: Path, every_formula) -> str | None:
    """The stylesheet saved in ``cache`` by an earlier build, if it was made
    for exactly ``every_formula`` with this MathJax and these settings."""
    try:
        saved = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if saved.get("key") != _cache_key() or {
            (tex, display) for tex, display in saved.get("formulas", [])} != set(every_formula):
        return None
    return saved.get("css")


def save_stylesheet(cache: Path, every_formula, css: str) -> None:
    """Save ``css`` in ``cache`` for :func:`cached_stylesheet`."""
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps({"key": _cache_key(), "formulas": sorted(every_formula), "css": css}),
                     encoding="utf-8")


def _cache_key() -> str:
    version = importlib.metadata.version("sphinx-mathjax-offline")
    return json.dumps([version, CONFIG, COMPONENTS, SCALE_RULE], sort_keys=True)


def publish(css: str, static: Path, source: Path | None = None) -> None:
    """Write the stylesheet and the fonts it names (from MathJax's ``source``
    folder) into ``static``, the site's ``_static``."""
    woff = (source or mathjax_source()) / "output" / "chtml" / "fonts" / "woff-v2"
    target = static / STYLESHEET
    fonts = static / FONTS
    # Exactly what this build uses: nothing left over from an earlier build.
    shutil.rmtree(target.parent, ignore_errors=True)
    shutil.rmtree(static / "mathjax", ignore_errors=True)  # version 2 published MathJax there
    fonts.mkdir(parents=True)
    target.write_text(css, encoding="utf-8")
    for name in sorted(set(_FONT_URL.findall(css))):
        shutil.copyfile(woff / name, fonts / name)


def _write_stylesheet(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    recorded = getattr(app.env, "offline_math_formulas", {})
    every_formula = set().union(*recorded.values()) if recorded else set()
    # A build that changed no formula (a prose edit) reuses the last stylesheet
    # instead of typesetting the whole book again (about 5 s per edition).
    cache = Path(app.doctreedir) / "offline_math.json"
    css = cached_stylesheet(cache, every_formula)
    if css is None:
        css = stylesheet_for(_typesetter(app), every_formula)
        save_stylesheet(cache, every_formula, css)
    publish(css, Path(app.outdir) / "_static")
    if getattr(app, "_offline_math", None) is not None:
        app._offline_math.close()
        app._offline_math = None


def setup(app: Sphinx) -> dict:
    app.add_html_math_renderer("offline", (visit_math, None), (visit_displaymath, None))
    app.connect("config-inited", _use_this_renderer)
    app.connect("doctree-read", _record_formulas)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("html-page-context", _link_stylesheet)
    # Before lean_css (700) reads the stylesheets.
    app.connect("build-finished", _write_stylesheet, priority=500)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "3",
            "env_version": 1}
