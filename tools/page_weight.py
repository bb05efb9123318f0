"""Page weight: what showing a page of the site costs, and its budgets.

A page's weight is everything a browser fetches to show it, with an empty
cache: its HTML, stylesheets, scripts, fonts (the math fonts among them) and
figures, measured in Chromium (Debian's, through Playwright) on the built
site served locally.  It is counted twice: the files' bytes, and the bytes
that cross the network when the server compresses them with gzip (GitHub
Pages does).  The *shared part* is what a page loads besides its own HTML and
its figures (``_images/``): the theme's CSS and scripts, icons, fonts and the
math stylesheet and fonts, which the reader's browser caches after the first
page.

``make bench`` (``tools/bench.py``) reports every page of every edition
against :data:`BUDGETS`; ``tests/book/built/test_browser.py`` weighs every
page it opens with :func:`weigh_tab` and fails on :func:`regressions`.

The formulas are typeset when the book is built (``book/_ext/offline_math.py``):
a page with formulas carries their HTML (which roughly doubles the HTML of
the pages with the most formulas) and loads the math stylesheet (about
30 kB) and the MathJax fonts of the glyphs it shows, no script.  Every
page meets every budget; :data:`FILES_CEILINGS` holds the exceptions, if a
page must ever exceed one (none does).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

KB = 1024
MB = 1024 * KB

#: The budgets of a page: its files, what crosses the network (gzip), its shared part.
BUDGETS = {"files": 1.5 * MB, "gzip": 1 * MB, "shared": 600 * KB}

#: The pages (file stems, every edition) whose files may exceed the budget,
#: and the ceiling the tests hold them to instead.
FILES_CEILINGS: dict[str, float] = {}

#: Where the math stylesheet and fonts live in each edition's site
#: (book/_ext/offline_math.py).
MATH = "_static/math/"
#: Where Sphinx puts a page's figures.
FIGURES = "_images/"


@dataclass
class Weight:
    """The weight of one page: ``parts`` maps each kind of file (see
    :func:`kind`) to its bytes; ``gzip`` is the total sent compressed."""

    page: str
    requests: int = 0
    files: int = 0
    gzip: int = 0
    parts: dict[str, int] = field(default_factory=dict)

    @property
    def shared(self) -> int:
        """Bytes of what the page shares with others (not its HTML nor its figures)."""
        return self.files - self.parts.get("html", 0) - self.parts.get("figures", 0)

    @property
    def math(self) -> int:
        """Bytes of the math stylesheet and fonts."""
        return self.parts.get("math", 0)


def kind(path: str, page: str) -> str:
    """What a file is for the page at ``page`` (both site paths):
    html, figures, math (its stylesheet and fonts), css, scripts, fonts or other."""
    if path == page:
        return "html"
    if f"/{FIGURES}" in path:
        return "figures"
    if f"/{MATH}" in path:
        return "math"
    suffix = Path(path).suffix
    if suffix == ".css":
        return "css"
    if suffix == ".js":
        return "scripts"
    if suffix in {".woff", ".woff2", ".ttf", ".otf"}:
        return "fonts"
    return "other"


def weigh(page: str, bodies: list[tuple[str, bytes]]) -> Weight:
    """The weight of ``page`` (its site path, ``/en/cnn.html``) from the
    ``(site path, body)`` of every response it received."""
    weight = Weight(page, requests=len(bodies))
    for path, body in bodies:
        weight.files += len(body)
        weight.gzip += len(gzip.compress(body))
        part = kind(path, page)
        weight.parts[part] = weight.parts.get(part, 0) + len(body)
    return weight


def measure(browser, base: str, page: str) -> Weight:
    """Open ``base + page`` in a fresh context of ``browser`` (Playwright)
    and weigh what it loads once its fonts are loaded."""
    context = browser.new_context()
    try:
        tab = context.new_page()
        responses = []
        tab.on("response", lambda response: responses.append(response))
        tab.goto(base + page, wait_until="networkidle")
        return weigh_tab(tab, page, responses)
    finally:
        context.close()


def weigh_tab(tab, page: str, responses: list) -> Weight:
    """The weight of ``page`` (its site path) opened in ``tab`` (Playwright),
    from the ``responses`` the tab received since it started loading it; waits
    for its fonts and for the network to be idle first."""
    tab.evaluate("document.fonts.ready.then(() => true)")
    tab.wait_for_load_state("networkidle")
    bodies = [(urlsplit(r.url).path, r.body()) for r in responses
              if r.ok and urlsplit(r.url).scheme != "data"]
    return weigh(page, bodies)


def budget_failures(weight: Weight) -> list[str]:
    """The budgets of :data:`BUDGETS` the page exceeds (``files``, ``gzip``, ``shared``)."""
    values = {"files": weight.files, "gzip": weight.gzip, "shared": weight.shared}
    return [name for name, limit in BUDGETS.items() if values[name] > limit]


def regressions(weight: Weight) -> list[str]:
    """What the tests refuse: a budget exceeded, or, where a page does not
    meet it today, its ceiling exceeded (see the module docstring)."""
    stem = Path(weight.page).stem
    limits = {
        "files": (weight.files, FILES_CEILINGS.get(stem, BUDGETS["files"])),
        "gzip": (weight.gzip, BUDGETS["gzip"]),
        "shared": (weight.shared, BUDGETS["shared"]),
    }
    return [f"{name} {value / KB:.0f} kB > {limit / KB:.0f} kB"
            for name, (value, limit) in limits.items() if value > limit]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(site: Path):
    """Serve ``site`` on localhost for the duration; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def site_pages(site: Path, langs) -> list[str]:
    """Every HTML page of the given editions of ``site``, as site paths."""
    return [f"/{lang}/{page.name}" for lang in langs for page in sorted((site / lang).glob("*.html"))]


def measure_site(site: Path, langs, chromium: str = "/usr/bin/chromium") -> list[Weight]:
    """The weight of every page of the given editions of the built ``site``."""
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium,
                                             args=["--no-sandbox", "--disable-gpu"])
        try:
            return [measure(browser, base, page) for page in site_pages(site, langs)]
        finally:
            browser.close()
