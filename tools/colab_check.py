"""Run every published notebook as a student does on Colab, without Colab.

``make colab-check`` runs this script with the Python of ``.venv-colab``, the
environment pinned to the versions Colab ships (``colab/constraints.txt``)::

    .venv-colab/bin/python tools/colab_check.py            # every notebook, two at a time
    .venv-colab/bin/python tools/colab_check.py book/fr/cnn.ipynb --jobs 1
    .venv-colab/bin/python tools/colab_check.py --all-frameworks

By default it runs every chapter's notebook with both frameworks
(``book/<lang>/NAME.ipynb``), and the per-framework notebooks
(``NAME.keras.ipynb``, ``NAME.pytorch.ipynb``) of the few chapters of
:data:`FRAMEWORK_SAMPLE` only: whether the others run is checked from their
code (``tests/book/sources/test_paired_notebooks.py``), their code cells are
the same in every edition, and running them all would cost too much.  A
notebook's time is mostly the fixed cost of a kernel (start, imports, the
first cell), so the two of a chapter cost 1.4 to 1.8 times its notebook with
both: measured one at a time at Colab's versions (load 3 to 7, beside a
test run), en/mlp 51.6 s with both frameworks, 50.2 s Keras, 44.4 s PyTorch;
en/regularization 85.8 s, 78.0 s, 39.3 s.  All forty would make the check
about 2.5 times as long (some 20 more minutes on two cores); the sample adds
212 s of notebook time to about 1,580 s (13 %).  ``--all-frameworks`` runs them all.

Each notebook ``book/<lang>/NAME.ipynb`` runs from an empty folder, in a
kernel that believes it is on Kaggle (``KAGGLE_KERNEL_RUN_TYPE``), so its
first cell does what it does for a student: it clones the book's repository,
finds the commit that goes with the notebook, installs ``dlbasics`` and the
chapter's extra packages, and points ``DLBASICS_DATA`` at the data.  Git
fetches the repository from a throw-away copy instead of GitHub
(``url.<copy>.insteadOf``, set through the environment; the cell is not
changed): the real history with the working tree as one more commit on top
when it has uncommitted changes, so that the cell finds the notebook's
digest and runs the code of the working tree.

Every notebook gets its own small virtual environment on top of
``.venv-colab`` (a ``.pth`` file adds the pinned environment's packages), so
what the first cell installs goes there: each run starts from Colab's
packages only, and two runs at a time do not install into the same folder.

A notebook fails on any cell error and on any output on stderr; the message
names the notebook and the cell.  The wall time of each notebook goes to
``_build/notebook-timings.json`` (``tools/bench.py`` reads it), and the
executed notebooks to ``_build/colab/<lang>/NAME.ipynb``, where
``tests/book/built/test_results.py`` checks the chapters' claims against
them as against the book build.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The book's build folder (BOOK_BUILD_DIR moves it, as for tools/editions.py).
BUILD = Path(os.environ.get("BOOK_BUILD_DIR", ROOT / "_build")).resolve()
#: Where the executed notebooks go (tests/book/_sources.py reads them).
EXECUTED = BUILD / "colab"
TIMINGS = BUILD / "notebook-timings.json"
#: Seconds one cell may run (the first cell installs packages; two notebooks
#: share the two cores of CI).
CELL_TIMEOUT_S = 300
#: The chapters (``lang/NAME``) whose per-framework notebooks run by
#: default: mlp, whose PyTorch notebook leaves out a PyTorch cell (it needs
#: the Keras model's weights) and the shared cells after it, and
#: regularization, whose Keras notebook leaves out five shared cells (one of
#: them a PyTorch loop without the package) and whose Keras cells read
#: names that the PyTorch cells bind too.
FRAMEWORK_SAMPLE = ("en/mlp", "en/regularization")
#: The framework tags, in the per-framework notebooks' names (NAME.<tag>.ipynb).
FRAMEWORKS = ("keras", "pytorch")
#: Environment variables of this process that a student's kernel would not have.
#: PYTHONDONTWRITEBYTECODE among them: Colab's packages come with their
#: bytecode, and uv installs .venv-colab's without it, so a kernel that may
#: not write it compiles TensorFlow, Keras and PyTorch from source in every
#: notebook (the setup cell took 14-16 s instead of 5-6); the first notebooks
#: write it, for the next ones.
LOCAL_SETTINGS = ("TF_", "KERAS_", "PYTHONHASHSEED", "PYTHONPATH", "PYTHONDONTWRITEBYTECODE",
                  "VIRTUAL_ENV", "JUPYTER_", "DLBASICS_", "MPLBACKEND", "GIT_")
#: The colours of IPython's tracebacks, left out of the failure messages.
ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")
#: Who the throw-away commit of the working tree is by (CI has no git identity).
COMMITTER = {"GIT_AUTHOR_NAME": "colab-check", "GIT_AUTHOR_EMAIL": "colab-check@localhost",
             "GIT_COMMITTER_NAME": "colab-check", "GIT_COMMITTER_EMAIL": "colab-check@localhost"}


@dataclass
class Run:
    """What one notebook's run gave."""

    notebook: str          #: ``lang/NAME``
    seconds: float         #: wall time, kernel start included
    setup_seconds: float   #: the first cell's share (clone and installs)
    error: str             #: empty when the notebook ran cleanly


def repository_url() -> str:
    """The URL the notebooks clone (``repository.url`` of ``_config.yml``)."""
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return config["repository"]["url"]


def published_notebooks(sample: tuple[str, ...] | None = FRAMEWORK_SAMPLE) -> list[Path]:
    """The paired notebooks to run: every chapter's with both frameworks
    (``book/<lang>/NAME.ipynb``), then the per-framework ones
    (``NAME.<framework>.ipynb``) of the chapters of `sample` (``lang/NAME``;
    None: of every chapter of every edition)."""
    sys.path.insert(0, str(ROOT / "tools"))
    from editions import BOOK, LANGUAGES

    both = [path for lang in LANGUAGES for path in sorted((BOOK / lang).glob("*.ipynb"))
            if "." not in path.stem]
    names = {f"{path.parent.name}/{path.stem}": path for path in both}
    unknown = set(sample or ()) - set(names)
    if unknown:
        raise ValueError(f"FRAMEWORK_SAMPLE names {sorted(unknown)}, which have no paired "
                         "notebook (lang/NAME: en/mlp)")
    one = [path.with_name(f"{path.stem}.{framework}.ipynb")
           for name, path in names.items() if sample is None or name in sample
           for framework in FRAMEWORKS]
    missing = [str(path.relative_to(ROOT)) for path in one if not path.exists()]
    if missing:
        raise FileNotFoundError(f"missing per-framework notebooks {missing}: run `make notebooks`")
    return both + one


def _git(*args: str, cwd: Path | None = None, env: dict | None = None) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, env={**os.environ, **(env or {})},
                            capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"git {' '.join(args)} failed:\n{result.stderr.strip()}")
    return result.stdout.strip()


def throwaway_repository(source: Path, target: Path) -> str:
    """A bare copy of `source`'s history whose default branch is its working tree.

    The copy holds the history of ``HEAD``; when the working tree differs from
    it (uncommitted changes, untracked files that git does not ignore), one
    more commit on top holds the working tree, so that the notebooks' digests
    are found and their first cell checks out the code being tested.  The
    copy serves partial clones (``--filter=blob:none``) as GitHub does.

    Returns
    -------
    str
        The commit the default branch ``main`` points at.
    """
    _git("init", "--quiet", "--bare", str(target))
    for key in ("uploadpack.allowFilter", "uploadpack.allowAnySHA1InWant"):
        _git("config", key, "true", cwd=target)
    exclude = Path(_git("rev-parse", "--path-format=absolute", "--git-path", "info/exclude", cwd=source))
    if exclude.exists():  # what the source ignores besides its .gitignore files
        (target / "info").mkdir(exist_ok=True)
        shutil.copyfile(exclude, target / "info" / "exclude")
    _git("fetch", "--quiet", "--no-tags", str(source), "HEAD", cwd=target)
    head = _git("rev-parse", "FETCH_HEAD", cwd=target)
    index = {"GIT_DIR": str(target), "GIT_WORK_TREE": str(source),
             "GIT_INDEX_FILE": str(target / "working-tree.index")}
    _git("add", "--all", env=index)
    tree = _git("write-tree", env=index)
    commit = head
    if tree != _git("rev-parse", f"{head}^{{tree}}", cwd=target):
        commit = _git("commit-tree", tree, "-p", head, "-m", "The working tree (colab-check)",
                      cwd=target, env=COMMITTER)
    _git("update-ref", "refs/heads/main", commit, cwd=target)
    _git("symbolic-ref", "HEAD", "refs/heads/main", cwd=target)
    return commit


def overlay_environment(base_python: Path, target: Path) -> Path:
    """A virtual environment that sees `base_python`'s packages and installs into itself.

    Returns the Python of the new environment.
    """
    subprocess.run([str(base_python), "-m", "venv", "--without-pip", str(target)], check=True)
    python = target / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                             capture_output=True, text=True, check=True).stdout.strip()
    base = subprocess.run([str(base_python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # An `import` line of a .pth file runs at start-up: the base's own .pth
    # files are processed too, as in the base environment.
    (Path(purelib) / "colab_base.pth").write_text(f"import site; site.addsitedir({base!r})\n")
    return python


def kernel_environment(python: Path, clone_from: Path) -> dict[str, str]:
    """The environment of a student's kernel: no local settings (nor pip's
    configuration files), Kaggle's marker, and git sent to the throw-away
    repository instead of GitHub.

    The kernel is `python`: its folder comes first on ``PATH``, and the one
    kernel ``python3`` of ``JUPYTER_PATH`` (written next to it, found before
    any other kernel of that name on the machine) starts it.
    """
    jupyter = python.parent.parent / "share" / "jupyter"
    spec = jupyter / "kernels" / "python3" / "kernel.json"
    spec.parent.mkdir(parents=True, exist_ok=True)
    spec.write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (colab-check)", "language": "python",
    }))
    env = {key: value for key, value in os.environ.items() if not key.startswith(LOCAL_SETTINGS)}
    env.update({
        "PATH": f"{python.parent}{os.pathsep}{env.get('PATH', '')}",
        "JUPYTER_PATH": str(jupyter),
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",  # the debugger's notice about frozen modules
        # pip as on Colab: not this machine's configuration files (package
        # indexes of its own, whose misses pip reports on stderr)
        "PIP_CONFIG_FILE": os.devnull,
        "KAGGLE_KERNEL_RUN_TYPE": "Interactive",
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": f"url.{clone_from.as_uri()}.insteadOf",
        "GIT_CONFIG_VALUE_0": repository_url(),
    })
    return env


def run_notebook(notebook: Path, base_python: Path, clone_from: Path, scratch: Path) -> Run:
    """Run one notebook from an empty folder, in its own environment over `base_python`."""
    name = f"{notebook.parent.name}/{notebook.stem}"
    work = scratch / name.replace("/", "-")
    folder = work / "content"
    folder.mkdir(parents=True)
    python = overlay_environment(base_python, work / "env")
    output = EXECUTED / notebook.parent.name / notebook.name
    output.parent.mkdir(parents=True, exist_ok=True)
    output.unlink(missing_ok=True)
    start = time.perf_counter()
    result = subprocess.run(
        [str(python), str(Path(__file__).resolve()), "--execute", str(notebook), "--output", str(output)],
        cwd=folder, env=kernel_environment(python, clone_from), capture_output=True, text=True,
    )
    seconds = time.perf_counter() - start
    error = "" if result.returncode == 0 else (result.stdout + result.stderr).strip()[-4000:]
    setup = _first_cell_seconds(output) if output.exists() else 0.0
    shutil.rmtree(work, ignore_errors=True)
    return Run(name, seconds, setup, error)


def _first_cell_seconds(path: Path) -> float:
    from datetime import datetime

    cell = json.loads(path.read_text(encoding="utf-8"))["cells"][0]
    timing = cell.get("metadata", {}).get("execution", {})
    try:
        begin = datetime.fromisoformat(timing["iopub.execute_input"].replace("Z", "+00:00"))
        end = datetime.fromisoformat(timing["shell.execute_reply"].replace("Z", "+00:00"))
    except KeyError:
        return 0.0
    return (end - begin).total_seconds()


def execute(notebook: Path, output: Path) -> int:
    """Execute one notebook in this process's Python; 1 and a message on failure.

    Runs inside the notebook's environment (``--execute``): the kernel is
    this Python, started in the current folder.  Every cell runs; the first
    error stops the run, and any output on stderr fails it too.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(nb, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                            resources={"metadata": {"path": os.getcwd()}})
    where = f"book/{notebook.parent.name}/{notebook.name}"
    failure = ""
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as error:
        failure = f"{where}, cell {_failed_cell(nb)}: {ANSI_COLOUR.sub('', str(error))}"
    finally:
        nbformat.write(nb, output)
    if not failure:
        for index, cell in enumerate(nb.cells):
            stderr = "".join(o.get("text", "") for o in cell.get("outputs", [])
                             if o.get("output_type") == "stream" and o.get("name") == "stderr")
            if stderr:
                failure = (f"{where}, cell {index} ({_first_line(cell)}) wrote to stderr:\n"
                           f"{stderr.strip()[-2000:]}")
                break
    if failure:
        print(failure, file=sys.stderr)
    return 1 if failure else 0


def _failed_cell(nb) -> str:
    for index, cell in enumerate(nb.cells):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return f"{index} ({_first_line(cell)})"
    return "?"


def _first_line(cell) -> str:
    lines = [line for line in cell.source.splitlines() if line.strip()]
    return lines[0][:60] if lines else "empty"


def check(notebooks: list[Path], base_python: Path, jobs: int) -> list[Run]:
    """Run `notebooks` with `jobs` at a time; print one line each, in the order they end."""
    with tempfile.TemporaryDirectory(prefix="colab-check-") as scratch:
        scratch = Path(scratch)
        commit = throwaway_repository(ROOT, scratch / "origin.git")
        print(f"colab-check: {len(notebooks)} notebooks, {jobs} at a time, with "
              f"{base_python} (the repository at {commit[:12]})", flush=True)

        def one(notebook: Path) -> Run:
            run = run_notebook(notebook, base_python, scratch / "origin.git", scratch)
            status = "FAILED" if run.error else "ok"
            # one line each, prefixed: `make test` runs the book build beside it
            print(f"colab-check: {status:6} {run.notebook:20} {run.seconds:6.1f} s "
                  f"(first cell {run.setup_seconds:4.1f} s)", flush=True)
            return run

        with ThreadPoolExecutor(max_workers=jobs) as pool:
            return list(pool.map(one, notebooks))


def record(runs: list[Run]) -> None:
    """Add the wall times to ``_build/notebook-timings.json``."""
    TIMINGS.parent.mkdir(parents=True, exist_ok=True)
    timings = json.loads(TIMINGS.read_text()) if TIMINGS.exists() else {}
    timings.update({run.notebook: round(run.seconds, 1) for run in runs})
    TIMINGS.write_text(json.dumps(timings, indent=2, sort_keys=True) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to run (default: every book/<lang>/NAME.ipynb, and the "
                             "per-framework notebooks of " + ", ".join(FRAMEWORK_SAMPLE) + ")")
    parser.add_argument("--all-frameworks", action="store_true",
                        help="run the per-framework notebooks of every chapter, not only of the sample")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks run at a time (default 2)")
    parser.add_argument("--python", type=Path, default=Path(sys.executable),
                        help="the environment's Python (default: this one)")
    parser.add_argument("--execute", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.execute:
        return execute(args.execute, args.output)
    notebooks = [path.resolve() for path in args.notebooks] or published_notebooks(
        None if args.all_frameworks else FRAMEWORK_SAMPLE)
    start = time.perf_counter()
    runs = check(notebooks, args.python.absolute(), args.jobs)
    record(runs)
    failed = [run for run in runs if run.error]
    for run in failed:
        print(f"\n{run.notebook} failed:\n{run.error}", file=sys.stderr)
    print(f"colab-check: {len(runs) - len(failed)} passed, {len(failed)} failed "
          f"in {time.perf_counter() - start:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
