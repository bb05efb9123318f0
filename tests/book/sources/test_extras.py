"""Each chapter declares the packages it needs beyond the platforms' own
(``book/extras.yml``), and its notebook's Colab cell installs them.

Colab and Kaggle ship NumPy, pandas, SciPy, matplotlib, scikit-learn,
scikit-image, Keras, TensorFlow and PyTorch; anything else a chapter imports,
directly or through a ``dlbasics`` function that imports it when called,
must be in the chapter's list, or *Run all* stops at the import.

The cell also fetches the book's code at the commit that goes with the
notebook (tools/notebooks.py): its git commands run here for real, on a small
history, with the clone sent to a local repository as `make colab-check` does.
"""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import subprocess
import sys
import types
from pathlib import Path

import notebooks  # tools/notebooks.py
import pytest
import yaml

from _sources import BOOK, LANGUAGES, ROOT, chapters, code_cells

#: What Colab and Kaggle have without any install (import names).
PLATFORM = {"numpy", "pandas", "scipy", "matplotlib", "sklearn", "skimage", "keras",
            "tensorflow", "torch", "IPython", "dlbasics"}
#: Import names that differ from the distribution names of requirements.txt.
DISTRIBUTION = {"sklearn": "scikit-learn", "skimage": "scikit-image"}


def _imports(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    # torch.utils.tensorboard needs the tensorboard distribution
    if any(isinstance(n, ast.ImportFrom) and (n.module or "").startswith("torch.utils.tensorboard")
           for n in ast.walk(tree)):
        found.add("tensorboard")
    return found


def _third_party(names: set[str]) -> set[str]:
    return {name for name in names - PLATFORM if name not in sys.stdlib_module_names}


def _package_needs() -> dict[str, set[str]]:
    """dlbasics functions that import a non-platform package when called."""
    needs = {}
    for path in (ROOT / "code" / "dlbasics").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                extra = _third_party(_imports(node))
                if extra:
                    needs.setdefault(node.name, set()).update(extra)
    return needs


def _chapter_needs(lang: str, name: str, package_needs: dict[str, set[str]]) -> set[str]:
    needed = set()
    for cell in code_cells(lang, f"{name}.md"):
        source = "\n".join(line for line in cell.source.splitlines()
                           if not line.lstrip().startswith(("%", "!")))
        tree = ast.parse(source)
        needed |= _third_party(_imports(tree))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in package_needs:
                needed |= package_needs[node.attr]
            elif isinstance(node, ast.Name) and node.id in package_needs:
                needed |= package_needs[node.id]
    return needed


def test_the_package_knows_its_lazy_imports():
    needs = _package_needs()
    assert needs.get("load_trace") == {"tslearn"} and needs.get("load_sunspots") == {"statsmodels"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_chapter_declares_its_extra_packages(lang):
    declared = {name: notebooks.needs(name).get("packages", []) for name in chapters(lang)}
    listed = yaml.safe_load((BOOK / "extras.yml").read_text(encoding="utf-8"))
    unknown = sorted(set(listed) - set(chapters(lang)))
    assert not unknown, f"book/extras.yml names no chapter: {unknown}"
    package_needs = _package_needs()
    found = []
    for name in chapters(lang):
        needed = {DISTRIBUTION.get(n, n) for n in _chapter_needs(lang, name, package_needs)}
        missing = sorted(needed - set(declared.get(name, [])))
        if missing:
            found.append(f"{name}: {missing}")
        for extra in declared.get(name, []):
            notebooks.pinned(extra)  # a ValueError if requirements.txt does not pin it
    assert not found, ("book/extras.yml lacks packages that these chapters import "
                       "(Colab would stop at the import):\n" + "\n".join(found))


def _run_colab_cell(monkeypatch, tmp_path, chapter: str, absent: set[str],
                    framework: str | None = None) -> list[list[str]]:
    """Run a notebook's first cell as Colab would, from `tmp_path`, recording
    the commands; the clone writes the notebook as the default branch has it
    (`framework`: the notebook with that framework's cells only)."""
    commands = []
    source = BOOK / "en" / f"{chapter}.md"
    notebook = notebooks.paired_notebook(source, framework)

    def run(command, **kwargs):
        commands.append(command)
        if command[:2] == ["git", "clone"]:
            path = Path(command[-1]) / notebooks.notebook_path(source, framework).relative_to(ROOT)
            path.parent.mkdir(parents=True)
            path.write_text(notebooks.render(notebook), encoding="utf-8")
        return subprocess.CompletedProcess(command, 0, stdout="", stderr="")

    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    monkeypatch.setattr(subprocess, "run", run)
    monkeypatch.setenv("DLBASICS_DATA", "restored after the test")
    real_version = importlib.metadata.version

    def version(name):
        if name in absent:
            raise importlib.metadata.PackageNotFoundError(name)
        return real_version(name)

    monkeypatch.setattr(importlib.metadata, "version", version)
    exec(compile(notebook.cells[0].source, f"{chapter}.ipynb, cell 0", "exec"), {})
    return commands


def test_colab_cell_installs_the_package_and_only_what_the_platform_lacks(monkeypatch, tmp_path):
    commands = _run_colab_cell(monkeypatch, tmp_path, "practice", absent={"optuna"})
    repository = tmp_path / "deep-learning-basics"
    clone, package, extras = commands  # the notebook is current: no search in the history
    assert clone[:2] == ["git", "clone"] and "--filter=blob:none" in clone
    assert clone[-2:] == [notebooks.repository_url(), str(repository)]
    assert package[1:4] == ["-m", "pip", "install"] and package[-3:] == [
        "--no-deps", "--no-build-isolation", str(repository)]
    assert os.environ["DLBASICS_DATA"] == str(repository / "data")
    assert extras[1:4] == ["-m", "pip", "install"] and "-c" in extras
    assert extras[-1] == notebooks.pinned("optuna")  # tensorboard is there: kept as it is
    kept = Path(extras[extras.index("-c") + 1]).read_text(encoding="utf-8").split()
    assert f"torch=={importlib.metadata.version('torch')}" in kept
    assert f"numpy=={importlib.metadata.version('numpy')}" in kept


@pytest.mark.parametrize("framework", [None, "keras", "pytorch"])
def test_colab_cell_installs_only_the_package_for_a_chapter_without_extras(monkeypatch, tmp_path,
                                                                           framework):
    """The notebook is current: its digest is in the default branch's copy
    (of the notebook with both frameworks, or of one framework's), no search."""
    commands = _run_colab_cell(monkeypatch, tmp_path, "intro", absent=set(), framework=framework)
    assert [command[:2] for command in commands] == [["git", "clone"], [sys.executable, "-m"]]


def test_colab_cell_of_a_framework_notebook_installs_the_chapter_s_extras(monkeypatch, tmp_path):
    commands = _run_colab_cell(monkeypatch, tmp_path, "practice", absent={"optuna"},
                               framework="pytorch")
    assert [command[0] for command in commands] == ["git", sys.executable, sys.executable]
    assert commands[-1][-1] == notebooks.pinned("optuna")


def test_colab_cell_does_nothing_elsewhere(monkeypatch):
    commands = []
    monkeypatch.setattr(subprocess, "run", lambda command, **kw: commands.append(command))
    monkeypatch.delenv("KAGGLE_KERNEL_RUN_TYPE", raising=False)
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    cell = notebooks.paired_notebook(BOOK / "en" / "cnn.md").cells[0]
    exec(compile(cell.source, "cnn.ipynb, cell 0", "exec"), {})
    assert commands == []


@pytest.mark.parametrize("framework", [None, "keras", "pytorch"])
def test_notebook_digest_covers_the_whole_notebook(framework):
    """Each notebook's digest is of its own text: the three notebooks of a
    chapter (both frameworks, Keras's, PyTorch's) and the two editions have
    different ones, so that ``git log -S`` finds the commits of each."""
    source = BOOK / "en" / "intro.md"
    text = notebooks.render(notebooks.paired_notebook(source, framework))
    (digest,) = re.findall(r'\\"([0-9a-f]{12})\\"', text)
    assert notebooks.digest(text.replace(digest, notebooks.VERSION_PLACEHOLDER)) == digest
    others = [notebooks.paired_notebook(BOOK / "fr" / "intro.md", framework),
              *(notebooks.paired_notebook(source, other) for other in (None, "keras", "pytorch")
                if other != framework)]
    assert not [other for other in others if digest in notebooks.render(other)]


def _commit(repository: Path, files: dict[str, str]) -> str:
    for name, text in files.items():
        (repository / name).parent.mkdir(parents=True, exist_ok=True)
        (repository / name).write_text(text, encoding="utf-8")
    subprocess.run(["git", "-C", str(repository), "add", "--all"], check=True)
    subprocess.run(["git", "-C", str(repository), "commit", "--quiet", "-m", "a commit"], check=True)
    return subprocess.run(["git", "-C", str(repository), "rev-parse", "HEAD"], check=True,
                          capture_output=True, text=True).stdout.strip()


@pytest.mark.parametrize("notebook", ["book/en/chapter.ipynb", "book/en/chapter.pytorch.ipynb"])
@pytest.mark.parametrize("opened, expected", [
    ("aaaaaaaaaaaa", "two"),      # an old notebook: the code just before it changed
    ("bbbbbbbbbbbb", "three"),    # the current one: the default branch
    ("cccccccccccc", "three"),    # none of the book's: the default branch, and a message
])
def test_colab_cell_checks_out_the_code_of_its_notebook(monkeypatch, tmp_path, capsys, opened,
                                                        expected, notebook):
    """The cell's git commands, for real, on a small history; the clone goes
    to a local repository through git's configuration, as in colab-check.
    The same for a per-framework notebook, whose history is its own: the
    notebook with both frameworks (changed in other commits) is not searched."""
    origin = tmp_path / "origin"
    for key, value in {"GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@localhost",
                       "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@localhost",
                       "GIT_CONFIG_COUNT": "1",
                       "GIT_CONFIG_KEY_0": f"url.{origin.as_uri()}.insteadOf",
                       "GIT_CONFIG_VALUE_0": notebooks.repository_url(),
                       "KAGGLE_KERNEL_RUN_TYPE": "Interactive"}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("DLBASICS_DATA", "restored after the test")
    subprocess.run(["git", "init", "--quiet", str(origin)], check=True)
    for key in ("uploadpack.allowFilter", "uploadpack.allowAnySHA1InWant"):
        subprocess.run(["git", "-C", str(origin), "config", key, "true"], check=True)
    both = "book/en/chapter.ipynb"
    _commit(origin, {notebook: "version aaaaaaaaaaaa", "code.py": "one"})
    _commit(origin, {"code.py": "two"})     # a fix that leaves the notebook as it was
    _commit(origin, {notebook: "version bbbbbbbbbbbb"})
    _commit(origin, {"code.py": "three"})
    if notebook != both:  # the notebook with both frameworks changes without it, last
        _commit(origin, {both: "version aaaaaaaaaaaa, then something else"})
    installs = []
    real_run = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda command, **kw: (
        real_run(command, **kw) if command[0] == "git" else installs.append(command)))
    monkeypatch.chdir(tmp_path)
    exec(compile(notebooks.colab_cell(notebook, opened, []), "cell 0", "exec"), {})
    clone = tmp_path / "deep-learning-basics"
    assert (clone / "code.py").read_text(encoding="utf-8") == expected
    assert installs == [[sys.executable, "-m", "pip", "install", "--quiet", "--root-user-action=ignore",
                         "--no-deps", "--no-build-isolation", str(clone)]]
    message = "is not a version of the book's" in capsys.readouterr().out
    assert message == (opened == "cccccccccccc")
    partial = real_run(["git", "-C", str(clone), "config", "remote.origin.partialclonefilter"],
                       capture_output=True, text=True).stdout.strip()
    assert partial == "blob:none"


def test_gpu_chapters_ask_colab_for_a_gpu():
    for name in ("cnn", "attention"):
        metadata = notebooks.paired_notebook(BOOK / "en" / f"{name}.md").metadata
        assert metadata["accelerator"] == "GPU" and metadata["colab"]["gpuType"] == "T4"
    assert "accelerator" not in notebooks.paired_notebook(BOOK / "en" / "intro.md").metadata
