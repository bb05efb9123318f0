"""Checks on the PDFs built by ``make pdf``: per edition, the book and one
PDF per framework (text read back with pdftotext).  Skipped, and said so,
where TeX or poppler is missing."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from _sources import BUILD, EDITIONS, LANGUAGES, ROOT, chapters, page_titles, read_notebook
from editions import FRAMEWORKS, pdf_name, pdf_subtitle, pdf_title, project_version

PDF_NAMES = {code: f"{edition['pdf_name']}.pdf" for code, edition in EDITIONS.items()}
#: Text that must never reach a page: raw MyST roles and fences, LaTeX math
#: delimiters or environments left untypeset, LaTeX error markers.
LEFTOVERS = re.compile(
    r"\{(math|eq|term|ref|numref|cite|doc)\}|```|:::|\$\$|\\\(|\\\[|\\begin\{|\\end\{"
    r"|\\frac|\\sum|\?\?"
)
#: Strings that LaTeX, babel and the extensions write in each language.
EXPECTED = {
    "en": ["Contents", "Exercise", "Solution", "Keras", "PyTorch", "Bibliography"],
    "fr": ["Table des matières", "Exercice", "Solution", "Keras", "PyTorch", "Bibliographie"],
}


def _text(lang: str, framework: str | None = None) -> str:
    """The text of the edition's book PDF, or of one framework's."""
    if shutil.which("pdftotext") is None or shutil.which("latexmk") is None:
        pytest.skip("no TeX/poppler here: install them with `sudo make system-deps`")
    pdf = BUILD / "pdf" / f"{pdf_name(lang, framework)}.pdf"
    if not pdf.exists():
        pytest.fail(f"{pdf} is missing: run `make pdf`")
    result = subprocess.run(["pdftotext", "-layout", str(pdf), "-"],
                            capture_output=True, text=True, check=True)
    return result.stdout


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_holds_every_chapter(lang):
    text = re.sub(r"\s+", " ", _text(lang))
    for title in page_titles(lang).values():
        assert title in text, f"{PDF_NAMES[lang]}: chapter title {title!r} not found"
    for string in EXPECTED.get(lang, ["Keras", "PyTorch"]):
        assert string in text, f"{PDF_NAMES[lang]}: {string!r} not found"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_has_no_raw_markup(lang):
    text = _text(lang)
    found = sorted({match.group(0) for match in LEFTOVERS.finditer(text)})
    assert not found, f"{PDF_NAMES[lang]}: raw markup left in the text: {found}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_metadata(lang):
    _text(lang)
    info = subprocess.run(["pdfinfo", str(BUILD / "pdf" / PDF_NAMES[lang])],
                          capture_output=True, text=True, check=True).stdout
    title = EDITIONS[lang]["title"]
    assert re.search(rf"^Title:\s+{title}$", info, re.M), info
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert pages >= 10


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_title_page_shows_the_version(lang):
    """The title page prints Sphinx's `release`, the book's version
    (pyproject.toml, handed over by tools/build_book.py)."""
    title_page = _text(lang).split("\f")[0]
    assert re.search(rf"\b{re.escape(project_version())}\b", title_page), title_page


#: The words before a figure's and an exercise's number in each edition's PDF.
NUMBERED = {"en": ("Fig.", "Exercise"), "fr": ("Fig.", "Exercice")}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_numbers_per_chapter(lang):
    """Figures, equations and exercises are numbered per chapter in the PDF
    as on the site: Fig. 6.1, (6.1), Exercise 6.1 (chapter 6 is cnn)."""
    text = re.sub(r"\s+", " ", _text(lang))
    figure, exercise = NUMBERED.get(lang, NUMBERED["en"])
    for number in (1, 6, 10):
        for expected in (f"{figure} {number}.1", f"({number}.1)", f"{exercise} {number}.1"):
            assert expected in text, f"{PDF_NAMES[lang]}: {expected!r} not found"
    assert not re.search(rf"{exercise} \d+[ :]", text), (
        f"{PDF_NAMES[lang]}: an exercise is numbered without its chapter")


#: Each edition and framework: the PDFs with one framework's code.
FRAMEWORK_PDFS = [(lang, framework) for lang in LANGUAGES for framework in FRAMEWORKS]


def _code(text: str) -> str:
    """Code as the tests compare it: without whitespace (pdftotext's line
    breaks and alignment), and the marks Sphinx puts where it wraps a long
    line (↪) or shows a space at the break (␣)."""
    return re.sub(r"\s+|[↪␣]", "", text)


def framework_markers(lang: str) -> dict[str, list[str]]:
    """Lines of code that only one framework's cells hold, by framework.

    A line of a Keras (PyTorch) cell, without its comment, that no other cell
    of the edition (shared or the other framework's), no prose and no file of
    the package (which pages show through autodoc and literalinclude) holds:
    the book's PDF shows it, the Keras (PyTorch) PDF too, the other none.
    Short lines (``model.fit(x, y)``) are left out: prose and the package's
    documentation may quote them.
    """
    lines: dict[str | None, list[str]] = {None: [], **{framework: [] for framework in FRAMEWORKS}}
    # Whole cells too: the PDF's text runs a wrapped line into the next, so a
    # line may also be found across two lines of another framework's cell.
    cells: dict[str | None, list[str]] = {None: [], **{framework: [] for framework in FRAMEWORKS}}
    prose = [_code(path.read_text(encoding="utf-8"))
             for path in sorted((ROOT / "code" / "dlbasics").rglob("*.py"))]
    for chapter in chapters(lang):
        for cell in read_notebook(lang, f"{chapter}.md").cells:
            if cell.cell_type != "code":
                prose.append(_code(cell.source))
                continue
            tags = cell.metadata.get("tags", [])
            owner = next((framework for framework in FRAMEWORKS if framework in tags), None)
            code = [_code(re.sub(r"\s+#[^\"']*$", "", line)) for line in cell.source.splitlines()]
            lines[owner] += code
            cells[owner].append("".join(code))
    markers = {}
    for framework in FRAMEWORKS:
        elsewhere = prose + [code for owner, codes in cells.items() if owner != framework
                             for code in codes]
        markers[framework] = [line for line in dict.fromkeys(lines[framework])
                              if len(line) >= 25 and not line.startswith("#")
                              and not any(line in other for other in elsewhere)]
    return markers


@pytest.mark.parametrize(("lang", "framework"), FRAMEWORK_PDFS)
def test_framework_pdf_title_page_and_metadata(lang, framework):
    """``<pdf_name>-<framework>.pdf``: its title page and its metadata say
    which it is ("Keras edition", « édition Keras »)."""
    title_page = re.sub(r"\s+", " ", _text(lang, framework).split("\f")[0])
    assert EDITIONS[lang]["title"] in title_page, title_page
    assert pdf_subtitle(lang, framework).lower() in title_page.lower(), title_page
    assert re.search(rf"\b{re.escape(project_version())}\b", title_page), title_page
    info = subprocess.run(["pdfinfo", str(BUILD / "pdf" / f"{pdf_name(lang, framework)}.pdf")],
                          capture_output=True, text=True, check=True).stdout
    assert re.search(rf"^Title:\s+{re.escape(pdf_title(lang, framework))}$", info, re.M), info


@pytest.mark.parametrize(("lang", "framework"), FRAMEWORK_PDFS)
def test_framework_pdf_holds_every_chapter(lang, framework):
    text = re.sub(r"\s+", " ", _text(lang, framework))
    for title in page_titles(lang).values():
        assert title in text, f"{pdf_name(lang, framework)}.pdf: chapter title {title!r} not found"
    assert not LEFTOVERS.search(_text(lang, framework))


@pytest.mark.parametrize(("lang", "framework"), FRAMEWORK_PDFS)
def test_framework_pdf_holds_only_its_framework_s_code(lang, framework):
    """The framework's cells are all there, the other framework's none
    (markers: :func:`framework_markers`); the book's PDF holds both."""
    markers = framework_markers(lang)
    book, own = _code(_text(lang)), _code(_text(lang, framework))
    name = f"{pdf_name(lang, framework)}.pdf"
    for owner, lines in markers.items():
        assert len(lines) >= 20, f"too few {owner} markers to tell the PDFs apart: {lines}"
        # Most markers are found where they are printed (not all: a page break
        # inside a wrapped line puts the page's foot and head in between).
        in_book = [line for line in lines if line in book]
        assert len(in_book) >= 0.8 * len(lines), (
            f"{PDF_NAMES[lang]}: only {len(in_book)} of {len(lines)} {owner} lines found")
        found = [line for line in lines if line in own]
        if owner == framework:
            assert len(found) >= 0.8 * len(lines), (
                f"{name}: {owner} code missing: {sorted(set(lines) - set(found))[:5]}")
        else:
            assert not found, f"{name}: {owner} code in it: {found[:5]}"
