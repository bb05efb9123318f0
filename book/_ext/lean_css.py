"""Publish only the CSS rules that can apply to the book's pages.

Every page loads the theme's whole stylesheet: pydata-sphinx-theme's
``pydata-sphinx-theme.css`` alone is 397 kB, most of it Bootstrap 5 and
Font Awesome rules (one per icon of the font, 2,000 of them) that style
classes no page of the book carries.  After the build, this extension
rewrites every stylesheet of ``_static`` (what PurgeCSS does for JavaScript
sites):

- a rule is kept if one of its selectors can match, that is if every class
  and id the selector requires (outside ``:not()``, ``:is()``, ``:has()``...
  and attribute selectors, which are left alone) occurs in the built pages
  (a ``class`` or ``id`` attribute of an HTML page, or a word of an inline
  script) or in a script of ``_static`` (where the theme, Bootstrap and the
  extensions name the classes they add at run time); the selectors of a kept
  rule that cannot match are dropped from it;
- class names that scripts compose at run time are kept whole by
  :data:`SAFE_PREFIXES`;
- ``@media``, ``@supports`` and ``@layer`` blocks are filtered the same way
  and dropped when empty; ``@keyframes`` are kept if a kept rule names them;
  ``@font-face``, ``@import`` and the like are kept (fonts download only when
  used);
- comments go, with the ``sourceMappingURL`` that pointed at a source map
  which no longer matches; the ``.map`` files of rewritten stylesheets are
  deleted.

It runs at the end of the build (``build-finished``, priority
:data:`PRIORITY`), after the extensions that write scripts into ``_static``
(``icons.py`` replaces the theme's Font Awesome script first, so that the
2,000 icon names of the original do not keep their rules alive).  Each build
starts again from the theme's files, which Sphinx copies anew.  A stylesheet
that tinycss2 cannot parse fails the build.
"""

from __future__ import annotations

import re
from pathlib import Path

import tinycss2
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: After offline_math (writes the math stylesheet) and icons (writes its script) at 500;
#: before icons' font subsetting at 800.
PRIORITY = 700

#: Prefixes of class names that scripts compose at run time, which appear in
#: no file whole: Bootstrap's ``bs-tooltip-auto`` (`bs-${name}-auto`).
SAFE_PREFIXES = ("bs-",)

#: Scripts of ``_static`` that are data, not code: their words name no class.
DATA_SCRIPTS = {"searchindex.js"}

#: At-rules whose block holds rules (filtered); the others are kept whole.
GROUPING_RULES = {"media", "supports", "layer", "container", "scope", "document", "-moz-document"}

_ATTRIBUTE = re.compile(r"""\s(class|id)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_INLINE_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z_][\w-]*")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def html_names(html: str) -> set[str]:
    """Class names and ids of an HTML page, and the words of its inline scripts."""
    names = set()
    for match in _ATTRIBUTE.finditer(html):
        value = match.group(2) if match.group(2) is not None else match.group(3)
        names.update(value.split())
    for script in _INLINE_SCRIPT.findall(html):
        names.update(_WORD.findall(script))
    return names


def script_names(script: str) -> set[str]:
    """Every word of a script: any of them may be a class it adds."""
    return set(_WORD.findall(script))


def site_names(outdir: Path) -> set[str]:
    """The names that selectors may require, from every page and script of ``outdir``."""
    names = set()
    for page in outdir.rglob("*.html"):
        names |= html_names(page.read_text(encoding="utf-8", errors="replace"))
    for script in outdir.rglob("*.js"):
        if script.name not in DATA_SCRIPTS:
            names |= script_names(script.read_text(encoding="utf-8", errors="replace"))
    return names


def _split_selectors(prelude: list) -> list[list]:
    """The selectors of a rule's prelude (split at top-level commas)."""
    selectors, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append(current)
            current = []
        else:
            current.append(token)
    selectors.append(current)
    return selectors


def required_names(selector: list) -> set[str]:
    """The classes and ids an element (or its ancestors) must carry to match.

    Names inside functional pseudo-classes (``:not(.x)`` matches elements
    without ``x``) and attribute selectors are not required.
    """
    names = set()
    for index, token in enumerate(selector):
        if token.type == "hash" and token.is_identifier:
            names.add(token.value)
        elif (token.type == "literal" and token.value == "." and index + 1 < len(selector)
              and selector[index + 1].type == "ident"):
            names.add(selector[index + 1].value)
    return names


def can_match(selector: list, names: set[str]) -> bool:
    """True unless the selector requires a class or id that no page has."""
    return all(name in names or name.startswith(SAFE_PREFIXES)
               for name in required_names(selector))


def _serialize(nodes: list) -> str:
    return tinycss2.serialize(nodes).strip()


def _check(nodes: list, where: str) -> None:
    for node in nodes:
        if node.type == "error":
            raise ExtensionError(f"lean_css: cannot parse {where}: {node.message} "
                                 f"(line {node.source_line})")


def _purge_rules(rules: list, names: set[str], where: str) -> list[tuple[str, str]]:
    """Filtered rules as ``(keyframes name or "", text)`` pairs."""
    _check(rules, where)
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in _split_selectors(rule.prelude) if can_match(s, names)]
            if selectors:
                prelude = ",".join(_serialize(selector) for selector in selectors)
                kept.append(("", f"{prelude}{{{_serialize(rule.content)}}}"))
        elif rule.type == "at-rule":
            keyword = rule.lower_at_keyword
            prelude = _serialize(rule.prelude)
            head = f"@{rule.at_keyword}{' ' if prelude else ''}{prelude}"
            if rule.content is None:
                kept.append(("", f"{head};"))
            elif keyword in GROUPING_RULES:
                inner = _purge_rules(tinycss2.parse_rule_list(
                    rule.content, skip_comments=True, skip_whitespace=True), names, where)
                if inner:
                    kept.append(("", f"{head}{{{''.join(text for _, text in inner)}}}"))
            elif keyword.endswith("keyframes"):
                kept.append((prelude, f"{head}{{{_serialize(rule.content)}}}"))
            else:
                kept.append(("", f"{head}{{{_serialize(rule.content)}}}"))
    return kept


def purge(css: str, names: set[str], where: str = "a stylesheet") -> str:
    """``css`` without the rules and selectors that need a name not in ``names``.

    Non-ASCII characters (Font Awesome's private-use code points in
    ``content``) are written as CSS escapes, so the result is plain ASCII.
    """
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    kept = _purge_rules(rules, names, where)
    used = set(_WORD.findall("".join(text for name, text in kept if not name)))
    text = "".join(text for name, text in kept if not name or name in used)
    return _NON_ASCII.sub(lambda m: f"\\{ord(m.group()):x} ", text)


def stylesheets(outdir: Path) -> list[Path]:
    """The stylesheets of the HTML build."""
    return sorted((outdir / "_static").rglob("*.css"))


def purge_site(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    names = site_names(outdir)
    before = after = 0
    for sheet in stylesheets(outdir):
        css = sheet.read_text(encoding="utf-8")
        lean = purge(css, names, str(sheet.relative_to(outdir)))
        sheet.write_text(lean, encoding="utf-8")
        sheet.with_name(sheet.name + ".map").unlink(missing_ok=True)
        before, after = before + len(css.encode()), after + len(lean.encode())
    logger.info(f"lean_css: stylesheets {before / 1024:.0f} kB -> {after / 1024:.0f} kB")


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", purge_site, priority=PRIORITY)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
