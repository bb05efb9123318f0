"""The checks of the built book: everything in this folder needs `make book`
first (and `make pdf` for test_pdf.py), so `make test-site` runs this folder
and `make test-package` leaves it out; no test file needs a marker of its own.

Each test is marked here: ``site`` for all of them, plus the kind of build it
reads (``pdf``, ``browser``, ``editions``), so that ``-m "not browser"`` still works.

The fixture :func:`student_build` builds the student edition of a teacher's
table of contents (``tools/build_book.py --student --toc``), once per
session, for test_editions.py and test_browser.py: it reuses the book's
execution cache, so it executes nothing after ``make book``.  ``make
test-site`` runs this folder on two workers (pytest-xdist, ``-n 2 --dist
worksteal``): most checks wait on Chromium or on files, so two at a time
take less time; the first worker to need the student edition builds it,
under a lock in the run's shared temporary folder, and the other reads what
it built.  The checks that need Debian packages (TeX and poppler for the
PDFs, Chromium for the browser) skip where they are missing, and the session
ends with one line naming what was skipped and the command that installs it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pytest
import yaml
from filelock import FileLock

from _sources import BUILD, LANGUAGES, ROOT

HERE = Path(__file__).parent
#: Test file -> the marker of the build it reads (the others read the site).
KINDS = {"test_pdf.py": "pdf", "test_browser.py": "browser", "test_editions.py": "editions"}
#: What a skip for a missing system package says (see test_pdf and test_browser).
SYSTEM_DEPS = "sudo make system-deps"


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.fspath))
        if HERE in path.parents:
            item.add_marker(pytest.mark.site)
            if path.name in KINDS:
                item.add_marker(getattr(pytest.mark, KINDS[path.name]))


def pytest_terminal_summary(terminalreporter):
    skipped = {}
    for report in terminalreporter.stats.get("skipped", []):
        reason = str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else ""
        if SYSTEM_DEPS in reason:
            kind = KINDS.get(Path(report.location[0]).name, "site")
            skipped[kind] = skipped.get(kind, 0) + 1
    if skipped:
        counts = ", ".join(f"{count} {kind} check(s)" for kind, count in sorted(skipped.items()))
        terminalreporter.write_line(
            f"SKIPPED for missing system packages: {counts}; install them with `{SYSTEM_DEPS}`",
            yellow=True, bold=True)


#: Where the tests build the student edition of a teacher's table of contents.
STUDENT_TEST_BUILD = BUILD / "test-student"


def teacher_toc() -> dict:
    """A teacher's table of contents: the book's third chapter, then its
    first (the second and the others are left out), and its back matter but
    the API page (the slowest page to read)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    numbered, back = toc["parts"]
    return {"format": "jb-book", "root": toc["root"], "parts": [
        {"numbered": numbered["numbered"], "chapters": numbered["chapters"][2::-2]},
        {"chapters": [entry for entry in back["chapters"] if entry["file"] != "api"]},
    ]}


@dataclass
class StudentBuild:
    """The student edition of :func:`teacher_toc`, as the tests built it."""

    root: Path
    toc: Path
    chapters: list[str]
    left_out: list[str]
    log: str
    pdf_langs: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def _build(root: Path, log: list[str], *args: str) -> float:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "build_book.py"), *args],
                            cwd=ROOT, capture_output=True, text=True)
    log.append(result.stdout + result.stderr)
    if result.returncode:
        pytest.fail(f"tools/build_book.py {' '.join(args)} failed:\n" + log[-1][-6000:])
    return time.perf_counter() - start


@pytest.fixture(scope="session")
def student_build(tmp_path_factory) -> StudentBuild:
    """Build the student edition of a teacher's table of contents into
    ``_build/test-student``: the site in every language, and the PDFs of
    the first (where TeX is installed).  Needs the book's execution cache
    (``make book``); its log is kept, to check that nothing was executed.

    Built once per run: on pytest-xdist's workers, the first to get here
    builds it, and the others wait for it and read its description."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return _build_student_edition()
    shared = tmp_path_factory.getbasetemp().parent  # one folder per run, for every worker
    built = shared / "student-build.json"
    with FileLock(str(shared / "student-build.lock")):
        if built.exists():
            fields = json.loads(built.read_text(encoding="utf-8"))
            return StudentBuild(**{**fields, "root": Path(fields["root"]),
                                   "toc": Path(fields["toc"])})
        student = _build_student_edition()
        built.write_text(json.dumps(asdict(student), default=str), encoding="utf-8")
        return student


def _files(entries: list[dict]) -> list[str]:
    """The files of table-of-contents entries, their sections' included."""
    return [name for entry in entries
            for name in (entry["file"], *_files(entry.get("sections", [])))]


def _build_student_edition() -> StudentBuild:
    root = STUDENT_TEST_BUILD
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    toc_data = teacher_toc()
    toc = root / "teacher-toc.yml"
    toc.write_text(yaml.safe_dump(toc_data, sort_keys=False), encoding="utf-8")
    chapters = [entry["file"] for entry in toc_data["parts"][0]["chapters"]]
    book = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    kept = {toc_data["root"]} | {name for part in toc_data["parts"]
                                 for name in _files(part["chapters"])}
    left_out = [name for part in book["parts"] for name in _files(part["chapters"])
                if name not in kept]
    log: list[str] = []
    common = ["--student", "--toc", str(toc), "--output", str(root)]
    seconds = {"html": _build(root, log, *common)}
    pdf_langs = []
    if shutil.which("latexmk"):
        pdf_langs = [LANGUAGES[0]]
        seconds["pdf"] = _build(root, log, *common, "--pdf", "--lang", *pdf_langs)
    (root / "build.log").write_text("\n".join(log), encoding="utf-8")
    return StudentBuild(root, toc, chapters, left_out, "\n".join(log), pdf_langs, seconds)
