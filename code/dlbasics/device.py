"""Choice of the PyTorch device (CPU or GPU) for the PyTorch chapters."""

import os

__all__ = ["torch_device"]

_DEVICE_ENV = "DLBASICS_DEVICE"
_CHOICES = ("auto", "cpu", "cuda")


def torch_device(prefer=None):
    """Return the :class:`torch.device` a chapter should compute on.

    Used in the setup cell of the PyTorch chapters.

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
