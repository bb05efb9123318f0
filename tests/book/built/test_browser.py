"""The built site as a reader meets it: every page of both languages opened in
Debian's Chromium (driven by Playwright), served on localhost, offline.

Screenshots of every chapter at desktop and phone widths are written to
``_build/screenshots/`` for a person to look at.  The student edition of a
teacher's table of contents (conftest.py's ``student_build``) is opened too.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

import pytest

from _sources import BUILD, LANGUAGES, chapter_files, chapters
from editions import FRAMEWORKS, pdf_name

SITE = BUILD / "html"
SHOTS = BUILD / "screenshots"
FIRST = LANGUAGES[0]
PAGES = [name.removesuffix(".md") for name in chapter_files(FIRST)]
CHAPTERS = chapters(FIRST)
CHROMIUM = "/usr/bin/chromium"
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass


def _serve(site: Path):
    """Serve ``site`` on localhost from a thread; yield its address."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
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
    """A page opened in a fresh context, with everything it asked for logged."""

    def __init__(self, browser, url: str, width: int = 1280, height: int = 900):
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
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
        self.page.goto(url, wait_until="networkidle")
        self.wait_for_math()

    def wait_for_math(self) -> None:
        if self.page.locator("div.math, span.math").count():
            self.page.wait_for_function(
                "window.MathJax && MathJax.startup && MathJax.startup.promise"
                " && document.querySelectorAll('mjx-container').length > 0", timeout=20000)
            self.page.evaluate("MathJax.startup.promise")

    def close(self) -> None:
        self.context.close()


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_loads_offline_and_clean(browser, server, lang, page):
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
    finally:
        visit.close()


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_switch_opens_the_same_page(browser, server, lang, page):
    visit = Visit(browser, f"{server}/{lang}/{page}.html")
    try:
        other = next(code for code in LANGUAGES if code != lang)
        visit.page.locator("a.language-switch").first.click()
        visit.page.wait_for_load_state("networkidle")
        assert visit.page.url.split("?")[0] == f"{server}/{other}/{page}.html"
        assert visit.page.evaluate("document.documentElement.lang") == other
    finally:
        visit.close()


def _selected_frameworks(page) -> list[str]:
    return page.eval_on_selector_all(
        "div.framework-tabs",
        """sets => sets.map(set => {
            const checked = set.querySelector(':scope > input:checked');
            return set.querySelector(`label[for="${checked.id}"]`).dataset.syncId;
        })""",
    )


@pytest.mark.parametrize("chapter", CHAPTERS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_framework_choice_switches_every_tab_and_persists(browser, server, lang, chapter):
    visit = Visit(browser, f"{server}/{lang}/{chapter}.html")
    try:
        page = visit.page
        sets = page.locator("div.framework-tabs")
        assert sets.count() > 0
        for index in range(sets.count()):
            labels = sets.nth(index).locator(":scope > label").all_inner_texts()
            assert [label.strip() for label in labels] == ["Keras", "PyTorch"]
        assert set(_selected_frameworks(page)) == {"keras"}
        # The executed output of the selected tab is visible.
        first = sets.first
        assert first.locator(":scope > .sd-tab-content .cell_output").first.is_visible()
        first.locator(":scope > label", has_text="PyTorch").click()
        assert set(_selected_frameworks(page)) == {"pytorch"}
        assert first.locator(":scope > .sd-tab-content .cell_output").nth(1).is_visible()
        page.reload(wait_until="networkidle")
        assert set(_selected_frameworks(page)) == {"pytorch"}, "the choice is lost on reload"
        visit.goto(f"{server}/{lang}/{CHAPTERS[-1]}.html")
        assert set(_selected_frameworks(page)) == {"pytorch"}, "the choice does not follow the reader"
        visit.goto(f"{server}/{lang}/{chapter}.html?framework=keras")
        assert set(_selected_frameworks(page)) == {"keras"}, "?framework=keras does not select"
    finally:
        visit.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_framework_selected_by_url(browser, server, lang):
    visit = Visit(browser, f"{server}/{lang}/{CHAPTERS[0]}.html?framework=pytorch")
    try:
        assert set(_selected_frameworks(visit.page)) == {"pytorch"}
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
    folder.mkdir(parents=True, exist_ok=True)
    visit = Visit(browser, f"{server}/{lang}/index.html", width, height)
    try:
        for page in [p for p in PAGES if p in CHAPTERS or p == "index"]:
            visit.goto(f"{server}/{lang}/{page}.html")
            visit.page.screenshot(path=str(folder / f"{lang}-{page}.png"), full_page=True)
            overflow = visit.page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{lang}/{page} scrolls sideways at {size} width ({overflow}px)"
    finally:
        visit.close()


def _pdf_menu(page) -> list[str]:
    """The PDFs of the download menu, in the order the reader sees them."""
    return page.eval_on_selector_all(
        ".dropdown-download-buttons .dropdown-menu a[href$='.pdf']",
        "links => links.map(link => link.getAttribute('href'))")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_menu_offers_the_reader_s_framework_first(browser, server, lang):
    """The whole book's PDF comes first until the reader picks a framework
    in the code tabs; then that framework's PDF does, on every page, and it
    follows the reader's next choice (book/_static/pdf-menu.js)."""
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
        page.reload(wait_until="networkidle")
        assert _pdf_menu(page)[0] == pdf["pytorch"]
        visit.goto(f"{server}/{lang}/glossary.html?framework=keras")
        assert _pdf_menu(page)[0] == pdf["keras"]
        assert not visit.errors, visit.errors
    finally:
        visit.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_student_edition_shows_no_solution(browser, student_server, student_build, lang):
    """In the student edition the exercises are there, their solutions and
    the launch buttons are not, and the PDF menu offers the student PDFs."""
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
        finally:
            visit.close()
