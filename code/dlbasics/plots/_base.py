"""What the plot modules share (private to :mod:`dlbasics.plots`).

- :func:`_axes` makes the new Axes of the ``ax=None`` contract;
- :func:`_curve_data` checks the two coordinates of one curve;
- :func:`_per_curve` checks the lists that give one entry per curve (legend
  labels, styles, mark labels...), with one wording for every helper;
- :func:`_index` checks an index into a sequence, negative ones included
  where a helper allows them (:func:`dlbasics._validation.check_int` has a
  lower bound only).

Numbers and choices are checked with :mod:`dlbasics._validation`.
"""

import numpy as np

from .._validation import check_int


def _axes(ax):
    """Return `ax`, or the Axes of a new figure when `ax` is None."""
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots()
    return ax


def _curve_data(name_a, a, name_b, b):
    """Return `a` and `b` as 1-D float arrays of one shape (n,)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != 1 or a.shape != b.shape:
        raise ValueError(
            f"{name_a} and {name_b} must be 1-D arrays of the same length; "
            f"got shapes {a.shape} and {b.shape}."
        )
    return a, b


def _per_curve(name, values, n, *, per="curve"):
    """Return `values` as a list of `n` entries, one per curve; None stays None.

    >>> _per_curve("labels", ("a", "b"), 2)
    ['a', 'b']
    >>> _per_curve("labels", ["a"], 2)
    Traceback (most recent call last):
    ...
    ValueError: labels must have one entry per curve: 2 curves, 1 labels.
    """
    if values is None:
        return None
    values = list(values)
    if len(values) != n:
        plural = per + ("es" if per.endswith("s") else "s")
        raise ValueError(f"{name} must have one entry per {per}: {n} {plural}, {len(values)} {name}.")
    return values


def _index(name, value, n, *, low=0, what="hold integer indices"):
    """Return `value` as an ``int`` if it is an integer from `low` to ``n - 1``.

    Booleans and floats are refused, as by :func:`dlbasics._validation.check_int`.

    >>> _index("annotate", -1, 3, low=-3)
    -1
    >>> _index("annotate", 3, 3, low=-3)
    Traceback (most recent call last):
    ...
    ValueError: annotate must hold integer indices from -3 to 2; got 3.
    """
    try:
        index = check_int(name, value, minimum=low)
    except ValueError:
        index = None
    if index is None or index >= n:
        raise ValueError(f"{name} must {what} from {low} to {n - 1}; got {value!r}.")
    return index
