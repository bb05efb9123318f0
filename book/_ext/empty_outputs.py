"""Drop the empty outputs that some libraries display, so no blank box shows.

Keras's ``model.summary()`` prints through a ``rich`` console which, inside
Jupyter, also displays the (already captured, hence empty) console buffer:
an output whose text is empty and whose HTML is an empty ``<pre></pre>``.
MyST-NB renders it as an empty grey box above the summary. This extension
removes, before MyST-NB picks the mime type of each output, every output
bundle whose every representation is empty (whitespace and HTML tags only),
and the output area if nothing else is left in it.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

_TAG = re.compile(r"<[^>]*>")


def _is_empty(node: nodes.Node) -> bool:
    """True if an output (or a part of it) shows nothing."""
    if isinstance(node, nodes.raw):
        return not _TAG.sub("", node.astext()).strip()
    if isinstance(node, nodes.literal_block):
        return not node.astext().strip()
    if isinstance(node, nodes.container):
        return all(_is_empty(child) for child in node.children)
    return False


class RemoveEmptyOutputs(SphinxPostTransform):
    """Remove output bundles that display nothing (run before mime selection)."""

    default_priority = 3  # MyST-NB's SelectMimeType runs at 4

    def run(self, **kwargs) -> None:
        bundles = [
            node
            for node in self.document.findall(nodes.container)
            if node.get("nb_element") == "mime_bundle" and _is_empty(node)
        ]
        for bundle in bundles:
            area = bundle.parent
            bundle.parent.remove(bundle)
            if area.get("nb_element") == "cell_code_output" and not area.children:
                area.parent.remove(area)


def setup(app: Sphinx) -> dict:
    app.add_post_transform(RemoveEmptyOutputs)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
