"""Reading the book's sources and builds, for the tests of tests/book/.

Shared by the source checks (``sources/``: the editions hold the same cells,
French typography, exercises) and the checks of the built book (``built/``:
what the chapters printed, from the build's execution cache).  The editions,
the build folder and the cache look-up come from ``tools/editions.py``
(``book/editions.yml``), like the build's own; pytest's ``pythonpath``
(pyproject.toml) puts ``tools/`` and this folder on the path.
"""

from __future__ import annotations

import ast
import functools
import re

import jupytext
import yaml

from editions import BOOK, BUILD, EDITIONS, LANGUAGES, ROOT, cache_dir, executed_notebook

__all__ = [
    "BOOK", "BUILD", "COLAB_RUNS", "EDITIONS", "LANGUAGES", "ROOT", "RUNS", "SITE", "TITLED_DIRECTIVE",
    "built_notebook", "built_page", "cache_dir", "chapter_files", "chapters", "code_cells", "colab_notebook",
    "comparable_metadata", "displayed_texts", "labels", "normalised_code", "page_titles",
    "printed", "prose_lines", "read_notebook",
]

#: Keyword arguments whose string values are displayed text (translated).
DISPLAYED_KEYWORD = re.compile(r"(label|labels|title|text|legend)$")
#: The one argument that names the edition: ``dlbasics.setup(..., language="fr")``
#: (how numbers are written); any other call keeps its ``language=``.
EDITION_KEYWORD = "language"


def chapter_files(lang: str) -> list[str]:
    """Names of the ``.md`` pages of one edition, sorted."""
    return sorted(p.name for p in (BOOK / lang).glob("*.md"))


def chapters(lang: str = "en") -> list[str]:
    """The executed pages (MyST notebooks with a kernel) of one edition, by stem."""
    return [name.removesuffix(".md") for name in chapter_files(lang)
            if "kernelspec" in read_notebook(lang, name).metadata]


def read_notebook(lang: str, name: str):
    """The page ``book/<lang>/<name>`` read as a notebook by jupytext."""
    return jupytext.read(BOOK / lang / name, fmt="md:myst")


def code_cells(lang: str, name: str) -> list:
    return [c for c in read_notebook(lang, name).cells if c.cell_type == "code"]


class _BlankDisplayedStrings(ast.NodeTransformer):
    """Replace displayed strings (labels, printed text) by a placeholder.

    Only strings in these places may differ between the editions: the value
    of a keyword argument named like ``*label``, ``title``, ``text`` or
    ``legend``, the arguments of ``print``, and the edition's language, a
    string given as ``language=`` to ``dlbasics.setup`` (nowhere else).  An
    f-string keeps its interpolated expressions, so the same values must be
    printed.
    """

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        if _is_setup(node.func):
            for keyword in node.keywords:
                if (keyword.arg == EDITION_KEYWORD and isinstance(keyword.value, ast.Constant)
                        and keyword.value.value in LANGUAGES):
                    keyword.value = ast.Constant("<edition>")
        if isinstance(node.func, ast.Name) and node.func.id == "print":
            node.args = [_blank(arg) for arg in node.args]
        for keyword in node.keywords:
            if keyword.arg and DISPLAYED_KEYWORD.search(keyword.arg):
                keyword.value = _blank(keyword.value)
        return node


def _is_setup(func: ast.AST) -> bool:
    """Whether a call's function is ``dlbasics.setup``."""
    return (isinstance(func, ast.Attribute) and func.attr == "setup"
            and isinstance(func.value, ast.Name) and func.value.id == "dlbasics")


def _blank(node: ast.AST) -> ast.AST:
    if isinstance(node, ast.JoinedStr):
        # keep the interpolated values and their format specs, drop the text
        node.values = [v for v in node.values if isinstance(v, ast.FormattedValue)]
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        node.value = "<displayed>"
    else:
        for child in ast.iter_child_nodes(node):
            _blank(child)
    return node


def normalised_code(source: str) -> str:
    """The code of a cell with comments and displayed strings set aside."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    tree = ast.parse("\n".join(lines))
    return ast.dump(_BlankDisplayedStrings().visit(tree))


def comparable_metadata(metadata: dict) -> dict:
    """Cell metadata without what is translated (captions and alt text)."""
    metadata = yaml.safe_load(yaml.safe_dump(dict(metadata)))  # deep copy
    mystnb = metadata.get("mystnb", {})
    mystnb.get("figure", {}).pop("caption", None)
    mystnb.get("image", {}).pop("alt", None)
    return metadata


LABEL_PATTERNS = {
    "targets": re.compile(r"^\(([\w-]+)\)=\s*$", re.M),
    "exercise labels": re.compile(r"^:label:\s*(\S+)", re.M),
    "solutions": re.compile(r"^````\{solution\}\s*(\S+)", re.M),
    "equation labels": re.compile(r"^\$\$\s*\(([\w-]+)\)\s*$", re.M),
    "figure names": re.compile(r"^\s+name:\s*(\S+)", re.M),
    "directives": re.compile(r"^`{3,}\{([\w-]+)\}", re.M),
    "includes": re.compile(r"^`{3,}\{literalinclude\}\s*(\S+)", re.M),
}


def labels(text: str) -> dict[str, list[str]]:
    """Every label, figure name and directive of a page, in order."""
    return {kind: pattern.findall(text) for kind, pattern in LABEL_PATTERNS.items()}


def prose_lines(text: str):
    """Yield ``(line_number, line)`` for the prose of a MyST page.

    Front matter, fenced blocks (code cells, directives' option lines are
    kept out), display math and comments are skipped; inline code, inline
    math, roles and link targets are blanked out of the lines returned.
    """
    lines = text.splitlines()
    in_front = lines[:1] == ["---"]
    fence: str | None = None
    in_math = False
    code_fence = re.compile(r"^(`{3,}|~{3,})\s*(\{code-cell\}|\{literalinclude\}|\{eval-rst\}|\{bibliography\}|\{tableofcontents\}|python|bash|text)")
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if in_front:
            if number > 1 and stripped == "---":
                in_front = False
            continue
        if fence is not None:
            if stripped.startswith(fence) and stripped.strip("`~") == "":
                fence = None
            continue
        match = code_fence.match(stripped)
        if match:
            fence = match.group(1)
            continue
        if in_math:
            if stripped.startswith("$$"):
                in_math = False
            continue
        if stripped.startswith("$$"):
            in_math = not (stripped.count("$$") >= 2)
            continue
        if re.match(r"^\([\w-]+\)=$", stripped):
            continue  # a target
        if stripped.startswith((":", "%", "```", "````")) and not stripped.startswith(": "):
            continue  # directive options, comments, targets, fences
        yield number, _blank_inline(line)


_INLINE = [
    re.compile(r"\{[\w:-]+\}`[^`]*`"),  # roles: {term}`...`
    re.compile(r"`[^`]*`"),             # inline code
    re.compile(r"\$[^$]*\$"),           # inline math
    re.compile(r"\]\([^)]*\)"),         # link targets
    re.compile(r"https?://\S+"),        # bare URLs
]


def _blank_inline(line: str) -> str:
    for pattern in _INLINE:
        line = pattern.sub(lambda m: "X" * len(m.group(0)), line)
    return line


#: Directives whose argument is a title the reader sees (an exercise's,
#: an admonition's, a table's caption); other arguments (a solution's label,
#: a file name, a figure's path) are not prose.
TITLED_DIRECTIVE = re.compile(
    r"^\s*(`{3,}|~{3,})\{(exercise|admonition|table|topic|sidebar|dropdown|note|tip|hint"
    r"|important|warning|caution|attention|danger|error|seealso)\}\s*(\S.*)$")
#: The figure options of a code cell whose text is displayed (``mystnb:``).
DISPLAYED_METADATA = [("figure", "caption"), ("image", "alt")]


def displayed_texts(text: str):
    """Yield ``(line_number, text)`` for the displayed text that is not in
    the prose lines: the captions and alt texts of the code cells' figures
    (their YAML values as the reader gets them, a folded line break read as
    the ordinary space it becomes), the ``:alt:`` of a figure or image
    directive, and the titles of exercises, admonitions and tables.  Inline
    code and math are blanked out as in :func:`prose_lines`."""
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        title = TITLED_DIRECTIVE.match(line)
        if title:
            yield number, _blank_inline(title.group(3))
        alt = re.match(r"^\s*:alt:\s*(\S.*)$", line)
        if alt:
            yield number, _blank_inline(alt.group(1))
        if re.match(r"^\s*`{3,}\{code-cell\}", line) and lines[number:number + 1] == ["---"]:
            end = lines.index("---", number + 1)
            header = yaml.safe_load("\n".join(lines[number + 1:end])) or {}
            for group, key in DISPLAYED_METADATA:
                value = ((header.get("mystnb") or {}).get(group) or {}).get(key)
                if isinstance(value, str):
                    where = next(n for n in range(number + 2, end + 1)
                                 if re.match(rf"^\s*{key}:", lines[n - 1]))
                    yield where, _blank_inline(value)


def page_titles(lang: str) -> dict[str, str]:
    """The first-level heading of every page of one edition, by file stem."""
    titles = {}
    for name in chapter_files(lang):
        text = (BOOK / lang / name).read_text(encoding="utf-8")
        match = re.search(r"^# (.+)$", text, re.M)
        titles[name.removesuffix(".md")] = re.sub(r"`", "", match.group(1)).strip()
    return titles


def built_notebook(lang: str, chapter: str):
    """The book build's execution of a chapter (with outputs), from the
    build's execution cache (:func:`editions.executed_notebook`, the look-up
    the build uses to publish the executed notebooks); a test failure that
    says to run `make book` when the cache does not hold it."""
    import pytest

    try:
        return executed_notebook(lang, chapter)
    except LookupError as error:
        pytest.fail(str(error))


#: The assembled site (`make book`).
SITE = BUILD / "html"


@functools.lru_cache(maxsize=None)
def built_page(lang: str, page: str):
    """A page of the built site, ``<SITE>/<lang>/<page>.html``, parsed once per
    test process (BeautifulSoup's html.parser: the 40 pages take 7 s): read
    it, never change it (a test that edits the tree parses the file itself);
    a test failure that says to run `make book` when the page is missing."""
    import pytest
    from bs4 import BeautifulSoup

    path = SITE / lang / f"{page}.html"
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make book`")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


#: Where `make colab-check` (tools/colab_check.py) writes its runs of the paired notebooks.
COLAB_RUNS = BUILD / "colab"
#: The executions whose prints the tests read: the book build's (our pins) and
#: `make colab-check`'s (Colab's versions).
RUNS = ("build", "colab")


def colab_notebook(lang: str, chapter: str):
    """`make colab-check`'s run of ``book/<lang>/<chapter>.ipynb`` (with
    outputs); a skip that says to run it when there is none for the notebook
    as it is now (the first cell holds the notebook's digest)."""
    import nbformat
    import pytest

    path = COLAB_RUNS / lang / f"{chapter}.ipynb"
    current = nbformat.read(BOOK / lang / f"{chapter}.ipynb", as_version=4)
    executed = nbformat.read(path, as_version=4) if path.exists() else None
    if executed is None or executed.cells[0].source != current.cells[0].source:
        pytest.skip(f"no run of book/{lang}/{chapter}.ipynb as it is now in {path.parent}: "
                    "run `make colab-check`")
    return executed


def printed(lang: str, chapter: str, run: str = "build") -> str:
    """What the code cells of a chapter printed in one of the :data:`RUNS`,
    cell after cell: the book build's or `make colab-check`'s.  MyST-NB merges
    a cell's streams into its first output but leaves the later ones in the
    saved notebook, and a kernel may split one print into several outputs:
    each line of a cell is kept once."""
    if run not in RUNS:
        raise ValueError(f"run must be one of {RUNS}, not {run!r}")
    notebook = built_notebook(lang, chapter) if run == "build" else colab_notebook(lang, chapter)
    lines = []
    for cell in notebook.cells:
        if cell.cell_type == "code":
            text = "".join(o.get("text", "") for o in cell.get("outputs", [])
                           if o.get("output_type") == "stream")
            lines += list(dict.fromkeys(text.splitlines()))
    return "\n".join(lines)
