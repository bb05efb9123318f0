"""Link every page to the same page in the book's other language.

Each edition is built on its own (``book/en`` into ``_build/html/en``,
``book/fr`` into ``_build/html/fr``) from the same file names, so the page
``intro`` of the English edition has its translation at ``../fr/intro.html``
relative to the English ``intro.html``.  The link is computed here, once, and
handed to the ``language-switch.html`` template (article header) and to the
``<head>`` as ``<link rel="alternate" hreflang=…>``.

The editions and their own names come from ``book/editions.yml`` (the
configuration value ``book_editions``, see ``edition.py``); ``language``
(Sphinx's) names the edition being built.
"""

from __future__ import annotations

from html import escape

from sphinx.application import Sphinx


def page_context(app: Sphinx, pagename: str, templatename, context: dict, doctree) -> None:
    """Add ``language_links`` (other editions of this page) to the context."""
    current = app.config.language
    up = "../" * (pagename.count("/") + 1)
    suffix = app.builder.get_target_uri(pagename)
    links = [
        {"code": code, "name": edition["name"], "url": f"{up}{code}/{suffix}"}
        for code, edition in app.config.book_editions.items()
        if code != current
    ]
    context["language_links"] = links
    context["current_language_name"] = app.config.book_editions[current]["name"]
    alternates = "".join(
        f'<link rel="alternate" hreflang="{link["code"]}" href="{escape(link["url"])}" />\n'
        for link in links
    )
    context["metatags"] = context.get("metatags", "") + alternates


def setup(app: Sphinx) -> dict:
    app.setup_extension("edition")  # book_editions, checked against language
    app.connect("html-page-context", page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
