"""Show each Keras / PyTorch pair of code cells as one synchronised tab-set.

A code cell nested inside a sphinx-design ``tab-item`` is dropped by MyST-NB
(it is neither executed nor shown), so chapters keep every code cell at top
level and mark the framework-specific ones with a tag::

    ```{code-cell} ipython3
    :tags: [keras]
    ...
    ```

After parsing, this extension finds every run of consecutive tagged cells and
wraps it in a sphinx-design tab-set whose tabs share the sync group
``framework``: choosing PyTorch once switches every tab-set on the page,
sphinx-design remembers the choice across pages, and ``?framework=pytorch``
in the URL selects it.  In the PDF the tab labels become headings above
each cell.

A run must hold cells of both frameworks; a lone or doubly tagged cell is
reported as a warning, which fails the strict build.

One framework's edition (the configuration value ``book_framework``:
``keras`` or ``pytorch``; ``tools/build_book.py --pdf`` builds one PDF per
framework with it) keeps, of every tab-set of the ``framework`` sync group
(the ones above and the chapters' own prose tab-sets), only the chosen
framework's content, without tabs or headings; shared cells and prose stay.
It does so in a post-transform, when a page is written, not when it is
read: the pickled pages, and so the execution cache, stay those of the
whole book, and a framework's build of an edition whose book is built reads
and executes nothing.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx_design.shared import create_component, is_component

LOGGER = logging.getLogger(__name__)

#: Tag -> tab label, in the order the tabs are shown.
FRAMEWORKS = {"keras": "Keras", "pytorch": "PyTorch"}
SYNC_GROUP = "framework"


def _framework_of(node: nodes.Node) -> str | None:
    """Return the framework tag of a MyST-NB code cell, or None."""
    if not isinstance(node, nodes.container) or node.get("nb_element") != "cell_code":
        return None
    tags = node.get("cell_metadata", {}).get("tags", [])
    found = [tag for tag in tags if tag in FRAMEWORKS]
    if len(found) > 1:
        LOGGER.warning(
            "a code cell is tagged with several frameworks %s; tag it with one",
            found,
            location=node,
            type="framework_tabs",
        )
    return found[0] if found else None


def _tab_set(cells: list[tuple[str, nodes.container]]) -> nodes.container:
    """Build a sphinx-design tab-set holding ``cells`` grouped by framework."""
    tab_set = create_component("tab-set", classes=["sd-tab-set", "framework-tabs"])
    for framework, label in FRAMEWORKS.items():
        members = [cell for name, cell in cells if name == framework]
        rubric = nodes.rubric(label, nodes.Text(label), classes=["sd-tab-label"])
        rubric["sync_group"] = SYNC_GROUP
        rubric["sync_id"] = framework
        content = create_component(
            "tab-content", classes=["sd-tab-content"], children=members
        )
        tab_set += create_component(
            "tab-item",
            classes=["sd-tab-item", f"framework-{framework}"],
            children=[rubric, content],
        )
    tab_set.source, tab_set.line = cells[0][1].source, cells[0][1].line
    return tab_set


def wrap_framework_cells(app: Sphinx, doctree: nodes.document) -> None:
    """Replace each run of consecutive framework cells by a tab-set."""
    parents = {
        cell.parent
        for cell in doctree.findall(nodes.container)
        if _framework_of(cell) is not None
    }
    for parent in parents:
        new_children: list[nodes.Node] = []
        run: list[tuple[str, nodes.container]] = []

        def flush() -> None:
            if not run:
                return
            missing = [name for name in FRAMEWORKS if name not in {n for n, _ in run}]
            if missing:
                LOGGER.warning(
                    "framework cells without their %s counterpart: every Keras "
                    "cell needs a PyTorch cell next to it and vice versa",
                    " and ".join(FRAMEWORKS[name] for name in missing),
                    location=run[0][1],
                    type="framework_tabs",
                )
            new_children.append(_tab_set(list(run)))
            run.clear()

        for child in parent.children:
            framework = _framework_of(child)
            if framework is None:
                flush()
                new_children.append(child)
            else:
                run.append((framework, child))
        flush()
        parent.children = []
        parent.extend(new_children)


def _framework_items(tab_set: nodes.Element) -> dict[str, nodes.Element] | None:
    """The tab-items of a tab-set of the ``framework`` sync group, by sync id;
    None for a tab-set of another group (or of none)."""
    items = {}
    for item in tab_set.children:
        if not is_component(item, "tab-item"):
            continue
        label = next((child for child in item.children if isinstance(child, nodes.rubric)), None)
        if label is None or label.get("sync_group") != SYNC_GROUP:
            return None
        items[label.get("sync_id")] = item
    return items or None


def keep_one_framework(doctree: nodes.Node, framework: str) -> None:
    """Replace every tab-set of the ``framework`` sync group in ``doctree`` by
    the content of its ``framework`` tab (its non-tab children, such as
    targets, are kept before it)."""
    for tab_set in list(doctree.findall(lambda node: is_component(node, "tab-set"))):
        items = _framework_items(tab_set)
        if items is None:
            continue
        item = items.get(framework)
        if item is None:
            LOGGER.warning("a framework tab-set has no %s tab", FRAMEWORKS[framework],
                           location=tab_set, type="framework_tabs")
            continue
        kept = [child for child in tab_set.children if not is_component(child, "tab-item")]
        for content in item.children:
            if is_component(content, "tab-content"):
                kept.extend(content.children)
        tab_set.replace_self(kept)


class KeepOneFramework(SphinxPostTransform):
    """:func:`keep_one_framework` with ``book_framework``, when set, in every
    output format; before sphinx-design turns tab-sets into HTML (its
    transform's priority is 200)."""

    default_priority = 150

    def run(self, **kwargs) -> None:
        if self.config.book_framework:
            keep_one_framework(self.document, self.config.book_framework)


def _check_framework(app: Sphinx, config) -> None:
    if config.book_framework and config.book_framework not in FRAMEWORKS:
        raise ConfigError(f"book_framework is {config.book_framework!r}: "
                          f"one of {sorted(FRAMEWORKS)}, or empty for the book with both")


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_design")
    # Applied when pages are written (no rebuild of the environment): the
    # book and its framework editions share one read of the sources.
    app.add_config_value("book_framework", "", "", types=[str])
    app.connect("config-inited", _check_framework)
    app.connect("doctree-read", wrap_framework_cells)
    app.add_post_transform(KeepOneFramework)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
