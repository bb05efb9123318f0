"""The student edition of a teacher's table of contents, built by the tests
(``tools/build_book.py --student --toc``: the fixture ``student_build`` of
conftest.py, into ``_build/test-student``): no exercise solution in its
site, its PDFs, its notebooks and its page sources; the teacher's chapters
only, in the teacher's order, the references to the chapters left out
written as text; and nothing executed, the book's execution cache reused.

Solutions are recognised by their own words (:func:`solution_markers`,
runs of words from each solution of the sources), which the book's own site
and PDF show (checked too, so that the markers are known to be visible).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata

import nbformat
import pytest
from bs4 import BeautifulSoup

from _sources import BOOK, BUILD, EDITIONS, LANGUAGES, page_titles
from editions import FRAMEWORKS, pdf_name, pdf_subtitle

#: A solution block of a chapter's source: its fence (group 1), its text (group 2).
SOLUTION_BLOCK = re.compile(r"^(`{3,}|:{3,})\{solution\}[^\n]*\n(.*?)^\1[ \t]*$", re.M | re.S)
EXERCISE = re.compile(r"^(`{3,}|:{3,})\{exercise\}", re.M)
#: A solution's title in a PDF: "Solution to Exercise 2.1", « Solution de l'exercice 2.1 ».
SOLUTION_TITLE = re.compile(r"Solution\b[^\n]{0,40}?\b\d+\.\d+")


def _words(text: str) -> str:
    """Text as the checks compare it: letters and digits only, lower case
    (line breaks, hyphenation, smart quotes and ligatures set aside)."""
    return re.sub(r"\W+", "", unicodedata.normalize("NFKC", text).lower())


def solution_markers(lang: str, chapter: str) -> list[str]:
    """Runs of at least six plain words from each solution of a chapter,
    found nowhere else in the chapter's source (:func:`_words` of them)."""
    text = (BOOK / lang / f"{chapter}.md").read_text(encoding="utf-8")
    outside = _words(SOLUTION_BLOCK.sub("", text))
    markers = []
    for _, body in SOLUTION_BLOCK.findall(text):
        body = re.sub(r"^(`{3,}|\$\$).*?^\1[ \t]*$", " . ", body, flags=re.M | re.S)  # code, math
        body = re.sub(r"\$[^$]*\$|`[^`]*`|\{[\w:-]+\}|^:.*$", " . ", body, flags=re.M)
        for run in re.split(r"[^\w\s,'’-]+", body.replace("\n", " ")):
            if len(run.split()) >= 6 and _words(run) not in outside:
                markers.append(_words(run))
    return markers


def _page_words(path) -> str:
    html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return _words(html.select_one("article").get_text(" "))


def _pdf_text(path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("no poppler here: install it with `sudo make system-deps`")
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_nothing_is_executed(student_build):
    """The student edition reads the book's execution cache: every chapter
    from it, none executed (MyST-NB logs "Executing notebook" otherwise)."""
    assert "Executing notebook" not in student_build.log
    for chapter in student_build.chapters:
        for lang in LANGUAGES:
            assert re.search(rf"{lang}/{chapter}\.md: Using cached notebook", student_build.log)
    print(f"student edition built in {student_build.seconds}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_teacher_s_chapters_in_the_teacher_s_order(student_build, lang):
    site = student_build.root / "html" / lang
    index = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    sidebar = [a["href"].removesuffix(".html")
               for a in index.select("nav.bd-docs-nav a.reference.internal")
               if a["href"] != "#"]  # the home page
    assert sidebar[:len(student_build.chapters)] == student_build.chapters
    titles = page_titles(lang)
    # Numbered in the teacher's order: their first chapter is chapter 1.
    first = BeautifulSoup((site / f"{student_build.chapters[0]}.html").read_text(encoding="utf-8"),
                          "html.parser").select_one("article h1").get_text(" ", strip=True)
    assert first.startswith("1.") and titles[student_build.chapters[0]] in first, first
    for page in student_build.left_out:
        assert not (site / f"{page}.html").exists(), f"{lang}/{page}.html is published"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_references_to_left_out_chapters_are_text(student_build, lang):
    """The glossary points to the sections that introduce its terms: those
    in chapters left out are written as text, the others stay links, and no
    link leads to a missing page."""
    site = student_build.root / "html" / lang
    glossary = BeautifulSoup((site / "glossary.html").read_text(encoding="utf-8"), "html.parser")
    assert glossary.select("span.left-out"), "no reference was written as text"
    assert glossary.select("dd a.reference.internal"), "no reference to a kept chapter"
    for page in site.glob("*.html"):
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for link in html.select("a.reference.internal[href]"):
            target = link["href"].split("#")[0]
            assert not target or (site / target).exists(), f"{lang}/{page.name}: {link['href']}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_solution_in_the_site(student_build, lang):
    site = student_build.root / "html" / lang
    for chapter in student_build.chapters:
        markers = solution_markers(lang, chapter)
        assert len(markers) >= 2, f"{lang}/{chapter}: too few solution markers"
        book_page = BUILD / "html" / lang / f"{chapter}.html"
        if book_page.exists():  # the book's page shows them: the markers are visible
            shown = _page_words(book_page)
            assert sum(marker in shown for marker in markers) >= 0.8 * len(markers)
        page = site / f"{chapter}.html"
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert not html.select(".solution"), f"{lang}/{chapter}: a solution is in the page"
        source = (BOOK / lang / f"{chapter}.md").read_text(encoding="utf-8")
        assert len(html.select(".exercise")) == len(EXERCISE.findall(source)) >= 2
        words = _page_words(page)
        assert not [marker for marker in markers if marker in words], f"{lang}/{chapter}"
        # No launch button: they open the repository's notebooks, with solutions.
        buttons = html.select_one(".article-header-buttons")
        assert not buttons.select(".dropdown-launch-buttons")
        assert not [a for a in buttons.select("a[href]") if "colab" in a["href"] or "binder" in a["href"]]
        menu = [a["href"] for a in buttons.select(".dropdown-download-buttons a[href$='.pdf']")]
        assert menu == [f"{pdf_name(lang, framework, student=True)}.pdf"
                        for framework in (None, *FRAMEWORKS)]


def marker_free(path, markers: list[str]) -> bool:
    words = _words(path.read_text(encoding="utf-8"))
    found = [marker for marker in markers if marker in words]
    assert not found, f"{path}: solution text {found[:2]}"
    return True


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_solution_in_the_notebooks_and_sources(student_build, lang):
    """The page's notebooks and source (download menu: the executed notebook
    with both frameworks and one per framework) and the paired notebooks
    handed out (``notebooks/<lang>/``, the same three) keep the exercises,
    not the solutions."""
    site = student_build.root / "html" / lang
    handed_out = student_build.root / "notebooks" / lang
    names = [f"{chapter}{suffix}" for chapter in student_build.chapters
             for suffix in ("", *(f".{framework}" for framework in FRAMEWORKS))]
    assert sorted(p.stem for p in handed_out.glob("*.ipynb")) == sorted(names)
    for chapter in student_build.chapters:
        markers = solution_markers(lang, chapter)
        source = (site / "_sources" / f"{chapter}.md").read_text(encoding="utf-8")
        assert "{solution}" not in source and "{exercise}" in source
        assert marker_free(site / "_sources" / f"{chapter}.md", markers)
        mine = [name for name in names if name.split(".")[0] == chapter]
        for path in (*(site / "_sources" / f"{name}.ipynb" for name in mine),
                     *(handed_out / f"{name}.ipynb" for name in mine)):
            notebook = nbformat.read(path, as_version=4)
            prose = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
            assert "{solution" not in prose, path
            assert marker_free(path, markers)
        for name in mine:
            notebook = nbformat.read(handed_out / f"{name}.ipynb", as_version=4)
            prose = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
            assert len(EXERCISE.findall(prose)) >= 2, f"{name}: the exercises are gone too"


def test_no_solution_in_the_pdfs(student_build):
    if not student_build.pdf_langs:
        pytest.skip("no TeX here: install it with `sudo make system-deps`")
    for lang in student_build.pdf_langs:
        markers = [m for chapter in student_build.chapters for m in solution_markers(lang, chapter)]
        book_pdf = BUILD / "pdf" / f"{pdf_name(lang)}.pdf"
        if book_pdf.exists():  # the book's PDF shows them: the markers are visible
            book = _words(_pdf_text(book_pdf))
            assert sum(marker in book for marker in markers) >= 0.8 * len(markers)
        for framework in (None, *FRAMEWORKS):
            path = student_build.root / "pdf" / f"{pdf_name(lang, framework, student=True)}.pdf"
            assert path.exists(), f"{path} is missing"
            text = _pdf_text(path)
            assert not SOLUTION_TITLE.search(text), f"{path.name}: {SOLUTION_TITLE.search(text)}"
            words = _words(text)
            found = [marker for marker in markers if marker in words]
            assert not found, f"{path.name}: solution text {found[:2]}"
            title_page = re.sub(r"\s+", " ", text.split("\f")[0])
            assert EDITIONS[lang]["title"] in title_page
            assert _words(pdf_subtitle(lang, framework, student=True)) in _words(title_page)
            for chapter in student_build.chapters:
                assert page_titles(lang)[chapter] in re.sub(r"\s+", " ", text)
