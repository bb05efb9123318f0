"""Tests of the package as a whole, discovered from its files and ``__all__``.

Nothing here lists modules by hand (scikit-learn-contrib's
``skltemplate.utils.discovery`` style): a new module or public name is
covered by being written. The checks: every module imports; ``import
dlbasics`` loads no framework; every name of every ``__all__`` exists and
has a numpydoc docstring; no ``_private`` name is imported outside its
subpackage.
"""

import ast
import importlib
import inspect
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import dlbasics

PACKAGE = Path(dlbasics.__file__).resolve().parent
HEAVY = ["keras", "tensorflow", "torch", "matplotlib.pyplot", "sklearn"]
#: Modules that import a framework at their top, and are therefore not
#: imported by ``import dlbasics`` (a chapter imports them after setup()).
FRAMEWORK_MODULES = {"dlbasics.keras_models": "keras", "dlbasics.torch_models": "torch",
                     "dlbasics.training": "torch"}


def _module_name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


#: Every module of the package, found from its files: name -> path.
MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _framework_of(module):
    """The framework `module` needs at import, or None."""
    for prefix, framework in FRAMEWORK_MODULES.items():
        if module == prefix or module.startswith(prefix + "."):
            return framework
    return None


def _import(module):
    """Import `module`, skipping when the framework it needs is not installed."""
    framework = _framework_of(module)
    if framework is not None:
        pytest.importorskip(framework)
    return importlib.import_module(module)


# --- importing ------------------------------------------------------------------


def test_modules_are_discovered():
    assert {"dlbasics", "dlbasics.runtime", "dlbasics.scratch", "dlbasics.datasets"} <= set(MODULES)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_module_is_importable(module):
    assert _import(module).__name__ == module


def test_import_does_not_load_frameworks():
    """``import dlbasics`` and its framework-free subpackages load no framework."""
    free = sorted(m for m in MODULES if _framework_of(m) is None)
    code = (
        f"import importlib, json, sys; [importlib.import_module(m) for m in {free!r}];"
        f"print(json.dumps([m for m in {HEAVY!r} + {sorted(FRAMEWORK_MODULES)!r}"
        " if m in sys.modules]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert json.loads(result.stdout) == []


def test_import_dlbasics_alone_loads_no_framework():
    code = (
        "import json, sys, dlbasics;"
        f"print(json.dumps([m for m in {HEAVY!r} + {sorted(FRAMEWORK_MODULES)!r}"
        " if m in sys.modules]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(result.stdout) == []


# --- the public API -------------------------------------------------------------


@pytest.mark.parametrize("name", dlbasics.__all__)
def test_public_names_exist(name):
    assert callable(getattr(dlbasics, name))


def test_public_api():
    expected = "execution_info fmt load_dataset quiet_tensorflow set_seed setup torch_device use_language"
    assert sorted(dlbasics.__all__) == expected.split()
    assert dlbasics.__version__ == "0.1.0"


@pytest.mark.parametrize("module", ["datasets", "numbers", "plots", "runtime", "scratch", "weights"])
def test_submodules_are_attributes(module):
    submodule = getattr(dlbasics, module)
    assert submodule.__name__ == f"dlbasics.{module}"
    assert all(hasattr(submodule, name) for name in submodule.__all__)


def test_scratch_flattens_nothing():
    """``scratch.__all__`` is its modules, every one imported: ``scratch.losses.mse``."""
    modules = sorted(m.rsplit(".", 1)[1] for m in MODULES
                     if m.startswith("dlbasics.scratch.") and not m.rsplit(".", 1)[1].startswith("_"))
    assert sorted(dlbasics.scratch.__all__) == modules
    for name in modules:
        assert inspect.ismodule(getattr(dlbasics.scratch, name))


def _public_names():
    """(module, name) for every name of every module's ``__all__``, read from the sources."""
    pairs = []
    for module, path in MODULES.items():
        for node in ast.parse(path.read_text()).body:
            targets = [t.id for t in getattr(node, "targets", []) if isinstance(t, ast.Name)]
            if "__all__" in targets:
                try:
                    names = ast.literal_eval(node.value)
                except ValueError:  # e.g. [*a.__all__, ...]: evaluated at import time instead
                    names = None
                pairs += [(module, name) for name in (names or [None])]
    return pairs


PUBLIC = _public_names()


def test_every_package_has_an_all():
    packages = [m for m, path in MODULES.items() if path.name == "__init__.py"]
    declared = {module for module, _ in PUBLIC}
    assert [p for p in packages if p not in declared] == []


_SECTION = re.compile(r"^(\w[\w ]*)\n-{3,}$", re.MULTILINE)


def _sections(doc):
    """{title: text} of the numpydoc sections of `doc`."""
    found = list(_SECTION.finditer(doc))
    return {m.group(1): doc[m.end():(found[i + 1].start() if i + 1 < len(found) else len(doc))]
            for i, m in enumerate(found)}


def _parameters(obj):
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):
        return []
    return [p.name for p in signature.parameters.values()
            if p.name not in ("self", "cls") and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


def _numpydoc_problems(obj):
    """What keeps `obj`'s docstring from being numpydoc (an empty list: nothing)."""
    doc = inspect.getdoc(obj)
    if not doc or not doc.split("\n", 1)[0].strip():
        return ["no docstring or no summary line"]
    if inspect.ismodule(obj):
        return []
    problems = []
    sections = _sections(doc)
    if inspect.isclass(obj):
        # A class documents its constructor's arguments (Parameters, Attributes or fields).
        missing = [p for p in _parameters(obj) if not re.search(rf"\b{p}\b", doc)]
        if missing:
            problems.append(f"arguments not documented: {missing}")
        return problems
    if callable(obj):
        parameters = _parameters(obj)
        if parameters:
            if "Parameters" not in sections:
                problems.append("no Parameters section")
            else:
                missing = [p for p in parameters
                           if not re.search(rf"\b{p}\b", sections["Parameters"])]
                if missing:
                    problems.append(f"parameters not documented: {missing}")
        if not {"Returns", "Yields"} & set(sections):
            problems.append("no Returns section")
    return problems


def _data_is_commented(name):
    """A public constant is documented by a ``#:`` comment right above its assignment
    (Sphinx's autodoc reads it), in the module that defines it."""
    for path in MODULES.values():
        lines = path.read_text().splitlines()
        for index, line in enumerate(lines):
            if re.match(rf"{name}\s*(:[^=]*)?=", line):
                return index > 0 and lines[index - 1].lstrip().startswith("#:")
    return False


@pytest.mark.parametrize(("module", "name"), PUBLIC, ids=[f"{m}:{n}" for m, n in PUBLIC])
def test_public_names_have_numpydoc_docstrings(module, name):
    imported = _import(module)
    names = imported.__all__ if name is None else [name]
    assert len(names) == len(set(names)), f"{module}.__all__ lists a name twice"
    for each in names:
        assert hasattr(imported, each), f"{module}.__all__ lists {each!r}, which it lacks"
        obj = getattr(imported, each)
        if inspect.ismodule(obj) or inspect.isclass(obj) or callable(obj):
            assert _numpydoc_problems(obj) == [], f"{module}.{each}"
        else:
            assert _data_is_commented(each), f"{module}.{each} has no #: comment"


def test_every_module_has_a_docstring():
    missing = [m for m, path in MODULES.items() if ast.get_docstring(ast.parse(path.read_text())) is None]
    assert missing == []


# --- private names stay in their subpackage -------------------------------------


def _package_of(module, path):
    return module if path.name == "__init__.py" else module.rsplit(".", 1)[0]


def _private_home(target, names):
    """The package a private part of ``target`` (+ an imported name) belongs to, or None."""
    parts = target.split(".")
    for index, part in enumerate(parts):
        if part.startswith("_") and not part.startswith("__"):
            return ".".join(parts[:index])
    if any(n.startswith("_") and not n.startswith("__") for n in names):
        # A private name of a package belongs to it; of a module, to its package.
        path = MODULES.get(target)
        return target if path is not None and path.name == "__init__.py" else target.rsplit(".", 1)[0]
    return None


def _private_imports():
    """(importer, what it imports, the home of the private part) for every such import."""
    found = []
    for module, path in MODULES.items():
        package = _package_of(module, path)
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[:len(base) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                names = [alias.name for alias in node.names]
                if not target.startswith("dlbasics"):
                    continue
                home = _private_home(target, names)
                if node.module is None:  # from . import _x: the names are modules
                    home = home or _private_home(target + "." + names[0], [])
                if home is not None:
                    found.append((module, f"{target}: {names}", home))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("dlbasics"):
                        home = _private_home(alias.name, [])
                        if home is not None:
                            found.append((module, alias.name, home))
    return found


def test_private_import_check_sees_imports():
    """The walk finds the package's own private imports (e.g. ``_validation``)."""
    assert any("_validation" in what for _, what, _ in _private_imports())


def test_no_private_name_is_imported_across_subpackages():
    crossing = [(importer, what) for importer, what, home in _private_imports()
                if not (importer == home or importer.startswith(home + "."))]
    assert crossing == []
