"""Learning curves: a training history drawn epoch by epoch.

:func:`plot_history` takes what Keras's ``model.fit`` returns, what
:func:`dlbasics.training.fit` returns, or a plain dict of lists, so that the
Keras and PyTorch tabs of a chapter draw their curves with one call. Like
the helpers of :mod:`dlbasics.plots`, it draws on the Axes it is given,
sets no title and takes its labels as arguments.
"""

import numbers

import numpy as np

from .plots import _axes

__all__ = ["plot_history"]


def _history_dict(history):
    """The dict of lists inside a Keras or dlbasics History, or `history` itself."""
    logs = getattr(history, "history", history)
    if not isinstance(logs, dict):
        raise TypeError("history must be a Keras History, a dlbasics.training.History or a dict "
                        f"of lists; got {type(history).__name__}.")
    return logs


def plot_history(history, *, metric="loss", ax=None, labels=("training", "validation"),
                 xlabel="epoch", ylabel=None, best_epoch=None, **line_kw):
    """Draw a metric and its validation twin against the epoch number.

    Parameters
    ----------
    history : keras.callbacks.History, dlbasics.training.History or dict
        Anything with a ``history`` dict, or the dict itself: keys such as
        ``"loss"`` and ``"val_loss"``, each a list with one value per epoch.
    metric : str, default "loss"
        The key to draw; ``"val_" + metric`` is drawn too when present.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when None.
    labels : pair of str, default ("training", "validation")
        Legend entries of the two curves (pass the page's language).
    xlabel : str, default "epoch"
    ylabel : str or None, default None
        None writes `metric`.
    best_epoch : int or None, default None
        An epoch counted **from 0**, as ``EarlyStopping.best_epoch`` and
        ``History.epoch`` count them, marked by a dotted vertical line at
        ``best_epoch + 1`` (the x axis counts epochs from 1).
    **line_kw
        Passed to both :meth:`~matplotlib.axes.Axes.plot` calls (e.g.
        ``marker="o"``); the validation curve is dashed unless
        ``linestyle`` is given.

    Returns
    -------
    matplotlib.axes.Axes
        With one line (``metric``) or two (plus ``"val_" + metric``) and a
        legend.

    Raises
    ------
    TypeError
        If `history` has no dict of lists.
    ValueError
        If `metric` is not a key (the message lists the keys), its values
        are not a non-empty 1-D sequence of numbers, the validation values
        have another length, `labels` is not a pair of strings, or
        `best_epoch` is not an epoch of the history.
    """
    logs = _history_dict(history)
    if metric not in logs:
        raise ValueError(f"metric {metric!r} is not in the history; available keys: {list(logs)}.")
    if (isinstance(labels, str) or len(labels) != 2
            or not all(isinstance(label, str) for label in labels)):
        raise ValueError(f"labels must be a pair of strings (training, validation); got {labels!r}.")
    values = np.asarray(logs[metric], dtype=float)
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"history[{metric!r}] must be a non-empty list of numbers, one per epoch; "
                         f"got shape {values.shape}.")
    val_key = f"val_{metric}"
    val_values = None
    if val_key in logs:
        val_values = np.asarray(logs[val_key], dtype=float)
        if val_values.shape != values.shape:
            raise ValueError(f"history[{val_key!r}] has {val_values.size} values and "
                             f"history[{metric!r}] {values.size}; they must match.")
    if best_epoch is not None and (
        isinstance(best_epoch, bool) or not isinstance(best_epoch, numbers.Integral)
        or not 0 <= best_epoch < values.size
    ):
        raise ValueError(f"best_epoch must be an epoch counted from 0, from 0 to {values.size - 1}; "
                         f"got {best_epoch!r}.")
    ax = _axes(ax)
    epochs = np.arange(1, values.size + 1)
    ax.plot(epochs, values, label=labels[0], **line_kw)
    if val_values is not None:
        ax.plot(epochs, val_values, label=labels[1], **{"linestyle": "--", **line_kw})
    if best_epoch is not None:
        ax.axvline(best_epoch + 1, color="0.4", linestyle=":", linewidth=1)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(metric if ylabel is None else ylabel)
    if values.size < 12:
        ax.set_xticks(epochs)
    ax.legend()
    return ax
