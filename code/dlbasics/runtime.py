"""The chapters' runtime: quiet TensorFlow, seeds, device, threads, execution info.

Every chapter's setup cell is::

    import dlbasics
    device = dlbasics.setup(seed=0, language="en")   # "fr" in the French edition

:func:`~dlbasics.setup` runs the pieces in the order they need: the language of
the printed numbers (:func:`~dlbasics.use_language`), :func:`~dlbasics.quiet_tensorflow`
 (TensorFlow reads its logging and oneDNN settings from environment
variables once, when it is first imported, and Keras reads
``KERAS_BACKEND`` the same way), then the framework imports, then
:func:`~dlbasics.set_seed`, the thread count and :func:`~dlbasics.torch_device`. Each piece is
public, for a notebook that needs only one. The last cell of every chapter
shows :func:`~dlbasics.execution_info`.

Importing this module imports no framework; only :func:`~dlbasics.setup`,
:func:`~dlbasics.set_seed` (for the frameworks it is asked to seed) and
:func:`~dlbasics.torch_device` do.
"""

import datetime
import html
import importlib.metadata
import logging
import os
import platform
import random
import sys
import warnings
from dataclasses import dataclass

import numpy as np

from ._validation import check_int
from .numbers import use_language

__all__ = [
    "setup",
    "set_seed",
    "torch_device",
    "quiet_tensorflow",
    "execution_info",
    "ExecutionInfo",
    "TF_QUIET_ENV",
]

#: Environment variables that :func:`~dlbasics.quiet_tensorflow` overwrites (the book's
#: build driver starts its kernels with the same values, imported from here).
TF_QUIET_ENV = {
    # 0 = all C++ messages, 1 = no INFO, 2 = no INFO/WARNING, 3 = no ERROR
    # either: the book fails on anything a cell writes to stderr.
    "TF_CPP_MIN_LOG_LEVEL": "3",
    # oneDNN kernels may change float round-off from run to run of a build,
    # and TensorFlow prints a notice about it on import.
    "TF_ENABLE_ONEDNN_OPTS": "0",
}
#: Environment variables that :func:`~dlbasics.quiet_tensorflow` sets only if unset.
_TF_DEFAULT_ENV = {"KERAS_BACKEND": "tensorflow"}


def _already_quiet():
    """Return True if the environment already holds the quiet settings."""
    return all(os.environ.get(k) == v for k, v in TF_QUIET_ENV.items())


def quiet_tensorflow():
    """Silence TensorFlow's start-up messages; call before importing Keras.

    Sets the environment variables ``TF_CPP_MIN_LOG_LEVEL="3"`` (hide the C++
    INFO, WARNING and ERROR lines, such as the "Unable to register cuDNN
    factory" noise of GPU builds; real failures still raise Python
    exceptions) and ``TF_ENABLE_ONEDNN_OPTS="0"`` (turn off the
    oneDNN kernels and the notice about them), sets ``KERAS_BACKEND`` to
    ``"tensorflow"`` unless it is already set, and lowers the Python loggers
    ``tensorflow`` and ``absl`` to ERROR. TensorFlow itself is not imported.

    :func:`~dlbasics.setup` calls it first, in every chapter's setup cell.

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
    os.environ.update(TF_QUIET_ENV)
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
    """Where and with what a chapter was executed (see :func:`~dlbasics.execution_info`).

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



# ----------------------------------------------------------------------
# seeds

_FRAMEWORKS = ("keras", "torch")
_MAX_SEED = 2**32 - 1  # the largest seed np.random.seed accepts


def _check_frameworks(frameworks):
    """Return the tuple of framework names to seed."""
    if isinstance(frameworks, str) and frameworks == "auto":
        return tuple(name for name in _FRAMEWORKS if name in sys.modules)
    names = (frameworks,) if isinstance(frameworks, str) else frameworks
    try:
        names = tuple(names)
    except TypeError:
        names = (names,)
    unknown = [name for name in names if name not in _FRAMEWORKS]
    if unknown:
        raise ValueError(
            f"frameworks must be 'auto' or a tuple of names among "
            f"{list(_FRAMEWORKS)}; got unknown name(s) {unknown!r} "
            f"in {frameworks!r}."
        )
    return tuple(dict.fromkeys(names))  # drop repeats, keep the order


def _seed_keras(seed, deterministic):
    import keras

    keras.utils.set_random_seed(seed)
    if deterministic and keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        tf.config.experimental.enable_op_determinism()


def _seed_torch(seed, deterministic):
    if deterministic:
        # cuBLAS needs this before CUDA starts to give repeatable results.
        os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    import torch

    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)  # lazy: harmless without a GPU
    if deterministic:
        # torch.use_deterministic_algorithms(True, warn_only=True) without its import of
        # torch.compile's settings (1.3 s, for a flag of the compiler, which the book does not use)
        torch.set_deterministic_debug_mode("warn")
        torch.backends.cudnn.benchmark = False


def set_seed(seed=0, *, frameworks="auto", deterministic=True):
    """Seed Python, NumPy and the deep learning frameworks in one call.

    :func:`~dlbasics.setup` calls it; a notebook can call it again to restart its draws.

    Parameters
    ----------
    seed : int, default 0
        Seed from 0 to 2**32 - 1 (NumPy's limit).
    frameworks : "auto" or tuple of str, default "auto"
        Which frameworks to seed besides Python's :mod:`random` and NumPy's
        global generator (both always seeded). ``"auto"`` seeds those of
        ``"keras"`` and ``"torch"`` that are already imported, without
        importing anything. A tuple such as ``("keras", "torch")`` (or a
        single name) imports and seeds exactly those.
    deterministic : bool, default True
        Also ask the frameworks for deterministic kernels:
        ``tf.config.experimental.enable_op_determinism()`` when Keras runs on
        TensorFlow, and ``torch.set_deterministic_debug_mode("warn")`` (what
        ``torch.use_deterministic_algorithms(True, warn_only=True)`` sets, less
        its flag for ``torch.compile``) with ``torch.backends.cudnn.benchmark
        = False`` for PyTorch (plus ``CUBLAS_WORKSPACE_CONFIG=":4096:8"``
        unless set).
        These settings hold for the rest of the process. With False they are
        left as they are.

    Returns
    -------
    tuple of str
        What was seeded, e.g. ``("python", "numpy", "torch")``.

    Raises
    ------
    ValueError
        If `seed` is not an integer in range, or `frameworks` names a
        framework other than ``"keras"`` and ``"torch"``.

    Notes
    -----
    For Keras this calls ``keras.utils.set_random_seed``, which also seeds
    TensorFlow (when installed) and resets the generator used by
    ``keras.random``; for PyTorch ``torch.manual_seed`` and
    ``torch.cuda.manual_seed_all``. Generators made with
    ``np.random.default_rng`` are not affected: give them a seed of their
    own. Hash randomisation (``PYTHONHASHSEED``) can only be fixed before
    Python starts.

    Examples
    --------
    >>> import numpy as np
    >>> _ = set_seed(0, frameworks=())
    >>> a = np.random.rand()
    >>> set_seed(0, frameworks=())
    ('python', 'numpy')
    >>> a == np.random.rand()
    True
    """
    seed = check_int("seed", seed, minimum=0, maximum=_MAX_SEED)
    names = _check_frameworks(frameworks)
    random.seed(seed)
    np.random.seed(seed)
    seeders = {"keras": _seed_keras, "torch": _seed_torch}
    for name in names:
        seeders[name](seed, bool(deterministic))
    return ("python", "numpy", *names)


# ----------------------------------------------------------------------
# device

_DEVICE_ENV = "DLBASICS_DEVICE"
_CHOICES = ("auto", "cpu", "cuda")


def torch_device(prefer=None):
    """Return the :class:`torch.device` a chapter should compute on.

    :func:`~dlbasics.setup` returns it; :func:`dlbasics.training.fit` and
    :func:`dlbasics.training.predict` take it as their `device`.

    Parameters
    ----------
    prefer : {None, "auto", "cpu", "cuda"}, default None
        ``"cpu"`` or ``"cuda"`` asks for that device; ``"auto"`` takes CUDA
        when it is available and the CPU otherwise. With None, the
        environment variable ``DLBASICS_DEVICE`` is read instead (same
        values, case-insensitive) and an unset or empty variable means
        ``"auto"``.

    Returns
    -------
    torch.device
        ``torch.device("cuda")`` or ``torch.device("cpu")``.

    Raises
    ------
    ValueError
        If the requested name is none of the above, or ``"cuda"`` is asked
        for while PyTorch sees no CUDA device. The message says whether the
        request came from the argument or from ``DLBASICS_DEVICE``.
    """
    if prefer is None:
        choice = os.environ.get(_DEVICE_ENV, "").strip() or "auto"
        source = f"environment variable {_DEVICE_ENV}"
    else:
        choice, source = prefer, "argument prefer"
    name = choice.lower() if isinstance(choice, str) else choice
    if name not in _CHOICES:
        raise ValueError(
            f"Unknown device {choice!r} (from the {source}); "
            f"expected one of {list(_CHOICES)} or None."
        )

    import torch

    cuda = torch.cuda.is_available()
    if name == "cuda" and not cuda:
        raise ValueError(
            f"CUDA was requested (from the {source}) but PyTorch sees no CUDA "
            f"device (torch {torch.__version__}); use 'cpu' or 'auto'."
        )
    if name == "auto":
        name = "cuda" if cuda else "cpu"
    return torch.device(name)


# ----------------------------------------------------------------------
# setup


def setup(seed=0, *, threads=1, deterministic=True, language="en"):
    """Prepare a chapter's process: quiet TensorFlow, seed, one thread, device, language.

    The one call of every chapter's setup cell (``device =
    dlbasics.setup(seed=0, language="en")``, ``language="fr"`` in the French
    edition). In order: :func:`~dlbasics.use_language`; :func:`~dlbasics.quiet_tensorflow`; import
    Keras and PyTorch where they are installed (a missing one is simply not
    set up); the thread count of TensorFlow's operations; :func:`~dlbasics.set_seed`
    with `seed` for Python, NumPy and the frameworks imported;
    ``torch.set_num_threads(threads)``; and
    :func:`~dlbasics.torch_device`.

    Parameters
    ----------
    seed : int, default 0
        Seed from 0 to 2**32 - 1, given to :func:`~dlbasics.set_seed`.
    threads : int or None, default 1
        Number of threads PyTorch and TensorFlow compute with on the CPU (the
        models of the course are tiny: one thread is faster, since a small
        operation costs more to split than to compute, and does not stall a
        busy machine). TensorFlow takes it only before its first operation,
        so call this first; later it warns and keeps its count. None leaves
        the frameworks' defaults.
    deterministic : bool, default True
        Ask the frameworks for deterministic kernels (see :func:`~dlbasics.set_seed`).
    language : {"en", "fr"}, default "en"
        How :func:`~dlbasics.fmt` and the figures' tick labels write numbers
        (``0.967`` or ``0,967``), given to :func:`~dlbasics.use_language`.

    Returns
    -------
    torch.device or None
        :func:`~dlbasics.torch_device` (CUDA when available, unless the environment
        variable ``DLBASICS_DEVICE`` says otherwise), None without PyTorch.

    Raises
    ------
    RuntimeError
        If TensorFlow was imported before (see :func:`~dlbasics.quiet_tensorflow`).
    ValueError
        For a bad `seed`, `threads` or `language`, or a bad ``DLBASICS_DEVICE``.
    """
    seed = check_int("seed", seed, minimum=0, maximum=_MAX_SEED)
    if threads is not None:
        threads = check_int("threads", threads)
    use_language(language)
    quiet_tensorflow()
    imported = []
    for name in _FRAMEWORKS:
        try:
            importlib.import_module(name)
        except ImportError:
            continue
        imported.append(name)
    if threads is not None and "tensorflow" in sys.modules:  # Keras on TensorFlow
        _tensorflow_threads(threads)
    set_seed(seed, frameworks=tuple(imported), deterministic=deterministic)
    if "torch" not in imported:
        return None
    torch = sys.modules["torch"]
    if threads is not None:
        torch.set_num_threads(threads)
    return torch_device()


def _tensorflow_threads(threads):
    """Run TensorFlow's operations on `threads` threads (its intra-op and
    inter-op pools), which it only allows before its first operation: if it
    has already started with other counts, warn and leave them."""
    threading = sys.modules["tensorflow"].config.threading
    try:
        threading.set_intra_op_parallelism_threads(threads)
        threading.set_inter_op_parallelism_threads(threads)
    except RuntimeError:  # TensorFlow has started: an equal count is fine, another one cannot be set
        warnings.warn(
            f"TensorFlow had already started, so it keeps its thread count instead of {threads}; "
            "restart the kernel and call dlbasics.setup() before running anything else",
            RuntimeWarning, stacklevel=3)
