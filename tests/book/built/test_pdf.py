"""Checks on the PDFs built by ``make pdf``, one per edition (text read back
with pdftotext).  Skipped, and said so, where TeX or poppler is missing."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from _sources import BUILD, EDITIONS, LANGUAGES, page_titles
from editions import project_version

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


def _text(lang: str) -> str:
    if shutil.which("pdftotext") is None or shutil.which("latexmk") is None:
        pytest.skip("no TeX/poppler here: install them with `sudo make system-deps`")
    pdf = BUILD / "pdf" / PDF_NAMES[lang]
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
