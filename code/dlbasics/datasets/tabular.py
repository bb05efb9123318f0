"""The small tabular data sets shipped in the repository's ``data/`` folder.

Chapter 1 and the chapters on classification and practice load them with
:func:`~dlbasics.datasets.load_dataset`.

The CSV files are written by ``data/make_data.py``; ``data/README.md`` gives
their provenance, licences and the meaning of each column.
"""

import os
from pathlib import Path

import pandas as pd

__all__ = ["available_datasets", "data_dir", "load_dataset"]

_DATA_ENV = "DLBASICS_DATA"

#: Data sets that :func:`~dlbasics.datasets.load_dataset` knows, with one line about each.
_DATASETS = {
    "boston": "Boston housing (Harrison & Rubinfeld 1978, R package MASS), 506 x 7",
    "iris": "Fisher's iris flowers (scikit-learn's copy), 150 x 6",
}


def data_dir():
    """Return the folder that holds the data sets' CSV files.

    By default the ``data/`` folder of the course repository, found from
    this file's location (``code/dlbasics/datasets/tabular.py``), so it does not depend
    on the working directory. The environment variable ``DLBASICS_DATA``
    overrides it (needed when the package is installed outside the
    repository).

    Returns
    -------
    pathlib.Path
        Absolute path of the folder.

    Raises
    ------
    FileNotFoundError
        If the folder does not exist; the message gives the path tried and
        how to point ``DLBASICS_DATA`` at the right folder.
    """
    override = os.environ.get(_DATA_ENV)
    if override:
        folder = Path(override).expanduser().resolve()
        origin = f"from the environment variable {_DATA_ENV}"
    else:
        folder = Path(__file__).resolve().parents[3] / "data"
        origin = "next to the package in the course repository"
    if not folder.is_dir():
        raise FileNotFoundError(
            f"Data folder {folder} ({origin}) does not exist. Set the "
            f"environment variable {_DATA_ENV} to the course repository's "
            f"data/ folder, e.g. export {_DATA_ENV}=/path/to/repo/data"
        )
    return folder


def available_datasets():
    """Return the names accepted by :func:`~dlbasics.datasets.load_dataset`.

    Returns
    -------
    list of str
        Sorted names.

    Examples
    --------
    >>> available_datasets()
    ['boston', 'iris']
    """
    return sorted(_DATASETS)


def load_dataset(name, columns=None):
    """Load one of the course's data sets as a DataFrame.

    Chapter 1 uses ``"boston"`` (average number of rooms ``RM`` against
    median price ``PRICE``); ``"iris"`` serves the classification chapters.

    Parameters
    ----------
    name : str
        One of :func:`~dlbasics.datasets.available_datasets`: ``"boston"`` (shape (506, 7),
        columns RM, CRIM, INDUS, NOX, AGE, TAX, PRICE) or ``"iris"`` (shape
        (150, 6), columns sepal_length, sepal_width, petal_length,
        petal_width, target, species).
    columns : str or sequence of str, optional
        Keep only these columns, in this order. A single name still gives a
        DataFrame, of shape (n_rows, 1).

    Returns
    -------
    pandas.DataFrame
        Shape (n_rows, n_columns), read from ``data_dir() / f"{name}.csv"``.

    Raises
    ------
    ValueError
        If `name` is not a known data set (the message lists them) or a
        column does not exist (the message lists the columns).
    FileNotFoundError
        If the CSV file is missing; the message lists the CSV files found.

    Examples
    --------
    >>> load_dataset("boston", columns=["RM", "PRICE"]).shape
    (506, 2)
    """
    if not isinstance(name, str) or name not in _DATASETS:
        raise ValueError(
            f"Unknown data set {name!r}; available: {available_datasets()}."
        )
    folder = data_dir()
    path = folder / f"{name}.csv"
    if not path.is_file():
        found = sorted(p.name for p in folder.glob("*.csv")) or "none"
        raise FileNotFoundError(
            f"{path} is missing; CSV files found in {folder}: {found}. "
            f"Regenerate them with `python data/make_data.py`."
        )
    frame = pd.read_csv(path)
    if columns is None:
        return frame
    wanted = [columns] if isinstance(columns, str) else list(columns)
    unknown = [c for c in wanted if c not in frame.columns]
    if unknown:
        raise ValueError(
            f"Unknown column(s) {unknown} in data set {name!r}; "
            f"its columns are {list(frame.columns)}."
        )
    return frame[wanted]
