"""Argument checks shared by the whole package (private).

Every public function of :mod:`dlbasics` validates its arguments with these
helpers, so that the same mistake gets the same message everywhere: the
argument's name, what was expected, and what was given.  Each helper
returns the value converted to a plain Python type.

>>> check_int("epochs", 3)
3
>>> check_int("epochs", 0)
Traceback (most recent call last):
...
ValueError: epochs must be an integer >= 1; got 0.
"""

import numbers

__all__ = ["check_choice", "check_int", "check_real", "check_same_length"]


def check_int(name, value, *, minimum=1):
    """Return `value` as an ``int`` if it is an integer >= `minimum`.

    Booleans are refused (``True`` is an integer to Python, never a size).

    Raises
    ------
    ValueError
        ``"{name} must be an integer >= {minimum}; got {value!r}."``
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}; got {value!r}.")
    return int(value)


def check_real(name, value, *, low=None, high=None, low_open=False, high_open=False):
    """Return `value` as a ``float`` if it is a real number in the given interval.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object
        What was passed.
    low, high : float or None
        Bounds of the interval (None: unbounded on that side).
    low_open, high_open : bool, default False
        Whether each bound is excluded.

    Raises
    ------
    ValueError
        ``"{name} must be a number > 0; got -1."`` and the like; NaN is refused.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or value != value:
        raise ValueError(f"{name} must be a number{_interval(low, high, low_open, high_open)}; "
                         f"got {value!r}.")
    below = low is not None and (value <= low if low_open else value < low)
    above = high is not None and (value >= high if high_open else value > high)
    if below or above:
        raise ValueError(f"{name} must be a number{_interval(low, high, low_open, high_open)}; "
                         f"got {value!r}.")
    return float(value)


def _interval(low, high, low_open, high_open):
    if low is not None and high is not None:
        left, right = ("]" if low_open else "["), ("[" if high_open else "]")
        return f" in {left}{low}, {high}{right}"
    if low is not None:
        return f" {'>' if low_open else '>='} {low}"
    if high is not None:
        return f" {'<' if high_open else '<='} {high}"
    return ""


def check_choice(name, value, choices):
    """Return `value` if it is one of `choices`.

    Raises
    ------
    ValueError
        ``"{name} must be one of [...]; got {value!r}."`` (choices sorted).
    """
    try:
        known = value in choices
    except TypeError:  # an unhashable value asked of a set
        known = False
    if not known:
        raise ValueError(f"{name} must be one of {sorted(choices)}; got {value!r}.")
    return value


def check_same_length(**arrays):
    """Check that every array has the same first dimension; return that length.

    >>> check_same_length(x=[1, 2], y=[3, 4])
    2

    Raises
    ------
    ValueError
        ``"x and y must have the same length; got 2 and 3."``
    """
    lengths = {name: len(array) for name, array in arrays.items()}
    if len(set(lengths.values())) > 1:
        names = " and ".join(lengths)
        values = " and ".join(str(n) for n in lengths.values())
        raise ValueError(f"{names} must have the same length; got {values}.")
    return next(iter(lengths.values()), 0)
