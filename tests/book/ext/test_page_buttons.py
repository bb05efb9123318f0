"""Tests of book/_ext/page_buttons.py's entries of the book's PDFs in the
download menu (the order is the one ``tools/editions.py``'s ``book_pdfs``
gives; ``book/_static/pdf-menu.js`` reorders them in the browser, which
tests/book/built/test_browser.py checks)."""

import re

import pytest

import page_buttons  # book/_ext/, on pytest's pythonpath
from editions import EDITIONS, FRAMEWORKS, LANGUAGES, book_pdfs

#: How pdf-menu.js reads the framework of an entry from its class.
ENTRY = re.compile(r"\bbtn-download-book-pdf-(?:(\w+)-)?button\b")


@pytest.mark.parametrize("student", [False, True])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_book_then_one_pdf_per_framework(lang, student):
    strings = EDITIONS[lang]["strings"]
    buttons = page_buttons.pdf_buttons(book_pdfs(lang, student), strings, "../")
    assert [b["url"] for b in buttons] == [f"../{pdf['file']}" for pdf in book_pdfs(lang, student)]
    assert buttons[0]["text"] == strings["book_pdf"]
    for button, (tag, name) in zip(buttons[1:], FRAMEWORKS.items()):
        assert name in button["text"] and name in button["tooltip"]
        assert button["url"].endswith(f"-{tag}{'-student' if student else ''}.pdf")
    # The script finds each entry's framework (none: the whole book).
    frameworks = [ENTRY.search(f"btn btn-sm btn-{b['label']}").group(1) for b in buttons]
    assert frameworks == [None, *FRAMEWORKS]


def test_the_script_reads_the_same_class():
    from editions import BOOK

    script = (BOOK / "_static" / page_buttons.PDF_MENU_SCRIPT).read_text(encoding="utf-8")
    assert "btn-download-book-pdf-(?:([\\w]+)-)?button" in script
    assert '"sphinx-design-tab-id-"' in script and 'const GROUP = "framework"' in script
