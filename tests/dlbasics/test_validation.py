"""Tests of dlbasics._validation: one wording for each kind of argument mistake."""

import math

import numpy as np
import pytest

from dlbasics._validation import check_choice, check_int, check_real, check_same_length


# --- check_int ------------------------------------------------------------------


@pytest.mark.parametrize("value", [1, 7, np.int64(3), 2**40])
def test_check_int_returns_a_plain_int(value):
    result = check_int("epochs", value)
    assert result == value and type(result) is int


@pytest.mark.parametrize(
    ("value", "kwargs", "message"),
    [
        (0, {}, "epochs must be an integer >= 1; got 0."),
        (True, {}, "epochs must be an integer >= 1; got True."),
        (2.0, {}, "epochs must be an integer >= 1; got 2.0."),
        ("3", {}, "epochs must be an integer >= 1; got '3'."),
        (None, {}, "epochs must be an integer >= 1; got None."),
        (-1, {"minimum": 0}, "epochs must be an integer >= 0; got -1."),
        (11, {"minimum": 0, "maximum": 10}, "epochs must be an integer from 0 to 10; got 11."),
        (12, {"minimum": 8, "multiple_of": 8}, "epochs must be an integer >= 8 and a multiple of 8; got 12."),
    ],
)
def test_check_int_message(value, kwargs, message):
    with pytest.raises(ValueError) as error:
        check_int("epochs", value, **kwargs)
    assert str(error.value) == message


def test_check_int_bounds_are_inclusive():
    assert check_int("seed", 0, minimum=0, maximum=10) == 0
    assert check_int("seed", 10, minimum=0, maximum=10) == 10
    assert check_int("size", 16, minimum=8, multiple_of=8) == 16


# --- check_real -----------------------------------------------------------------


@pytest.mark.parametrize("value", [0.5, 1, np.float32(0.25), np.int64(1)])
def test_check_real_returns_a_plain_float(value):
    result = check_real("rate", value, low=0, high=1)
    assert result == float(value) and type(result) is float


@pytest.mark.parametrize(
    ("value", "kwargs", "message"),
    [
        (0, {"low": 0, "low_open": True}, "rate must be a number > 0; got 0."),
        (-1, {"low": 0}, "rate must be a number >= 0; got -1."),
        (2, {"high": 1, "high_open": True}, "rate must be a number < 1; got 2."),
        (2, {"high": 1}, "rate must be a number <= 1; got 2."),
        (1, {"low": 0, "high": 1, "high_open": True}, "rate must be a number in [0, 1); got 1."),
        (0, {"low": 0, "high": 1, "low_open": True, "high_open": True},
         "rate must be a number in (0, 1); got 0."),
        (1.5, {"low": 0, "high": 1}, "rate must be a number in [0, 1]; got 1.5."),
        (True, {}, "rate must be a number; got True."),
        ("0.1", {"low": 0}, "rate must be a number >= 0; got '0.1'."),
        (math.nan, {"low": 0}, "rate must be a number >= 0; got nan."),
        (math.inf, {"low": 0, "low_open": True, "finite": True},
         "rate must be a finite number > 0; got inf."),
        (-math.inf, {"finite": True}, "rate must be a finite number; got -inf."),
    ],
)
def test_check_real_message(value, kwargs, message):
    with pytest.raises(ValueError) as error:
        check_real("rate", value, **kwargs)
    assert str(error.value) == message


def test_check_real_accepts_infinity_unless_finite_is_asked():
    assert check_real("scale", math.inf, low=0) == math.inf
    assert check_real("w0", -2.5, finite=True) == -2.5


# --- check_choice ---------------------------------------------------------------


@pytest.mark.parametrize("choices", [("max", "avg"), {"max", "avg"}, {"max": 1, "avg": 2}])
def test_check_choice_returns_the_value(choices):
    assert check_choice("pooling", "avg", choices) == "avg"


@pytest.mark.parametrize("value", ["min", "MAX", None, ["max"], np.array(["max", "avg"])])
def test_check_choice_message_lists_the_sorted_choices(value):
    with pytest.raises(ValueError) as error:
        check_choice("pooling", value, {"max", "avg"})
    assert str(error.value) == f"pooling must be one of ['avg', 'max']; got {value!r}."


# --- check_same_length ----------------------------------------------------------


def test_check_same_length_returns_the_length():
    assert check_same_length(x=np.zeros((3, 2)), y=[1, 2, 3]) == 3
    assert check_same_length() == 0


def test_check_same_length_message_names_every_array():
    with pytest.raises(ValueError) as error:
        check_same_length(x=[1, 2], y=[1, 2, 3])
    assert str(error.value) == "x and y must have the same length; got 2 and 3."
