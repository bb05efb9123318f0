"""Paired Jupyter notebooks (``.ipynb``) of the chapters, for Binder and Colab.

The MyST Markdown file ``book/<lang>/NAME.md`` is the single source of a
chapter.  Colab only opens ``.ipynb`` files from a repository, and Binder
opens them without any extension, so each chapter also has a generated
``book/<lang>/NAME.ipynb`` (cells only, no outputs) committed beside it; the
book's launch buttons point at it.  This script writes them, and checks that
the committed ones are current (``make test`` runs the check)::

    python tools/notebooks.py write    # regenerate every paired notebook
    python tools/notebooks.py check    # exit 1 if one is missing or stale

Each generated notebook starts with one extra cell that only acts on Colab
and Kaggle.  It clones the book's repository into the working folder and
checks out the commit whose code goes with this version of the notebook: the
cell holds a digest of the notebook (:func:`digest`), so the newest commit
that has it is found by ``git log -S`` (the default branch when the notebook
is current, which needs no search).  Then it installs the ``dlbasics``
package from that commit, points ``DLBASICS_DATA`` at its ``data/`` folder,
and installs the chapter's extra packages (``book/extras.yml``, at the
versions of ``requirements.txt``) without touching the platform's NumPy,
Keras, TensorFlow or PyTorch.  Binder and local runs already have everything
installed, and the cell does nothing there.  ``make colab-check``
(``tools/colab_check.py``) runs every notebook with the cell active, at
Colab's versions of the libraries.

Beside each one, two notebooks hold one framework's code only:
``NAME.keras.ipynb`` and ``NAME.pytorch.ipynb`` (:func:`framework_notebook`).
They keep the prose, the setup cell, the shared cells and that framework's
cells, say under the chapter's title which framework they hold, and leave
out, with a short note in the edition's language, the shared cells that need
the other framework's results (a figure of both frameworks' curves), as
``tools/framework_cells.py`` decides from the code.  Each has its own Colab
cell and digest.  The book's launch buttons and download menu open the one
of the framework the reader chose in the code tabs
(``book/_static/reader-framework.js``).  They sit beside the chapter, not in
a folder of their own, so that a notebook runs from the same folder whatever
its framework, and the browser finds a framework's notebook by its name
alone.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import sys
from pathlib import Path

import jupytext
import nbformat
import yaml

from editions import BOOK, EDITIONS, FRAMEWORKS, LANGUAGES, ROOT
from framework_cells import framework_plan, tags

COLAB_CELL = """\
# Colab and Kaggle only: fetch the book's code and data as they were when this
# notebook was made, and install what this chapter needs besides (does nothing
# elsewhere).
import os
import sys

if "google.colab" in sys.modules or "KAGGLE_KERNEL_RUN_TYPE" in os.environ:
    import importlib
    import importlib.metadata
    import subprocess
    from pathlib import Path

    notebook, version = "{notebook}", "{version}"  # this file, and a digest of it
    repository = Path.cwd() / "deep-learning-basics"
    git = ["git", "-C", str(repository)]
    if not repository.exists():  # the whole history, but only the files in use
        subprocess.run(["git", "clone", "--quiet", "--filter=blob:none",
                        "{url}", str(repository)], check=True)
    current = repository / notebook
    if not (current.exists() and version in current.read_text(encoding="utf-8")):
        # An older version of the notebook: the code as it was just before the
        # commit that changed this version.
        changes = subprocess.run([*git, "log", "--format=%H", "-S", version, "--", notebook],
                                 capture_output=True, text=True, check=True).stdout.split()
        if changes:
            subprocess.run([*git, "checkout", "--quiet", changes[0] + "^"], check=True)
        else:
            print("This notebook is not a version of the book's (edited, or from a fork): "
                  "using the book's newest code.")
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--root-user-action=ignore"]
    # the dlbasics package, built with the platform's setuptools (no download)
    subprocess.run([*pip, "--no-deps", "--no-build-isolation", str(repository)], check=True)
    importlib.invalidate_caches()
    os.environ["DLBASICS_DATA"] = str(repository / "data")
    extras = {extras}
    missing = []  # what the platform lacks; what it has, it keeps
    for extra in extras:
        try:
            importlib.metadata.version(extra.split("==")[0])
        except importlib.metadata.PackageNotFoundError:
            missing.append(extra)
    if missing:  # without touching the platform's NumPy, Keras, TensorFlow or PyTorch
        kept = []
        for name in ("numpy", "keras", "tensorflow", "torch"):
            try:
                kept.append(f"{name}=={importlib.metadata.version(name)}")
            except importlib.metadata.PackageNotFoundError:
                pass
        constraints = Path("/tmp/dlbasics-kept.txt")
        constraints.write_text("\\n".join(kept) + "\\n")
        subprocess.run([*pip, "-c", str(constraints), *missing], check=True)"""

#: Stands for the notebook's digest while the digest is computed (see :func:`digest`).
VERSION_PLACEHOLDER = "<version>"

#: Where each chapter declares the packages it needs beyond the platforms' own.
EXTRAS = BOOK / "extras.yml"
#: The tag of the Colab cell, the first of every paired notebook.
COLAB_TAG = "colab-setup"


def repository_url() -> str:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return config["repository"]["url"]


def pinned(name: str) -> str:
    """``name==version`` as requirements.txt pins it (a clear error if it does not)."""
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        package, _, version = line.partition("==")
        if package.strip().lower().replace("_", "-") == name.lower().replace("_", "-") and version:
            return f"{name}=={version.strip()}"
    raise ValueError(f"{EXTRAS.relative_to(ROOT)} names {name!r}, which requirements.txt does not pin")


def needs(chapter: str) -> dict:
    """What one chapter (by file stem) declares in book/extras.yml."""
    declared = yaml.safe_load(EXTRAS.read_text(encoding="utf-8")) or {}
    entry = declared.get(chapter, {})
    if not isinstance(entry, dict) or set(entry) - {"packages", "gpu"}:
        raise TypeError(f"{EXTRAS.relative_to(ROOT)}: {chapter!r} must map to "
                        "{packages: [...], gpu: true|false}")
    return entry


def extras(chapter: str) -> list[str]:
    """The pinned extra packages of one chapter (by file stem), from book/extras.yml."""
    return [pinned(name) for name in needs(chapter).get("packages", [])]


def chapters(lang: str) -> list[Path]:
    """The executable pages (MyST notebooks with a kernel) of one edition."""
    found = []
    for path in sorted((BOOK / lang).glob("*.md")):
        notebook = jupytext.read(path, fmt="md:myst")
        if "kernelspec" in notebook.metadata:
            found.append(path)
    return found


def colab_cell(notebook: str, version: str, packages: list[str]) -> str:
    """The source of the first cell of a paired notebook.

    Parameters
    ----------
    notebook : str
        The notebook's path in the repository (``book/en/intro.ipynb``).
    version : str
        The notebook's digest (:func:`digest`): the cell finds the commit
        whose code goes with this version of the notebook.
    packages : list of str
        The chapter's extra packages, pinned (:func:`extras`).
    """
    return (COLAB_CELL.replace("{url}", repository_url()).replace("{notebook}", notebook)
            .replace("{version}", version).replace("{extras}", repr(packages)))


def digest(text: str) -> str:
    """The digest of a rendered notebook whose cell holds :data:`VERSION_PLACEHOLDER`.

    The first 12 hexadecimal digits of its SHA-256: every change to the
    notebook (a chapter's cells, its extra packages, this generator) changes
    it, and ``git log -S<digest>`` finds the commits that brought and replaced
    that version without a file of its own.
    """
    if VERSION_PLACEHOLDER not in text:
        raise ValueError(f"the notebook holds no {VERSION_PLACEHOLDER!r} to stand for its digest")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def notebook_path(source: Path, framework: str | None = None) -> Path:
    """The paired notebook of a chapter: ``NAME.ipynb`` beside the source
    ``NAME.md``, or ``NAME.<framework>.ipynb`` for one framework's code."""
    suffix = ".ipynb" if framework is None else f".{framework}.ipynb"
    return source.with_name(source.stem + suffix)


def paired_notebook(source: Path, framework: str | None = None) -> nbformat.NotebookNode:
    """The notebook generated from a chapter's MyST source, its Colab cell first.

    Parameters
    ----------
    source : Path
        The chapter, ``book/<lang>/NAME.md``.
    framework : {None, "keras", "pytorch"}
        None for the notebook with both frameworks' cells (``NAME.ipynb``);
        a framework for the one with only its cells (``NAME.<framework>.ipynb``,
        :func:`framework_notebook`).  Its cells keep the ids they have in the
        notebook with both.
    """
    notebook = jupytext.read(source, fmt="md:myst")
    path = notebook_path(source, framework).relative_to(ROOT).as_posix()
    colab = nbformat.v4.new_code_cell(
        colab_cell(path, VERSION_PLACEHOLDER, extras(source.stem)),
        metadata={"tags": [COLAB_TAG, "remove-cell"]},
    )
    notebook.cells.insert(0, colab)
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"{source.stem}-{index}"  # stable ids: no churn in git
    notebook.metadata.pop("jupytext", None)
    notebook.metadata["language_info"] = {"name": "python"}
    if needs(source.stem).get("gpu"):  # Colab opens it on a GPU runtime
        notebook.metadata["accelerator"] = "GPU"
        notebook.metadata["colab"] = {"gpuType": "T4", "provenance": []}
    if framework is not None:
        notebook = framework_notebook(notebook, framework, source.parent.name,
                                      notebook_path(source).name)
        colab = notebook.cells[0]
    colab.source = colab.source.replace(VERSION_PLACEHOLDER, digest(render(notebook)))
    return notebook


def framework_notebook(notebook: nbformat.NotebookNode, framework: str, lang: str,
                       both: str) -> nbformat.NotebookNode:
    """A copy of a chapter's notebook with one framework's code cells only.

    The prose, the Colab cell (tagged ``colab-setup``), the setup cell, the
    shared cells and ``framework``'s cells stay, in their order; the other
    framework's cells go.  A shared cell that needs their results (the
    names it reads: ``tools/framework_cells.py``) goes too, and so does a
    cell of ``framework`` that reads what only they made (through a shared
    cell: the chapter should change, see :func:`cells_needing_the_other`);
    a note in the edition's language takes the place of each
    (``notebook_left_out_figure`` for a figure cell,
    ``notebook_left_out_cell`` otherwise, in ``book/editions.yml``).  A
    line after the first Markdown cell (the chapter's title) says which
    framework the notebook holds (``notebook_framework``; first, in a
    notebook without prose).  Works on the paired notebook and on the
    build's executed notebook (code cells only), whose outputs stay.

    Parameters
    ----------
    notebook : NotebookNode
        A chapter's notebook with both frameworks' cells.
    framework : {"keras", "pytorch"}
        The framework kept.
    lang : str
        The edition, for the notes' language.
    both : str
        The file name of the notebook with both frameworks, which the notes
        point to (``NAME.ipynb``).
    """
    if framework not in FRAMEWORKS:
        raise ValueError(f"framework must be one of {sorted(FRAMEWORKS)}, not {framework!r}")
    strings = EDITIONS[lang]["strings"]
    (other,) = [name for tag, name in FRAMEWORKS.items() if tag != framework]
    words = {"framework": FRAMEWORKS[framework], "other": other, "notebook": both}
    code = [cell for cell in notebook.cells
            if cell.cell_type == "code" and COLAB_TAG not in tags(cell)]
    plan = framework_plan(code, framework, leave_out_broken=True)
    kept = {id(code[index]) for index in plan.run}
    left_out = {id(code[index]) for index in (*plan.skipped, *plan.broken)}
    result = copy.deepcopy(notebook)
    result.cells = []
    titled = False
    for cell in notebook.cells:
        if cell.cell_type == "code" and COLAB_TAG not in tags(cell) and id(cell) not in kept:
            if id(cell) in left_out:
                kind = "figure" if "figure" in cell.metadata.get("mystnb", {}) else "cell"
                note = strings[f"notebook_left_out_{kind}"].format(**words)
                result.cells.append(_note(note, f"{cell.get('id', 'cell')}-left-out"))
            continue
        result.cells.append(copy.deepcopy(cell))
        if cell.cell_type == "markdown" and not titled:
            result.cells.append(_note(strings["notebook_framework"].format(**words),
                                      f"{cell.get('id', 'title')}-framework"))
            titled = True
    if not titled:  # no prose (the build's executed notebook): the line comes first
        first = 1 if result.cells and COLAB_TAG in tags(result.cells[0]) else 0
        result.cells.insert(first, _note(strings["notebook_framework"].format(**words),
                                         f"{framework}-framework"))
    return result


def cells_needing_the_other(notebook: nbformat.NotebookNode, framework: str) -> dict[int, list[str]]:
    """The cells of ``framework`` that a notebook with that framework only
    leaves out, because they read what only the other framework's cells
    made (through a shared cell): index among the chapter's code cells
    (the Colab cell not counted) -> the names.  Empty for a chapter whose
    every framework cell runs alone."""
    code = [cell for cell in notebook.cells
            if cell.cell_type == "code" and COLAB_TAG not in tags(cell)]
    return framework_plan(code, framework, leave_out_broken=True).broken


def _note(text: str, cell_id: str) -> nbformat.NotebookNode:
    note = nbformat.v4.new_markdown_cell(text)
    note["id"] = cell_id
    return note


def render(notebook: nbformat.NotebookNode) -> str:
    return nbformat.writes(notebook, version=4) + "\n"


def expected_notebooks(lang: str) -> dict[Path, tuple[Path, str | None]]:
    """Every paired notebook of one edition -> its chapter and framework
    (None: both frameworks)."""
    return {notebook_path(source, framework): (source, framework)
            for source in chapters(lang) for framework in (None, *FRAMEWORKS)}


def write() -> list[Path]:
    written = []
    for lang in LANGUAGES:
        for target, (source, framework) in expected_notebooks(lang).items():
            text = render(paired_notebook(source, framework))
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                target.write_text(text, encoding="utf-8")
                written.append(target)
    return written


def stale() -> list[str]:
    """Paired notebooks that are missing, out of date, or without a source."""
    problems = []
    for lang in LANGUAGES:
        expected = expected_notebooks(lang)
        for target, (source, framework) in expected.items():
            if not target.exists():
                problems.append(f"{target.relative_to(ROOT)} is missing")
            elif target.read_text(encoding="utf-8") != render(paired_notebook(source, framework)):
                problems.append(f"{target.relative_to(ROOT)} is older than {source.name}")
        for orphan in sorted(set((BOOK / lang).glob("*.ipynb")) - set(expected)):
            problems.append(f"{orphan.relative_to(ROOT)} has no chapter source")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["write", "check"])
    args = parser.parse_args(argv)
    if args.action == "write":
        for path in write():
            print(f"wrote {path.relative_to(ROOT)}")
        return 0
    problems = stale()
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print("run `make notebooks` (python tools/notebooks.py write) and commit the result",
              file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
