"""Header buttons of the book: the book's PDF, and the theme's English strings.

sphinx-book-theme builds its header buttons (download, launch) in the
``html-page-context`` event at priority 501; this extension runs after it to

- add the whole book's PDF, in the page's language, to the download menu
  (``<pdf_name>.pdf`` of the edition, published at the root of each
  language's site by ``tools/build_book.py --pdf``);
- add "Report an error on this page": a link that opens a new issue in the
  book's repository (``repository.url`` of ``_config.yml``) whose title
  names the page and its edition, and whose body gives the page's source
  file (``strings.report_*`` of the edition);
- translate the few button strings the theme leaves in English
  (« Launch on Binder »...): the edition's ``theme`` table.

Both come from the edition's entry of ``book/editions.yml`` (see ``edition.py``).
"""

from __future__ import annotations

from urllib.parse import quote

from sphinx.application import Sphinx

from edition import current


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
            group["buttons"].append({
                "type": "link",
                "url": f"{up}{edition['pdf_name']}.pdf",
                "text": edition["strings"]["book_pdf"],
                "tooltip": edition["strings"]["book_pdf_tooltip"],
                "icon": "fas fa-book",
                "label": "download-book-pdf-button",
            })
    buttons.append(report_button(app, pagename))
    table = edition["theme"]
    for button in _walk(buttons):
        for key in ("tooltip", "text"):
            if button.get(key) in table:
                button[key] = table[button[key]]


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
    app.connect("html-page-context", adjust_buttons, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
