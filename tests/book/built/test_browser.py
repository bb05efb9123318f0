"""The built site as a reader meets it: every page of both languages opened in
Debian's Chromium (driven by Playwright), served on localhost, offline.

Screenshots of every chapter at desktop and phone widths are written to
``_build/screenshots/`` for a person to look at.  The student edition of a
teacher's table of contents (conftest.py's ``student_build``) is opened too.

The figures are checked in both themes: in the light one they are shown as
they are; in the dark one (a dark colour scheme: the theme follows the
reader's system) every drawing must sit on the page's own background with
its text and lines in strong contrast, and the figures that keep their
colours (photos, class ``keep-colours``) must not be turned into negatives
(``book/_static/dlbasics.css``).
"""

from __future__ import annotations

import functools
import http.server
import io
import re
import shutil
import sys
import threading
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

import numpy as np
import pytest
from PIL import Image

import page_weight
from _sources import BUILD, LANGUAGES, ROOT, chapter_files, chapters
from editions import FRAMEWORKS, pdf_name

SITE = BUILD / "html"
SHOTS = BUILD / "screenshots"
FIRST = LANGUAGES[0]
PAGES = [name.removesuffix(".md") for name in chapter_files(FIRST)]
CHAPTERS = chapters(FIRST)
CHROMIUM = "/usr/bin/chromium"
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
#: The chapters' figures: the images that executed cells output.
FIGURES = ".bd-content div.cell_output img"
#: The class of the figures that keep their colours in the dark theme (photos).
KEEP_COLOURS = "keep-colours"
#: What the dark theme must give every other figure: its background within
#: BACKGROUND_TOLERANCE (0-255, per channel) of the page's, and at least
#: STRONG_SHARE of its pixels (text, axes, lines) at a WCAG contrast ratio of
#: STRONG_CONTRAST or more against that background (the sparsest figure of
#: the book has about 0.9 %).
BACKGROUND_TOLERANCE = 4
STRONG_CONTRAST = 4.5
STRONG_SHARE = 0.005
#: A figure that keeps its colours may be dimmed, never inverted: the
#: correlation of its luminance with the PNG's must stay above this.
KEPT_CORRELATION = 0.9


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A page closed while a file was on its way (the browser hung up):
        # nothing to report.  Any other error still prints its traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _serve(site: Path):
    """Serve ``site`` on localhost from a thread; yield its address."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def server():
    if not (SITE / FIRST / "index.html").exists():
        pytest.fail(f"no built site in {SITE}: run `make book` first")
    yield from _serve(SITE)


@pytest.fixture(scope="module")
def student_server(student_build):
    """The student edition's site, as the tests built it (conftest.py)."""
    yield from _serve(student_build.root / "html")


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no {CHROMIUM}: install it with `sudo make system-deps`")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield chromium
        chromium.close()


class Visit:
    """A page opened in a fresh context, with everything it asked for logged.

    `color_scheme` is the reader's system setting ("light" or "dark"), which
    the theme follows. A navigation waits for the load event (the page's own
    scripts have run by then) and for its web fonts, the math fonts among
    them: the formulas are typeset when the book is built
    (book/_ext/offline_math.py), there is no script to wait for.
    """

    #: What a navigation waits for.
    ready = "load"

    def __init__(self, browser, url: str, width: int = 1280, height: int = 900,
                 color_scheme: str = "light"):
        self.context = browser.new_context(viewport={"width": width, "height": height},
                                           color_scheme=color_scheme)
        self.page = self.context.new_page()
        #: Every response, for tools/page_weight.py.
        self.responses: list = []
        self.page.on("response", lambda r: self.responses.append(r))
        self.requests: list[str] = []
        self.failures: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("requestfailed", lambda r: self.failures.append(f"{r.url} ({r.failure})"))
        self.page.on("response", lambda r: r.status >= 400 and self.failures.append(f"{r.url} ({r.status})"))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.goto(url)

    def goto(self, url: str) -> None:
        self.page.goto(url, wait_until=self.ready)
        self.page.evaluate("document.fonts.ready.then(() => true)")

    def close(self) -> None:
        self.context.close()


def _selected_frameworks(page) -> list[str]:
    return page.eval_on_selector_all(
        "div.framework-tabs",
        """sets => sets.map(set => {
            const checked = set.querySelector(':scope > input:checked');
            return set.querySelector(`label[for="${checked.id}"]`).dataset.syncId;
        })""",
    )


def _check_framework_tabs(page, where: str) -> None:
    """Every code example is a Keras and a PyTorch tab, Keras first and
    selected, with its executed output shown; choosing PyTorch in one set
    switches every set of the page."""
    sets = page.locator("div.framework-tabs")
    assert sets.count() > 0, f"{where}: no framework tabs"
    for index in range(sets.count()):
        labels = sets.nth(index).locator(":scope > label").all_inner_texts()
        assert [label.strip() for label in labels] == ["Keras", "PyTorch"], f"{where}: tabs {labels}"
    assert set(_selected_frameworks(page)) == {"keras"}, f"{where}: Keras is not selected first"
    first = sets.first
    assert first.locator(":scope > .sd-tab-content .cell_output").first.is_visible()
    first.locator(":scope > label", has_text="PyTorch").click()
    assert set(_selected_frameworks(page)) == {"pytorch"}, f"{where}: not every set switched"
    assert first.locator(":scope > .sd-tab-content .cell_output").nth(1).is_visible()


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_loads_offline_clean_light_and_switches(browser, server, lang, page):
    """One visit per page: it makes no request elsewhere, no error, shows no
    raw markup nor icon font, and what it loads is within the page-weight
    budgets; a chapter's framework tabs switch together; its language switch
    opens the same page in the other language."""
    visit = Visit(browser, f"{server}/{lang}/{page}.html")
    try:
        foreign = [url for url in visit.requests if not url.startswith(server) and not url.startswith("data:")]
        assert not foreign, f"{lang}/{page}: requests to other hosts: {foreign}"
        assert not visit.failures, f"{lang}/{page}: failed requests: {visit.failures}"
        assert not visit.errors, f"{lang}/{page}: console errors: {visit.errors}"
        text = visit.page.locator("article").inner_text()
        for raw in ("\\(", "\\[", "$$", "{math}", "{eq}", "{term}"):
            assert raw not in text, f"{lang}/{page}: untypeset {raw!r} in the text"
        assert visit.page.evaluate("document.documentElement.lang") == lang
        alts = visit.page.eval_on_selector_all("article img", "els => els.map(e => e.alt.trim())")
        assert all(alts), f"{lang}/{page}: an image has no alt text"
        # The formulas were typeset at build time (book/_ext/offline_math.py;
        # a TeX error fails the build) and are drawn in MathJax's fonts.
        errors = visit.page.eval_on_selector_all("mjx-merror, .math-error", "els => els.map(e => e.textContent)")
        assert not errors, f"{lang}/{page}: formulas not typeset: {errors}"
        if visit.page.locator("mjx-container").count():
            fonts = [url for url in visit.requests if "/_static/math/fonts/" in url]
            assert fonts, f"{lang}/{page}: formulas, but no math font loaded"
            family = visit.page.eval_on_selector("mjx-c", "el => getComputedStyle(el, '::before').fontFamily")
            assert family.startswith("MJXZERO"), f"{lang}/{page}: formulas drawn in {family}"
        # Every Font Awesome icon became an SVG (book/_ext/icons.py).
        icons = visit.page.eval_on_selector_all(
            ".fa, .fas, .far, .fab, .fa-solid, .fa-regular, .fa-brands", "els => els.map(e => e.outerHTML)")
        assert not icons, f"{lang}/{page}: icons not rendered: {icons}"
        buttons = visit.page.locator(".article-header-buttons svg.svg-inline--fa").count()
        assert buttons >= 4, f"{lang}/{page}: only {buttons} header buttons show an icon"
        # The light theme shows the figures as they are (no filter, no blending).
        looks = visit.page.eval_on_selector_all(
            FIGURES, "els => els.map(e => [getComputedStyle(e).filter, getComputedStyle(e).mixBlendMode])")
        assert all(look == ["none", "normal"] for look in looks), f"{lang}/{page}: figures altered in light: {looks}"
        # Files, what crosses the network (gzip) and the shared part of the page,
        # within tools/page_weight.py's budgets (`make bench` reports them).
        weight = page_weight.weigh_tab(visit.page, f"/{lang}/{page}.html", visit.responses)
        assert not page_weight.regressions(weight), f"{lang}/{page}: {page_weight.regressions(weight)}"
        if page in CHAPTERS:
            _check_framework_tabs(visit.page, f"{lang}/{page}")
        other = next(code for code in LANGUAGES if code != lang)
        with visit.page.expect_navigation(wait_until=visit.ready):
            visit.page.locator("a.language-switch").first.click()
        assert visit.page.url.split("?")[0] == f"{server}/{other}/{page}.html", (
            f"{lang}/{page}: the language switch opened {visit.page.url}")
        assert visit.page.evaluate("document.documentElement.lang") == other
    finally:
        visit.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_framework_choice_persists_and_follows_the_url(browser, server, lang):
    """The reader's choice of framework survives a reload and follows them to
    the next chapter; ``?framework=`` selects one (links from the PDFs and
    notebooks use it).  (Each chapter's tabs: the page-visit test above.)"""
    chapter = CHAPTERS[0]
    visit = Visit(browser, f"{server}/{lang}/{chapter}.html")
    try:
        page = visit.page
        assert set(_selected_frameworks(page)) == {"keras"}
        page.locator("div.framework-tabs").first.locator(":scope > label", has_text="PyTorch").click()
        page.reload(wait_until=visit.ready)
        assert set(_selected_frameworks(page)) == {"pytorch"}, "the choice is lost on reload"
        visit.goto(f"{server}/{lang}/{CHAPTERS[-1]}.html")
        assert set(_selected_frameworks(page)) == {"pytorch"}, "the choice does not follow the reader"
        visit.goto(f"{server}/{lang}/{chapter}.html?framework=keras")
        assert set(_selected_frameworks(page)) == {"keras"}, "?framework=keras does not select"
    finally:
        visit.close()
    visit = Visit(browser, f"{server}/{lang}/{chapter}.html?framework=pytorch")  # a new reader
    try:
        assert set(_selected_frameworks(visit.page)) == {"pytorch"}, "?framework=pytorch does not select"
    finally:
        visit.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_internal_links_and_anchors_resolve(browser, server, lang):
    """Every link from every page to the site lands on an existing page and,
    if it has a fragment, on an existing element."""
    visit = Visit(browser, f"{server}/{lang}/index.html")
    broken = []
    ids_of: dict[str, set[str]] = {}
    try:
        for page in PAGES:
            url = f"{server}/{lang}/{page}.html"
            visit.page.goto(url, wait_until="domcontentloaded")
            hrefs = visit.page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
            for href in hrefs:
                absolute = urljoin(url, href)
                if not absolute.startswith(server) or href.startswith(("mailto:", "javascript:")):
                    continue
                target, fragment = urldefrag(absolute)
                path = SITE / urlparse(target).path.lstrip("/")
                if path.is_dir():
                    path = path / "index.html"
                if not path.exists():
                    broken.append(f"{page}: {href}")
                    continue
                if fragment and path.suffix == ".html":
                    if path not in ids_of:
                        ids_of[path] = set(re.findall(r'\bid="([^"]+)"', path.read_text(encoding="utf-8")))
                    if fragment not in ids_of[path]:
                        broken.append(f"{page}: {href} (no #{fragment})")
    finally:
        visit.close()
    assert not broken, f"{lang}: broken internal links:\n" + "\n".join(sorted(set(broken)))


def test_sidebars_list_the_same_chapters(browser, server):
    hrefs = {}
    for lang in LANGUAGES:
        visit = Visit(browser, f"{server}/{lang}/index.html")
        try:
            hrefs[lang] = visit.page.eval_on_selector_all(
                "nav.bd-docs-nav a.reference", "els => els.map(e => e.getAttribute('href'))")
        finally:
            visit.close()
    assert hrefs[FIRST] and all(hrefs[lang] == hrefs[FIRST] for lang in LANGUAGES)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_screenshots(browser, server, lang, size):
    """Take the screenshots a person looks at (and check pages fit phones)."""
    width, height = SIZES[size]
    folder = SHOTS / size
    if folder.exists():  # no picture left from an earlier run
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    visit = Visit(browser, f"{server}/{lang}/index.html", width, height)
    try:
        for page in [p for p in PAGES if p in CHAPTERS or p == "index"]:
            visit.goto(f"{server}/{lang}/{page}.html")
            # JPEG: a full page is written in half the time of a PNG, as readable
            visit.page.screenshot(path=str(folder / f"{lang}-{page}.jpg"), full_page=True,
                                  type="jpeg", quality=85)
            overflow = visit.page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{lang}/{page} scrolls sideways at {size} width ({overflow}px)"
    finally:
        visit.close()


# ----------------------------------------------------------------------
# figures in the dark theme


def _luminance(rgb: np.ndarray) -> np.ndarray:
    """WCAG relative luminance of sRGB pixels (..., 3) in 0-255."""
    c = np.asarray(rgb, dtype=float) / 255
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return c @ [0.2126, 0.7152, 0.0722]


def _most_common(pixels: np.ndarray) -> np.ndarray:
    """The most frequent colour of an array of RGB pixels."""
    values, counts = np.unique(pixels.reshape(-1, 3), axis=0, return_counts=True)
    return values[counts.argmax()]


def _ring(pixels: np.ndarray, width: int) -> np.ndarray:
    """The pixels of the outer band of `width` pixels of an (H, W, 3) array."""
    return np.concatenate([pixels[:width].reshape(-1, 3), pixels[-width:].reshape(-1, 3),
                           pixels[:, :width].reshape(-1, 3), pixels[:, -width:].reshape(-1, 3)])


def _rendered_figure(page, img, margin: int = 6):
    """What the reader sees of one figure: (figure's pixels, pixels around it, facts).

    The figure is scrolled to the middle of the viewport and captured with a
    band of `margin` CSS pixels of what surrounds it; its padding (the
    theme's card) is left out of the figure's pixels.
    """
    facts = img.evaluate("""e => {
        e.scrollIntoView({block: 'center'});
        const r = e.getBoundingClientRect(), s = getComputedStyle(e), px = v => parseFloat(v) || 0;
        const figure = e.closest('figure');
        return {x: r.x, y: r.y, width: r.width, height: r.height,
                left: px(s.paddingLeft) + px(s.borderLeftWidth), top: px(s.paddingTop) + px(s.borderTopWidth),
                right: px(s.paddingRight) + px(s.borderRightWidth), bottom: px(s.paddingBottom) + px(s.borderBottomWidth),
                filter: s.filter, keep: e.classList.contains('%s'), src: e.currentSrc,
                name: figure && figure.id ? figure.id : e.getAttribute('src'),
                viewport: window.innerHeight};
    }""" % KEEP_COLOURS)
    if facts["height"] + 2 * margin > facts["viewport"]:
        pytest.fail(f"figure {facts['name']} is taller than the viewport: enlarge the test's viewport")
    shot = page.screenshot(clip={"x": facts["x"] - margin, "y": facts["y"] - margin,
                                 "width": facts["width"] + 2 * margin, "height": facts["height"] + 2 * margin})
    pixels = np.asarray(Image.open(io.BytesIO(shot)).convert("RGB"), dtype=int)
    top, left = margin + round(facts["top"]), margin + round(facts["left"])
    bottom = pixels.shape[0] - margin - round(facts["bottom"])
    right = pixels.shape[1] - margin - round(facts["right"])
    return pixels[top:bottom, left:right], _ring(pixels, margin // 2), facts


def _dark_theme_problems(figure: np.ndarray, around: np.ndarray, facts: dict) -> list[str]:
    """Why a drawing is not readable in the dark theme (empty if it is)."""
    background, page_background = _most_common(_ring(figure, 2)), _most_common(around)
    if np.abs(background - page_background).max() > BACKGROUND_TOLERANCE:
        return [f"{facts['name']}: background {background.tolist()} on a page of {page_background.tolist()}"]
    lum, lum_background = _luminance(figure), _luminance(background)
    contrast = (np.maximum(lum, lum_background) + 0.05) / (np.minimum(lum, lum_background) + 0.05)
    share = float((contrast >= STRONG_CONTRAST).mean())
    if share < STRONG_SHARE:
        return [f"{facts['name']}: only {share:.2%} of its pixels contrast {STRONG_CONTRAST}:1 "
                f"with its background (text and lines too faint)"]
    return []


def _kept_colour_problems(figure: np.ndarray, facts: dict, source: Path) -> list[str]:
    """Why a figure that keeps its colours does not (empty if it does)."""
    if "invert" in facts["filter"]:
        return [f"{facts['name']}: keeps its colours but is inverted ({facts['filter']})"]
    height, width = figure.shape[:2]
    png = np.asarray(Image.open(source).convert("RGB").resize((width, height), Image.Resampling.BILINEAR), dtype=int)
    correlation = float(np.corrcoef(_luminance(png).ravel(), _luminance(figure).ravel())[0, 1])
    if correlation < KEPT_CORRELATION:
        return [f"{facts['name']}: keeps its colours but its luminance correlates "
                f"{correlation:+.2f} with its PNG's (a negative, or altered)"]
    return []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_figures_readable_in_the_dark_theme(browser, server, lang):
    """With a dark colour scheme the theme is dark, every drawing sits on the
    page's background with strong contrast, and photos are not inverted."""
    pages = [page for page in PAGES if "cell_output" in (SITE / lang / f"{page}.html").read_text(encoding="utf-8")]
    visit = Visit(browser, f"{server}/{lang}/index.html", height=1400, color_scheme="dark")
    problems, checked, kept = [], 0, 0
    try:
        for page in pages:
            visit.goto(f"{server}/{lang}/{page}.html")
            theme = visit.page.evaluate("document.documentElement.dataset.theme")
            assert theme == "dark", f"{lang}/{page}: a dark colour scheme gives the {theme!r} theme"
            images = visit.page.locator(FIGURES)
            for index in range(images.count()):
                if not images.nth(index).is_visible():  # e.g. an only-light version
                    continue
                figure, around, facts = _rendered_figure(visit.page, images.nth(index))
                if facts["keep"]:
                    source = SITE / urlparse(facts["src"]).path.lstrip("/")
                    found = _kept_colour_problems(figure, facts, source)
                    kept += 1
                else:
                    found = _dark_theme_problems(figure, around, facts)
                problems += [f"{page}: {problem}" for problem in found]
                checked += 1
    finally:
        visit.close()
    assert checked and kept, f"{lang}: {checked} figures checked, {kept} that keep their colours"
    assert not problems, f"{lang}: figures not readable in the dark theme:\n" + "\n".join(problems)


def _pdf_menu(page) -> list[str]:
    """The PDFs of the download menu, in the order the reader sees them."""
    return page.eval_on_selector_all(
        ".dropdown-download-buttons .dropdown-menu a[href$='.pdf']",
        "links => links.map(link => link.getAttribute('href'))")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_menu_offers_the_reader_s_framework_first(browser, server, lang):
    """The whole book's PDF comes first until the reader picks a framework
    in the code tabs; then that framework's PDF does, on every page, and it
    follows the reader's next choice (book/_static/reader-framework.js)."""
    book, *editions = [f"{pdf_name(lang, framework)}.pdf" for framework in (None, *FRAMEWORKS)]
    pdf = dict(zip(FRAMEWORKS, editions))
    visit = Visit(browser, f"{server}/{lang}/{CHAPTERS[0]}.html")
    try:
        page = visit.page
        assert _pdf_menu(page) == [book, *editions], "nothing chosen: the book first"
        tabs = page.locator("div.framework-tabs").first
        tabs.locator(":scope > label", has_text="PyTorch").click()
        assert _pdf_menu(page)[0] == pdf["pytorch"]
        assert sorted(_pdf_menu(page)) == sorted([book, *editions])
        # The menu opens with the PyTorch edition first.
        page.locator(".dropdown-download-buttons > button").click()
        first = page.locator(".dropdown-download-buttons .dropdown-menu a[href$='.pdf']").first
        assert first.is_visible() and first.get_attribute("href") == pdf["pytorch"]
        page.keyboard.press("Escape")
        tabs.locator(":scope > label", has_text="Keras").click()
        assert _pdf_menu(page)[0] == pdf["keras"], "the menu does not follow a new choice"
        tabs.locator(":scope > label", has_text="PyTorch").click()
        # Remembered on a page without code tabs, and after a reload.
        visit.goto(f"{server}/{lang}/glossary.html")
        assert _pdf_menu(page)[0] == pdf["pytorch"]
        page.reload(wait_until=visit.ready)
        assert _pdf_menu(page)[0] == pdf["pytorch"]
        visit.goto(f"{server}/{lang}/glossary.html?framework=keras")
        assert _pdf_menu(page)[0] == pdf["keras"]
        assert not visit.errors, visit.errors
    finally:
        visit.close()


def _notebook_links(page) -> dict[str, str | None]:
    """The notebook each header link opens: Binder, Colab, the download menu's."""
    return page.evaluate("""() => {
        const href = (selector) => document.querySelector(selector)?.getAttribute("href") ?? null;
        return {
            binder: href(".dropdown-launch-buttons a[href^='https://mybinder.org/']"),
            colab: href(".dropdown-launch-buttons a[href^='https://colab.research.google.com/']"),
            download: href(".dropdown-download-buttons a.btn-download-notebook-button"),
        };
    }""")


def _check_notebook_links(page, lang: str, chapter: str, framework: str | None) -> None:
    """The three links open `framework`'s notebook of `chapter` (None: the one
    with both frameworks), and the files are there: in the repository for
    Binder and Colab, in the site for the download."""
    name = f"{chapter}.ipynb" if framework is None else f"{chapter}.{framework}.ipynb"
    links = _notebook_links(page)
    what = f"{lang}/{chapter}, {framework or 'no framework'} chosen: {links}"
    assert links["binder"] and links["binder"].endswith(f"urlpath=lab/tree/book/{lang}/{name}"), what
    assert links["colab"] and links["colab"].endswith(f"/blob/main/book/{lang}/{name}"), what
    assert links["download"] == f"_sources/{name}", what
    assert (ROOT / "book" / lang / name).exists(), f"no book/{lang}/{name} in the repository"
    response = page.request.get(urljoin(page.url, links["download"]))
    assert response.ok, f"{links['download']}: {response.status}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_launch_and_download_links_follow_the_reader_s_framework(browser, server, lang):
    """Binder, Colab and the download menu open the notebook with both
    frameworks until the reader picks one in the code tabs; then that
    framework's notebook, after a reload, on the next page, and again after
    the next choice (book/_static/reader-framework.js)."""
    chapter, following = CHAPTERS[0], CHAPTERS[1]
    visit = Visit(browser, f"{server}/{lang}/{chapter}.html")
    try:
        page = visit.page
        _check_notebook_links(page, lang, chapter, None)
        tabs = page.locator("div.framework-tabs").first
        tabs.locator(":scope > label", has_text="PyTorch").click()
        _check_notebook_links(page, lang, chapter, "pytorch")
        # What the reader clicks: the download menu's entry, once opened.
        page.locator(".dropdown-download-buttons > button").click()
        entry = page.locator(".dropdown-download-buttons a.btn-download-notebook-button")
        assert entry.is_visible() and entry.get_attribute("href") == f"_sources/{chapter}.pytorch.ipynb"
        page.keyboard.press("Escape")
        page.reload(wait_until=visit.ready)
        _check_notebook_links(page, lang, chapter, "pytorch")
        visit.goto(f"{server}/{lang}/{following}.html")
        _check_notebook_links(page, lang, following, "pytorch")
        # Keras likewise, chosen on that page, and remembered on the first.
        page.locator("div.framework-tabs").first.locator(":scope > label", has_text="Keras").click()
        _check_notebook_links(page, lang, following, "keras")
        page.reload(wait_until=visit.ready)
        _check_notebook_links(page, lang, following, "keras")
        visit.goto(f"{server}/{lang}/{chapter}.html")
        _check_notebook_links(page, lang, chapter, "keras")
        visit.goto(f"{server}/{lang}/{chapter}.html?framework=pytorch")
        _check_notebook_links(page, lang, chapter, "pytorch")
        assert not visit.errors, visit.errors
    finally:
        visit.close()
    # An address that names no framework of the book: the notebook with both.
    visit = Visit(browser, f"{server}/{lang}/{chapter}.html?framework=jax")
    try:
        _check_notebook_links(visit.page, lang, chapter, None)
    finally:
        visit.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_student_edition_shows_no_solution(browser, student_server, student_build, lang):
    """In the student edition the exercises are there, their solutions and
    the launch buttons are not, the PDF menu offers the student PDFs, and
    the download menu's notebook follows the reader's framework."""
    for chapter in student_build.chapters:
        visit = Visit(browser, f"{student_server}/{lang}/{chapter}.html")
        try:
            page = visit.page
            assert not visit.errors and not visit.failures, (visit.errors, visit.failures)
            assert page.locator("article .exercise").count() >= 2
            assert page.locator("article .solution").count() == 0
            assert page.locator(".dropdown-launch-buttons").count() == 0
            assert _pdf_menu(page) == [f"{pdf_name(lang, framework, student=True)}.pdf"
                                       for framework in (None, *FRAMEWORKS)]
            assert _notebook_links(page)["download"] == f"_sources/{chapter}.ipynb"
            page.locator("div.framework-tabs").first.locator(
                ":scope > label", has_text="PyTorch").click()
            download = _notebook_links(page)["download"]
            assert download == f"_sources/{chapter}.pytorch.ipynb"
            assert page.request.get(urljoin(page.url, download)).ok
        finally:
            visit.close()
