"""Tests of book/_ext/empty_outputs.py: outputs that show nothing are dropped
(Keras's model.summary() displays an empty rich console buffer in Jupyter)."""

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

import empty_outputs  # book/_ext/, on pytest's pythonpath


def _bundle(*parts):
    bundle = nodes.container(nb_element="mime_bundle")
    for mime_type, node in parts:
        bundle += nodes.container("", node, mime_type=mime_type)
    return bundle


EMPTY_RICH = (
    ("text/html", nodes.raw("", '<pre style="white-space:pre"></pre>\n', format="html")),
    ("text/plain", nodes.literal_block("", "")),
)


def test_empty_bundles_are_recognised():
    assert empty_outputs._is_empty(_bundle(*EMPTY_RICH))
    assert not empty_outputs._is_empty(_bundle(("text/plain", nodes.literal_block("", "283"))))
    assert not empty_outputs._is_empty(_bundle(("text/html", nodes.raw("", "<b>x</b>", format="html"))))
    assert not empty_outputs._is_empty(_bundle(("image/png", nodes.image(uri="figure.png"))))


def test_transform_removes_empty_bundles_and_empty_output_areas():
    document = new_document("test", get_default_settings(Parser))
    kept = nodes.container(nb_element="cell_code_output")
    kept += _bundle(*EMPTY_RICH)
    kept += nodes.literal_block("", "Model: sequential")
    emptied = nodes.container(nb_element="cell_code_output")
    emptied += _bundle(*EMPTY_RICH)
    cell = nodes.container(nb_element="cell_code")
    cell += [kept, emptied]
    document += cell

    transform = empty_outputs.RemoveEmptyOutputs(document)
    transform.run()

    assert cell.children == [kept]
    assert [child.astext() for child in kept.children] == ["Model: sequential"]
