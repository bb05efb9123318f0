"""tools/release.py (``make release``), on throwaway git repositories and
builds: what it refuses, what it writes, and that a dry run neither writes
nor tags.  Nothing here tags the book's own repository."""

from __future__ import annotations

import datetime
import re
import subprocess
import tarfile
import zipfile

import pytest

import release  # tools/, on pytest's pythonpath
from _sources import EDITIONS, LANGUAGES, ROOT
from editions import project_version

TODAY = datetime.date(2026, 12, 7)
GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
       "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"]


def _git(repo, *args):
    subprocess.run([*GIT, *args], cwd=repo, check=True, capture_output=True)


def _write(repo, version="1.2.0", cff_version=None, released="2026-12-01"):
    (repo / "pyproject.toml").write_text(
        f'[project]\nname = "dlbasics"\nversion = "{version}"\n', encoding="utf-8")
    (repo / "CITATION.cff").write_text(
        f"cff-version: 1.2.0\nversion: {cff_version or version}\n"
        f"date-released: {released}\n", encoding="utf-8")
    (repo / "_config.yml").write_text(
        "repository:\n  url: https://github.com/someone/the-book\n", encoding="utf-8")


@pytest.fixture
def repo(tmp_path):
    """A committed repository at version 1.2.0, with older tags."""
    path = tmp_path / "repo"
    path.mkdir()
    _git(path, "init", "--quiet")
    _write(path)
    _git(path, "add", ".")
    _git(path, "commit", "--quiet", "-m", "book 1.2.0")
    for old in ("v1.0.0", "v1.1.9"):
        _git(path, "tag", old)
    return path


def _commit(repo, message="next"):
    _git(repo, "commit", "--quiet", "-am", message)


def test_a_clean_tree_with_a_new_version_may_be_released(repo):
    assert release.problems(repo, TODAY, need_tex=False) == []


def test_uncommitted_changes_and_untracked_files_are_refused(repo):
    (repo / "pyproject.toml").write_text(
        (repo / "pyproject.toml").read_text() + "# edited\n", encoding="utf-8")
    (found,) = release.problems(repo, TODAY, need_tex=False)
    assert "uncommitted changes" in found and "pyproject.toml" in found
    _commit(repo)
    (repo / "notes.txt").write_text("draft", encoding="utf-8")
    (found,) = release.problems(repo, TODAY, need_tex=False)
    assert "notes.txt" in found


def test_a_released_or_older_version_is_refused(repo):
    _git(repo, "tag", "v1.2.0")
    (found,) = release.problems(repo, TODAY, need_tex=False)
    assert "v1.2.0 exists already" in found
    _write(repo, version="1.1.0")
    _commit(repo)
    (found,) = release.problems(repo, TODAY, need_tex=False)
    assert "older than the tag v1.2.0" in found


@pytest.mark.parametrize("version, cff_version, released, message", [
    ("1.3", None, "2026-12-01", "not MAJOR.MINOR.PATCH"),
    ("1.3.0", "1.2.0", "2026-12-01", "CITATION.cff: version"),
    ("1.3.0", None, "2026-12-25", "in the future"),
    ("1.3.0", None, "soon", "not a date"),
])
def test_a_citation_file_that_disagrees_is_refused(repo, version, cff_version, released, message):
    _write(repo, version=version, cff_version=cff_version, released=released)
    _commit(repo)
    found = release.problems(repo, TODAY, need_tex=False)
    assert len(found) == 1 and message in found[0], found


def test_the_pdfs_need_tex(repo, monkeypatch):
    monkeypatch.setattr(release.shutil, "which", lambda name: None)
    (found,) = release.problems(repo, TODAY)
    assert "latexmk" in found


@pytest.fixture
def build(tmp_path):
    """A built site of version 1.2.0 with both PDFs, and paired notebooks."""
    build = tmp_path / "build"
    for lang in LANGUAGES:
        site = build / "html" / lang
        site.mkdir(parents=True)
        # The home page's BibTeX entry, highlighted as Pygments does.
        (site / "index.html").write_text(
            '<pre><span class="nc">@book</span>{x,\n<span class="na">version</span>'
            '<span class="w">  </span><span class="p">=</span><span class="w"> </span>'
            '<span class="s">{1.2.0}</span><span class="p">,</span>\n}</pre>',
            encoding="utf-8")
        pdf = build / "pdf" / f"{EDITIONS[lang]['pdf_name']}.pdf"
        pdf.parent.mkdir(parents=True, exist_ok=True)
        pdf.write_bytes(b"%PDF-1.5 " + lang.encode())
    (build / "html" / "index.html").write_text("root", encoding="utf-8")
    return build


def test_the_build_must_be_this_versions(build):
    assert release.built_problems("1.2.0", build) == []
    found = release.built_problems("1.3.0", build)
    assert len(found) == len(LANGUAGES) and all("does not cite version 1.3.0" in f for f in found)
    (build / "pdf" / f"{EDITIONS[LANGUAGES[-1]]['pdf_name']}.pdf").unlink()
    assert any("is missing" in f for f in release.built_problems("1.2.0", build))


def test_release_files(repo, build):
    book = repo / "book"
    for lang in LANGUAGES:
        (book / lang).mkdir(parents=True)
        (book / lang / "intro.ipynb").write_text("{}", encoding="utf-8")
        (book / lang / "intro.md").write_text("# not a release file", encoding="utf-8")
    written = release.write_release("1.2.0", repo, build)
    names = [path.name for path in written]
    assert names == ["the-book-1.2.0-site.tar.gz",
                     *[f"{EDITIONS[lang]['pdf_name']}-1.2.0.pdf" for lang in LANGUAGES],
                     "the-book-1.2.0-notebooks.zip", "SHA256SUMS"]
    assert all(path.parent == build / "release" for path in written)
    with tarfile.open(build / "release" / names[0]) as archive:
        members = set(archive.getnames())
    assert {"the-book-1.2.0-site/index.html",
            *(f"the-book-1.2.0-site/{lang}/index.html" for lang in LANGUAGES)} <= members
    with zipfile.ZipFile(build / "release" / "the-book-1.2.0-notebooks.zip") as archive:
        assert sorted(archive.namelist()) == sorted(
            f"the-book-1.2.0-notebooks/{lang}/intro.ipynb" for lang in LANGUAGES)
    sums = (build / "release" / "SHA256SUMS").read_text().splitlines()
    assert [line.split("  ")[1] for line in sums] == names[:-1]
    assert all(re.fullmatch(r"[0-9a-f]{64}  \S+", line) for line in sums)


def test_tag(repo, monkeypatch):
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Test")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "test@example.org")
    assert release.tag("1.2.0", repo) == "v1.2.0"
    kind = subprocess.run(["git", "cat-file", "-t", "v1.2.0"], cwd=repo, capture_output=True,
                          text=True, check=True).stdout.strip()
    assert kind == "tag", "an annotated tag"
    assert "v1.2.0 exists already" in release.problems(repo, TODAY, need_tex=False)[0]


def test_dry_run_writes_and_tags_nothing(monkeypatch, capsys, build):
    """``publish --dry-run`` on a tree that may be released: it says what it
    would write and tag, and does neither."""
    monkeypatch.setattr(release, "problems", lambda: [])
    monkeypatch.setattr(release, "built_problems", lambda version, build: [])
    monkeypatch.setattr(release, "BUILD", build)
    tags = subprocess.run(["git", "tag"], cwd=ROOT, capture_output=True, text=True).stdout
    assert release.main(["publish", "--dry-run"]) == 0
    out = capsys.readouterr().out
    version = project_version()
    assert f"as v{version}" in out and f"-{version}-site.tar.gz" in out
    assert not (build / "release").exists()
    assert subprocess.run(["git", "tag"], cwd=ROOT, capture_output=True, text=True).stdout == tags


def test_check_refuses_loudly(monkeypatch, capsys):
    monkeypatch.setattr(release, "problems", lambda: ["the tree is dirty", "no TeX"])
    assert release.main(["check"]) == 1
    err = capsys.readouterr().err
    assert "the tree is dirty" in err and "no TeX" in err


def test_make_release_checks_then_builds_then_publishes():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^release:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert recipe, "the Makefile has no release target"
    steps = [line.strip() for line in recipe.group(1).splitlines()]
    assert steps == ["$(PY) tools/release.py check", "$(MAKE) test",
                     "$(PY) tools/release.py publish"]
