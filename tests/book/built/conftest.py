"""The checks of the built book: everything in this folder needs `make book`
first (and `make pdf` for test_pdf.py), so `make test-site` runs this folder
and `make test-package` leaves it out; no test file needs a marker of its own.

Each test is marked here: ``site`` for all of them, plus the kind of build it
reads (``pdf``, ``browser``), so that ``-m "not browser"`` still works.  The checks that need Debian packages (TeX and poppler for the
PDFs, Chromium for the browser) skip where they are missing, and the session
ends with one line naming what was skipped and the command that installs it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent
#: Test file -> the marker of the build it reads (the others read the site).
KINDS = {"test_pdf.py": "pdf", "test_browser.py": "browser"}
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
