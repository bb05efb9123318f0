"""A PyTorch ``fit`` that behaves like Keras's ``Model.fit``.

:func:`~dlbasics.training.fit` trains a :class:`torch.nn.Module` on in-memory arrays with the
same contract as Keras 3's ``model.fit``: the same held-out rows for
``validation_split``, the same per-epoch logs (sample-weighted means of the
minibatch values, keys sorted as Keras sorts them), the same
:class:`~dlbasics.training.EarlyStopping` rules, and a :class:`~dlbasics.training.History` with ``history``,
``epoch`` and ``params``. The loop itself is the one chapter 6 writes by hand
(permutation, slice, ``zero_grad``, forward, loss, ``backward``, ``step``);
values stay on the device during an epoch and are read once at its end.
Beside it, :func:`~dlbasics.training.predict` (the outputs of a module, as NumPy) and
:func:`~dlbasics.training.count_parameters` (what Keras's ``count_params`` gives).

:func:`~dlbasics.training.fit` and :func:`~dlbasics.training.predict` share one device rule: ``device=None`` is
where the model's parameters already are (the CPU for a new model; move it
with ``model.to(device)`` or pass ``device=``, e.g. the one
:func:`dlbasics.setup` returns).

This module imports PyTorch at the top: import it after
:func:`dlbasics.setup`, as the chapters do.
"""

from __future__ import annotations

import math
import sys
import time

import numpy as np
import torch

from ._validation import check_choice, check_int, check_real

__all__ = ["fit", "predict", "count_parameters", "EarlyStopping", "History"]

_LOSSES = ("mse", "mae", "cross_entropy", "bce_with_logits")
_METRICS = ("accuracy", "mae", "mse")
#: Keras 3's default hyper-parameters of its optimizers (learning rate,
#: epsilon and, for AdamW, weight decay), given to the PyTorch ones.
_OPTIMIZERS = {
    "adam": ("Adam", {"lr": 1e-3, "eps": 1e-7}),
    "sgd": ("SGD", {"lr": 0.01}),
    "adamw": ("AdamW", {"lr": 1e-3, "eps": 1e-7, "weight_decay": 0.004}),
}
#: Direction of improvement of each quantity `mode="auto"` recognises.
_DIRECTIONS = {"loss": "min", "mae": "min", "mse": "min", "accuracy": "max"}


class History:
    """What :func:`~dlbasics.training.fit` returns, shaped like Keras's ``History`` callback.

    Attributes
    ----------
    history : dict of str to list of float
        One value per epoch run for each key: ``"loss"``, the metric names,
        then ``"val_loss"`` and ``"val_<metric>"`` when there is validation
        data, sorted by name as Keras 3 sorts them (e.g. ``["accuracy",
        "loss", "val_accuracy", "val_loss"]``).
    epoch : list of int
        The epochs run, from 0 (Keras's numbering).
    params : dict
        ``{"verbose": ..., "epochs": ..., "steps": ...}`` where ``steps`` is
        the number of minibatches per epoch, as in Keras.
    model : torch.nn.Module
        The trained model.
    """

    def __init__(self, model=None, params=None):
        self.history = {}
        self.epoch = []
        self.params = dict(params or {})
        self.model = model

    def _append(self, epoch, logs):
        self.epoch.append(epoch)
        for key, value in logs.items():
            self.history.setdefault(key, []).append(value)

    def __repr__(self):
        return f"History(epochs={len(self.epoch)}, keys={list(self.history)})"


class EarlyStopping:
    """Stop training when a monitored quantity stops improving (Keras's rules).

    The same state machine as Keras 3's ``keras.callbacks.EarlyStopping``:
    at the end of each epoch from `start_from_epoch` on, ``wait`` grows by
    one; an improvement on the best value so far (by more than `min_delta`)
    records it as ``best`` and ``best_epoch`` and resets ``wait`` to 0 (if
    `baseline` is set, only when the value also improves on `baseline`);
    otherwise training stops once ``wait >= patience`` (never at epoch 0)
    and ``stopped_epoch`` records the epoch. With `restore_best_weights`,
    the weights of the best epoch (parameters and buffers, as Keras's
    ``get_weights``) are put back when training ends, whether it stopped
    early or ran all its epochs.

    Parameters
    ----------
    monitor : str, default "val_loss"
        A key of the epoch logs: ``"loss"``, ``"val_loss"``, a metric name or
        ``"val_"`` + a metric name.
    patience : int, default 0
        Epochs without improvement after which training stops.
    min_delta : float, default 0.0
        An improvement must exceed this absolute change (its sign is
        ignored, as in Keras).
    mode : {"auto", "min", "max"}, default "auto"
        ``"auto"`` minimises losses, ``"mae"`` and ``"mse"`` and maximises
        ``"accuracy"``; other names need ``"min"`` or ``"max"``.
    restore_best_weights : bool, default False
    start_from_epoch : int, default 0
        Epochs (counted from 0) ignored before monitoring starts.
    baseline : float or None, default None
        A value to beat: until it is, ``wait`` is never reset.

    Attributes
    ----------
    best : float or None
        Best monitored value so far (None before the first one).
    best_epoch : int
        Epoch (from 0) of `best`.
    stopped_epoch : int
        Epoch at which training was stopped, 0 if it was not.
    wait : int
    best_weights : dict or None
        A copy of the model's ``state_dict`` at `best_epoch`, kept only
        with `restore_best_weights`.

    Raises
    ------
    ValueError
        For a negative `patience` or `start_from_epoch`, an unknown `mode`,
        or ``mode="auto"`` with a quantity whose direction is unknown.
    """

    def __init__(self, monitor="val_loss", patience=0, min_delta=0.0, mode="auto",
                 restore_best_weights=False, start_from_epoch=0, baseline=None):
        if not isinstance(monitor, str) or not monitor:
            raise ValueError(f"monitor must be a non-empty key of the logs, e.g. 'val_loss'; "
                             f"got {monitor!r}.")
        check_choice("mode", mode, ("auto", "min", "max"))
        if mode == "auto":
            name = monitor.removeprefix("val_")
            if name not in _DIRECTIONS:
                raise ValueError(
                    f"mode='auto' cannot tell whether {monitor!r} should be minimised or "
                    "maximised; pass mode='min' or mode='max'.")
            mode = _DIRECTIONS[name]
        check_real("min_delta", min_delta)
        if baseline is not None:
            check_real("baseline", baseline)
        self.monitor = monitor
        self.patience = check_int("patience", patience, minimum=0)
        self.start_from_epoch = check_int("start_from_epoch", start_from_epoch, minimum=0)
        self.mode = mode
        # Keras stores min_delta with the sign of the direction of improvement.
        self.min_delta = abs(float(min_delta)) * (-1.0 if mode == "min" else 1.0)
        self.restore_best_weights = bool(restore_best_weights)
        self.baseline = baseline
        self.on_train_begin()

    def _is_improvement(self, value, reference):
        if reference is None:
            return True
        if self.mode == "min":
            return value - self.min_delta < reference
        return value - self.min_delta > reference

    def on_train_begin(self, model=None):
        """Reset the state, so that one instance serves several fits."""
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_weights = None
        self.best_epoch = 0

    def on_epoch_end(self, epoch, logs, model=None):
        """Update the state with the logs of `epoch`; return True to stop.

        Raises
        ------
        ValueError
            If `monitor` is not a key of `logs` (Keras only warns).
        """
        if self.monitor not in logs:
            raise ValueError(
                f"EarlyStopping monitors {self.monitor!r}, which is not in the logs; "
                f"available keys: {list(logs)}. (Monitoring a 'val_' key needs "
                "validation_split or validation_data.)")
        current = float(logs[self.monitor])
        if epoch < self.start_from_epoch:
            return False
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights = _snapshot(model)
            self.best_epoch = epoch
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = _snapshot(model)
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
            return False
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            return True
        return False

    def on_train_end(self, model=None):
        """Put back the best weights (with `restore_best_weights`)."""
        if self.restore_best_weights and self.best_weights is not None and model is not None:
            model.load_state_dict(self.best_weights)

    def __repr__(self):
        return (f"EarlyStopping(monitor={self.monitor!r}, patience={self.patience}, "
                f"mode={self.mode!r}, best={self.best}, best_epoch={self.best_epoch}, "
                f"stopped_epoch={self.stopped_epoch})")


def _snapshot(model):
    if model is None:
        raise ValueError("restore_best_weights needs the model: call on_epoch_end(epoch, logs, model).")
    return {key: value.detach().clone() for key, value in model.state_dict().items()}


# ----------------------------------------------------------------------
# device, parameters, predictions


def _device(model, device):
    """The device to compute on: `device`, or where the model's tensors already are.

    The one rule of :func:`~dlbasics.training.fit` and :func:`~dlbasics.training.predict`; a model without
    parameters or buffers stays on the CPU.
    """
    if device is not None:
        try:
            return torch.device(device)
        except (TypeError, RuntimeError) as error:
            raise ValueError(f"device must be None, a torch.device or a name such as 'cpu' or "
                             f"'cuda'; got {device!r} ({error}).") from None
    for tensor in (*model.parameters(), *model.buffers()):
        return tensor.device
    return torch.device("cpu")


def count_parameters(model, trainable_only=False):
    """Number of parameters of a module (what Keras's ``count_params`` gives).

    Parameters
    ----------
    model : torch.nn.Module
    trainable_only : bool, default False
        Count only parameters with ``requires_grad``.

    Returns
    -------
    int

    Raises
    ------
    TypeError
        If `model` is not a :class:`torch.nn.Module`.

    Examples
    --------
    >>> count_parameters(torch.nn.Linear(10, 3))  # 10 * 3 weights + 3 biases
    33
    """
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module; got {type(model).__name__}.")
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)


def predict(model, x, *, batch_size=256, device=None):
    """Outputs of a module in evaluation mode, without gradients, as NumPy.

    Parameters
    ----------
    model : torch.nn.Module
        Put in evaluation mode (``model.eval()``) and moved to `device` if
        one is given.
    x : numpy.ndarray or torch.Tensor of shape (N, ...)
        Inputs, in the layout the model expects; floating-point values are
        cast to float32, integers (e.g. token ids) are kept, as in :func:`~dlbasics.training.fit`.
    batch_size : int, default 256
        Rows computed at a time.
    device : str, torch.device or None, default None
        Where to compute; None means where the model's parameters already
        are (the rule of :func:`~dlbasics.training.fit`).

    Returns
    -------
    numpy.ndarray of shape (N, ...)
        The outputs, on the CPU, e.g. logits of shape (N, n_classes).

    Raises
    ------
    TypeError
        If `model` is not a module or `x` not an array.
    ValueError
        If `batch_size` is not an integer >= 1 or `x` is a scalar.

    Examples
    --------
    >>> model = torch.nn.Linear(3, 2)
    >>> predict(model, np.zeros((5, 3))).shape
    (5, 2)
    """
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module; got {type(model).__name__}.")
    batch_size = check_int("batch_size", batch_size)
    device = _device(model, device)
    x = _as_tensor(x, "x")
    if x.ndim == 0:
        raise ValueError(f"x must have shape (N, ...); got a scalar {x!r}.")
    x = x.to(device=device, dtype=torch.float32 if x.is_floating_point() else x.dtype)
    model.to(device).eval()
    with torch.no_grad():
        outputs = [model(x[i:i + batch_size]).cpu() for i in range(0, len(x), batch_size)]
    return torch.cat(outputs).numpy()


# ----------------------------------------------------------------------
# fit


def _as_tensor(array, name):
    if isinstance(array, torch.Tensor):
        return array.detach()
    try:
        array = np.asarray(array)
        if not array.flags.writeable:  # e.g. pandas' to_numpy(): torch would warn
            array = array.copy()
        return torch.as_tensor(array)
    except (TypeError, ValueError, RuntimeError) as error:
        raise TypeError(f"{name} must be a NumPy array or a torch.Tensor; got "
                        f"{type(array).__name__} ({error}).") from None


def _loss_function(loss):
    """(callable, name or None) for `loss`."""
    functional = torch.nn.functional
    if isinstance(loss, str):
        table = {
            "mse": functional.mse_loss,
            "mae": functional.l1_loss,
            "cross_entropy": functional.cross_entropy,
            "bce_with_logits": functional.binary_cross_entropy_with_logits,
        }
        if loss not in table:
            raise ValueError(f"Unknown loss {loss!r}; choose one of {list(_LOSSES)} or pass a "
                             "callable loss(pred, target) such as torch.nn.MSELoss().")
        return table[loss], loss
    if callable(loss):
        if isinstance(loss, torch.nn.CrossEntropyLoss):
            return loss, "cross_entropy"
        if isinstance(loss, torch.nn.BCEWithLogitsLoss):
            return loss, "bce_with_logits"
        return loss, None
    raise TypeError(f"loss must be a name among {list(_LOSSES)} or a callable loss(pred, target); "
                    f"got {type(loss).__name__}.")


def _build_optimizer(optimizer, model):
    if isinstance(optimizer, str):
        if optimizer.lower() not in _OPTIMIZERS:
            raise ValueError(f"Unknown optimizer {optimizer!r}; choose one of "
                             f"{list(_OPTIMIZERS)} or pass a torch.optim.Optimizer.")
        class_name, defaults = _OPTIMIZERS[optimizer.lower()]
        parameters = [p for p in model.parameters() if p.requires_grad]
        if not parameters:
            raise ValueError("The model has no trainable parameter.")
        return getattr(torch.optim, class_name)(parameters, **defaults)
    if isinstance(optimizer, torch.optim.Optimizer):
        owned = {id(p) for p in model.parameters()}
        if not any(id(p) in owned for group in optimizer.param_groups for p in group["params"]):
            raise ValueError("The optimizer updates none of the model's parameters: build it on "
                             "model.parameters() (after moving the model to its device).")
        return optimizer
    raise TypeError(f"optimizer must be a name among {list(_OPTIMIZERS)} or a "
                    f"torch.optim.Optimizer; got {type(optimizer).__name__}.")


def _check_metrics(metrics):
    if isinstance(metrics, str):
        metrics = (metrics,)
    try:
        metrics = tuple(metrics)
    except TypeError:
        raise TypeError(f"metrics must be a sequence of names among {list(_METRICS)}; "
                        f"got {metrics!r}.") from None
    for name in metrics:
        if name not in _METRICS:
            raise ValueError(f"Unknown metric {name!r}; choose among {list(_METRICS)}.")
    return tuple(dict.fromkeys(metrics))


def _prepare_target(y, loss_name):
    if loss_name == "cross_entropy":
        if y.is_floating_point():
            raise TypeError("cross_entropy needs integer class labels as y; got floating-point "
                            "values (pass labels 0..C-1, not one-hot vectors).")
        if y.ndim == 2 and y.shape[1] == 1:
            y = y[:, 0]
        return y.long()
    if loss_name in ("mse", "mae", "bce_with_logits"):
        return y.float()
    return y.float() if y.is_floating_point() else y.long()


def _match(pred, target):
    """`target` reshaped like `pred` when it holds as many values (e.g. (N,) and (N, 1))."""
    if target.is_floating_point() and target.shape != pred.shape and target.numel() == pred.numel():
        return target.reshape(pred.shape)
    return target


def _metric_sum(name, pred, target, threshold):
    """Sum over the batch of the per-sample metric (a 0-d tensor, on the device)."""
    if name == "accuracy":
        if pred.ndim >= 2 and pred.shape[-1] > 1:
            return (pred.argmax(dim=-1) == target.reshape(pred.shape[:-1])).sum()
        target = target.reshape(pred.shape)
        return ((pred > threshold) == (target > 0.5)).sum()
    target = _match(pred, target.to(pred.dtype))
    error = (pred - target).abs() if name == "mae" else (pred - target).square()
    # Keras averages over the last axis, then over the samples.
    per_sample = error.reshape(len(error), -1).mean(dim=1)
    return per_sample.sum()


def _evaluate(model, x, y, loss_fn, metrics, threshold, batch_size, penalty):
    """Sample-weighted means of the loss and metrics over (x, y), without gradients."""
    model.eval()
    losses, sums = [], {name: [] for name in metrics}
    with torch.no_grad():
        for start in range(0, len(x), batch_size):
            xb, yb = x[start:start + batch_size], y[start:start + batch_size]
            pred = model(xb)
            losses.append(loss_fn(pred, _match(pred, yb)) * len(xb))
            for name in metrics:
                sums[name].append(_metric_sum(name, pred, yb, threshold))
        logs = {"loss": float(torch.stack(losses).sum()) / len(x)}
        if penalty is not None:
            logs["loss"] += float(penalty(model))
    for name in metrics:
        logs[name] = float(torch.stack(sums[name]).sum()) / len(x)
    return logs


def fit(model, x, y, *, epochs, batch_size=32, loss, optimizer="adam", metrics=(),
        validation_split=0.0, validation_data=None, shuffle=True, callbacks=(),
        verbose=0, device=None, penalty=None):
    """Train a PyTorch module on arrays, as Keras's ``model.fit`` does.

    Each epoch runs the model in training mode (``model.train()``: dropout
    on, batch norm on batch statistics) over the minibatches of a fresh
    permutation of the training rows: ``zero_grad``, forward, loss (plus
    `penalty`), ``backward``, ``step``. Then it evaluates the validation
    data, if any, in evaluation mode under ``torch.no_grad()``, logs the
    epoch and calls the callbacks.

    Parameters
    ----------
    model : torch.nn.Module
        Moved to `device` (if given). Left in **evaluation mode** when `fit` returns
        (Keras has no modes; evaluation mode is what predicting needs).
    x : numpy.ndarray or torch.Tensor of shape (N, ...)
        Inputs; floating-point values are cast to float32, integers (e.g.
        token ids) are kept.
    y : numpy.ndarray or torch.Tensor of shape (N,) or (N, ...)
        Targets: integer class labels (N,) for ``"cross_entropy"``, floats
        for ``"mse"``, ``"mae"`` and ``"bce_with_logits"`` (a target of
        shape (N,) is reshaped to a prediction of shape (N, 1)).
    epochs : int
        Number of epochs, >= 1.
    batch_size : int, default 32
        Keras's default; the last minibatch may be smaller. Validation uses
        the same size.
    loss : str or callable
        ``"mse"``, ``"mae"``, ``"cross_entropy"`` (logits (N, C) and labels
        (N,)) or ``"bce_with_logits"`` (logits and 0/1 targets), or any
        ``loss(pred, target)`` returning the batch mean, such as
        ``torch.nn.MSELoss()``.
    optimizer : str or torch.optim.Optimizer, default "adam"
        An optimizer built on ``model.parameters()``, or ``"adam"``,
        ``"sgd"`` or ``"adamw"``, built with Keras's defaults: learning rate
        1e-3, 0.01 and 1e-3, epsilon 1e-7 for Adam and AdamW, weight decay
        0.004 for AdamW.
    metrics : sequence of str, default ()
        Among ``"accuracy"`` (argmax of the outputs against integer labels;
        for a single output, output > 0 with ``"bce_with_logits"`` (logits),
        output > 0.5 otherwise, against target > 0.5), ``"mae"``, ``"mse"``.
    validation_split : float, default 0.0
        In [0, 1): as in Keras, the **last** ``N - floor(N * (1 -
        validation_split))`` rows, taken before any shuffling, are held out.
    validation_data : tuple (x_val, y_val) or None, default None
        Validation data. Pass it or `validation_split`, not both (Keras
        silently lets `validation_data` win; here it is an error).
    shuffle : bool, default True
        Shuffle the training rows every epoch, with a :class:`torch.Generator`
        seeded once per call from PyTorch's global generator (so
        ``set_seed`` makes runs repeat).
    callbacks : sequence, default ()
        :class:`~dlbasics.training.EarlyStopping` instances or any objects with a method
        ``on_epoch_end(epoch, logs, model)`` returning True to stop training
        (and optionally ``on_train_begin(model)``, ``on_train_end(model)``).
    verbose : {0, 1}, default 0
        1 prints one line per epoch with its duration and logs.
    device : str, torch.device or None, default None
        Where to train; None means where the model's parameters already are
        (the rule of :func:`~dlbasics.training.predict`). The chapters pass the device that
        :func:`dlbasics.setup` returns.
    penalty : callable or None, default None
        ``penalty(model)`` returning a scalar tensor, e.g. an L2 penalty on
        the weights, added to the loss that is minimised. As in Keras, where
        regularisation losses of ``kernel_regularizer`` are part of
        ``compute_loss`` in training and in evaluation, the logged
        ``"loss"`` **and** ``"val_loss"`` include it (the data loss alone is
        ``val_loss - penalty(model)``).

    Returns
    -------
    History
        ``history.history`` maps ``"loss"``, each metric, ``"val_loss"`` and
        ``"val_<metric>"`` (keys sorted as Keras sorts them) to one value
        per epoch run: the sample-weighted mean over the epoch's minibatches
        (training values are thus measured while the weights change, as in
        Keras); ``history.epoch``; ``history.params`` (``epochs``,
        ``steps``, ``verbose``); ``history.model``.

    Raises
    ------
    TypeError
        If `model` is not a module, `x` or `y` not an array, `loss`,
        `optimizer`, `penalty` or a callback of the wrong kind.
    ValueError
        For `epochs` or `batch_size` < 1, `validation_split` outside [0, 1)
        or too large for the data, both `validation_split` and
        `validation_data`, unknown loss, metric or optimizer names, `x` and
        `y` of different lengths, an optimizer not built on the model, an
        ``EarlyStopping`` monitoring a key the logs will not have.
    """
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module; got {type(model).__name__}.")
    epochs = check_int("epochs", epochs)
    batch_size = check_int("batch_size", batch_size)
    if verbose not in (0, 1, False, True):
        raise ValueError(f"verbose must be 0 or 1; got {verbose!r}.")
    check_real("validation_split", validation_split, low=0, high=1, high_open=True)
    if validation_data is not None and validation_split:
        raise ValueError("Pass validation_split or validation_data, not both.")
    if penalty is not None and not callable(penalty):
        raise TypeError(f"penalty must be None or a callable penalty(model) -> scalar tensor; "
                        f"got {type(penalty).__name__}.")
    loss_fn, loss_name = _loss_function(loss)
    metrics = _check_metrics(metrics)
    threshold = 0.0 if loss_name == "bce_with_logits" else 0.5
    callbacks = tuple(callbacks)
    for callback in callbacks:
        if not callable(getattr(callback, "on_epoch_end", None)):
            raise TypeError(f"Each callback needs a method on_epoch_end(epoch, logs, model); "
                            f"got {type(callback).__name__}.")

    x = _as_tensor(x, "x")
    y = _as_tensor(y, "y")
    if x.ndim == 0 or y.ndim == 0 or len(x) != len(y):
        raise ValueError(f"x and y must have the same length (first axis); got shapes "
                         f"{tuple(x.shape)} and {tuple(y.shape)}.")
    if validation_data is not None:
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
            raise ValueError("validation_data must be a pair (x_val, y_val).")
        x_val = _as_tensor(validation_data[0], "x_val")
        y_val = _as_tensor(validation_data[1], "y_val")
        if x_val.ndim == 0 or y_val.ndim == 0 or len(x_val) != len(y_val) or len(x_val) == 0:
            raise ValueError(f"x_val and y_val must be non-empty with the same length; got "
                             f"shapes {tuple(x_val.shape)} and {tuple(y_val.shape)}.")
    elif validation_split:
        split_at = int(math.floor(len(x) * (1.0 - validation_split)))
        if split_at in (0, len(x)):
            raise ValueError(f"validation_split={validation_split} of {len(x)} samples leaves an "
                             "empty training or validation set.")
        x, x_val, y, y_val = x[:split_at], x[split_at:], y[:split_at], y[split_at:]
    else:
        x_val = y_val = None
    if len(x) == 0:
        raise ValueError("x and y are empty.")

    device = _device(model, device)
    model.to(device)
    optimizer = _build_optimizer(optimizer, model)

    def to_device(features, targets):
        features = features.to(device=device, dtype=torch.float32 if features.is_floating_point()
                               else features.dtype)
        return features, _prepare_target(targets.to(device), loss_name)

    x, y = to_device(x, y)
    has_val = x_val is not None
    if has_val:
        x_val, y_val = to_device(x_val, y_val)

    keys = sorted(["loss", *metrics] + (["val_loss", *(f"val_{m}" for m in metrics)]
                                         if has_val else []))
    for callback in callbacks:
        if isinstance(callback, EarlyStopping) and callback.monitor not in keys:
            raise ValueError(f"EarlyStopping monitors {callback.monitor!r}, which this fit does "
                             f"not log; it logs {keys}. (A 'val_' key needs validation_split or "
                             "validation_data.)")

    n = len(x)
    steps = math.ceil(n / batch_size)
    history = History(model, {"verbose": int(verbose), "epochs": epochs, "steps": steps})
    seed = int(torch.randint(0, 2**62, (1,)).item())
    generator = torch.Generator().manual_seed(seed)
    sizes = torch.tensor([min(batch_size, n - start) for start in range(0, n, batch_size)],
                         dtype=torch.float32, device=device)
    for callback in callbacks:
        if callable(getattr(callback, "on_train_begin", None)):
            callback.on_train_begin(model)

    for epoch in range(epochs):
        started = time.perf_counter()
        model.train()
        order = torch.randperm(n, generator=generator).to(device) if shuffle else None
        losses, sums = [], {name: [] for name in metrics}
        for start in range(0, n, batch_size):
            if order is None:
                xb, yb = x[start:start + batch_size], y[start:start + batch_size]
            else:
                batch = order[start:start + batch_size]
                xb, yb = x[batch], y[batch]
            optimizer.zero_grad()
            pred = model(xb)
            value = loss_fn(pred, _match(pred, yb))
            if value.ndim != 0:
                raise ValueError(f"loss must return a scalar (the batch mean); got a tensor of "
                                 f"shape {tuple(value.shape)} (use reduction='mean').")
            if penalty is not None:
                value = value + penalty(model)
            value.backward()
            optimizer.step()
            losses.append(value.detach())
            if metrics:
                with torch.no_grad():
                    for name in metrics:
                        sums[name].append(_metric_sum(name, pred.detach(), yb, threshold))
        logs = {"loss": float(torch.stack(losses).reshape(-1) @ sizes) / n}
        for name in metrics:
            logs[name] = float(torch.stack(sums[name]).sum()) / n
        if has_val:
            val_logs = _evaluate(model, x_val, y_val, loss_fn, metrics, threshold,
                                 batch_size, penalty)
            logs.update({f"val_{key}": value for key, value in val_logs.items()})
        logs = {key: logs[key] for key in sorted(logs)}
        history._append(epoch, logs)
        if verbose:
            values = " - ".join(f"{key}: {value:.4f}" for key, value in logs.items())
            print(f"Epoch {epoch + 1}/{epochs} - {time.perf_counter() - started:.2f} s - {values}",
                  file=sys.stdout, flush=True)
        stop = False
        for callback in callbacks:
            stop = bool(callback.on_epoch_end(epoch, logs, model)) or stop
        if stop:
            break

    for callback in callbacks:
        if callable(getattr(callback, "on_train_end", None)):
            callback.on_train_end(model)
    model.eval()
    return history
