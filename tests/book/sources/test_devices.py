"""PyTorch cells feed a model on ``device`` only tensors made on ``device``.

The book runs on the CPU in CI, where a tensor made without ``device=`` and
a model moved with ``.to(device)`` still meet; on a GPU they raise
"Expected all tensors to be on the same device" (review ch6-10, W3).  This
test reads each chapter's code cells in order, follows the names that are
put on ``device`` (``x = ....to(device)``, ``model.to(device)``, a tensor
made with ``device=``, ``training.fit(model, ..., device=device)``, a ``torch.nn.Sequential`` of
such parts), and
fails on a call to one of them with a tensor made in its arguments without
``device=`` or ``.to(...)``.
"""

from __future__ import annotations

import ast

import pytest

from _sources import LANGUAGES, chapters, code_cells

#: The torch functions that make a new tensor (on the CPU unless told).
MAKERS = {"tensor", "as_tensor", "from_numpy", "zeros", "ones", "full", "empty", "rand",
          "randn", "randint", "arange", "linspace", "eye", "normal"}
#: Methods that copy a tensor into a module's own (so right) device.
COPIES = {"load_state_dict", "copy_"}


def _mentions_device(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Name) and n.id == "device" for n in ast.walk(node))


def _is_to_device(node: ast.AST) -> bool:
    """``something.to(device)`` (or ``.to(device=...)``, ``.cuda()``)."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and (node.func.attr == "cuda" or node.func.attr == "to" and _mentions_device(node)))


def _on_device_value(node: ast.AST) -> bool:
    """An expression whose value lives on ``device``."""
    for sub in ast.walk(node):
        if _is_to_device(sub):
            return True
        if isinstance(sub, ast.Call) and any(k.arg == "device" and _mentions_device(k.value)
                                             for k in sub.keywords):
            return True
    return False


def _root_name(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.value if not isinstance(node, ast.Call) else node.func
    return node.id if isinstance(node, ast.Name) else None


def _cpu_tensors(node: ast.AST) -> list[ast.Call]:
    """Tensor-making calls inside ``node`` that do not end up on ``device``."""
    found = []

    def visit(sub: ast.AST, moved: bool) -> None:
        if _is_to_device(sub) or (isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute)
                                  and sub.func.attr == "to"):
            moved = True
        if (isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute)
                and sub.func.attr in MAKERS and _root_name(sub.func) == "torch"
                and not moved and not any(k.arg == "device" for k in sub.keywords)):
            found.append(sub)
        for child in ast.iter_child_nodes(sub):
            visit(child, moved)

    visit(node, False)
    return found


def _built_from(node: ast.AST, on_device: set[str]) -> bool:
    """``torch.nn.Sequential(base, head)``: a torch call on on-device parts."""
    return (isinstance(node, ast.Call) and _root_name(node.func) in ("torch", "nn")
            and any(isinstance(a, ast.Name) and a.id in on_device for a in node.args))


def mixed_devices(sources: list[str]) -> list[str]:
    """Calls of an on-device model or tensor with a CPU tensor made in them."""
    on_device: set[str] = set()
    found = []
    for index, source in enumerate(sources):
        lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
        tree = ast.parse("\n".join(lines))
        # In reading order, so that a name is on `device` from where it is put there.
        nodes = sorted((n for n in ast.walk(tree) if hasattr(n, "lineno")),
                       key=lambda n: (n.lineno, n.col_offset))
        for node in nodes:
            if isinstance(node, ast.Assign) and (_on_device_value(node.value)
                                                 or _built_from(node.value, on_device)):
                for target in node.targets:
                    for name in ast.walk(target):
                        if isinstance(name, ast.Name):
                            on_device.add(name.id)
            if not isinstance(node, ast.Call):
                continue
            if _is_to_device(node) and _root_name(node.func.value):
                on_device.add(_root_name(node.func.value))
            if (any(k.arg == "device" and _mentions_device(k.value) for k in node.keywords)
                    and node.args and isinstance(node.args[0], ast.Name)):
                on_device.add(node.args[0].id)
            if (_root_name(node.func) in on_device
                    and not (isinstance(node.func, ast.Attribute) and node.func.attr in COPIES)):
                for argument in [*node.args, *(k.value for k in node.keywords)]:
                    for made in _cpu_tensors(argument):
                        found.append(f"cell {index}, line {made.lineno}: "
                                     f"{ast.unparse(node)[:100]}")
    return found


def test_detects_a_cpu_tensor_fed_to_a_model_on_device():
    cells = ["model = make().to(device)", "y = model(torch.zeros(1, 3))\nz = model(torch.zeros(1, 3, device=device))"]
    assert len(mixed_devices(cells)) == 1
    assert mixed_devices(["net = make()", "net(torch.zeros(1, 3))"]) == []  # stays on the CPU
    assert mixed_devices(["net = make().to(device)", "net.load_state_dict({'w': torch.zeros(3)})"]) == []
    assert mixed_devices(["fit(net, x, y, device=device)", "net(torch.from_numpy(x).to(device))"]) == []
    assert len(mixed_devices(["fit(net, x, y, device=device)", "net(torch.from_numpy(x))"])) == 1
    assert len(mixed_devices(["fit(a, x, y, device=device)", "b = torch.nn.Sequential(a)\nb(torch.zeros(1))"])) == 1


@pytest.mark.parametrize("name", chapters())
@pytest.mark.parametrize("lang", LANGUAGES)
def test_pytorch_cells_make_their_tensors_on_the_models_device(lang, name):
    cells = [cell for cell in code_cells(lang, f"{name}.md")
             if "keras" not in cell.metadata.get("tags", [])]
    found = mixed_devices([cell.source for cell in cells])
    assert not found, (f"book/{lang}/{name}.md: a tensor made without `device=` (or `.to(device)`) "
                       "goes into a model or tensor on `device`; it fails on a GPU:\n" + "\n".join(found))
