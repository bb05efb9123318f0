"""Header buttons of the book: the book's PDF, and French theme strings.

sphinx-book-theme builds its header buttons (download, launch) in the
``html-page-context`` event at priority 501; this extension runs after it to

- add the whole book's PDF, in the page's language, to the download menu
  (``book_pdf_name``, published at the root of each language's site by
  ``tools/build_book.py --pdf``);
- translate the few button strings the theme leaves in English
  (« Launch on Binder »...) for the French edition.
"""

from __future__ import annotations

from sphinx.application import Sphinx

#: Tooltips and texts the theme does not translate, by language.
TRANSLATIONS = {
    "fr": {
        "Launch on Binder": "Lancer sur Binder",
        "Launch on Colab": "Lancer sur Colab",
        "Launch on JupyterHub": "Lancer sur JupyterHub",
        "Launch interactive content": "Lancer le notebook",
        "lancement": "Lancer",
        "Download this page": "Télécharger cette page",
        "Print to PDF": "Imprimer la page en PDF",
    },
}

PDF_TOOLTIP = {"en": "Download the book as PDF", "fr": "Télécharger le livre en PDF"}
PDF_TEXT = {"en": "Book (PDF)", "fr": "Livre (PDF)"}


def _walk(buttons):
    for button in buttons:
        yield button
        yield from _walk(button.get("buttons", []))


def adjust_buttons(app: Sphinx, pagename: str, templatename, context: dict, doctree) -> None:
    buttons = context.get("header_buttons")
    if buttons is None:
        return
    lang = app.config.language
    pdf = app.config.book_pdf_name
    if pdf:
        up = "../" * pagename.count("/")
        for group in buttons:
            if group.get("label") == "download-buttons":
                group["buttons"].append({
                    "type": "link",
                    "url": f"{up}{pdf}",
                    "text": PDF_TEXT.get(lang, PDF_TEXT["en"]),
                    "tooltip": PDF_TOOLTIP.get(lang, PDF_TOOLTIP["en"]),
                    "icon": "fas fa-book",
                    "label": "download-book-pdf-button",
                })
    table = TRANSLATIONS.get(lang, {})
    for button in _walk(buttons):
        for key in ("tooltip", "text"):
            if button.get(key) in table:
                button[key] = table[button[key]]


def setup(app: Sphinx) -> dict:
    app.add_config_value("book_pdf_name", "", "html", types=[str])
    app.connect("html-page-context", adjust_buttons, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
