"""Typographic apostrophes in the French edition, also before inline markup.

Sphinx's smart quotes turn the ASCII apostrophe of the sources into ’, but
they read each text node alone: an apostrophe that ends a node because
markup follows it (``l'**arrêt précoce**``, ``l'`fit```, ``d'{term}`...```)
is taken for a closing single quote, which in French is ”, so the page shows
« l”arrêt précoce ». French prose quotes with « », never with ASCII single
quotes, so in a French build every ASCII apostrophe that follows a letter is
an apostrophe: this extension writes it as ’ before the smart quotes run,
and once more after the extensions that add text late (exercise titles in
solutions).
Code, math and cell outputs are left as they are.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

_APOSTROPHE = re.compile(r"(?<=\w)'")
#: Elements whose text is shown as written: inline code and math, Python
#: signatures on the API page (``activation='relu'``); code blocks, math
#: blocks and raw output are FixedTextElements.
_VERBATIM = (nodes.literal, nodes.math, nodes.FixedTextElement, addnodes.desc_signature)


def _write_apostrophes(document: nodes.document) -> None:
    """Replace, in the prose of `document`, each ASCII apostrophe after a letter by ’."""
    for text in list(document.findall(nodes.Text)):
        parent = text.parent
        if parent is None or any(isinstance(a, _VERBATIM) for a in _ancestors(parent)):
            continue
        new = _APOSTROPHE.sub("\u2019", str(text))
        if new != str(text):
            parent.replace(text, nodes.Text(new))


def _is_french(config) -> bool:
    return (config.language or "").startswith("fr")


class FrenchApostrophes(SphinxTransform):
    """Write ’ for the ASCII apostrophes of French prose (before SmartQuotes)."""

    default_priority = 740  # sphinx.transforms.SphinxSmartQuotes runs at 750

    def apply(self, **kwargs) -> None:
        if _is_french(self.config):
            _write_apostrophes(self.document)


class FrenchApostrophesLate(SphinxPostTransform):
    """The same for text that extensions write after reading, such as the
    exercise titles that sphinx-exercise copies into its solutions."""

    default_priority = 900

    def run(self, **kwargs) -> None:
        if _is_french(self.config):
            _write_apostrophes(self.document)


def _ancestors(node: nodes.Node):
    while node is not None:
        yield node
        node = node.parent


def setup(app: Sphinx) -> dict:
    app.add_transform(FrenchApostrophes)
    app.add_post_transform(FrenchApostrophesLate)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
