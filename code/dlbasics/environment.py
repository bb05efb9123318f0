"""Process environment for the chapters that use Keras and TensorFlow.

TensorFlow reads its logging and oneDNN settings from environment variables
once, when it is first imported, and Keras reads ``KERAS_BACKEND`` the same
way. :func:`quiet_tensorflow` therefore has to run in a chapter's setup cell
*before* ``import keras``.
"""

import logging
import os
import sys

__all__ = ["quiet_tensorflow"]

#: Environment variables that :func:`quiet_tensorflow` overwrites.
_TF_QUIET_ENV = {
    # 0 = all C++ messages, 1 = no INFO, 2 = no INFO/WARNING, 3 = no ERROR
    # either: the book fails on anything a cell writes to stderr, and
    # tools/build_book.py starts its kernels with the same values.
    "TF_CPP_MIN_LOG_LEVEL": "3",
    # oneDNN kernels may change float round-off from run to run of a build,
    # and TensorFlow prints a notice about it on import.
    "TF_ENABLE_ONEDNN_OPTS": "0",
}
#: Environment variables that :func:`quiet_tensorflow` sets only if unset.
_TF_DEFAULT_ENV = {"KERAS_BACKEND": "tensorflow"}


def _already_quiet():
    """Return True if the environment already holds the quiet settings."""
    return all(os.environ.get(k) == v for k, v in _TF_QUIET_ENV.items())


def quiet_tensorflow():
    """Silence TensorFlow's start-up messages; call before importing Keras.

    Sets the environment variables ``TF_CPP_MIN_LOG_LEVEL="3"`` (hide the C++
    INFO, WARNING and ERROR lines, such as the "Unable to register cuDNN
    factory" noise of GPU builds; real failures still raise Python
    exceptions) and ``TF_ENABLE_ONEDNN_OPTS="0"`` (turn off the
    oneDNN kernels and the notice about them), sets ``KERAS_BACKEND`` to
    ``"tensorflow"`` unless it is already set, and lowers the Python loggers
    ``tensorflow`` and ``absl`` to ERROR. TensorFlow itself is not imported.

    Used in the setup cell of every chapter that imports Keras.

    Returns
    -------
    None

    Raises
    ------
    RuntimeError
        If TensorFlow has already been imported in this process (for example
        by ``import keras``) and the variables were not set beforehand: the
        variables would have no effect any more. Restart the kernel and call
        this function first. Calling it again after a successful first call
        is harmless, so a setup cell can be re-run.

    Notes
    -----
    The ``absl`` logger is configured only if the ``absl`` package is
    installed (it comes with TensorFlow); importing it is cheap.
    """
    if "tensorflow" in sys.modules and not _already_quiet():
        raise RuntimeError(
            "quiet_tensorflow() was called after TensorFlow had been imported "
            "(perhaps through `import keras`), so the environment variables it "
            "sets would be ignored. Restart the kernel and call "
            "dlbasics.quiet_tensorflow() before importing keras or tensorflow."
        )
    os.environ.update(_TF_QUIET_ENV)
    for name, value in _TF_DEFAULT_ENV.items():
        os.environ.setdefault(name, value)
    logging.getLogger("tensorflow").setLevel(logging.ERROR)
    try:
        import absl.logging
    except ImportError:
        return None
    absl.logging.set_verbosity(absl.logging.ERROR)
    return None
