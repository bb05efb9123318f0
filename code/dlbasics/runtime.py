"""Process environment for the chapters that use Keras and TensorFlow.

TensorFlow reads its logging and oneDNN settings from environment variables
once, when it is first imported, and Keras reads ``KERAS_BACKEND`` the same
way. :func:`quiet_tensorflow` therefore has to run in a chapter's setup cell
*before* ``import keras``.
"""

import datetime
import html
import importlib.metadata
import logging
import os
import platform
import sys
from dataclasses import dataclass

__all__ = ["quiet_tensorflow", "execution_info", "ExecutionInfo"]

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


@dataclass(frozen=True)
class ExecutionInfo:
    """Where and with what a chapter was executed (see :func:`execution_info`).

    Attributes
    ----------
    device : str
        ``"CPU"`` or the name of the GPU the frameworks use.
    python, keras, tensorflow, torch : str
        Versions (``"-"`` when not installed).
    date : str
        ISO date of the execution.
    """

    device: str
    python: str
    keras: str
    tensorflow: str
    torch: str
    date: str

    def items(self) -> list[tuple[str, str]]:
        """The facts as ``(label, value)`` pairs, labels being proper names."""
        return [
            ("device", self.device),
            ("Python", self.python),
            ("Keras", self.keras),
            ("TensorFlow", self.tensorflow),
            ("PyTorch", self.torch),
            ("date", self.date),
        ]

    def __str__(self) -> str:
        return " · ".join(
            value if label in ("device", "date") else f"{label} {value}"
            for label, value in self.items()
        )

    def _repr_html_(self) -> str:
        # The sentence around it ("Executed on" / "Exécuté sur") comes from the
        # page's language, in CSS: the output is the same in every edition.
        return f'<p class="execution-info">{html.escape(str(self))}</p>'

    def __repr__(self) -> str:
        return str(self)

    def _repr_markdown_(self) -> str:
        # Used where HTML is not (the PDF): the same line, in italics.
        return f"*{self}*"


def _version(distribution: str, *alternatives: str) -> str:
    for name in (distribution, *alternatives):
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return "-"


def _device() -> str:
    """The GPU's name if a framework already imported in this process sees one."""
    torch = sys.modules.get("torch")
    if torch is not None and torch.cuda.is_available():
        return torch.cuda.get_device_name(0)
    tf = sys.modules.get("tensorflow")
    if tf is not None:
        gpus = tf.config.list_physical_devices("GPU")
        if gpus:
            details = tf.config.experimental.get_device_details(gpus[0])
            return details.get("device_name", "GPU")
    return f"CPU ({platform.machine() or 'unknown'})"


def execution_info(today: datetime.date | None = None) -> ExecutionInfo:
    """Describe where and with what the current chapter runs.

    The last, hidden cell of every chapter displays it, so that each page
    says on which device (CPU or the GPU's name), with which Python, Keras,
    TensorFlow and PyTorch versions, and on which date it was executed.
    Frameworks are not imported: versions come from the installed
    distributions, the device from the frameworks the chapter imported.

    Parameters
    ----------
    today : datetime.date, optional
        The date to report (default: today).

    Returns
    -------
    ExecutionInfo
        Shown as one discreet line in HTML and LaTeX.

    Examples
    --------
    >>> info = execution_info(datetime.date(2026, 1, 31))
    >>> info.date
    '2026-01-31'
    >>> info.python == platform.python_version()
    True
    """
    return ExecutionInfo(
        device=_device(),
        python=platform.python_version(),
        keras=_version("keras"),
        tensorflow=_version("tensorflow", "tensorflow-cpu"),
        torch=_version("torch"),
        date=(today or datetime.date.today()).isoformat(),
    )
