"""Tests of book/_ext/page_buttons.py's entries of the book's PDFs in the
download menu (the order is the one ``tools/editions.py``'s ``book_pdfs``
gives; ``book/_static/reader-framework.js`` reorders them in the browser,
and points the notebook links at the reader's framework's notebook, which
tests/book/built/test_browser.py checks)."""

import re

import pytest

import page_buttons  # book/_ext/, on pytest's pythonpath
from editions import BOOK, EDITIONS, FRAMEWORKS, LANGUAGES, book_pdfs

#: How reader-framework.js reads the framework of an entry from its class.
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
    script = (BOOK / "_static" / page_buttons.FRAMEWORK_SCRIPT).read_text(encoding="utf-8")
    assert "btn-download-book-pdf-(?:([\\w]+)-)?button" in script
    assert '"sphinx-design-tab-id-"' in script and 'const GROUP = "framework"' in script
    # The notebook links: the theme's launch menu and download entry.
    assert ".dropdown-launch-buttons a[href], a.btn-download-notebook-button[href]" in script
    assert 'getAttribute("data-frameworks")' in script


def test_the_script_is_told_the_frameworks():
    """The script tag carries the frameworks (data-frameworks), whose
    notebooks NAME.<framework>.ipynb tools/notebooks.py writes."""
    import notebooks  # tools/

    class App:
        def __init__(self):
            self.scripts = []

        def add_js_file(self, name, **attributes):
            self.scripts.append((name, attributes))

        def __getattr__(self, name):
            return lambda *args, **kwargs: None

    app = App()
    page_buttons.setup(app)
    ((name, attributes),) = app.scripts
    assert name == page_buttons.FRAMEWORK_SCRIPT
    assert attributes["data-frameworks"].split() == list(FRAMEWORKS)
    source = BOOK / "en" / "intro.md"
    assert [notebooks.notebook_path(source, framework).name for framework in FRAMEWORKS] == [
        f"intro.{framework}.ipynb" for framework in attributes["data-frameworks"].split()]
