"""Checks on the built site (``_build/html``), run by ``make test`` after the
strict build of every edition (``make test-site``: everything under built/)."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from _sources import (EDITIONS, LANGUAGES, ROOT, SITE, cache_dir, chapter_files, chapters,
                      read_notebook)
from _sources import built_page as soup  # parsed once per worker: never change its tree

KB = 1024

FIRST = LANGUAGES[0]
PAGES = [name.removesuffix(".md") for name in chapter_files(FIRST)]
#: Pages executed as notebooks (they have a jupytext header).
NOTEBOOKS = chapters(FIRST)
#: The editions in French, whose apostrophes are checked.
FRENCH = [code for code, edition in EDITIONS.items() if edition["babel"] == "french"]


@pytest.fixture(scope="module", autouse=True)
def built_site():
    if not (SITE / FIRST / "index.html").exists():
        pytest.fail(f"no built site in {SITE}: run `make book` first")


def test_root_page_offers_both_languages():
    root = BeautifulSoup((SITE / "index.html").read_text(encoding="utf-8"), "html.parser")
    targets = {a["href"] for a in root.select("a.choice")}
    assert targets == {f"{code}/index.html" for code in LANGUAGES}
    assert [a.get_text(strip=True) for a in root.select("a.choice")] == [
        edition["name"] for edition in EDITIONS.values()]
    assert "navigator.languages" in root.script.string


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_page_language_and_switch(lang, page):
    html = soup(lang, page)
    assert html.html["lang"] == lang
    switches = html.select("a.language-switch")
    assert sorted(switch["hreflang"] for switch in switches) == sorted(
        code for code in LANGUAGES if code != lang), f"{lang}/{page}: one switch per other edition"
    for switch in switches:
        other = switch["hreflang"]
        assert switch["href"] == f"../{other}/{page}.html"
        target = (SITE / lang / switch["href"]).resolve()
        assert target.exists(), f"{lang}/{page}: the language switch leads nowhere"
        assert soup(other, page).html["lang"] == other


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_no_leftover_markup_or_errors(lang, page):
    html = soup(lang, page)
    text = html.select_one("article").get_text(" ")
    for raw in ("{math}", "{eq}", "{term}", "{cite", "{numref}", "{ref}", "```", ":::"):
        assert raw not in text, f"{lang}/{page}: raw markup {raw!r} left in the page"
    assert not html.select(".output.stderr, .output.traceback, .output.error"), (
        f"{lang}/{page}: a cell wrote to stderr or failed"
    )
    for image in html.select("article img"):
        assert image.get("alt", "").strip(), f"{lang}/{page}: image without alt text"


@pytest.mark.parametrize("lang", FRENCH)
@pytest.mark.parametrize("page", PAGES)
def test_french_apostrophes(lang, page):
    """French prose shows ’ for every apostrophe, also before inline markup
    (docutils' default French smart quotes turned l'**mot** into l”mot: the
    edition's `smartquotes` in book/editions.yml) and in the exercise titles
    that sphinx-exercise copies into solutions (book/_ext/late_smartquotes.py)."""
    page_html = (SITE / lang / f"{page}.html").read_text(encoding="utf-8")
    article = BeautifulSoup(page_html, "html.parser").select_one("article")  # a tree to edit
    for verbatim in article.select("pre, code, .math, script, .cell_output, dt.sig"):
        verbatim.decompose()
    text = article.get_text("")
    wrong = sorted({m.group(0) for m in re.finditer(r"\w{1,12}['”“]\w{0,12}", text)})
    assert not wrong, f"{lang}/{page}: apostrophes rendered as quotes or left ASCII: {wrong[:10]}"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", NOTEBOOKS)
def test_framework_tabs_hold_executed_cells(lang, page):
    html = soup(lang, page)
    tab_sets = html.select("div.sd-tab-set.framework-tabs")
    assert tab_sets, f"{lang}/{page}: no framework tabs"
    for tab_set in tab_sets:
        labels = [label.get_text(strip=True) for label in tab_set.select(":scope > label")]
        assert labels == ["Keras", "PyTorch"]
        syncs = [label["data-sync-id"] for label in tab_set.select(":scope > label")]
        assert syncs == ["keras", "pytorch"]
        assert all(label["data-sync-group"] == "framework" for label in tab_set.select(":scope > label"))
        for content in tab_set.select(":scope > div.sd-tab-content"):
            assert content.select("div.cell_input"), "a tab without code"
            assert content.select("div.cell_output"), "a tab without executed output"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", NOTEBOOKS)
def test_figures_numbered_with_captions(lang, page):
    html = soup(lang, page)
    figures = html.select("article figure")
    assert figures, f"{lang}/{page}: no figure"
    for figure in figures:
        caption = figure.select_one("figcaption")
        assert caption is not None and caption.select_one(".caption-number"), (
            f"{lang}/{page}: figure without numbered caption"
        )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_intro_equations_exercises_citations(lang):
    html = soup(lang, "intro")
    numbered = html.select("div.math span.eqno")
    assert len(numbered) >= 5, "the chapter's equations should be numbered"
    exercises = html.select("div.exercise")
    solutions = html.select("div.solution")
    assert len(exercises) >= 2 and len(solutions) == len(exercises)
    assert all("dropdown" in s["class"] for s in solutions), "solutions must be hidden"
    citations = [a for a in html.select("article a") if "references" in a.get("href", "")]
    assert citations, "citations should link to the References page"


#: Strings that Sphinx, sphinx-exercise and the theme translate themselves.
EXPECTED_UI = {
    "en": ["Exercise", "previous"],
    "fr": ["Exercice", "précédente"],
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_theme_strings_in_the_page_language(lang):
    text = (SITE / lang / "intro.html").read_text(encoding="utf-8")
    strings = EDITIONS[lang]["strings"]
    expected = [strings["search"].rstrip("…."), *EXPECTED_UI.get(lang, [])]
    for string in expected:
        assert string in text, f"{lang}/intro.html lacks the UI string {string!r}"


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if EDITIONS[code]["theme"]])
def test_header_buttons_translated(lang):
    """The buttons the theme leaves in English show the edition's strings
    (book/_ext/page_buttons.py, the `theme` table of book/editions.yml)."""
    buttons = soup(lang, NOTEBOOKS[0]).select_one(".article-header-buttons")
    shown = [buttons.get_text(" ")] + [str(value) for tag in buttons.find_all(True)
                                       for value in tag.attrs.values()]
    for english, translated in EDITIONS[lang]["theme"].items():
        assert not any(english in text for text in shown if english != translated), (
            f"{lang}/{NOTEBOOKS[0]}.html: the header still says {english!r}")
    assert EDITIONS[lang]["strings"]["book_pdf"] in buttons.get_text(" ")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_references_and_api_pages(lang):
    references = soup(lang, "references").get_text(" ")
    assert "McCulloch" in references and "Krizhevsky" in references
    api = soup(lang, "api").get_text(" ")
    for name in ("load_dataset", "set_seed", "draw_neuron", "lenet5", "fit"):
        assert name in api, f"{lang}/api.html does not document {name}"
    # The subpackage of NumPy implementations has its page, under api's entry.
    scratch = soup(lang, "api-scratch")
    for name in ("gradient_descent", "perceptron", "scaled_dot_product_attention"):
        assert name in scratch.get_text(" "), f"{lang}/api-scratch.html does not document {name}"
    assert "scaled_dot_product_attention" not in api
    assert soup(lang, "api").select_one('.bd-sidebar a[href="api-scratch.html"]'), (
        f"{lang}/api.html: the sidebar does not list api-scratch")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", NOTEBOOKS)
def test_prose_edit_needs_no_execution(lang, page):
    """The execution cache still matches a chapter whose prose changed, so a
    rebuild after a prose edit executes nothing (MyST-NB's cache mode asks
    jupyter-cache exactly this question)."""
    from jupyter_cache import get_cache

    cache = get_cache(cache_dir(lang))
    notebook = read_notebook(lang, f"{page}.md")
    markdown = next(cell for cell in notebook.cells if cell.cell_type == "markdown")
    markdown.source += "\n\nAn extra sentence."
    assert cache.match_cache_notebook(notebook) is not None
    code = next(cell for cell in notebook.cells if cell.cell_type == "code")
    code.source += "\n1 + 1"
    with pytest.raises(KeyError):
        cache.match_cache_notebook(notebook)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", NOTEBOOKS)
def test_page_says_where_it_was_executed(lang, page):
    (info,) = soup(lang, page).select("p.execution-info")
    text = info.get_text()
    assert "Python" in text and "Keras" in text and "PyTorch" in text
    assert text.startswith(("CPU", "NVIDIA", "GPU")), text


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", NOTEBOOKS)
def test_launch_and_download_buttons(lang, page):
    html = soup(lang, page)
    links = {a.get("href", "") for a in html.select(".article-header-buttons a")}
    binder = [url for url in links if url.startswith("https://mybinder.org/")]
    colab = [url for url in links if url.startswith("https://colab.research.google.com/")]
    assert binder and binder[0].endswith(f"book/{lang}/{page}.ipynb"), links
    assert colab and colab[0].endswith(f"book/{lang}/{page}.ipynb"), links
    assert (ROOT / "book" / lang / f"{page}.ipynb").exists()
    notebook = [url for url in links if url.endswith(f"_sources/{page}.ipynb")]
    assert notebook and (SITE / lang / notebook[0]).resolve().exists()
    import nbformat

    executed = nbformat.read(SITE / lang / notebook[0], as_version=4)
    assert any(cell.get("outputs") for cell in executed.cells if cell.cell_type == "code"), (
        f"{lang}/{page}: the downloadable notebook has no outputs"
    )
    # The notebooks that book/_static/reader-framework.js points the same
    # links at when the reader has chosen a framework: in the repository,
    # and executed, with that framework's cells only.
    from editions import FRAMEWORKS

    for framework in FRAMEWORKS:
        assert (ROOT / "book" / lang / f"{page}.{framework}.ipynb").exists()
        one = nbformat.read(SITE / lang / "_sources" / f"{page}.{framework}.ipynb", as_version=4)
        code = [cell for cell in one.cells if cell.cell_type == "code"]
        assert any(cell.get("outputs") for cell in code), f"{lang}/{page}.{framework}: no outputs"
        tagged = {tag for cell in code for tag in cell.metadata.get("tags", []) if tag in FRAMEWORKS}
        assert tagged == {framework}, f"{lang}/{page}.{framework}.ipynb has cells of {tagged}"
    pdf = [url for url in links if url.endswith(".pdf")]
    assert pdf, "no link to the book's PDF"


def _numbered_chapters() -> list[str]:
    """The chapters of _toc.yml's numbered part, in order (chapter 1 first)."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    (part,) = [part for part in toc["parts"] if part.get("numbered")]
    return [entry["file"] for entry in part["chapters"]]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_chapters_numbered_with_their_figures_equations_and_exercises(lang):
    """Book numbering: chapter 6's title, sidebar entry, figures, equations
    and exercises read 6, Fig. 6.1, (6.1), Exercise 6.1, in every chapter."""
    chapters_in_order = _numbered_chapters()
    assert chapters_in_order, "_toc.yml has no numbered part"
    for number, page in enumerate(chapters_in_order, start=1):
        html = soup(lang, page)
        title = html.select_one("article h1 .section-number")
        assert title is not None and title.get_text(strip=True) == f"{number}.", (
            f"{lang}/{page}: the title is not numbered {number}.")
        entry = [a.get_text(" ", strip=True) for a in html.select(".bd-sidebar a.current")]
        assert entry and entry[0].startswith(f"{number}. "), (lang, page, entry)
        prefix = f"{number}."
        for selector in ("figcaption .caption-number", "div.math span.eqno",
                         "div.exercise p.admonition-title"):
            found = [tag.get_text(" ", strip=True) for tag in html.select(selector)]
            assert all(prefix in text for text in found), (
                f"{lang}/{page}: numbers outside chapter {number}: {selector} {found[:3]}")
        assert html.select("figcaption .caption-number"), f"{lang}/{page}: no numbered figure"
    for page in ("glossary", "references", "api", "api-scratch", "status"):
        assert soup(lang, page).select_one("article h1 .section-number") is None, (
            f"{lang}/{page}: the back matter is not numbered")


#: Author–year citations, as the text shows them (book/_ext/citations.py).
CITED = {
    "en": {"rnn": ["Hochreiter and Schmidhuber, 1997", "Gers et al. (2000)"], "mlp": ["Cybenko (1989)"]},
    "fr": {"rnn": ["Hochreiter et Schmidhuber, 1997", "Gers et al. (2000)"], "mlp": ["Cybenko (1989)"]},
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_author_year_citations_and_references(lang):
    for page, expected in CITED.get(lang, {}).items():
        text = re.sub(r"\s+", " ", soup(lang, page).select_one("article").get_text(" "))
        text = text.replace("( ", "(").replace(" )", ")")
        for citation in expected:
            assert citation in text, f"{lang}/{page}: no citation {citation!r}"
    references = soup(lang, "references")
    entries = [re.sub(r"\s+", " ", div.p.get_text(" ")) for div in references.select("div.citation")]
    assert len(entries) >= 40
    assert all(re.match(r"^[^()]+ \(\d{4}\)\. ", entry) for entry in entries), (
        f"{lang}/references: an entry does not start with its authors and year: "
        f"{[e for e in entries if not re.match(r'^[^()]+ [(][0-9]{4}[)][.] ', e)][:2]}")
    families = [entry.split(",")[0] for entry in entries]
    assert families == sorted(families, key=str.casefold), "references not in alphabetical order"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_report_an_error_link(lang, page):
    """Every page offers "report an error on this page": a new issue in the
    book's repository whose title names the page (book/_ext/page_buttons.py)."""
    from urllib.parse import parse_qs, urlsplit

    strings = EDITIONS[lang]["strings"]
    links = [a for a in soup(lang, page).select(".article-header-buttons a")
             if "/issues/new" in a.get("href", "")]
    assert len(links) == 1, f"{lang}/{page}: no report-an-error link"
    query = parse_qs(urlsplit(links[0]["href"]).query)
    assert query["title"] == [strings["report_title"].format(page=f"{lang}/{page}")]
    assert f"book/{lang}/{page}.md" in query["body"][0]
    assert strings["report_error"] in links[0].get_text(" ") + links[0].get("title", "") + str(
        links[0].get("data-bs-title", ""))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_credits_and_licences(lang):
    text = soup(lang, "index").select_one("article").get_text(" ")
    for words in ("Romain Tavenard", "Deep Learning Basics", "Introduction au deep learning",
                  "Panloup", "Pereira", "Bourgeois", "4.0", "MIT", "LICENSE-TEXT"):
        assert words in text, f"{lang}/index: the home page does not mention {words!r}"
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    assert "Attribution-ShareAlike 4.0" in (ROOT / "LICENSE-TEXT").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_shared_assets_are_light(lang):
    """What every page loads stays small (the weights themselves are measured in
    Chromium by test_browser.py): Font Awesome's script holds only the book's icons
    (book/_ext/icons.py), its fonts only their glyphs, no stylesheet keeps the
    theme's unused rules nor a source map (lean_css.py), and the formulas need no
    script: the site publishes a math stylesheet and MathJax's fonts, not MathJax
    (offline_math.py)."""
    static = SITE / lang / "_static"
    script = static / "scripts" / "fontawesome.js"
    assert script.stat().st_size < 40 * KB, "fontawesome.js is not the generated subset"
    assert not (static / "scripts" / "fontawesome.js.map").exists()
    webfonts = static / "vendor" / "fontawesome" / "webfonts"
    fonts = sorted(path.name for path in webfonts.iterdir())
    assert fonts and all(name.endswith(".subset.woff") for name in fonts), fonts
    assert all((webfonts / name).stat().st_size < 10 * KB for name in fonts)
    for sheet in static.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8")
        assert len(text.encode()) < 150 * KB, f"{sheet.name} was not purged"
        assert "sourceMappingURL" not in text and not sheet.with_name(sheet.name + ".map").exists()
    assert not (static / "mathjax").exists()
    math = sorted(path.relative_to(static / "math").as_posix() for path in (static / "math").rglob("*"))
    assert "math.css" in math and all(name == "math.css" or name == "fonts" or (
        name.startswith("fonts/MathJax_") and name.endswith(".woff")) for name in math), math


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_index_only_on_the_search_page(lang):
    """The 150 kB search index is loaded by search.html alone (book/_templates/layout.html)."""
    for page in PAGES:
        sources = [tag["src"] for tag in soup(lang, page).select("script[src]")]
        assert not any("searchindex" in src or "searchtools" in src for src in sources), page
    assert any("searchindex" in tag["src"] for tag in soup(lang, "search").select("script[src]"))


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_formulas_typeset_without_a_script(lang, page):
    """Every formula of a page is MathJax's HTML, written at build time
    (book/_ext/offline_math.py); only a page with formulas links the math
    stylesheet, and no page loads MathJax."""
    html = soup(lang, page)
    formulas = html.select("span.math, div.math")
    assert all(formula.find("mjx-container") for formula in formulas), (
        f"{lang}/{page}: a formula left as TeX")
    stylesheet = html.select('link[rel="stylesheet"][href*="_static/math/math.css"]')
    assert bool(stylesheet) == bool(formulas), (
        f"{lang}/{page}: {len(formulas)} formulas, math stylesheet {'linked' if stylesheet else 'not linked'}")
    assert not html.select('script[src*="mathjax"]'), f"{lang}/{page}: loads MathJax"
    assert "window.MathJax" not in str(html), f"{lang}/{page}: configures MathJax"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_figures_are_compressed(lang):
    """Every figure MyST-NB wrote was rewritten by book/_ext/compress_figures.py,
    or could not be made smaller."""
    import compress_figures

    figures = sorted((SITE / lang / "_images").glob("*.png"))
    assert figures
    for figure in figures:
        if compress_figures.is_pristine(figure):
            data = figure.read_bytes()
            assert compress_figures.compressed(data) is data, f"{figure.name} is not compressed"
