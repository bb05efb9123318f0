"""Smart quotes for the titles that sphinx-exercise copies after reading.

Quotes and apostrophes are configuration, not code: Sphinx's smart quotes
(docutils' SmartQuotes transform) turn the ASCII ``'`` and ``"`` of the
sources into the edition's typographic marks while each page is read, with
the edition's ``smartquotes`` locale from ``book/editions.yml`` (set by
``edition.py``).

What that setting cannot reach is text written *after* reading.
sphinx-exercise (1.2) builds each solution's title, "Solution to Exercise 3
(L'optimum explicite)", and the link texts that point at exercises, in
post-transforms (priorities 20 to 22), from the exercise's title as parsed,
before smart quotes ran on it: without this extension the French solution
titles show ``L'optimum`` where the exercise itself shows ``L’optimum``.
The API page has the same gap: ``sphinx.ext.autosummary`` writes its
tables' one-line summaries (and autodoc some docstring bodies, such as those
of ``#:`` comments) into nodes the read-time transform never sees, so
"Keras's" stayed ASCII there.  This post-transform runs docutils' same
educator, with the same locale, on those titles, links, summary tables and
docstring bodies only (educating text twice changes nothing).
"""

from __future__ import annotations

from docutils import nodes
from docutils.utils import smartquotes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.ext.autosummary import autosummary_table
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_exercise.nodes import solution_node


def _plain(text: nodes.Text, element: nodes.Element) -> bool:
    """Whether `text` is prose below `element`: no code, math or verbatim between them.

    Sphinx's ``is_smartquotable`` looks at every ancestor, and autosummary's
    table node is a ``comment`` (verbatim to docutils): its summaries would all
    count as code.  Only the ancestors below `element` are asked here.
    """
    node = text.parent
    while node is not None and node is not element:
        if isinstance(node, (nodes.FixedTextElement, nodes.literal, nodes.math,
                             addnodes.desc_signature)) or node.get("support_smartquotes") is False:
            return False
        node = node.parent
    return True


def _educate(element: nodes.Element, language: str, action: str) -> None:
    """Educate the quotes of `element`'s text as docutils does for a paragraph."""
    texts = list(element.findall(nodes.Text))
    tokens = [("plain" if _plain(text, element) else "literal", str(text)) for text in texts]
    for text, new in zip(texts, smartquotes.educate_tokens(tokens, attr=action,
                                                           language=language)):
        if new != str(text):
            text.parent.replace(text, nodes.Text(new))


class ExerciseTitleQuotes(SphinxPostTransform):
    """Educate quotes in solution titles, links to exercises and API summaries."""

    default_priority = 900  # after sphinx-exercise's title resolution (20-22)

    def run(self, **kwargs) -> None:
        if not self.config.smartquotes:
            return
        locales = self.env.settings.get("smartquotes_locales")
        if locales:  # the reading may have happened in another process
            smartquotes.smartchars.quotes.update(dict(locales))
        language = self.env.settings.get("language_code", self.config.language)
        registry = getattr(self.env, "sphinx_exercise_registry", {})
        targets = [solution[0] for solution in self.document.findall(solution_node)
                   if solution.children]
        targets += [reference for reference in self.document.findall(nodes.reference)
                    if reference.get("refid") in registry]
        targets += list(self.document.findall(autosummary_table))
        targets += list(self.document.findall(addnodes.desc_content))
        for element in targets:
            _educate(element, language, self.config.smartquotes_action)


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_exercise")
    app.setup_extension("edition")
    app.setup_extension("sphinx.ext.autosummary")
    app.add_post_transform(ExerciseTitleQuotes)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
