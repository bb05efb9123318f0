"""References into the pages a table of contents leaves out, written as text.

A teacher builds the book from a table of contents of their own
(``tools/build_book.py --toc FILE``, ``make book TOC=FILE``): some chapters,
in their order.  Sphinx then reads only the pages of that table
(``only_build_toc_files``), but the pages kept still refer to the others:
the glossary to the section that introduces each term, a chapter to an
earlier chapter's equation.  Each such reference is unresolved, a warning,
and the strict build fails.

This extension resolves exactly those references, and no other: it reads
the sources of the edition's pages that the build leaves out, collects the
labels they define, and when a reference is missing (Sphinx's
``missing-reference`` event) to one of them, writes it as text instead of a
link:

- its own words if it has them (```{ref}`the chain rule <mlp-backprop>```),
- otherwise the title of the section it points to (a target just before a
  heading), or the title of the page that defines it, in italics; an
  equation's in parentheses, where the number would have been;
- a glossary term (when the glossary is left out) as the term.

A reference to a label that no page of the edition defines stays an error,
as in the whole book's build.  With the whole table of contents no page is
left out, and nothing changes.

The labels are those the chapters' sources define (as
``tests/book/_sources.py``'s ``LABEL_PATTERNS`` reads them): MyST targets
``(label)=``, the ``:label:`` and ``:name:`` options of directives
(exercises, figures, equations), figure names in a code cell's ``mystnb``
metadata (``name:``), labelled display math ``$$ (label)`` and the terms of
``glossary`` directives.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)

#: Lines that define a label (group 1), whatever follows them.
LABEL_LINES = [
    re.compile(r"^\(([^()\s]+)\)=\s*$"),                  # (label)=
    re.compile(r"^\s*:(?:label|name):\s*(\S+)\s*$"),      # :label: / :name: option
    re.compile(r"^\s*name:\s*(\S+)\s*$"),                 # mystnb figure name
    re.compile(r"^\s*\$\$\s*\(([^()\s]+)\)\s*$"),         # $$ (label)
]
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
FENCE = re.compile(r"^(`{3,}|:{3,})\s*(\{[\w:-]+\})?")


def _plain(title: str) -> str:
    """A Markdown heading as text: roles, code and emphasis marks dropped."""
    title = re.sub(r"\{[\w:-]+\}`([^`]*)`", r"\1", title)
    return re.sub(r"[`*_]", "", title).strip()


def page_labels(text: str) -> tuple[str, dict[str, str], set[str]]:
    """What one MyST page defines: its title (first level-1 heading), its
    labels (lowercased) -> the title of the section each one opens (a target
    just before a heading) or the page's title, and its glossary terms
    (lowercased)."""
    lines = text.splitlines()
    page_title = next((_plain(m.group(2)) for line in lines
                       if (m := HEADING.match(line)) and len(m.group(1)) == 1), "")
    labels: dict[str, str] = {}
    terms: set[str] = set()
    glossary: str | None = None  # the fence of the glossary directive we are in
    for index, line in enumerate(lines):
        fence = FENCE.match(line.strip())
        if glossary is not None:
            if line.strip() == glossary:
                glossary = None
            elif line.strip() and not line[0].isspace() and not line.startswith(":"):
                terms.add(line.strip().lower())
            continue
        if fence and fence.group(2) == "{glossary}":
            glossary = fence.group(1)
            continue
        for pattern in LABEL_LINES:
            match = pattern.match(line)
            if match:
                following = next((later for later in lines[index + 1:] if later.strip()), "")
                heading = HEADING.match(following) if pattern is LABEL_LINES[0] else None
                labels[match.group(1).lower()] = _plain(heading.group(2)) if heading else page_title
                break
    return page_title, labels, terms


class LeftOut:
    """The labels, page titles and terms of the pages a build leaves out."""

    def __init__(self, pages: dict[str, str]):
        """``pages``: docname -> the page's MyST source."""
        self.titles: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self.terms: set[str] = set()
        for docname, text in pages.items():
            title, labels, terms = page_labels(text)
            self.titles[docname] = title
            self.labels.update(labels)
            self.terms |= terms

    def text(self, node: nodes.Element, contnode: nodes.Element) -> nodes.Node | None:
        """The text that replaces the pending reference ``node`` when it
        points into a page left out; None otherwise."""
        domain, reftype = node.get("refdomain"), node.get("reftype")
        target = str(node.get("reftarget", ""))
        if domain == "std" and reftype == "term":
            if target.lower() in self.terms:
                return contnode.deepcopy()
            return None
        if domain == "std" and reftype == "doc":
            title = self.titles.get(target.lstrip("/").removesuffix(".md"))
        elif (domain, reftype) in {("std", "ref"), ("std", "numref"), ("math", "eq")}:
            title = self.labels.get(target.lower())
        else:
            return None
        if title is None:
            return None
        if node.get("refexplicit") and reftype != "numref":
            return nodes.inline("", "", *contnode.deepcopy().children, classes=["left-out"])
        text = nodes.emphasis(title, title)
        if reftype == "eq":
            return nodes.inline("", "", nodes.Text("("), text, nodes.Text(")"), classes=["left-out"])
        return nodes.inline("", "", text, classes=["left-out"])


def left_out_pages(app: Sphinx) -> dict[str, str]:
    """The MyST pages of the source folder that the build does not read
    (left out of the table of contents), by docname."""
    srcdir = Path(app.srcdir)
    pages = {}
    for path in sorted(srcdir.rglob("*.md")):
        docname = path.relative_to(srcdir).with_suffix("").as_posix()
        if docname not in app.env.found_docs and not any(part.startswith(("_", "."))
                                                         for part in path.parts[len(srcdir.parts):]):
            pages[docname] = path.read_text(encoding="utf-8")
    return pages


def resolve_left_out(app: Sphinx, env, node: nodes.Element, contnode: nodes.Element):
    """``missing-reference``: text for a reference into a page left out."""
    left_out = getattr(app, "_toc_subset_left_out", None)
    if left_out is None:
        left_out = app._toc_subset_left_out = LeftOut(left_out_pages(app))
        if left_out.titles:
            LOGGER.info("[toc_subset] pages left out of the table of contents, whose "
                        "references become text: %s", ", ".join(sorted(left_out.titles)))
    return left_out.text(node, contnode)


def setup(app: Sphinx) -> dict:
    app.connect("missing-reference", resolve_left_out)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
