"""Header buttons of the book: the book's PDFs, and the theme's English strings.

sphinx-book-theme builds its header buttons (download, launch) in the
``html-page-context`` event at priority 501; this extension runs after it to

- add the book's PDFs, in the page's language, to the download menu: the
  whole book, then one PDF per framework (``book_pdfs``, which
  ``tools/build_book.py`` sets from ``tools/editions.py``'s ``book_pdfs``;
  the PDFs are published at the root of each language's site by
  ``tools/build_book.py --pdf``).  The entries' labels are
  ``download-book-pdf-button`` and ``download-book-pdf-<framework>-button``;
  ``book/_static/reader-framework.js`` reads the framework from the class
  the theme makes of them, and puts first the PDF of the framework the
  reader chose in the code tabs (sphinx-design keeps the choice in the
  browser), the whole book when none is chosen.  The same script points
  the launch buttons and the download menu's notebook, which the theme
  makes for the notebook with both frameworks (``NAME.ipynb``), at that
  framework's (``NAME.<framework>.ipynb``: in the repository,
  ``tools/notebooks.py``; executed, in ``_sources/``,
  ``tools/build_book.py``); the frameworks are its script tag's
  ``data-frameworks``;
- in the student edition (``book_student``), remove the launch buttons:
  they open the repository's notebooks, which hold the exercise solutions
  (the page's own notebook, in the download menu, has none);
- add "Report an error on this page": a link that opens a new issue in the
  book's repository (``repository.url`` of ``_config.yml``) whose title
  names the page and its edition, and whose body gives the page's source
  file (``strings.report_*`` of the edition);
- translate the few button strings the theme leaves in English
  (« Launch on Binder »...): the edition's ``theme`` table.

The strings come from the edition's entry of ``book/editions.yml`` (see
``edition.py``).
"""

from __future__ import annotations

from urllib.parse import quote

from sphinx.application import Sphinx
from sphinx.errors import ConfigError

from edition import current
from framework_tabs import FRAMEWORKS

#: The script that makes the header buttons follow the reader's framework
#: (book/_static): the PDFs' order, the notebook that the launch buttons and
#: the download menu open.
FRAMEWORK_SCRIPT = "reader-framework.js"


def _walk(buttons):
    for button in buttons:
        yield button
        yield from _walk(button.get("buttons", []))


def adjust_buttons(app: Sphinx, pagename: str, templatename, context: dict, doctree) -> None:
    buttons = context.get("header_buttons")
    if buttons is None:
        return
    edition = current(app.config)
    up = "../" * pagename.count("/")
    for group in buttons:
        if group.get("label") == "download-buttons":
            group["buttons"] += pdf_buttons(app.config.book_pdfs, edition["strings"], up)
    if app.config.book_student:
        buttons[:] = [group for group in buttons if group.get("label") != "launch-buttons"]
    buttons.append(report_button(app, pagename))
    table = edition["theme"]
    for button in _walk(buttons):
        for key in ("tooltip", "text"):
            if button.get(key) in table:
                button[key] = table[button[key]]


def pdf_buttons(pdfs: list[dict], strings: dict, up: str = "") -> list[dict]:
    """The download menu's entries of the book's PDFs (``book_pdfs``: each
    with its ``framework``, None for the whole book, and its ``file``), in
    that order; ``up`` leads from the page to the edition's root."""
    buttons = []
    for pdf in pdfs:
        framework = pdf["framework"]
        if framework is None:
            text, tooltip, label = strings["book_pdf"], strings["book_pdf_tooltip"], ""
        else:
            name = strings["framework_edition"].format(framework=FRAMEWORKS[framework])
            text = strings["book_pdf_edition"].format(edition=name)
            tooltip = strings["book_pdf_edition_tooltip"].format(edition=name)
            label = f"{framework}-"
        buttons.append({
            "type": "link",
            "url": f"{up}{pdf['file']}",
            "text": text,
            "tooltip": tooltip,
            "icon": "fas fa-book",
            # reader-framework.js reads the framework from the class btn-<label>.
            "label": f"download-book-pdf-{label}button",
        })
    return buttons


def _check_config(app: Sphinx, config) -> None:
    if not config.book_pdfs:
        raise ConfigError("book_pdfs is empty: build the book with tools/build_book.py, "
                          "which lists the edition's PDFs (tools/editions.py, book_pdfs)")
    unknown = {pdf["framework"] for pdf in config.book_pdfs} - {None, *FRAMEWORKS}
    if unknown:
        raise ConfigError(f"book_pdfs names unknown frameworks {sorted(unknown)}")


def report_url(repository: str, lang: str, pagename: str, strings: dict) -> str:
    """The address of a new issue about page ``pagename`` of edition ``lang``."""
    source = f"book/{lang}/{pagename}.md"
    title = strings["report_title"].format(page=f"{lang}/{pagename}")
    body = strings["report_body"].format(source=source)
    return (f"{repository.rstrip('/')}/issues/new"
            f"?title={quote(title, safe='')}&body={quote(body, safe='')}")


def report_button(app: Sphinx, pagename: str) -> dict:
    strings = current(app.config)["strings"]
    repository = app.config.html_theme_options.get("repository_url")
    if not repository:
        raise ValueError("html_theme_options has no repository_url: set repository.url "
                         "in _config.yml (the report-an-error link opens an issue there)")
    return {
        "type": "link",
        "url": report_url(repository, app.config.language, pagename, strings),
        # An icon, as the theme's other header buttons; the words are its tooltip.
        "text": "",
        "tooltip": strings["report_error"],
        "icon": "fas fa-bug",
        "label": "report-error-button",
    }


def setup(app: Sphinx) -> dict:
    app.setup_extension("edition")
    app.setup_extension("framework_tabs")
    # Neither changes what is read: the pages are written again, not re-read.
    app.add_config_value("book_pdfs", [], "html", types=[list])
    app.add_config_value("book_student", False, "html", types=[bool])
    app.connect("config-inited", _check_config)
    app.connect("html-page-context", adjust_buttons, priority=600)
    app.add_js_file(FRAMEWORK_SCRIPT, loading_method="defer",
                    **{"data-frameworks": " ".join(FRAMEWORKS)})
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
