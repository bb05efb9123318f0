"""The GitHub Actions workflow cannot run here, so it is checked offline:
valid against GitHub's workflow schema, and free of zizmor findings
(unpinned actions, excessive permissions, template injection...)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from _sources import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    path = BIN / name
    if path.exists():
        return str(path)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: it is in requirements.txt (make test installs it)")
    return found


def test_there_is_a_workflow():
    assert WORKFLOWS, "no workflow in .github/workflows"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_github_schema(workflow):
    result = subprocess.run(
        [_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(workflow)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_has_no_zizmor_findings(workflow):
    result = subprocess.run([_tool("zizmor"), "--offline", str(workflow)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_builds_on_a_gpu_and_deploys_from_main():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "book.yml").read_text())
    build = workflow["jobs"]["build"]
    assert "gpu" in build["runs-on"]
    steps = " ".join(str(step.get("run", "")) + str(step.get("uses", "")) for step in build["steps"])
    for needed in ("nvidia-smi", "make test", "tensorflow[and-cuda]", "upload-artifact",
                   "_build/.jupyter_cache"):
        assert needed in steps or needed in str(build["steps"]), f"the build job lacks {needed!r}"
    assert workflow["permissions"] == {}
    deploy = workflow["jobs"]["deploy"]
    assert "refs/heads/main" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
