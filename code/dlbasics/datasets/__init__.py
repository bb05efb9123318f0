"""The course's data sets, named as :mod:`sklearn.datasets` names its own.

- ``load_*``: data shipped with the repository or inside installed wheels,
  nothing downloaded: :func:`~dlbasics.datasets.load_dataset` (the CSV files of ``data/``:
  ``"boston"``, ``"iris"``), :func:`~dlbasics.datasets.load_digits`, :func:`~dlbasics.datasets.load_trace`,
  :func:`~dlbasics.datasets.load_photo`, :func:`~dlbasics.datasets.load_sunspots`;
- ``make_*``: seeded generators: :func:`~dlbasics.datasets.make_reversal_task`,
  :func:`~dlbasics.datasets.make_ring_of_gaussians` (with :func:`~dlbasics.datasets.ring_centers`),
  :func:`~dlbasics.datasets.make_two_moons`;
- :func:`~dlbasics.datasets.sliding_windows`: the inputs and targets of forecasting, cut from a
  series.

Modules: :mod:`~dlbasics.datasets.tabular` (CSV files),
:mod:`~dlbasics.datasets.bundled` (wheel-shipped data),
:mod:`~dlbasics.datasets.synthetic` (generators) and
:mod:`~dlbasics.datasets.windows`. A new data set goes to the module of its
kind, and its name to ``__all__`` here.
"""

from .bundled import load_digits, load_photo, load_sunspots, load_trace
from .synthetic import make_reversal_task, make_ring_of_gaussians, make_two_moons, ring_centers
from .tabular import available_datasets, data_dir, load_dataset
from .windows import sliding_windows

__all__ = [
    "available_datasets",
    "data_dir",
    "load_dataset",
    "load_digits",
    "load_photo",
    "load_sunspots",
    "load_trace",
    "make_reversal_task",
    "make_ring_of_gaussians",
    "make_two_moons",
    "ring_centers",
    "sliding_windows",
]
