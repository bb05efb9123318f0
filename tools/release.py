"""Release the book: tag ``v<version>`` and write the release files.

Usage (``make release`` runs the three steps in this order)::

    python tools/release.py check               # may this tree be released?
    make test                                   # strict builds, both PDFs, every check
    python tools/release.py publish             # the release files, then the tag
    python tools/release.py publish --dry-run   # say what publish would do; do nothing

The version is ``[project] version`` of ``pyproject.toml``
(``tools/editions.py``'s :func:`~editions.project_version`), the one place it
is written; ``CITATION.cff`` repeats it with the release date.  ``check``
refuses, with every reason at once, a tree that

- has uncommitted changes or untracked files (the tag must name what was built);
- already has the tag ``v<version>``, or a higher ``v*`` tag (the version is new);
- has a version that is not ``MAJOR.MINOR.PATCH``;
- has a ``CITATION.cff`` whose ``version`` differs or whose ``date-released``
  is missing or in the future;
- cannot build the PDFs (no ``latexmk``: ``sudo make system-deps``).

``publish`` checks the tree again, checks that the built site is this
version's (each edition's home page cites it) and that both PDFs are there,
then writes into ``_build/release/``:

- ``<name>-<version>-site.tar.gz``: the site (``_build/html``, PDFs included);
- ``<pdf_name>-<version>.pdf``: one PDF per edition;
- ``<name>-<version>-notebooks.zip``: the paired notebooks ``book/<lang>/*.ipynb``
  (each chapter's with both frameworks, ``NAME.keras.ipynb`` and ``NAME.pytorch.ipynb``);
- ``SHA256SUMS``;

(``<name>``: the repository's name, from ``repository.url`` of ``_config.yml``)
and only then tags ``HEAD`` as ``v<version>`` (an annotated tag).  Nothing is
pushed: ``git push origin v<version>``, then attach the files to the
repository's release (``gh release create v<version> _build/release/*``).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import html
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import yaml

from editions import BUILD, EDITIONS, LANGUAGES, ROOT, citation, project_version

#: The versions this script releases: MAJOR.MINOR.PATCH.
VERSION = re.compile(r"\d+\.\d+\.\d+")


def _git(root: Path, *args: str) -> str:
    """Run git in ``root``; its standard output (a failure raises)."""
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"git {' '.join(args)} failed in {root}: {result.stderr.strip()}")
    return result.stdout


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def release_name(root: Path = ROOT) -> str:
    """The prefix of the release files: the repository's name
    (``repository.url`` of ``_config.yml``)."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    return config["repository"]["url"].rstrip("/").rsplit("/", 1)[-1]


def problems(root: Path = ROOT, today: datetime.date | None = None,
             need_tex: bool = True) -> list[str]:
    """Every reason why ``root``'s tree may not be released now (empty: it may).

    Parameters
    ----------
    root : Path
        The repository (its ``pyproject.toml``, ``CITATION.cff`` and git).
    today : datetime.date, optional
        The release date's upper bound (default: today).
    need_tex : bool, default True
        Also require ``latexmk`` (the PDFs are release files).
    """
    found = []
    version = project_version(root / "pyproject.toml")
    if not VERSION.fullmatch(version):
        found.append(f"pyproject.toml: version {version!r} is not MAJOR.MINOR.PATCH")
    status = _git(root, "status", "--porcelain", "--untracked-files=normal")
    if status.strip():
        changed = ", ".join(line[3:] for line in status.splitlines()[:5])
        found.append(f"the tree has uncommitted changes or untracked files ({changed}): "
                     "commit them, so that the tag names what was built")
    tags = [tag[1:] for tag in _git(root, "tag", "--list", "v*").split()]
    if version in tags:
        found.append(f"the tag v{version} exists already: raise [project] version in "
                     "pyproject.toml (and in CITATION.cff)")
    elif VERSION.fullmatch(version):
        newer = [tag for tag in tags if VERSION.fullmatch(tag) and _key(tag) > _key(version)]
        if newer:
            found.append(f"version {version} is older than the tag v{max(newer, key=_key)}")
    try:
        cff = citation(root / "CITATION.cff")
    except (OSError, ValueError, yaml.YAMLError) as error:
        found.append(f"CITATION.cff cannot be read: {error}")
    else:
        if str(cff.get("version")) != version:
            found.append(f"CITATION.cff: version {cff.get('version')!r}, but pyproject.toml "
                         f"says {version!r}")
        try:
            released = datetime.date.fromisoformat(str(cff.get("date-released")))
        except ValueError:
            found.append("CITATION.cff: date-released is not a date (YYYY-MM-DD)")
        else:
            if released > (today or datetime.date.today()):
                found.append(f"CITATION.cff: date-released {released} is in the future")
    if need_tex and shutil.which("latexmk") is None:
        found.append("latexmk is missing, and the PDFs are release files: "
                     "run `sudo make system-deps`")
    return found


def release_files(version: str, root: Path = ROOT, build: Path = BUILD) -> dict[str, Path]:
    """What ``publish`` writes: file name in ``_build/release/`` -> its source
    (the site folder, a PDF, or the ``book`` folder for the notebooks)."""
    name = release_name(root)
    files = {f"{name}-{version}-site.tar.gz": build / "html"}
    for edition in EDITIONS.values():
        files[f"{edition['pdf_name']}-{version}.pdf"] = build / "pdf" / f"{edition['pdf_name']}.pdf"
    files[f"{name}-{version}-notebooks.zip"] = root / "book"
    return files


def _page_text(path: Path) -> str:
    """An HTML page's text (tags dropped: the BibTeX entry is highlighted)."""
    return html.unescape(re.sub(r"<[^>]*>", "", path.read_text(encoding="utf-8")))


def built_problems(version: str, build: Path = BUILD) -> list[str]:
    """Why the build in ``build`` is not this version's whole release (empty: it is)."""
    found = []
    for lang in LANGUAGES:
        home = build / "html" / lang / "index.html"
        if not home.exists():
            found.append(f"{home} is missing: run `make test`")
        elif not re.search(rf"version\s*=\s*\{{{re.escape(version)}\}}", _page_text(home)):
            found.append(f"{home} does not cite version {version}: the site is an older "
                         "build, run `make test`")
        pdf = build / "pdf" / f"{EDITIONS[lang]['pdf_name']}.pdf"
        if not pdf.exists():
            found.append(f"{pdf} is missing: run `make test` where TeX is installed")
    return found


def _tar_filter(info: tarfile.TarInfo) -> tarfile.TarInfo:
    """Archive entries without the builder's user and group."""
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def write_release(version: str, root: Path = ROOT, build: Path = BUILD) -> list[Path]:
    """Write the release files into ``<build>/release/`` (emptied first);
    return their paths, ``SHA256SUMS`` last."""
    target = build / "release"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    written = []
    for filename, source in release_files(version, root, build).items():
        path = target / filename
        if filename.endswith(".tar.gz"):
            folder = filename.removesuffix(".tar.gz")
            with tarfile.open(path, "w:gz") as archive:
                archive.add(source, arcname=folder, filter=_tar_filter)
        elif filename.endswith(".zip"):
            folder = filename.removesuffix(".zip")
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
                for lang in LANGUAGES:
                    for notebook in sorted((source / lang).glob("*.ipynb")):
                        archive.write(notebook, f"{folder}/{lang}/{notebook.name}")
        else:
            shutil.copy2(source, path)
        written.append(path)
    sums = target / "SHA256SUMS"
    sums.write_text("".join(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}\n"
                            for path in written), encoding="utf-8")
    return [*written, sums]


def tag(version: str, root: Path = ROOT) -> str:
    """Tag ``HEAD`` as ``v<version>`` (annotated); return the tag."""
    name = f"v{version}"
    titles = " / ".join(edition["title"] for edition in EDITIONS.values())
    _git(root, "tag", "--annotate", name, "--message", f"{titles} {version}")
    return name


def _fail(found: list[str]) -> int:
    print("[release] cannot release:", file=sys.stderr)
    for problem in found:
        print(f"  - {problem}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["check", "publish"],
                        help="check: may this tree be released?  publish: write the "
                             "release files, then tag (after `make test`)")
    parser.add_argument("--dry-run", action="store_true",
                        help="with publish: say what would be written and tagged, do nothing")
    args = parser.parse_args(argv)

    version = project_version()
    found = problems()
    if args.step == "publish":
        found += built_problems(version, BUILD)
    if found:
        return _fail(found)
    if args.step == "check":
        print(f"[release] version {version} may be released (tag v{version})")
        return 0
    if args.dry_run:
        for filename, source in release_files(version, ROOT, BUILD).items():
            print(f"[release] would write {BUILD / 'release' / filename} from {source}")
        print(f"[release] would tag {_git(ROOT, 'rev-parse', '--short', 'HEAD').strip()} "
              f"as v{version}")
        return 0
    for path in write_release(version, ROOT, BUILD):
        print(f"[release] wrote {path}")
    print(f"[release] tagged {tag(version)}: push it with `git push origin v{version}`, then "
          f"attach the files (`gh release create v{version} {BUILD / 'release'}/*`)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
