"""One call to make a chapter's random draws repeat from run to run."""

import numbers
import os
import random
import sys

import numpy as np

__all__ = ["set_seed"]

_FRAMEWORKS = ("keras", "torch")
_MAX_SEED = 2**32 - 1  # the largest seed np.random.seed accepts


def _check_seed(seed):
    if (
        isinstance(seed, bool)
        or not isinstance(seed, numbers.Integral)
        or not 0 <= seed <= _MAX_SEED
    ):
        raise ValueError(
            f"seed must be an integer from 0 to {_MAX_SEED}; "
            f"got {seed!r} of type {type(seed).__name__}."
        )
    return int(seed)


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
        torch.use_deterministic_algorithms(True, warn_only=True)
        torch.backends.cudnn.benchmark = False


def set_seed(seed=0, *, frameworks="auto", deterministic=True):
    """Seed Python, NumPy and the deep learning frameworks in one call.

    Used in the setup cell of every chapter, right after the imports.

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
        TensorFlow, and ``torch.use_deterministic_algorithms(True,
        warn_only=True)`` with ``torch.backends.cudnn.benchmark = False`` for
        PyTorch (plus ``CUBLAS_WORKSPACE_CONFIG=":4096:8"`` unless set).
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
    seed = _check_seed(seed)
    names = _check_frameworks(frameworks)
    random.seed(seed)
    np.random.seed(seed)
    seeders = {"keras": _seed_keras, "torch": _seed_torch}
    for name in names:
        seeders[name](seed, bool(deterministic))
    return ("python", "numpy", *names)
