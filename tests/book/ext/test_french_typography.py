"""The French apostrophes, at the docutils level.

Configuration does most of it: the French entry of book/editions.yml gives
docutils' ``smartquotes_locales`` (set by book/_ext/edition.py), which turns
the apostrophe before inline markup into ’ where docutils' default French
quotes made it ”.  book/_ext/late_smartquotes.py applies the same educator to
the exercise titles that sphinx-exercise copies after reading.
"""

import pytest
from docutils import nodes
from docutils.core import publish_doctree
from docutils.frontend import validate_smartquotes_locales
from docutils.utils import smartquotes

import late_smartquotes  # book/_ext/, on pytest's pythonpath
from _sources import EDITIONS

SOURCE = "Le rôle de l'**arrêt précoce** et d'``fit``, puis l'*époque*."


@pytest.fixture(autouse=True)
def _restore_quotes():
    """docutils keeps the locales in a module-level table: leave it as found."""
    saved = dict(smartquotes.smartchars.quotes)
    yield
    smartquotes.smartchars.quotes.clear()
    smartquotes.smartchars.quotes.update(saved)


def _rendered(source: str, **settings) -> str:
    overrides = {"language_code": "fr", "smart_quotes": True, "report_level": 5, **settings}
    return publish_doctree(source, settings_overrides=overrides).astext()


def test_docutils_default_turns_apostrophes_before_markup_into_quotes():
    """The upstream behaviour the setting corrects (if docutils fixes it, the
    edition's `smartquotes` entry can go)."""
    assert "l”arrêt" in _rendered(SOURCE)


def test_the_french_edition_setting_gives_apostrophes():
    locales = validate_smartquotes_locales(f"fr:{EDITIONS['fr']['smartquotes']}")
    text = _rendered(SOURCE + " «\u00a0Bien\u00a0».", smartquotes_locales=locales)
    assert "l’arrêt" in text and "d’fit" in text and "l’époque" in text
    assert "'" not in text and "”" not in text
    assert "«\u00a0Bien\u00a0»" in text


def _solution_title() -> nodes.title:
    """A title as sphinx-exercise writes it, from the exercise's unquoted title."""
    title = nodes.title()
    title += nodes.Text("Solution de")
    reference = nodes.reference(refid="intro-ex")
    reference += nodes.Text(" Exercice 1 (L'optimum d'")
    reference += nodes.strong(text="apprentissage")
    reference += nodes.Text(")")
    title += reference
    title += nodes.literal(text="x = 'a'")
    return title


def test_late_titles_get_the_same_apostrophes():
    smartquotes.smartchars.quotes.update(
        dict(validate_smartquotes_locales(f"fr:{EDITIONS['fr']['smartquotes']}")))
    title = _solution_title()
    late_smartquotes._educate(title, "fr", "qDe")
    assert title.astext() == "Solution de Exercice 1 (L’optimum d’apprentissage)x = 'a'"


def test_late_titles_in_english():
    title = nodes.title()
    title += nodes.Text("Solution to Exercise 2 (PyTorch's default initialisation)")
    late_smartquotes._educate(title, "en", "qDe")
    assert title.astext() == "Solution to Exercise 2 (PyTorch’s default initialisation)"
