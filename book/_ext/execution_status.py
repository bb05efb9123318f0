"""The execution status page: how long each chapter ran in the build, where, with what.

Every chapter is executed while Sphinx reads it (MyST-NB with
``execute_notebooks: cache``): the executed notebook goes into the edition's
execution cache (jupyter-cache, ``_build/.jupyter_cache/<lang>``) with its
run time (MyST-NB stores ``execution_seconds`` in the record), and its last,
hidden cell (tag ``execution-info``) shows where and with what it ran:
``dlbasics.execution_info()``, "CPU (x86_64) · Python 3.11.7 · Keras 3.15.1
· TensorFlow 2.21.0 · PyTorch 2.13.0 · 2026-12-07".  This extension turns
those records into one table per edition, and links each chapter's line to
its row.

The records are complete only once every page has been read (and executed),
and a page that changed nothing in its own source would not be written
again; hence three pieces:

- the directive ``execution-status`` leaves a placeholder
  (:class:`execution_status`) where the table goes, and notes its page;
- ``env-get-outdated`` has that page read again at every build, so that it
  is rewritten even when only a chapter's execution changed;
- a post-transform (:class:`FillExecutionStatus`), when the page is written,
  replaces the placeholder by the table: for each executed chapter of the
  toctree, in order, the cache record that matches the chapter's current
  code, read as MyST-NB reads it (the very record its outputs came from).
  Columns: the chapter (a link), the run time, then the device, the versions
  and the date of the cached notebook's execution-info line.  Column titles
  and the decimal mark are the edition's (``strings.status_*`` of
  ``book/editions.yml``).

:class:`LinkExecutionLine` makes the HTML execution line of every chapter (the
``text/html`` output of ``dlbasics.execution_info()``) a link to the
chapter's row of the status page.

Failures are loud (warnings, which fail the strict build): a chapter without
a record of its current code in the cache, a record without its run time, an
executed chapter without its execution-info line, or a line that does not
read as ``device · Name version · … · date``.
"""

from __future__ import annotations

import datetime
import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from edition import current

logger = logging.getLogger(__name__)

#: The tag of each chapter's last cell, ``dlbasics.execution_info()``.
TAG = "execution-info"
#: Between the facts of the execution-info line (``ExecutionInfo.__str__``).
SEPARATOR = " · "
#: The line's HTML (``ExecutionInfo._repr_html_``).
HTML_LINE = re.compile(r'\s*<p class="execution-info">(?P<text>.*?)</p>\s*', re.S)
#: The columns' relative widths: chapter, run time, device, versions, date.
COLUMN_WIDTHS = (24, 13, 15, 33, 15)
#: The environment's attribute holding the docnames of status pages.
PAGES = "execution_status_pages"


class execution_status(nodes.General, nodes.Element):  # noqa: N801 (docutils' node naming)
    """Placeholder of the status table, replaced when the page is written."""


@dataclass(frozen=True)
class ExecutionLine:
    """What a chapter's execution-info line says."""

    device: str
    versions: tuple[tuple[str, str], ...]  # (name, version): Python, Keras...
    date: str  # ISO


def parse_execution_line(text: str) -> ExecutionLine:
    """Read the line ``dlbasics.execution_info()`` prints.

    Parameters
    ----------
    text : str
        ``device · Name version · … · date``, the date in ISO format.

    Returns
    -------
    ExecutionLine

    Raises
    ------
    ValueError
        If the line has another shape.

    Examples
    --------
    >>> line = parse_execution_line("CPU (x86_64) · Python 3.11.7 · PyTorch 2.13.0 · 2026-12-07")
    >>> line.device, line.versions, line.date
    ('CPU (x86_64)', (('Python', '3.11.7'), ('PyTorch', '2.13.0')), '2026-12-07')
    """
    device, *middle, date = text.strip().split(SEPARATOR)
    if not middle:
        raise ValueError(f"not an execution-info line (device · Name version · … · date): {text!r}")
    versions = []
    for part in middle:
        name, _, version = part.rpartition(" ")
        if not name or not version:
            raise ValueError(f"{part!r} in the execution-info line {text!r} is not 'Name version'")
        versions.append((name, version))
    datetime.date.fromisoformat(date)  # ValueError if not a date
    return ExecutionLine(device, tuple(versions), date)


@dataclass(frozen=True)
class ChapterRun:
    """One chapter's execution, as the build's cache records it."""

    docname: str
    seconds: float
    line: ExecutionLine


def row_id(docname: str) -> str:
    """The HTML id of a chapter's row of the status table."""
    return nodes.make_id(f"status-{docname}")


def _execution_line(notebook, where: str) -> ExecutionLine:
    """The execution-info line of an executed notebook."""
    for cell in notebook.cells:
        if cell.cell_type == "code" and TAG in cell.metadata.get("tags", []):
            for output in cell.get("outputs", []):
                text = output.get("data", {}).get("text/plain")
                if text:
                    return parse_execution_line("".join(text))
            raise LookupError(f"{where}: the cell tagged {TAG!r} has no text output in the cache")
    raise LookupError(f"{where}: no cell tagged {TAG!r} (dlbasics.execution_info()); "
                      "every chapter ends with it (README, Adding a chapter)")


def _read_notebook(env: BuildEnvironment, path: Path):
    """The page read as MyST-NB reads it (so that it hashes as MyST-NB's), or
    None if it is not a notebook."""
    from myst_nb.core.read import create_nb_reader

    text = path.read_text(encoding="utf-8")
    config = env.mystnb_config
    reader = create_nb_reader(str(path), env.myst_config, config, text)
    if reader is None:
        return None
    notebook = reader.read(text)
    kernel = notebook.metadata.get("kernelspec", {}).get("name")
    for pattern, alias in config.kernel_rgx_aliases.items():  # as MyST-NB's parser does
        if kernel is not None and re.fullmatch(pattern, kernel):
            notebook.metadata["kernelspec"]["name"] = alias
            break
    return notebook


def chapter_run(env: BuildEnvironment, cache, docname: str) -> ChapterRun | None:
    """The cached execution of ``docname``'s current code; None for a page
    that is not a notebook.  Raises :class:`LookupError` when the cache does
    not hold it whole."""
    path = Path(env.doc2path(docname))
    notebook = _read_notebook(env, path)
    if notebook is None:
        return None
    try:
        record = cache.match_cache_notebook(notebook)
    except KeyError as error:
        raise LookupError(f"{path}: no execution of its current code in the execution cache "
                          f"{cache.path}") from error
    seconds = (record.data or {}).get("execution_seconds")
    if not isinstance(seconds, (int, float)):
        raise LookupError(f"{path}: the cache record {record.pk} has no execution_seconds")
    executed = cache.get_cache_bundle(record.pk).nb
    try:
        line = _execution_line(executed, str(path))
    except ValueError as error:
        raise LookupError(f"{path}: {error}") from error
    return ChapterRun(docname, float(seconds), line)


def toctree_order(env: BuildEnvironment) -> list[str]:
    """Every page of the toctree, depth first from the root (reading order)."""
    order: list[str] = []

    def walk(docname: str) -> None:
        for child in env.toctree_includes.get(docname, []):
            if child not in order:
                order.append(child)
                walk(child)

    walk(env.config.root_doc)
    return order


def _cache(env: BuildEnvironment):
    """The edition's execution cache (jupyter-cache); LookupError without one."""
    from jupyter_cache import get_cache

    config = env.mystnb_config
    if config.execution_mode != "cache":
        raise LookupError(f"execute_notebooks is {config.execution_mode!r}: the status page "
                          "reads the execution cache (execute_notebooks: cache)")
    path = Path(config.execution_cache_path)
    if not path.is_dir():
        raise LookupError(f"no execution cache at {path}")
    return get_cache(path)


def _entry(*children: nodes.Node) -> nodes.entry:
    return nodes.entry("", nodes.paragraph("", "", *children))


def status_table(runs: list[ChapterRun], strings: dict, env: BuildEnvironment,
                 fromdoc: str) -> nodes.table:
    """The table of ``runs``: chapter (linked), run time, device, versions, date."""
    headers = [strings[f"status_{key}"] for key in ("chapter", "time", "device", "versions", "date")]
    table = nodes.table(classes=["execution-status", "colwidths-given"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    # Relative widths ("colwidths-given": Sphinx applies them in HTML and
    # LaTeX): in the PDF, a date or a run time never breaks.
    group += [nodes.colspec(colwidth=width) for width in COLUMN_WIDTHS]
    head = nodes.row()
    head += [_entry(nodes.Text(header)) for header in headers]
    group += nodes.thead("", head)
    body = nodes.tbody()
    group += body
    for run in runs:
        link = addnodes.pending_xref(
            "", nodes.inline("", run.docname), refdomain="std", reftype="doc",
            reftarget=posixpath.relpath(run.docname, posixpath.dirname(fromdoc)),
            refdoc=fromdoc, refexplicit=False, refwarn=True)
        number = env.toc_secnumbers.get(run.docname, {}).get("")
        chapter = ([nodes.Text(".".join(map(str, number)) + ". ")] if number else []) + [link]
        seconds = strings["status_seconds"].format(
            seconds=f"{run.seconds:.1f}".replace(".", strings["decimal_mark"]))
        versions = ", ".join(f"{name} {version}" for name, version in run.line.versions)
        row = nodes.row(ids=[row_id(run.docname)])
        row += [_entry(*chapter), _entry(nodes.Text(seconds)), _entry(nodes.Text(run.line.device)),
                _entry(nodes.Text(versions)), _entry(nodes.Text(run.line.date))]
        body += row
    return table


class ExecutionStatus(SphinxDirective):
    """``execution-status``: the table of the chapters' executions, here."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        pages = getattr(self.env, PAGES, None)
        if pages is None:
            pages = set()
            setattr(self.env, PAGES, pages)
        pages.add(self.env.docname)
        node = execution_status()
        self.set_source_info(node)
        return [node]


class FillExecutionStatus(SphinxPostTransform):
    """Replace the placeholder by the table, read from the execution cache."""

    default_priority = 8  # before the references are resolved (10): the chapter links

    def run(self, **kwargs) -> None:
        placeholders = list(self.document.findall(execution_status))
        if not placeholders:
            return
        runs: list[ChapterRun] = []
        try:
            cache = _cache(self.env)
        except LookupError as error:
            logger.warning(str(error), location=placeholders[0])
        else:
            for docname in toctree_order(self.env):
                try:
                    run = chapter_run(self.env, cache, docname)
                except LookupError as error:
                    logger.warning(str(error), location=placeholders[0])
                    continue
                if run is not None:
                    runs.append(run)
            if not runs:
                logger.warning("the status table lists no chapter: no executed page in the "
                               "toctree", location=placeholders[0])
        strings = current(self.config)["strings"]
        for placeholder in placeholders:
            placeholder.replace_self(status_table(runs, strings, self.env, self.env.docname))


class LinkExecutionLine(SphinxPostTransform):
    """Make each chapter's execution line a link to its row of the status page."""

    default_priority = 5  # after MyST-NB's SelectMimeType (4) kept the HTML output
    formats = ("html",)

    def run(self, **kwargs) -> None:
        pages = sorted(getattr(self.env, PAGES, set()) & self.env.found_docs)
        if not pages:
            return  # a build without the status page (a smaller toc)
        strings = current(self.config)["strings"]
        for raw in list(self.document.findall(nodes.raw)):
            match = HTML_LINE.fullmatch(raw.astext())
            if "html" not in raw.get("format", "").split() or match is None:
                continue
            uri = self.app.builder.get_relative_uri(self.env.docname, pages[0])
            text = html.unescape(match.group("text"))
            link = nodes.reference("", text, refuri=f"{uri}#{row_id(self.env.docname)}",
                                   reftitle=strings["status_tooltip"], internal=True)
            output = nodes.container("", nodes.paragraph("", "", link, classes=[TAG]),
                                     classes=raw["classes"])
            raw.replace_self(output)


def _outdated(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """Read the status pages again at every build (their table follows the cache)."""
    return sorted(getattr(env, PAGES, set()) - set(removed))


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, PAGES, set()).discard(docname)


def _merge(app: Sphinx, env: BuildEnvironment, docnames, other: BuildEnvironment) -> None:
    pages = getattr(env, PAGES, None)
    if pages is None:
        pages = set()
        setattr(env, PAGES, pages)
    pages |= getattr(other, PAGES, set()) & set(docnames)


def setup(app: Sphinx) -> dict:
    app.setup_extension("edition")
    app.add_node(execution_status)
    app.add_directive("execution-status", ExecutionStatus)
    app.add_post_transform(LinkExecutionLine)
    app.add_post_transform(FillExecutionStatus)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
