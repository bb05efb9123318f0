"""Ship only the Font Awesome icons the book's pages show.

pydata-sphinx-theme loads on every page ``_static/scripts/fontawesome.js``:
Font Awesome's "all" bundle, 1.49 MB of script holding the 2,045 free icons,
which turns each ``<i class="fa-solid fa-bug">`` into an inline SVG.  The
book shows about twenty icons (the header's buttons, the theme switch, the
search and sidebar buttons, the report-an-error bug).  After the build, this
extension replaces that file, at the same address, by a script of a few
kilobytes generated from it:

- the icons are those named by the ``class`` attribute of an element of a
  built page, or by a string of a script in ``_static`` (the theme's own
  scripts add a close button), that also carries a Font Awesome style class
  (``fa-solid``, ``fas``, ``fab``...); a name that is no icon of that style
  and no Font Awesome utility class (``fa-lg``...) fails the build;
- their SVG paths, sizes and aliases are read from the theme's
  ``fontawesome.js``; the script renders each such element as Font Awesome
  does (same ``svg-inline--fa`` element, classes, attributes and ``<title>``),
  now and for elements added later, and injects the rules of Font Awesome's
  own stylesheet that those SVGs use (filtered by ``lean_css.purge``).

The theme's stylesheet also draws a few icons with Font Awesome's web fonts
(the admonition and "on this page" icons; the ``<i>`` elements before the
script replaces them).  Once ``lean_css`` has removed the rules of the icons
no page uses, a second step subsets those fonts (from the theme's TrueType
files, with fontTools) to the code points the remaining rules name, writes
them as WOFF next to the originals, points the ``@font-face`` rules at them
and deletes the 900 kB of originals.

Font Awesome Free: icons CC BY 4.0, fonts SIL OFL 1.1, code MIT; the
generated files keep its licence header.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

import lean_css

logger = logging.getLogger(__name__)

#: The script that is replaced, relative to ``_static`` (the theme's and the site's).
SCRIPT = "scripts/fontawesome.js"
#: The theme's web fonts, relative to ``_static``.
WEBFONTS = "vendor/fontawesome/webfonts"
#: The class that selects a style (an icon set) -> the set's prefix in fontawesome.js.
STYLES = {"fa": "fas", "fas": "fas", "fa-solid": "fas", "far": "far",
          "fa-regular": "far", "fab": "fab", "fa-brands": "fab"}
#: The style of an element whose classes name none (Font Awesome's default).
DEFAULT_STYLE = "fas"
#: Script then CSS purge (lean_css.PRIORITY) then fonts.
SCRIPT_PRIORITY = 500
FONTS_PRIORITY = 800

_LICENCE = re.compile(r"/\*!.*?\*/", re.DOTALL)
_PACK = re.compile(r"([\w$]+)=\{(?=(?:\"[\w-]+\"|[\w$]+):\[\d+,\d+,\[)")
_ENTRY = re.compile(r'(?:"([\w-]+)"|([\w$]+)):\[(\d+),(\d+),\[([^\]]*)\],"([0-9a-f]+)",("[^"]*")\]([,}])')
_CLASS_ATTRIBUTE = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SCRIPT_STRING = re.compile(r"""(["'`])([^"'`\n]*)\1""")
_FONT_SRC = re.compile(
    r"src:url\(([^)]*/webfonts/)([\w-]+)\.woff2\)\s*format\(\"woff2\"\),"
    r"url\(\1\2\.ttf\)\s*format\(\"truetype\"\)")
_SUBSET_SRC = re.compile(r"/webfonts/([\w-]+)\.subset\.woff\)")
_CODE_POINT = re.compile(r"\\([0-9a-fA-F]{1,6})\s?")


@dataclass(frozen=True)
class Icon:
    """One icon of fontawesome.js: its box, its SVG path, its font code point."""

    width: int
    height: int
    path: str
    unicode: int


def theme_static() -> Path:
    """pydata-sphinx-theme's ``static`` folder."""
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"


def parse_icons(script: str) -> dict[str, dict[str, Icon]]:
    """Every icon of a Font Awesome 6 bundle: ``{"fas": {"bug": Icon...}}``.

    Each style's icons are one object literal, ``p={name:[width, height,
    [aliases], "unicode", "path"],...}``, passed to ``d("fas", p)``; aliases
    (old names such as ``search`` for ``magnifying-glass``) map to the same icon.
    """
    packs: dict[str, dict[str, Icon]] = {}
    for start in _PACK.finditer(script):
        icons, position = {}, start.end()
        while True:
            entry = _ENTRY.match(script, position)
            if entry is None:
                raise ExtensionError(f"icons: unexpected text in fontawesome.js at {position}: "
                                     f"{script[position:position + 80]!r}; update book/_ext/icons.py")
            name = entry.group(1) or entry.group(2)
            icon = Icon(int(entry.group(3)), int(entry.group(4)), json.loads(entry.group(7)),
                        int(entry.group(6), 16))
            icons[name] = icon
            for alias in entry.group(5).split(","):
                if alias.startswith('"'):
                    icons.setdefault(json.loads(alias), icon)
            position = entry.end()
            if entry.group(8) == "}":
                break
        call = re.compile(rf'd\("(\w+)",{re.escape(start.group(1))}\)').search(script, position)
        if call is None:
            raise ExtensionError("icons: an icon set of fontawesome.js has no style; "
                                 "update book/_ext/icons.py")
        packs[call.group(1)] = icons
    if not {"fas", "far", "fab"} <= packs.keys():
        raise ExtensionError(f"icons: fontawesome.js has the icon sets {sorted(packs)}, "
                             "not fas, far and fab; update book/_ext/icons.py")
    return packs


def dom_css(script: str) -> str:
    """The stylesheet Font Awesome's script injects (``.svg-inline--fa``...)."""
    middle = script.find("svg:not(:host).svg-inline--fa")
    start, end = script.rfind("'", 0, middle), script.find("'", middle)
    css = script[start + 1:end]
    if middle < 0 or not css.startswith((":host", ":root")):
        raise ExtensionError("icons: no stylesheet found in fontawesome.js; update book/_ext/icons.py")
    return css


def utility_classes(css: str) -> set[str]:
    """Font Awesome's classes that are not icons (``fa-lg``, ``fa-fw``...)."""
    return set(re.findall(r"\.(fa-[\w-]+)", css))


def class_lists(outdir: Path) -> list[list[str]]:
    """The class lists that name a Font Awesome style: every ``class``
    attribute of a built page, every string of a script of ``_static``."""
    found = []
    for page in sorted(outdir.rglob("*.html")):
        for match in _CLASS_ATTRIBUTE.finditer(page.read_text(encoding="utf-8", errors="replace")):
            found.append((match.group(1) if match.group(1) is not None else match.group(2)).split())
    for script in sorted((outdir / "_static").rglob("*.js")):
        relative = script.relative_to(outdir / "_static")
        if script.name in lean_css.DATA_SCRIPTS or relative.as_posix() == SCRIPT:
            continue
        for match in _SCRIPT_STRING.finditer(script.read_text(encoding="utf-8", errors="replace")):
            found.append(match.group(2).split())
    return [classes for classes in found if STYLES.keys() & set(classes)]


def used_icons(lists: list[list[str]], packs: dict, utilities: set[str]) -> dict[str, set[str]]:
    """``{"fas": {"bug", ...}}``: the icons the class lists name.

    A ``fa-*`` class that is neither an icon of the list's style nor a style
    or utility class is a typo or an icon missing from the theme: an error.
    """
    used: dict[str, set[str]] = {}
    for classes in lists:
        style = DEFAULT_STYLE
        for name in classes:
            style = STYLES.get(name, style)
        for name in classes:
            if not name.startswith("fa-") or name in STYLES or name in utilities:
                continue
            if name[3:] not in packs[style]:
                raise ExtensionError(f"icons: {' '.join(classes)!r} names {name!r}, which is no "
                                     f"icon of Font Awesome's {style} set")
            used.setdefault(style, set()).add(name[3:])
    return used


#: The run-time half of the generated script; ``ICONS``, ``STYLES`` and
#: ``CSS`` are defined before it.
RUNTIME = r"""
const SVG = "http://www.w3.org/2000/svg";
const SELECTOR = Object.keys(STYLES).map((name) => "." + name).join(",");
let titles = 0;

function render(element) {
  if (element.namespaceURI === SVG) return;
  let style = DEFAULT_STYLE;
  for (const name of element.classList) if (name in STYLES) style = STYLES[name];
  let icon = null;
  const extra = [];
  for (const name of element.classList) {
    if (name in STYLES) continue;
    if (icon === null && name.startsWith("fa-") && (ICONS[style] || {})[name.slice(3)]) icon = name.slice(3);
    else extra.push(name);
  }
  if (icon === null) return;
  const [width, height, d] = ICONS[style][icon];
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", ["svg-inline--fa", "fa-" + icon, ...extra].join(" "));
  for (const attribute of element.attributes) {
    if (!["class", "title", "aria-hidden"].includes(attribute.name)) svg.setAttribute(attribute.name, attribute.value);
  }
  const title = element.getAttribute("title");
  if (title) {
    const id = "svg-inline--fa-title-" + ++titles;
    svg.setAttribute("aria-labelledby", id);
    const node = document.createElementNS(SVG, "title");
    node.id = id;
    node.textContent = title;
    svg.appendChild(node);
  } else {
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
  }
  svg.setAttribute("data-prefix", style);
  svg.setAttribute("data-icon", icon);
  svg.setAttribute("role", "img");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("data-fa-i2svg", "");
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("fill", "currentColor");
  path.setAttribute("d", d);
  svg.appendChild(path);
  element.replaceWith(svg);
}

function renderAll(root) {
  if (root.matches && root.matches(SELECTOR)) render(root);
  if (root.querySelectorAll) root.querySelectorAll(SELECTOR).forEach(render);
}

// As Font Awesome does: before the first stylesheet, so the page's own rules win.
const sheet = document.createElement("style");
sheet.textContent = CSS;
document.head.insertBefore(sheet, document.head.querySelector("style, link"));

function start() {
  renderAll(document.body);
  new MutationObserver((records) => {
    for (const record of records) record.addedNodes.forEach(renderAll);
  }).observe(document.body, {childList: true, subtree: true});
}
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
"""


def generate_script(licence: str, icons: dict[str, dict[str, Icon]], css: str) -> str:
    """The replacement of fontawesome.js: the icons' data and :data:`RUNTIME`."""
    data = {style: {name: [icon.width, icon.height, icon.path] for name, icon in sorted(names.items())}
            for style, names in sorted(icons.items())}
    count = sum(len(names) for names in icons.values())
    return (f"{licence}\n"
            f"/* The {count} icons this site shows, written by book/_ext/icons.py from the "
            "theme's fontawesome.js. */\n"
            "(() => {\n\"use strict\";\n"
            f"const ICONS = {json.dumps(data, separators=(',', ':'))};\n"
            f"const STYLES = {json.dumps(STYLES, separators=(',', ':'))};\n"
            f"const DEFAULT_STYLE = {json.dumps(DEFAULT_STYLE)};\n"
            f"const CSS = {json.dumps(css)};\n"
            f"{RUNTIME.strip()}\n}})();\n")


def write_script(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    original = (theme_static() / SCRIPT).read_text(encoding="utf-8")
    packs = parse_icons(original)
    full_css = dom_css(original)
    lists = class_lists(outdir)
    used = used_icons(lists, packs, utility_classes(full_css))
    icons = {style: {name: packs[style][name] for name in names} for style, names in used.items()}
    names = {"svg-inline--fa"} | {name for classes in lists for name in classes}
    css = lean_css.purge(full_css, names, "fontawesome.js's stylesheet")
    licence = _LICENCE.search((theme_static() / (SCRIPT + ".LICENSE.txt")).read_text(encoding="utf-8"))
    if licence is None:
        raise ExtensionError("icons: no licence header in fontawesome.js.LICENSE.txt")
    target = outdir / "_static" / SCRIPT
    target.write_text(generate_script(licence.group(0), icons, css), encoding="utf-8")
    target.with_name(target.name + ".map").unlink(missing_ok=True)
    logger.info(f"icons: {sum(map(len, icons.values()))} icons, "
                f"{target.stat().st_size / 1024:.0f} kB instead of {len(original) / 1024:.0f} kB")


def css_code_points(css: str) -> set[int]:
    """The private-use code points (Font Awesome's glyphs) a stylesheet names."""
    points = {int(match.group(1), 16) for match in _CODE_POINT.finditer(css)}
    points |= {ord(char) for char in css}
    return {point for point in points if 0xE000 <= point <= 0xF8FF}


def subset_font(source: Path, target: Path, code_points: set[int]) -> None:
    """Write the glyphs of ``code_points`` from TrueType ``source`` as WOFF ``target``."""
    import logging as stdlib_logging

    from fontTools import subset

    quiet = stdlib_logging.getLogger("fontTools")  # it reports every table it prunes
    level = quiet.level
    quiet.setLevel(stdlib_logging.WARNING)
    try:
        _subset(subset, source, target, code_points)
    finally:
        quiet.setLevel(level)


def _subset(subset, source: Path, target: Path, code_points: set[int]) -> None:
    options = subset.Options()
    options.flavor = "woff"  # WOFF 2 would need brotli
    options.layout_features = ["*"]
    options.name_IDs = ["*"]  # keep the copyright and licence (SIL OFL)
    font = subset.load_font(str(source), options)
    try:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(code_points))
        subsetter.subset(font)
        subset.save_font(font, str(target), options)
    finally:
        font.close()


def subset_fonts(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    sheets = lean_css.stylesheets(Path(app.outdir))
    code_points = set().union(*(css_code_points(sheet.read_text(encoding="utf-8")) for sheet in sheets))
    fonts = set()
    for sheet in sheets:
        css = sheet.read_text(encoding="utf-8")
        fonts.update(match.group(2) for match in _FONT_SRC.finditer(css))
        fonts.update(_SUBSET_SRC.findall(css))  # already rewritten by an earlier build
        sheet.write_text(_FONT_SRC.sub(r'src:url(\1\2.subset.woff) format("woff")', css),
                         encoding="utf-8")
    if not fonts:
        raise ExtensionError(f"icons: no stylesheet loads the fonts of {WEBFONTS}; "
                             "update book/_ext/icons.py")
    folder = static / WEBFONTS
    for font in sorted(fonts):
        subset_font(theme_static() / WEBFONTS / f"{font}.ttf", folder / f"{font}.subset.woff",
                    code_points)
    for original in [*folder.glob("*.woff2"), *folder.glob("*.ttf")]:
        original.unlink()
    size = sum(path.stat().st_size for path in folder.glob("*.subset.woff"))
    logger.info(f"icons: {len(fonts)} web fonts subset to {len(code_points)} glyphs, {size / 1024:.0f} kB")


def setup(app: Sphinx) -> dict:
    app.setup_extension("lean_css")
    app.connect("build-finished", write_script, priority=SCRIPT_PRIORITY)
    app.connect("build-finished", subset_fonts, priority=FONTS_PRIORITY)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
