"""Tests of book/_ext/framework_tabs.py at the docutils level: each run of
Keras / PyTorch cells becomes one tab-set synchronised on ``framework``, and a
cell without its counterpart is reported (a warning fails the strict build)."""

import logging

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

import framework_tabs  # book/_ext/, on pytest's pythonpath


def _cell(*tags: str, text: str = "") -> nodes.container:
    cell = nodes.container(nb_element="cell_code", cell_metadata={"tags": list(tags)})
    cell += nodes.literal_block(text, text)
    return cell


def _document(*children: nodes.Node) -> nodes.document:
    document = new_document("test", get_default_settings(Parser))
    section = nodes.section()
    section += list(children)
    document += section
    return document


def _tab_sets(document: nodes.document) -> list[nodes.container]:
    return [node for node in document.findall(nodes.container)
            if node.get("design_component") == "tab-set"]


def test_a_pair_of_cells_becomes_one_synchronised_tab_set(caplog):
    before, after = nodes.paragraph(text="before"), nodes.paragraph(text="after")
    keras, pytorch = _cell("keras", text="keras code"), _cell("pytorch", text="torch code")
    document = _document(before, keras, pytorch, after)

    with caplog.at_level(logging.WARNING):
        framework_tabs.wrap_framework_cells(None, document)

    section = document[0]
    (tab_set,) = _tab_sets(document)
    assert section.children == [before, tab_set, after]
    assert "framework-tabs" in tab_set["classes"]
    labels = [item[0] for item in tab_set.children]
    assert [label.astext() for label in labels] == ["Keras", "PyTorch"]
    assert [label["sync_id"] for label in labels] == ["keras", "pytorch"]
    assert {label["sync_group"] for label in labels} == {"framework"}
    assert [item[1].children for item in tab_set.children] == [[keras], [pytorch]]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_untagged_cells_and_separate_runs_stay_apart():
    plain = _cell(text="shared code")
    document = _document(_cell("keras"), _cell("pytorch"), plain, _cell("pytorch"), _cell("keras"))
    framework_tabs.wrap_framework_cells(None, document)
    section = document[0]
    assert len(_tab_sets(document)) == 2
    assert section[1] is plain
    # Tabs keep the order Keras, PyTorch whatever the order of the cells.
    second = _tab_sets(document)[1]
    assert [item[0].astext() for item in second.children] == ["Keras", "PyTorch"]


def test_a_cell_without_its_counterpart_is_reported(caplog):
    document = _document(_cell("keras"), nodes.paragraph(text="prose"))
    with caplog.at_level(logging.WARNING):
        framework_tabs.wrap_framework_cells(None, document)
    messages = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("without their PyTorch counterpart" in m for m in messages), messages


def test_a_cell_tagged_with_both_frameworks_is_reported(caplog):
    document = _document(_cell("keras", "pytorch"), _cell("pytorch"))
    with caplog.at_level(logging.WARNING):
        framework_tabs.wrap_framework_cells(None, document)
    messages = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("several frameworks" in m for m in messages), messages


def _framework_tab_set(*items: tuple[str, list[nodes.Node]], group: str = "framework",
                       before: list[nodes.Node] = ()) -> nodes.container:
    """A sphinx-design tab-set as its directive makes it: one tab-item per
    ``(sync id, content)``, each a rubric (the label) and a tab-content."""
    from sphinx_design.shared import create_component

    tab_set = create_component("tab-set", children=list(before))
    for sync_id, content in items:
        label = nodes.rubric(sync_id, sync_id)
        label["sync_group"], label["sync_id"] = group, sync_id
        tab_set += create_component(
            "tab-item", children=[label, create_component("tab-content", children=content)])
    return tab_set


def test_one_framework_keeps_its_cells_without_tabs():
    """The PDF of one framework (book_framework): every framework tab-set,
    wrapped cells or a chapter's own prose tab-set, becomes the chosen tab's
    content; shared cells and prose stay where they were."""
    keras, pytorch, shared = _cell("keras"), _cell("pytorch"), _cell(text="shared")
    prose_keras, prose_torch = nodes.paragraph(text="Keras's code"), nodes.paragraph(text="PyTorch's")
    target = nodes.target(refid="a-label")
    document = _document(keras, pytorch, shared,
                         _framework_tab_set(("keras", [prose_keras]), ("pytorch", [prose_torch]),
                                            before=[target]))
    framework_tabs.wrap_framework_cells(None, document)

    framework_tabs.keep_one_framework(document, "pytorch")

    assert not _tab_sets(document)
    assert document[0].children == [pytorch, shared, target, prose_torch]


def test_one_framework_leaves_other_tab_sets_alone():
    other = _framework_tab_set(("first", [nodes.paragraph(text="a")]),
                               ("second", [nodes.paragraph(text="b")]), group="os")
    document = _document(other)
    framework_tabs.keep_one_framework(document, "keras")
    assert _tab_sets(document) == [other]


def test_a_framework_tab_set_without_the_chosen_tab_is_reported(caplog):
    document = _document(_framework_tab_set(("keras", [nodes.paragraph(text="a")])))
    with caplog.at_level(logging.WARNING):
        framework_tabs.keep_one_framework(document, "pytorch")
    messages = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("has no PyTorch tab" in m for m in messages), messages


def test_the_build_names_the_same_frameworks():
    """tools/editions.py names the framework PDFs from the same tags."""
    from editions import FRAMEWORKS

    assert FRAMEWORKS == framework_tabs.FRAMEWORKS
