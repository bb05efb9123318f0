"""The edition being built: its entry of ``book/editions.yml``.

``tools/build_book.py`` hands every edition to Sphinx as the configuration
value ``book_editions`` (language code -> the entry of ``book/editions.yml``);
Sphinx's ``language`` names the edition being built.  This extension checks
the two agree, gives the other extensions :func:`current` (the edition's
entry), and applies two of the edition's settings that have no Sphinx
configuration value of their own:

- ``smartquotes``: docutils' ``smartquotes_locales`` setting for the
  language.  French prose quotes with « », never with ASCII single quotes, so
  the French entry maps the secondary quotes to ’: an apostrophe that ends a
  text node because markup follows (``l'**arrêt**``, ``d'`fit```) is taken
  for a closing single quote, which docutils' French default writes ”.
- ``strings.executed_on``: the words before the last line of each chapter
  (``dlbasics.execution_info()``), as a CSS ``::before`` in the page head.
"""

from __future__ import annotations

from docutils.frontend import validate_smartquotes_locales
from sphinx.application import Sphinx
from sphinx.errors import ConfigError


def current(config) -> dict:
    """The entry of ``book/editions.yml`` of the edition being built."""
    return config.book_editions[config.language]


def _check_config(app: Sphinx, config) -> None:
    if not config.book_editions:
        raise ConfigError("book_editions is empty: build the book with tools/build_book.py, "
                          "which sets it from book/editions.yml")
    if config.language not in config.book_editions:
        raise ConfigError(
            f"language {config.language!r} is not one of the book's editions "
            f"{sorted(config.book_editions)} (book/editions.yml)"
        )


def _smartquotes_locale(app: Sphinx) -> None:
    """Set docutils' ``smartquotes_locales`` for the edition's language."""
    quotes = current(app.config)["smartquotes"]
    if quotes:
        # Parsed as docutils parses the setting in a docutils.conf file.
        locales = validate_smartquotes_locales(f"{app.config.language}:{quotes}")
        app.env.settings["smartquotes_locales"] = locales


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ") + '"'


def _executed_on(app: Sphinx, pagename: str, templatename, context: dict, doctree) -> None:
    words = current(app.config)["strings"]["executed_on"]
    style = f"<style>.execution-info::before {{ content: {_css_string(words)}; }}</style>\n"
    context["metatags"] = context.get("metatags", "") + style


def setup(app: Sphinx) -> dict:
    app.add_config_value("book_editions", {}, "env", types=[dict])
    app.connect("config-inited", _check_config)
    app.connect("builder-inited", _smartquotes_locale)
    app.connect("html-page-context", _executed_on)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
