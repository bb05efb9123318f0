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

import math
import numbers

__all__ = ["check_choice", "check_int", "check_real", "check_same_length"]


def check_int(name, value, *, minimum=1, maximum=None, multiple_of=None):
    """Return `value` as an ``int`` if it is an integer in [`minimum`, `maximum`].

    Booleans are refused (``True`` is an integer to Python, never a size).

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object
        What was passed.
    minimum : int, default 1
        Smallest value accepted.
    maximum : int or None, default None
        Largest value accepted (None: no upper bound).
    multiple_of : int or None, default None
        Accept only multiples of this number (e.g. 8 for image sizes).

    Returns
    -------
    int

    Raises
    ------
    ValueError
        ``"{name} must be an integer >= {minimum}; got {value!r}."``, or
        ``"{name} must be an integer from {minimum} to {maximum}; got
        {value!r}."`` when there is a `maximum`; with `multiple_of`, the
        message adds ``" and a multiple of {multiple_of}"``.
    """
    if (isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum
            or (maximum is not None and value > maximum)
            or (multiple_of is not None and value % multiple_of)):
        expected = f">= {minimum}" if maximum is None else f"from {minimum} to {maximum}"
        if multiple_of is not None:
            expected += f" and a multiple of {multiple_of}"
        raise ValueError(f"{name} must be an integer {expected}; got {value!r}.")
    return int(value)


def check_real(name, value, *, low=None, high=None, low_open=False, high_open=False,
               finite=False):
    """Return `value` as a ``float`` if it is a real number in the given interval.

    Booleans and NaN are refused.

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
    finite : bool, default False
        Also refuse infinities (the message then says "a finite number").

    Returns
    -------
    float

    Raises
    ------
    ValueError
        ``"{name} must be a number > 0; got -1."``, ``"{name} must be a
        number in [0, 1); got 1.5."``, ``"{name} must be a finite number;
        got inf."`` and the like.

    Examples
    --------
    >>> check_real("rate", 0.5, low=0, high=1, high_open=True)
    0.5
    >>> check_real("rate", 1, low=0, high=1, high_open=True)
    Traceback (most recent call last):
    ...
    ValueError: rate must be a number in [0, 1); got 1.
    """
    # A bounded interval holds only finite numbers: say "finite" where it adds something.
    kind = "a finite number" if finite and (low is None or high is None) else "a number"
    message = f"{name} must be {kind}{_interval(low, high, low_open, high_open)}; got {value!r}."
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or value != value:
        raise ValueError(message)
    below = low is not None and (value <= low if low_open else value < low)
    above = high is not None and (value >= high if high_open else value > high)
    if below or above or (finite and not math.isfinite(value)):
        raise ValueError(message)
    return float(value)


def _interval(low, high, low_open, high_open):
    if low is not None and high is not None:
        left, right = ("(" if low_open else "["), (")" if high_open else "]")
        return f" in {left}{low}, {high}{right}"
    if low is not None:
        return f" {'>' if low_open else '>='} {low}"
    if high is not None:
        return f" {'<' if high_open else '<='} {high}"
    return ""


def check_choice(name, value, choices):
    """Return `value` if it is one of `choices`.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object
        What was passed.
    choices : collection of str
        The values accepted.

    Returns
    -------
    object
        `value`, unchanged.

    Raises
    ------
    ValueError
        ``"{name} must be one of [...]; got {value!r}."`` (choices sorted).

    Examples
    --------
    >>> check_choice("cell", "gru", {"rnn", "lstm", "gru"})
    'gru'
    >>> check_choice("cell", "GRU", {"rnn", "lstm", "gru"})
    Traceback (most recent call last):
    ...
    ValueError: cell must be one of ['gru', 'lstm', 'rnn']; got 'GRU'.
    """
    try:
        known = bool(value in choices)
    except (TypeError, ValueError):  # unhashable in a set; an array compared element-wise
        known = False
    if not known:
        raise ValueError(f"{name} must be one of {sorted(choices)}; got {value!r}.")
    return value


def check_same_length(**arrays):
    """Check that every array has the same first dimension; return that length.

    Parameters
    ----------
    **arrays : sized
        The arrays, by argument name (the names go into the message).

    Returns
    -------
    int
        The common length (0 when no array is given).

    Raises
    ------
    ValueError
        ``"x and y must have the same length; got 2 and 3."``

    Examples
    --------
    >>> check_same_length(x=[1, 2], y=[3, 4])
    2
    """
    lengths = {name: len(array) for name, array in arrays.items()}
    if len(set(lengths.values())) > 1:
        names = " and ".join(lengths)
        values = " and ".join(str(n) for n in lengths.values())
        raise ValueError(f"{names} must have the same length; got {values}.")
    return next(iter(lengths.values()), 0)
