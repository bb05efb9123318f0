"""``make colab-check`` (``tools/colab_check.py``): its pieces, without running
a notebook, and the versions it pins (``colab/constraints.txt``).

The check itself runs every notebook at Colab's versions in ``make test``;
these tests keep its parts honest where they can fail quietly: the copy of
the repository that the notebooks clone must hold the working tree, and the
environment of each run must see the pinned packages but install into itself.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import colab_check  # tools/colab_check.py
import pytest

from _sources import ROOT

CONSTRAINTS = ROOT / "colab" / "constraints.txt"
#: What the chapters import from the platform (test_extras.PLATFORM), the
#: Colab cell and the notebook runner: each must be pinned to Colab's version.
PINNED = {"numpy", "pandas", "scipy", "matplotlib", "scikit-learn", "scikit-image", "keras",
          "tensorflow-cpu", "torch", "tensorboard", "statsmodels", "ipykernel", "ipython",
          "ipywidgets", "nbclient", "nbformat", "jupyter-client", "pip"}


def _pins() -> dict[str, str]:
    pins = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"colab/constraints.txt: {line!r} is not pinned with =="
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_constraints_pin_colabs_versions_and_say_where_from():
    text = CONSTRAINTS.read_text(encoding="utf-8")
    assert "googlecolab/backend-info" in text and re.search(r"read on \d{4}-\d{2}-\d{2}", text)
    missing = sorted(PINNED - set(_pins()))
    assert not missing, f"colab/constraints.txt does not pin {missing}"


def _git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture
def source(tmp_path, monkeypatch):
    """A small repository with one commit, an ignored folder and a .gitignore."""
    for key, value in {"GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@localhost",
                       "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@localhost"}.items():
        monkeypatch.setenv(key, value)
    repository = tmp_path / "source"
    repository.mkdir()
    _git("init", "--quiet", cwd=repository)
    (repository / ".gitignore").write_text("_build/\n")
    (repository / "chapter.md").write_text("one\n")
    _git("add", "--all", cwd=repository)
    _git("commit", "--quiet", "-m", "first", cwd=repository)
    (repository / "_build").mkdir()
    (repository / "_build" / "cache").write_text("not for the clone\n")
    return repository


def test_throwaway_repository_is_the_history_when_nothing_changed(source, tmp_path):
    commit = colab_check.throwaway_repository(source, tmp_path / "copy.git")
    assert commit == _git("rev-parse", "HEAD", cwd=source)


def test_throwaway_repository_adds_the_working_tree_on_top(source, tmp_path):
    head = _git("rev-parse", "HEAD", cwd=source)
    (source / "chapter.md").write_text("two\n")         # changed, not committed
    (source / "new.md").write_text("new\n")             # untracked, not ignored
    commit = colab_check.throwaway_repository(source, tmp_path / "copy.git")
    copy = tmp_path / "copy.git"
    assert _git("rev-parse", "main", cwd=copy) == commit != head
    assert _git("rev-parse", f"{commit}^", cwd=copy) == head
    assert _git("ls-tree", "--name-only", commit, cwd=copy).split() == [".gitignore", "chapter.md", "new.md"]
    assert _git("show", f"{commit}:chapter.md", cwd=copy) == "two"
    status = subprocess.run(["git", "status", "--porcelain"], cwd=source, capture_output=True, text=True)
    assert status.stdout.splitlines() == [" M chapter.md", "?? new.md"]   # its own index untouched
    clone = tmp_path / "clone"
    _git("clone", "--quiet", "--filter=blob:none", (tmp_path / "copy.git").as_uri(), str(clone), cwd=tmp_path)
    assert (clone / "new.md").read_text() == "new\n"


def test_the_kernel_has_a_student_s_environment(tmp_path, monkeypatch):
    """None of this machine's settings reach the kernel: it may write
    bytecode (Colab's packages come with theirs; without it every notebook
    compiles TensorFlow from source), TensorFlow and Keras are not
    configured, pip reads no configuration file; Kaggle's marker makes the
    first cell act, and git clones the throw-away copy."""
    settings = {"PYTHONDONTWRITEBYTECODE": "1", "TF_CPP_MIN_LOG_LEVEL": "3",
                "KERAS_BACKEND": "torch", "PYTHONPATH": "/elsewhere", "MPLBACKEND": "Agg",
                "DLBASICS_DATA": "/data", "VIRTUAL_ENV": "/venv"}
    for key, value in settings.items():
        monkeypatch.setenv(key, value)
    python = tmp_path / "env" / "bin" / "python"
    env = colab_check.kernel_environment(python, tmp_path / "origin.git")
    assert not set(settings) & set(env), f"local settings reach the kernel: {set(settings) & set(env)}"
    assert env["KAGGLE_KERNEL_RUN_TYPE"] and env["PIP_CONFIG_FILE"] == os.devnull
    assert env["PATH"].startswith(str(python.parent))
    assert env["GIT_CONFIG_KEY_0"] == f"url.{(tmp_path / 'origin.git').as_uri()}.insteadOf"


def test_each_run_installs_into_its_own_environment(tmp_path):
    python = colab_check.overlay_environment(sys.executable, tmp_path / "env")
    found = subprocess.run([str(python), "-c", "import sys, sysconfig, yaml; "
                            "print(sysconfig.get_path('purelib')); print(yaml.__file__)"],
                           capture_output=True, text=True, check=True).stdout.split()
    own, borrowed = found
    assert own.startswith(str(tmp_path / "env")) and not borrowed.startswith(str(tmp_path))


def test_the_check_runs_every_notebook_with_both_frameworks_and_a_sample_of_the_others():
    """Every chapter's notebook with both frameworks; the per-framework
    notebooks of FRAMEWORK_SAMPLE only, or of every chapter when asked."""
    from editions import BOOK, FRAMEWORKS, LANGUAGES
    from notebooks import chapters

    both = {path.relative_to(BOOK).as_posix() for lang in LANGUAGES for path in chapters(lang)}
    both = {name.removesuffix(".md") for name in both}
    run = [path.relative_to(BOOK).as_posix().removesuffix(".ipynb")
           for path in colab_check.published_notebooks()]
    assert set(run[:len(both)]) == both and len(run) == len(set(run))
    assert set(run[len(both):]) == {f"{name}.{framework}" for name in colab_check.FRAMEWORK_SAMPLE
                                    for framework in FRAMEWORKS}
    assert set(colab_check.FRAMEWORKS) == set(FRAMEWORKS)
    every = colab_check.published_notebooks(None)
    assert len(every) == len(both) * (1 + len(FRAMEWORKS))
    with pytest.raises(ValueError, match="FRAMEWORK_SAMPLE names"):
        colab_check.published_notebooks(("en/no-such-chapter",))
