"""Every chapter runs as a notebook, as on Binder, and prints what the book shows.

(That the paired notebooks are current is checked without a build:
``tests/book/sources/test_paired_notebooks.py``.)

``test_notebook_runs_from_its_folder`` does what Binder does: it executes
``book/<lang>/NAME.ipynb`` with ``jupyter nbconvert --execute`` from the
notebook's own folder, in an environment without the build's settings, and
fails on any error or any output on stderr.  It then compares every text
output with the book build's own, independent execution of the same chapter
(read from the build's execution cache): two cold runs must print the
same numbers (everything is seeded; TensorFlow op determinism is on).  Its
timings go to ``_build/notebook-timings.json``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time

import nbformat
import pytest

from _sources import BUILD, LANGUAGES, ROOT, built_notebook, chapters

CHAPTERS = chapters(LANGUAGES[0])
#: A chapter must run in under a minute on two cores; leave room for a slow CI.
TIME_LIMIT_S = 120


@pytest.mark.parametrize("chapter", CHAPTERS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_notebook_runs_from_its_folder(lang, chapter, tmp_path):
    folder = ROOT / "book" / lang
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("TF_", "KERAS_", "PYTHONHASHSEED"))}
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
         f"{chapter}.ipynb", "--output-dir", str(tmp_path),
         f"--ExecutePreprocessor.timeout={TIME_LIMIT_S}"],
        cwd=folder, env=env, capture_output=True, text=True,
    )
    elapsed = time.perf_counter() - start
    assert result.returncode == 0, f"book/{lang}/{chapter}.ipynb failed:\n{result.stderr[-3000:]}"
    executed = nbformat.read(tmp_path / f"{chapter}.ipynb", as_version=4)
    stderr = [output.get("text", "") for cell in executed.cells
              for output in cell.get("outputs", []) if output.get("name") == "stderr"]
    assert not stderr, f"book/{lang}/{chapter}.ipynb wrote to stderr:\n{stderr}"
    _record(lang, chapter, elapsed)
    assert elapsed < TIME_LIMIT_S, f"book/{lang}/{chapter}.ipynb took {elapsed:.0f} s"
    reference = built_notebook(lang, chapter)
    assert text_outputs(executed.cells[1:]) == text_outputs(reference.cells), (
        f"book/{lang}/{chapter}: the notebook run printed other text than the book build"
    )


#: Object addresses (``<object at 0x7f...>``) differ from run to run.
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def text_outputs(cells) -> list[list[str]]:
    """The printed text of each code cell (streams and text/plain results),
    except the execution-info cell, whose date and device may differ."""
    found = []
    for cell in cells:
        if cell.cell_type != "code" or "execution-info" in cell.metadata.get("tags", []):
            continue
        texts = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                texts.append(output.get("text", ""))
            elif "text/plain" in output.get("data", {}) and "image/png" not in output["data"]:
                texts.append(output["data"]["text/plain"] + "\n")
        # The kernel may split one print into several messages, and runs may
        # differ in trailing blank lines: compare the whole text, trimmed.
        text = "".join(texts)
        found.append([_ADDRESS.sub(" at 0x…", text).rstrip()])
    return found


def test_text_outputs_catch_a_changed_number():
    cell = nbformat.v4.new_code_cell("print(w)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="w = 3.653\n")]
    other = nbformat.v4.new_code_cell("print(w)")
    other.outputs = [nbformat.v4.new_output("stream", name="stdout", text="w = 3.654\n")]
    assert text_outputs([cell]) != text_outputs([other])
    other.outputs[0]["text"] = "w = 3.653\n"
    assert text_outputs([cell]) == text_outputs([other])


def _record(lang: str, chapter: str, seconds: float) -> None:
    path = BUILD / "notebook-timings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    timings = json.loads(path.read_text()) if path.exists() else {}
    timings[f"{lang}/{chapter}"] = round(seconds, 1)
    path.write_text(json.dumps(timings, indent=2, sort_keys=True))
