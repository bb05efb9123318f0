"""Each chapter declares the packages it needs beyond the platforms' own
(``book/extras.yml``), and its notebook's Colab cell installs them.

Colab and Kaggle ship NumPy, pandas, SciPy, matplotlib, scikit-learn,
scikit-image, Keras, TensorFlow and PyTorch; anything else a chapter imports,
directly or through a ``dlbasics`` function that imports it when called,
must be in the chapter's list, or *Run all* stops at the import.
"""

from __future__ import annotations

import ast
import importlib.metadata
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


def _run_colab_cell(monkeypatch, chapter: str, absent: set[str]) -> list[list[str]]:
    """Run a notebook's first cell as Colab would, recording the commands."""
    commands = []
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    monkeypatch.setattr(subprocess, "run", lambda command, **kw: commands.append(command))
    real_version = importlib.metadata.version

    def version(name):
        if name in absent:
            raise importlib.metadata.PackageNotFoundError(name)
        return real_version(name)

    monkeypatch.setattr(importlib.metadata, "version", version)
    monkeypatch.setattr(sys, "path", list(sys.path))
    cell = notebooks.paired_notebook(BOOK / "en" / f"{chapter}.md").cells[0]
    exec(compile(cell.source, f"{chapter}.ipynb, cell 0", "exec"), {})
    assert sys.path[0].endswith("deep-learning-basics/code")
    return commands


def test_colab_cell_installs_only_what_the_platform_lacks(monkeypatch):
    commands = _run_colab_cell(monkeypatch, "practice", absent={"optuna"})
    assert commands[0][:2] == ["git", "clone"]
    pip = commands[1]
    assert pip[1:4] == ["-m", "pip", "install"] and "-c" in pip
    assert pip[-1] == notebooks.pinned("optuna")  # tensorboard is there: kept as it is
    kept = Path(pip[pip.index("-c") + 1]).read_text(encoding="utf-8").split()
    assert f"torch=={importlib.metadata.version('torch')}" in kept
    assert f"numpy=={importlib.metadata.version('numpy')}" in kept


def test_colab_cell_installs_nothing_for_a_chapter_without_extras(monkeypatch):
    commands = _run_colab_cell(monkeypatch, "intro", absent=set())
    assert [command[:2] for command in commands] == [["git", "clone"]]


def test_colab_cell_does_nothing_elsewhere(monkeypatch):
    commands = []
    monkeypatch.setattr(subprocess, "run", lambda command, **kw: commands.append(command))
    monkeypatch.delenv("KAGGLE_KERNEL_RUN_TYPE", raising=False)
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    cell = notebooks.paired_notebook(BOOK / "en" / "cnn.md").cells[0]
    exec(compile(cell.source, "cnn.ipynb, cell 0", "exec"), {})
    assert commands == []


def test_gpu_chapters_ask_colab_for_a_gpu():
    for name in ("cnn", "attention"):
        metadata = notebooks.paired_notebook(BOOK / "en" / f"{name}.md").metadata
        assert metadata["accelerator"] == "GPU" and metadata["colab"]["gpuType"] == "T4"
    assert "accelerator" not in notebooks.paired_notebook(BOOK / "en" / "intro.md").metadata
