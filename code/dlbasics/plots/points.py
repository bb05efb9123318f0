"""Points: 2-D samples and codes (latent spaces, generated samples, flows), and timing bars.

The helper contract (``ax=None``, the Axes returned, no title, every
displayed string an argument) is stated once, in :mod:`dlbasics.plots`.
"""

import numpy as np

from .._validation import check_int, check_real
from ..numbers import fmt
from ._base import _axes

__all__ = ["flow_paths", "latent_scatter", "samples_vs_data", "timing_bars"]


def _points(name, values):
    arr = np.asarray(values, dtype=float)
    if arr.ndim != 2 or arr.shape[1] != 2:
        raise ValueError(f"{name} must have shape (n, 2); got {arr.shape}.")
    return arr


def latent_scatter(z, labels, *, xlabel, ylabel, legend_title, ax=None):
    """Scatter plot of 2-D codes, coloured by class, with a legend.

    Parameters
    ----------
    z : array_like of shape (n, 2)
        Codes, for example an encoder's outputs.
    labels : array_like of int, shape (n,)
        Class of each point (the digit).
    xlabel, ylabel, legend_title : str
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    z = _points("z", z)
    labels = np.asarray(labels)
    if labels.shape != (len(z),):
        raise ValueError(f"labels must have shape ({len(z)},); got {labels.shape}.")
    ax = _axes(ax)
    for index, label in enumerate(np.unique(labels)):
        points = z[labels == label]
        ax.scatter(points[:, 0], points[:, 1], s=5, alpha=0.7, color=f"C{index % 10}", label=str(label))
    ax.legend(title=legend_title, markerscale=3, fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return ax


def samples_vs_data(data, samples, *, data_label, samples_label, ax=None, limit=3.0):
    """Generated 2-D samples drawn over the training data.

    Parameters
    ----------
    data : array_like of shape (n, 2)
        Training data (grey).
    samples : array_like of shape (m, 2)
        Generated points (coloured, on top).
    data_label, samples_label : str
        Legend entries.
    ax : matplotlib.axes.Axes, optional
    limit : float, default 3
        Both axes span [-limit, limit]; points outside are not shown.

    Returns
    -------
    matplotlib.axes.Axes
        In equal aspect.
    """
    data, samples = _points("data", data), _points("samples", samples)
    limit = check_real("limit", limit, low=0, low_open=True)
    ax = _axes(ax)
    ax.scatter(data[:, 0], data[:, 1], s=3, color="0.7", label=data_label)
    ax.scatter(samples[:, 0], samples[:, 1], s=3, alpha=0.6, color="C1", label=samples_label)
    ax.set_xlim(-limit, limit)
    ax.set_ylim(-limit, limit)
    ax.set_aspect("equal")
    ax.legend(loc="upper right", markerscale=3, fontsize=8)
    return ax


def flow_paths(path, *, ax=None, n_paths=100, limit=3.0):
    """Trajectories of points carried by an ODE (flow matching), from start to end.

    Parameters
    ----------
    path : array_like of shape (n_steps + 1, n, 2)
        Positions at every step, for example from
        :func:`dlbasics.scratch.generative.euler_integrate` with
        ``return_path=True``.
    ax : matplotlib.axes.Axes, optional
    n_paths : int, default 100
        Number of trajectories drawn (the first ones).
    limit : float, default 3

    Returns
    -------
    matplotlib.axes.Axes
        Grey lines, start points in blue, end points in orange.
    """
    path = np.asarray(path, dtype=float)
    if path.ndim != 3 or path.shape[2] != 2:
        raise ValueError(f"path must have shape (n_steps + 1, n, 2); got {path.shape}.")
    path = path[:, :check_int("n_paths", n_paths)]
    limit = check_real("limit", limit, low=0, low_open=True)
    ax = _axes(ax)
    ax.plot(path[:, :, 0], path[:, :, 1], color="0.6", linewidth=0.6)
    ax.scatter(path[0, :, 0], path[0, :, 1], s=6, color="C0", zorder=3)
    ax.scatter(path[-1, :, 0], path[-1, :, 1], s=6, color="C1", zorder=3)
    ax.set_xlim(-limit, limit)
    ax.set_ylim(-limit, limit)
    ax.set_aspect("equal")
    return ax


def timing_bars(timings, *, xlabel, ax=None):
    """Horizontal bars of training times, grouped by model, one colour per framework.

    Parameters
    ----------
    timings : dict
        ``{(framework, model): seconds}``, for example
        ``{("Keras", "VAE"): 1.2, ("PyTorch", "VAE"): 0.8}``. Models keep
        the order in which they first appear, top to bottom.
    xlabel : str
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        Each bar carries its value in seconds.
    """
    if not timings:
        raise ValueError("timings is empty: nothing to draw.")
    frameworks = list(dict.fromkeys(framework for framework, _ in timings))
    models = list(dict.fromkeys(model for _, model in timings))
    ax = _axes(ax)
    height = 0.8 / len(frameworks)
    for index, framework in enumerate(frameworks):
        label = framework  # in the legend once per framework
        for row, model in enumerate(models):
            if (framework, model) not in timings:
                continue
            seconds = float(timings[framework, model])
            y = row + (index - (len(frameworks) - 1) / 2) * height
            ax.barh(y, seconds, height=height, color=f"C{index}", label=label)
            label = None
            ax.text(seconds, y, f" {fmt(seconds, '.1f')} s", va="center", fontsize=8)
    ax.set_yticks(range(len(models)))
    ax.set_yticklabels(models)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_xlim(0, 1.2 * max(timings.values()))
    ax.legend(loc="lower right")
    return ax
