"""Numbers as the reader's edition writes them: ``0.967`` or ``0,967``.

The chapters print their results with :func:`~dlbasics.fmt`, print NumPy
arrays as they are, and draw their figures with matplotlib's default tick
formatters; all three follow one setting,
the language given to :func:`~dlbasics.setup` (``language="en"`` or
``"fr"``), which calls :func:`use_language`. The code cells are then the
same in both editions, only the setup call differs.

========================  ===============  ==================
``fmt(x, spec)``          English          French
========================  ===============  ==================
``fmt(0.9667, ".3f")``    ``0.967``        ``0,967``
``fmt(0.9617, ".1%")``    ``96.2%``        ``96,2 %``
``fmt(61706, ",")``       ``61,706``       ``61 706``
``fmt(1.5e-7, ".1e")``    ``1.5e-07``      ``1,5e-07``
========================  ===============  ==================

In French the space before ``%`` is a narrow no-break space (U+202F), and so
is the space between groups of thousands. A printed NumPy array of floats
reads ``[0,417 0,22 0,076]`` (each element as NumPy writes it alone, with a
comma; the columns are not padded to one width).

Importing this module changes nothing: matplotlib is not even imported until
:func:`use_language` is called.
"""

from __future__ import annotations

import numbers as _numbers
import warnings

import numpy as np

__all__ = ["fmt", "get_language", "use_language"]

#: The languages the book is written in.
LANGUAGES = ("en", "fr")

#: Narrow no-break space: before « % » and between groups of thousands in French.
NNBSP = "\u202f"

_language = "en"


def get_language() -> str:
    """The language numbers are written in now (``"en"`` until changed).

    Returns
    -------
    str
        ``"en"`` or ``"fr"``.
    """
    return _language


def _check_language(language):
    if not (isinstance(language, str) and language in LANGUAGES):
        raise ValueError(
            f"language must be one of {list(LANGUAGES)} ('en' for 0.967 and 96.2%, "
            f"'fr' for 0,967 and 96,2 %); got {language!r}."
        )
    return language


def use_language(language):
    """Write the numbers of prints and figures in `language` from now on.

    Sets the language of :func:`fmt`, of printed NumPy arrays of floats
    and of matplotlib's default tick labels. For ``"fr"``, NumPy's print
    options get a ``float_kind`` formatter that writes each element as
    NumPy would (shortest form at the current ``precision``, scientific
    below 1e-4 and from 1e8 on) with a decimal comma; ``"en"`` removes
    every formatter (:func:`numpy.set_printoptions`). The scales named ``"linear"`` and ``"log"`` are
    registered again (:func:`matplotlib.scale.register_scale`) as subclasses
    of :class:`~matplotlib.scale.LinearScale` and
    :class:`~matplotlib.scale.LogScale` whose default major formatter writes
    a decimal comma (offsets, scientific notation and the Unicode minus sign
    keep working); colorbars use them too. For ``"en"`` matplotlib's own
    classes are registered back. Axes created before the call keep their
    formatters.

    :func:`~dlbasics.setup` calls it with its `language`.

    Parameters
    ----------
    language : {"en", "fr"}
        The edition's language.

    Returns
    -------
    None

    Raises
    ------
    ValueError
        If `language` is neither ``"en"`` nor ``"fr"``.
    """
    global _language
    language = _check_language(language)
    from matplotlib import scale

    if language == "fr":
        linear, log = _french_scales()
        np.set_printoptions(formatter={"float_kind": _french_float})
    else:
        linear, log = scale.LinearScale, scale.LogScale
        np.set_printoptions(formatter=None)
    with warnings.catch_warnings():
        # matplotlib >= 3.11 warns that its own classes still take `axis`.
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        scale.register_scale(linear)
        scale.register_scale(log)
    _language = language


def _french_float(x) -> str:
    """One element of a printed NumPy array, with a decimal comma.

    >>> _french_float(np.float32(0.417)), _french_float(np.float64(2.5e-06))
    ('0,417', '2,5e-06')
    """
    options = np.get_printoptions()
    magnitude = abs(x)
    if magnitude != 0 and np.isfinite(x) and (magnitude < 1e-4 or magnitude >= 1e8) \
            and not options["suppress"]:
        text = np.format_float_scientific(x, precision=options["precision"], unique=True,
                                          trim="-", exp_digits=2)
    else:
        text = np.format_float_positional(x, precision=options["precision"], unique=True,
                                          trim="0")  # 2,0: a float, as NumPy's "2."
    return text.replace(".", ",")


def _comma(text: str) -> str:
    """Swap the decimal point of matplotlib's label for a comma.

    In mathtext a bare comma is followed by a space: ``{,}`` is not.
    """
    return text.replace(".", "{,}") if text.startswith("$") else text.replace(".", ",")


_FRENCH_SCALES = None


def _french_scales():
    """The two scale classes for French (built once, on first use)."""
    global _FRENCH_SCALES
    if _FRENCH_SCALES is not None:
        return _FRENCH_SCALES
    from matplotlib import scale, ticker

    class FrenchScalarFormatter(ticker.ScalarFormatter):
        """:class:`~matplotlib.ticker.ScalarFormatter` with a decimal comma."""

        def _format_maybe_minus_and_locale(self, fmt, arg):
            text = super()._format_maybe_minus_and_locale(fmt, arg)
            return text if self._useLocale else _comma(text)

        def get_offset(self):
            # the offset's "1e-3" keeps its form; its own decimals get a comma
            text = super().get_offset()
            return text if self._useLocale else _comma(text)

    class FrenchLogFormatter(ticker.LogFormatterSciNotation):
        """:class:`~matplotlib.ticker.LogFormatterSciNotation` with a decimal comma."""

        def __call__(self, x, pos=None):
            return _comma(super().__call__(x, pos))

    class FrenchLinearScale(scale.LinearScale):
        """The linear scale, with French tick labels."""

        name = "linear"

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)

        def set_default_locators_and_formatters(self, axis):
            super().set_default_locators_and_formatters(axis)
            axis.set_major_formatter(FrenchScalarFormatter())

    class FrenchLogScale(scale.LogScale):
        """The logarithmic scale, with French tick labels."""

        name = "log"

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)

        def set_default_locators_and_formatters(self, axis):
            super().set_default_locators_and_formatters(axis)
            axis.set_major_formatter(FrenchLogFormatter(self.base))

    _FRENCH_SCALES = (FrenchLinearScale, FrenchLogScale)
    return _FRENCH_SCALES


def _scalar(value):
    """`value` if it is one number (Python, NumPy or a 0-d array or tensor)."""
    if isinstance(value, (bool, str, bytes)) or value is None:
        raise TypeError(f"fmt() writes one number; got {type(value).__name__} {value!r}.")
    if isinstance(value, _numbers.Number):
        return value
    ndim = getattr(value, "ndim", None)
    if ndim == 0:
        # NumPy and PyTorch have .item(); TensorFlow and Keras tensors go through NumPy
        return value.item() if hasattr(value, "item") else np.asarray(value).item()
    if ndim is not None:
        raise TypeError(
            f"fmt() writes one number; got an array of shape {tuple(value.shape)}. "
            "Format its elements one by one, or take a scalar out (x.item(), x.mean())."
        )
    raise TypeError(f"fmt() writes one number; got {type(value).__name__} {value!r}.")


def fmt(value, spec: str = "") -> str:
    """Write a number as the current language does (see :func:`use_language`).

    Parameters
    ----------
    value : int, float or a NumPy, PyTorch or TensorFlow scalar
        One number; a 0-d array or tensor counts as one.
    spec : str, default ""
        A format specification, as for :func:`format` (``".3f"``, ``".1%"``,
        ``","``, ``".2e"``...).

    Returns
    -------
    str
        ``format(value, spec)`` in English (``str(value)`` for an empty
        `spec`, as :func:`print` writes it). In French the decimal point
        becomes a comma, the ``","`` grouping a narrow no-break space
        (U+202F), and a ``"%"`` spec ends in ``" %"`` with that space.

    Raises
    ------
    TypeError
        If `value` is not one number (a string, a bool, an array of more
        than one element...): a line of numbers is built from a loop of
        calls, so that each one gets its own spec.

    Examples
    --------
    >>> fmt(0.96667, ".3f")
    '0.967'
    >>> use_language("fr")
    >>> fmt(0.96667, ".3f"), fmt(0.9617, ".1%") == "96,2\\u202f%", fmt(61706, ",") == "61\\u202f706"
    ('0,967', True, True)
    >>> use_language("en")
    """
    value = _scalar(value)
    # an empty spec writes the number as print() does: str(np.float32(154.4))
    # is "154.4" where format() gives "154.39999389648438"
    text = format(value, spec) if spec else str(value)
    if _language == "en":
        return text
    text = text.replace(",", NNBSP).replace(".", ",")
    if spec.endswith("%"):
        text = text[:-1] + NNBSP + "%"
    return text
