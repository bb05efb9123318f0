"""Measure what the book costs to build and to run: ``make bench``.

Writes ``BENCHMARK.md`` (a Markdown report kept in the repository) with:

- a cold build of every edition (HTML), a no-op rebuild, a rebuild after a
  one-line prose edit and after a one-line code edit, and the share of the
  cold build spent executing cells (from the execution cache's records);
- for every chapter (every page with a kernel) of every edition in
  ``book/editions.yml``, the wall time and peak resident memory of running it
  as a notebook (``jupyter nbconvert --execute``, from its own folder, as
  Binder does), with the machine's load average when it started, and the
  import cost of TensorFlow and PyTorch, alone with ``--only chapters``,
  which runs the committed chapters and rewrites only that section;
- the PDF build time per language (when TeX is installed);
- the weight of every built page of every edition with everything it loads
  (Chromium, ``tools/page_weight.py``), alone with ``--only pages``, which
  measures the site already in ``_build/html`` and rewrites only that section;
- budgets, printed as pass/fail: each chapter within 40 s and 1.2 GB (on a
  quiet two-core machine: the load column says how quiet it was), a prose
  edit rebuild under 10 % of a cold build, each page within 1.5 MB of files
  and 1 MB transferred (gzip), and its shared part (theme, icons, fonts,
  the math stylesheet and fonts) within 600 kB (``page_weight.BUDGETS``);
- the overhead of ``dlbasics.training.fit`` over a minimal hand-written
  PyTorch loop (per-epoch time, CPU), alone with ``--only fit``, which
  rewrites only that section of ``BENCHMARK.md``.

The edits are made to a scratch copy of the committed repository
(``_build/bench``, from ``git archive HEAD``), so the working tree is never
touched and uncommitted work is not measured.  Run on a quiet machine: the numbers are
wall-clock times, and the report gives the load average at the start, at the
end and before each chapter (on a shared two-core machine a chapter's time
varies up to 3x with the load).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import notebooks
import page_weight
from editions import BUILD, LANGUAGES, ROOT

BUDGET_CHAPTER_S = 40.0
BUDGET_CHAPTER_MB = 1.2 * 1024
BUDGET_PROSE_SHARE = 0.10

#: Measured in a child process: peak RSS (MB) of it and its descendants.
_RUN_AND_MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
elapsed = time.perf_counter() - start
peak_kb = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
              resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
print(code, elapsed, peak_kb / 1024)
"""

_IMPORT_COST = """
import resource, sys, time
start = time.perf_counter()
import {module}
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def measure(command: list[str], cwd: Path, env: dict | None = None) -> tuple[int, float, float]:
    """Run ``command``; return its exit code, wall time (s) and peak RSS (MB)."""
    out = subprocess.run([sys.executable, "-c", _RUN_AND_MEASURE, *command], cwd=cwd,
                         env=env, capture_output=True, text=True, check=True).stdout.split()
    return int(out[0]), float(out[1]), float(out[2])


def copy_env(repo: Path) -> dict:
    """Environment in which the copy's own package (not the installed one) runs."""
    return {**os.environ, "BOOK_BUILD_DIR": str(repo / "_build"),
            "PYTHONPATH": str(repo / "code"), "DLBASICS_DATA": str(repo / "data")}


def build(repo: Path, *args: str) -> float:
    log = repo.parent / "build.log"
    start = time.perf_counter()
    with log.open("a") as stream:
        code = subprocess.call([sys.executable, str(repo / "tools" / "build_book.py"), *args],
                               cwd=repo, stdout=stream, stderr=subprocess.STDOUT, env=copy_env(repo))
    if code:
        raise SystemExit(f"[bench] the build {args} failed: see {log}")
    return time.perf_counter() - start


def scratch_copy() -> Path:
    """A copy of the committed repository (HEAD), to edit and build freely."""
    target = ROOT / "_build" / "bench" / "repo"
    if target.parent.exists():
        shutil.rmtree(target.parent)
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, capture_output=True,
                             check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    """Replace `old` by `new` in `path`; fail if `old` is not there (an edit
    that changes nothing would measure a no-op build under another name)."""
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"[bench] {path}: {old!r} is gone; update tools/bench.py")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_prose(repo: Path) -> None:
    _edit(repo / "book" / LANGUAGES[0] / "intro.md",
          "By the end of the chapter you will be able to:",
          "At the end of the chapter you will be able to:")


def edit_code(repo: Path) -> None:
    _edit(repo / "book" / LANGUAGES[0] / "intro.md",
          "print(np.round(path, 3))", "print(np.round(path, 4))")


def execution_seconds(repo: Path) -> float:
    from jupyter_cache import get_cache

    total = 0.0
    for lang in LANGUAGES:
        folder = repo / "_build" / ".jupyter_cache" / lang
        if folder.exists():
            for record in get_cache(folder).list_cache_records():
                total += float(record.data.get("execution_seconds", 0.0))
    return total


def bench_builds(repo: Path) -> dict:
    results = {}
    results["cold"] = build(repo)
    results["execution"] = execution_seconds(repo)
    results["noop"] = build(repo)
    edit_prose(repo)
    results["prose"] = build(repo)
    edit_code(repo)
    results["code"] = build(repo, "--lang", LANGUAGES[0])
    return results


def chapter_sources(repo: Path, lang: str) -> list[Path]:
    """Every chapter of one edition of the copy: each ``.md`` page with a kernel."""
    import jupytext

    return [path for path in sorted((repo / "book" / lang).glob("*.md"))
            if "kernelspec" in jupytext.read(path, fmt="md:myst").metadata]


def load_average() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def bench_notebooks(repo: Path) -> list[dict]:
    """Run every chapter of every edition as a notebook, from its folder.

    The notebook run is generated from the chapter's source (as `make
    notebooks` does), so that every chapter is measured, whether or not its
    paired ``.ipynb`` was committed.
    """
    env = {k: v for k, v in copy_env(repo).items() if not k.startswith(("TF_", "KERAS_"))}
    rows = []
    with tempfile.TemporaryDirectory() as out:
        for lang in LANGUAGES:
            for source in chapter_sources(repo, lang):
                paired = source.with_suffix(".ipynb")
                paired.write_text(notebooks.render(notebooks.paired_notebook(source)),
                                  encoding="utf-8")
                load = load_average()
                code, wall, peak = measure(
                    [sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook",
                     "--execute", paired.name, "--output-dir", out,
                     "--ExecutePreprocessor.timeout=600"],
                    cwd=source.parent, env=env)
                rows.append({"lang": lang, "chapter": source.stem, "ok": code == 0,
                             "wall": wall, "peak": peak, "load": load})
                print(f"  {lang}/{source.stem}: {wall:.1f} s, {peak:.0f} MB "
                      f"(load {load:.1f})", flush=True)
    return rows


def bench_imports() -> dict:
    from dlbasics.runtime import TF_QUIET_ENV

    env = {**os.environ, **TF_QUIET_ENV}
    costs = {}
    for module in ("keras", "torch"):
        out = subprocess.run([sys.executable, "-c", _IMPORT_COST.format(module=module)],
                             env=env, capture_output=True, text=True, check=True).stdout.split()
        costs[module] = (float(out[0]), float(out[1]))
    return costs


def bench_pdf(repo: Path) -> dict:
    if shutil.which("latexmk") is None:
        return {}
    times = {}
    for lang in LANGUAGES:
        times[lang] = build(repo, "--pdf", "--lang", lang)
    return times


def bench_pages(site: Path) -> list[page_weight.Weight]:
    """The weight of every page of every edition of the built ``site`` (Chromium, cache off)."""
    return page_weight.measure_site(site, LANGUAGES)


FIT_SECTION = "## Training loop overhead (`dlbasics.training.fit`)"
BUDGET_FIT_RATIO = 1.2


def bench_fit(rounds: int = 7) -> dict:
    """Per-epoch time of ``dlbasics.training.fit`` and of a minimal hand-written loop.

    A 3 x 256 ReLU MLP on 10,000 samples of 20 features (2 classes), batch 32,
    Adam, on the CPU.  After a warm-up epoch of each, the two alternate epoch
    by epoch (``fit(..., epochs=1)`` with one optimizer kept across calls, so
    ``fit``'s set-up is counted in every epoch), which exposes both to the
    same load.  PyTorch runs on one thread: with two threads on a shared
    two-core machine, the noise of other processes is larger than what is
    measured.
    """
    import numpy as np
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return _bench_fit(np, torch, rounds)
    finally:
        torch.set_num_threads(threads)


def _bench_fit(np, torch, rounds):

    from dlbasics import set_seed
    from dlbasics.training import fit

    set_seed(0)
    x = np.random.default_rng(0).normal(size=(10_000, 20)).astype("float32")
    y = (x[:, :3].sum(axis=1) > 0).astype("int64")
    xt, yt = torch.as_tensor(x), torch.as_tensor(y)

    def mlp():
        layers, n_in = [], 20
        for _ in range(3):
            layers += [torch.nn.Linear(n_in, 256), torch.nn.ReLU()]
            n_in = 256
        return torch.nn.Sequential(*layers, torch.nn.Linear(n_in, 2))

    hand_model, fit_model = mlp(), mlp()
    hand_opt = torch.optim.Adam(hand_model.parameters(), lr=1e-3)
    fit_opt = torch.optim.Adam(fit_model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()

    def hand_epoch():
        start = time.perf_counter()
        order = torch.randperm(len(xt))
        for i in range(0, len(xt), 32):
            batch = order[i:i + 32]
            hand_opt.zero_grad()
            loss = loss_fn(hand_model(xt[batch]), yt[batch])
            loss.backward()
            hand_opt.step()
        return time.perf_counter() - start

    def fit_epoch():
        start = time.perf_counter()
        fit(fit_model, x, y, epochs=1, batch_size=32, loss="cross_entropy",
            optimizer=fit_opt, device="cpu")
        return time.perf_counter() - start

    hand_epoch(), fit_epoch()  # warm-up
    hand, fitted = [], []
    for index in range(rounds):
        pair = (hand_epoch, fit_epoch) if index % 2 == 0 else (fit_epoch, hand_epoch)
        first, second = pair[0](), pair[1]()
        times = (first, second) if index % 2 == 0 else (second, first)
        hand.append(times[0])
        fitted.append(times[1])
    hand_median, fit_median = float(np.median(hand)), float(np.median(fitted))
    return {"hand": hand_median, "fit": fit_median, "ratio": fit_median / hand_median,
            "rounds": rounds, "threads": torch.get_num_threads(), "torch": torch.__version__}


def fit_report(result: dict) -> str:
    lines = [
        FIT_SECTION,
        "",
        "A 3 × 256 ReLU MLP (20 inputs, 2 classes), 10,000 samples, batch 32 (Keras's default), "
        "Adam, CPU (PyTorch "
        f"{result['torch']}, {result['threads']} thread{'s' if result['threads'] > 1 else ''}): median time of an epoch over "
        f"{result['rounds']} epochs after a warm-up, the two loops alternating epoch by epoch. "
        "The hand-written loop is only `randperm`, slice, `zero_grad`, forward, loss, "
        "`backward`, `step`; `fit` also records the loss of each minibatch (on the device, "
        "read once per epoch) and does its argument checks and set-up at every call "
        "(`epochs=1` here). Measured on "
        f"{datetime.date.today().isoformat()}; rerun alone with `python tools/bench.py --only fit`.",
        "",
        "| loop | time per epoch (s) |",
        "| --- | ---: |",
        f"| hand-written | {result['hand']:.3f} |",
        f"| `dlbasics.training.fit` | {result['fit']:.3f} |",
        "",
        f"Budget: `fit` within {BUDGET_FIT_RATIO}× the hand-written loop: "
        f"{result['ratio']:.2f}×, {verdict(result['ratio'] <= BUDGET_FIT_RATIO)}.",
    ]
    return "\n".join(lines) + "\n"


def replace_section(text: str, heading: str, section: str) -> str:
    """`text` with the Markdown section `heading` replaced by `section` (appended if absent)."""
    start = text.find(heading)
    if start < 0:
        return text.rstrip("\n") + "\n\n" + section if text.strip() else section
    end = text.find("\n## ", start + len(heading))
    rest = "" if end < 0 else text[end + 1:]
    return text[:start] + section + ("\n" + rest if rest else "")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    load = load_average()
    return (f"{cpu}, {os.cpu_count()} cores{memory}, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()} (load average {load:.1f} when the run started: "
            "other work on the machine inflates every time)")


def verdict(ok: bool) -> str:
    return "pass" if ok else "**FAIL**"


def report(builds, rows, imports, pdf, pages, started: str, load_end: float) -> str:
    lines = [
        "# Benchmark: what the book costs to build and to run",
        "",
        f"Measured by `make bench` on {datetime.date.today().isoformat()}, on: {started}.",
        f"Load average when the run ended: {load_end:.1f}.",
        "Wall-clock times; rerun `make bench` to measure your machine.",
        "",
        f"## Building the site ({', '.join(LANGUAGES)}, HTML)",
        "",
        "| build | time (s) |",
        "| --- | ---: |",
        f"| cold (empty cache, every cell executed) | {builds['cold']:.1f} |",
        f"| of which executing cells | {builds['execution']:.1f} "
        f"({builds['execution'] / builds['cold']:.0%}) |",
        f"| no-op rebuild | {builds['noop']:.1f} |",
        f"| after a one-line prose edit (no cell executed) | {builds['prose']:.1f} |",
        f"| after a one-line code edit (one chapter, one language re-executed) | {builds['code']:.1f} |",
        "",
        f"Budget: a prose-edit rebuild under {BUDGET_PROSE_SHARE:.0%} of a cold build: "
        f"{builds['prose'] / builds['cold']:.1%}, "
        f"{verdict(builds['prose'] <= BUDGET_PROSE_SHARE * builds['cold'])}.",
        "",
    ]
    lines += chapters_report(rows, imports).rstrip("\n").split("\n")
    lines += ["", "## PDF", ""]
    if pdf:
        lines += ["| language | LaTeX + xelatex build (s) |", "| --- | ---: |"]
        lines += [f"| {lang} | {seconds:.1f} |" for lang, seconds in pdf.items()]
    else:
        lines.append("Not measured: TeX is not installed (`sudo make system-deps`).")
    lines += ["", pages_report(pages).rstrip("\n")]
    return "\n".join(lines) + "\n"


CHAPTERS_SECTION = "## Running each chapter as a notebook"


def chapters_report(rows, imports, measured: str = "") -> str:
    """The section of the chapters' notebook runs (`measured`: a sentence on
    when and where, for a section measured alone)."""
    lines = [
        CHAPTERS_SECTION,
        "",
        "`jupyter nbconvert --execute` from the chapter's folder, as on Binder; peak memory of "
        "the whole process tree (kernel included); the machine's load average (1 min) when "
        f"the chapter started. {len(rows)} runs: every chapter of every edition.",
        "",
        f"| chapter | language | wall time (s) | peak memory (MB) | load | budget ({BUDGET_CHAPTER_S:.0f} s, "
        f"{BUDGET_CHAPTER_MB / 1024:.1f} GB) |",
        "| --- | --- | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        ok = row["ok"] and row["wall"] <= BUDGET_CHAPTER_S and row["peak"] <= BUDGET_CHAPTER_MB
        lines.append(f"| {row['chapter']} | {row['lang']} | {row['wall']:.1f} | {row['peak']:.0f} | "
                     f"{row['load']:.1f} | {verdict(ok) if row['ok'] else '**FAILED TO RUN**'} |")
    lines += [
        "",
        "Import cost inside a chapter (a fresh interpreter importing the framework):",
        "",
        "| import | time (s) | resident memory after (MB) |",
        "| --- | ---: | ---: |",
    ]
    for module, (seconds, mb) in imports.items():
        label = "keras (TensorFlow)" if module == "keras" else "torch"
        lines.append(f"| `{label}` | {seconds:.1f} | {mb:.0f} |")
    if measured:
        lines += ["", measured]
    return "\n".join(lines) + "\n"


PAGES_SECTION = "## Page weight"


def _kb(size: float) -> str:
    return f"{size / page_weight.KB:.0f}"


def pages_report(weights: list[page_weight.Weight]) -> str:
    """The page-weight section: every page against ``page_weight.BUDGETS``."""
    budgets = page_weight.BUDGETS
    lines = [
        PAGES_SECTION,
        "",
        "What showing each page costs with everything it loads (HTML, CSS, scripts, fonts, "
        "figures), cache disabled, in Chromium: the files' size, and what crosses "
        "the network when the server compresses them (gzip, as GitHub Pages does). The shared "
        "part is what a page loads besides its own HTML and figures (the theme's CSS and "
        "scripts, icons, fonts, the math stylesheet and fonts), which the browser caches after "
        "the first page. The formulas are typeset when the book is built: a page with formulas "
        "carries their HTML and loads no math script. "
        f"Measured on {datetime.date.today().isoformat()}; rerun alone with "
        "`python tools/bench.py --only pages` after `make book`.",
        "",
        f"| page | requests | files (kB) | transferred, gzip (kB) | shared (kB) | of which math CSS and fonts (kB) "
        f"| budgets (files {_kb(budgets['files'])} kB, gzip {_kb(budgets['gzip'])} kB, "
        f"shared {_kb(budgets['shared'])} kB) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for weight in weights:
        failed = page_weight.budget_failures(weight)
        result = verdict(not failed) + (f" ({', '.join(failed)})" if failed else "")
        lines.append(f"| {weight.page.lstrip('/')} | {weight.requests} | {_kb(weight.files)} | "
                     f"{_kb(weight.gzip)} | {_kb(weight.shared)} | {_kb(weight.math)} | {result} |")
    if weights:
        heaviest = max(weights, key=lambda weight: weight.files)
        shared = max(weights, key=lambda weight: weight.shared)
        parts = ", ".join(f"{kind} {_kb(size)} kB" for kind, size in sorted(
            shared.parts.items(), key=lambda item: -item[1]) if kind not in ("html", "figures"))
        lines += [
            "",
            f"Heaviest page: {heaviest.page.lstrip('/')}, {_kb(heaviest.files)} kB of files, "
            f"{_kb(heaviest.gzip)} kB transferred. Largest shared part: "
            f"{shared.page.lstrip('/')}, {_kb(shared.shared)} kB ({parts}). "
            + ("Every page is within its budgets." if not any(map(page_weight.budget_failures, weights))
               else "A page that misses a budget is held by the tests to the ceiling that "
                    "`tools/page_weight.py` gives it, if it has one."),
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=str(ROOT / "BENCHMARK.md"))
    parser.add_argument("--only", choices=["chapters", "fit", "pages"],
                        help="measure only this part and rewrite only its section of the output "
                             "(pages: the site already built in _build/html)")
    args = parser.parse_args(argv)
    if args.only == "pages":
        print("[bench] page weights...", flush=True)
        section = pages_report(bench_pages(BUILD / "html"))
        output = Path(args.output)
        old = output.read_text(encoding="utf-8") if output.exists() else ""
        output.write_text(replace_section(old, PAGES_SECTION, section), encoding="utf-8")
        print(section)
        return 0
    if args.only == "chapters":
        started = machine()
        print("[bench] chapters as notebooks...", flush=True)
        rows = bench_notebooks(scratch_copy())
        measured = (f"Measured alone on {datetime.date.today().isoformat()}, on: {started}; load average "
                    f"{load_average():.1f} when it ended. Rerun alone with "
                    "`python tools/bench.py --only chapters`.")
        section = chapters_report(rows, bench_imports(), measured)
        output = Path(args.output)
        old = output.read_text(encoding="utf-8") if output.exists() else ""
        output.write_text(replace_section(old, CHAPTERS_SECTION, section), encoding="utf-8")
        print(section)
        return 0 if all(row["ok"] for row in rows) else 1
    if args.only == "fit":
        print("[bench] fit overhead...", flush=True)
        section = fit_report(bench_fit())
        output = Path(args.output)
        old = output.read_text(encoding="utf-8") if output.exists() else ""
        output.write_text(replace_section(old, FIT_SECTION, section), encoding="utf-8")
        print(section)
        return 0
    started = machine()
    repo = scratch_copy()
    print("[bench] builds (cold, no-op, prose edit, code edit)...", flush=True)
    builds = bench_builds(repo)
    print(f"[bench] {json.dumps({k: round(v, 1) for k, v in builds.items()})}", flush=True)
    print("[bench] chapters as notebooks...", flush=True)
    rows = bench_notebooks(repo)
    imports = bench_imports()
    print("[bench] PDFs...", flush=True)
    pdf = bench_pdf(repo)
    print("[bench] page weights...", flush=True)
    pages = bench_pages(repo / "_build" / "html")
    print("[bench] fit overhead...", flush=True)
    fit = fit_report(bench_fit())
    text = report(builds, rows, imports, pdf, pages, started, load_average()) + "\n" + fit
    Path(args.output).write_text(text, encoding="utf-8")
    print(text)
    failed = text.count("**FAIL")
    print(f"[bench] written to {args.output}; {failed} budget(s) failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
