"""CITATION.cff: valid Citation File Format, and saying what the rest of the
repository says (the version of pyproject.toml, the author and repository
of _config.yml, the two licences, both editions' titles)."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from _sources import EDITIONS, ROOT
from editions import CITATION, citation, project_version

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
#: The keys Citation File Format 1.2.0 requires, and those the book gives.
REQUIRED = {"cff-version", "message", "title", "authors"}
GIVEN = {"version", "date-released", "license", "repository-code"}


def test_valid_yaml_with_the_required_keys():
    data = yaml.safe_load(CITATION.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    missing = (REQUIRED | GIVEN) - set(data)
    assert not missing, f"CITATION.cff lacks {sorted(missing)}"
    assert data["cff-version"] == "1.2.0"


def test_matches_the_citation_file_format_schema():
    """The schema ships with check-jsonschema (requirements.txt): no network."""
    tool = Path(sys.executable).parent / "check-jsonschema"
    if not tool.exists():
        pytest.fail("check-jsonschema is not installed: it is in requirements.txt")
    result = subprocess.run(
        [str(tool), "--builtin-schema", "vendor.citation-file-format",
         str(CITATION)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_version_is_the_projects():
    assert str(citation()["version"]) == project_version(), (
        "CITATION.cff's version differs from [project] version of pyproject.toml: "
        "change both when releasing (README, Releasing)")


def test_release_date_is_a_past_date():
    released = datetime.date.fromisoformat(citation()["date-released"])
    assert released <= datetime.date.today()


def test_says_what_the_repository_says():
    data = citation()
    assert [author.get("name") for author in data["authors"]] == [CONFIG["author"]]
    assert data["repository-code"] == CONFIG["repository"]["url"]
    assert data["license"] == ["CC-BY-SA-4.0", "MIT"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert "Attribution-ShareAlike 4.0" in (ROOT / "LICENSE-TEXT").read_text(encoding="utf-8")
    for edition in EDITIONS.values():
        assert edition["title"] in data["title"], f"the title does not name {edition['title']!r}"
