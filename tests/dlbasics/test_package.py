"""Tests of the package as a whole: public API and import cost."""

import json
import subprocess
import sys

import pytest

import dlbasics

HEAVY = ["keras", "tensorflow", "torch", "matplotlib.pyplot", "sklearn"]


def test_import_does_not_load_frameworks():
    code = (
        "import json, sys, dlbasics, dlbasics.plots, dlbasics.scratch,"
        " dlbasics.keras_models, dlbasics.torch_models, dlbasics.weights;"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(result.stdout) == []


@pytest.mark.parametrize("name", dlbasics.__all__)
def test_public_names_exist(name):
    assert callable(getattr(dlbasics, name))


def test_public_api():
    expected = (
        "available_datasets data_dir execution_info load_dataset quiet_tensorflow set_seed torch_device"
    )
    assert sorted(dlbasics.__all__) == expected.split()
    assert dlbasics.__version__ == "0.1.0"


@pytest.mark.parametrize(
    "module", ["data", "keras_models", "plots", "scratch", "torch_models", "weights"]
)
def test_submodules_are_attributes(module):
    submodule = getattr(dlbasics, module)
    assert submodule.__name__ == f"dlbasics.{module}"
    assert all(hasattr(submodule, name) for name in submodule.__all__)
