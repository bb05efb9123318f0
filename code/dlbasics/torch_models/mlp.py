"""PyTorch models of the chapters, built by short functions.

PyTorch is imported when a builder is called, not when this module is, so
that importing ``dlbasics`` stays cheap. The Keras twins are in
:mod:`dlbasics.keras_models`.
"""

from ._architecture import LEAKY_RELU_SLOPE, check_mlp

__all__ = ["mlp"]


def _activation_module(nn, activation):
    """The module that applies `activation` (a canonical name), or None."""
    modules = {
        "relu": nn.ReLU,
        "sigmoid": nn.Sigmoid,
        "tanh": nn.Tanh,
        "elu": nn.ELU,
        "softplus": nn.Softplus,
        "leaky_relu": lambda: nn.LeakyReLU(LEAKY_RELU_SLOPE),
        "softmax": lambda: nn.Softmax(dim=-1),
    }
    return modules[activation]() if activation in modules else None


def mlp(n_in, hidden, n_out, activation="relu", output=None):
    """A multi-layer perceptron as a :class:`torch.nn.Sequential`.

    The model is ``Linear(n_in, hidden[0])``, its activation, and so on, up
    to ``Linear(hidden[-1], n_out)`` followed by the `output` activation, if
    any. Chapter 2 declares its networks with it and checks its parameter
    count.

    Parameters
    ----------
    n_in : int
        Number of input features.
    hidden : sequence of int
        Sizes of the hidden layers, e.g. ``[20]`` or ``[64, 64]``; ``[]``
        gives a single ``Linear`` layer.
    n_out : int
        Number of outputs.
    activation : str, default "relu"
        Activation module after each hidden ``Linear``: ``"relu"``
        (``nn.ReLU``), ``"tanh"``, ``"sigmoid"``, ``"leaky_relu"``
        (``nn.LeakyReLU(0.01)``), ``"elu"``, ``"softplus"``,
        ``"softmax"`` (over the last axis) or ``"identity"`` (alias
        ``"linear"``: no module).
    output : str or None, default None
        Activation after the last ``Linear``, from the same names. With the
        default None there is none, and the model returns **logits** (raw
        scores): that is PyTorch's habit, because ``nn.CrossEntropyLoss``
        expects logits and applies the (log-)softmax itself, and
        ``nn.BCEWithLogitsLoss`` the sigmoid. Apply ``torch.softmax(logits,
        dim=-1)`` to read probabilities. Passing ``output="softmax"`` and
        then ``nn.CrossEntropyLoss`` would apply the softmax twice. Keras
        models usually end with the softmax instead: see
        :func:`dlbasics.keras_models.mlp`.

    Returns
    -------
    torch.nn.Sequential
        On the CPU, in float32, with
        ``count_parameters([n_in, *hidden, n_out])`` parameters.

    Raises
    ------
    ValueError
        If a size is not an integer >= 1, `hidden` is not a list of sizes,
        or an activation name is unknown (the message lists the names).
    """
    sizes, activation, output = check_mlp(n_in, hidden, n_out, activation, output)
    from torch import nn

    modules = []
    n_layers = len(sizes) - 1
    for index, (n_from, n_to) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        modules.append(nn.Linear(n_from, n_to))
        module = _activation_module(nn, activation if index < n_layers else output)
        if module is not None:
            modules.append(module)
    return nn.Sequential(*modules)


# ----------------------------------------------------------------------
# Chapters 6 and 7 (convolutional and recurrent networks), with a small
# training loop; PyTorch is channels-first: images (N, C, H, W), series (N, C, L),
# recurrent modules (N, T, features) with batch_first=True.

__all__ += [
    "lenet5",
    "cnn1d",
    "recurrent_classifier",
    "recurrent_forecaster",
    "count_parameters",
    "train",
    "predict",
]

_RECURRENT = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}
_ACTIVATIONS = {"relu": "ReLU", "tanh": "Tanh", "sigmoid": "Sigmoid"}


def _check_choice(name, value, choices):
    if value not in choices:
        raise ValueError(f"{name} must be one of {sorted(choices)}; got {value!r}.")


def lenet5(in_channels=1, n_classes=10, activation="relu", pooling="max"):
    """LeNet-5 (LeCun et al. 1998) as a :class:`torch.nn.Sequential`.

    The same layers as :func:`dlbasics.keras_models.lenet5`, for 32 × 32
    channels-first images (N, `in_channels`, 32, 32): 61,706 parameters
    with one channel and 10 classes. The output is logits.

    Parameters
    ----------
    in_channels : int, default 1
    n_classes : int, default 10
    activation : {"relu", "tanh", "sigmoid"}, default "relu"
    pooling : {"max", "avg"}, default "max"

    Returns
    -------
    torch.nn.Sequential
        Indices 0 to 5 are the convolutional base (conv, activation, pool,
        twice), 6 the flatten layer, then the dense head.
    """
    from torch import nn

    _check_choice("activation", activation, _ACTIVATIONS)
    _check_choice("pooling", pooling, {"max", "avg"})
    act = getattr(nn, _ACTIVATIONS[activation])
    pool = nn.MaxPool2d if pooling == "max" else nn.AvgPool2d
    return nn.Sequential(
        nn.Conv2d(in_channels, 6, 5), act(), pool(2),
        nn.Conv2d(6, 16, 5), act(), pool(2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), act(),
        nn.Linear(120, 84), act(),
        nn.Linear(84, n_classes),
    )


def cnn1d(n_channels=1, n_classes=4, filters=(16, 32), kernel_size=7):
    """A small 1-D convolutional classifier of channels-first series (N, C, L).

    The twin of :func:`dlbasics.keras_models.cnn1d`: blocks of ``Conv1d``
    ("same" padding, ReLU) and ``MaxPool1d(2)``, global average pooling
    over time, a linear output layer (logits).

    Parameters
    ----------
    n_channels : int, default 1
    n_classes : int, default 4
    filters : sequence of int, default (16, 32)
    kernel_size : int, default 7

    Returns
    -------
    torch.nn.Sequential
    """
    from torch import nn

    layers, c_in = [], n_channels
    for n_filters in filters:
        layers += [nn.Conv1d(c_in, n_filters, kernel_size, padding="same"), nn.ReLU(), nn.MaxPool1d(2)]
        c_in = n_filters
    layers += [nn.AdaptiveAvgPool1d(1), nn.Flatten(), nn.Linear(c_in, n_classes)]
    return nn.Sequential(*layers)


def _last_state_model(cell, n_features, units, n_outputs):
    """A recurrent module followed by a linear layer on the last hidden state."""
    from torch import nn

    _check_choice("cell", cell, _RECURRENT)

    class LastState(nn.Module):
        """Recurrent layer (batch first), then a linear layer on h_T."""

        def __init__(self):
            super().__init__()
            self.recurrent = getattr(nn, _RECURRENT[cell])(n_features, units, batch_first=True)
            self.head = nn.Linear(units, n_outputs)

        def forward(self, x):
            outputs, _ = self.recurrent(x)  # (N, T, units)
            return self.head(outputs[:, -1])

    return LastState()


def recurrent_classifier(n_features, n_classes, cell="lstm", units=32):
    """Many-to-one classifier, the twin of :func:`dlbasics.keras_models.recurrent_classifier`.

    Parameters
    ----------
    n_features : int
    n_classes : int
    cell : {"rnn", "lstm", "gru"}, default "lstm"
    units : int, default 32

    Returns
    -------
    torch.nn.Module
        Input (N, T, n_features), output logits (N, n_classes); the
        recurrent layer is its attribute ``recurrent``, the output layer
        ``head``.
    """
    return _last_state_model(cell, n_features, units, n_classes)


def recurrent_forecaster(n_features=1, cell="gru", units=16):
    """Many-to-one regressor, the twin of :func:`dlbasics.keras_models.recurrent_forecaster`.

    Returns
    -------
    torch.nn.Module
        Input (N, T, n_features), output (N, 1).
    """
    return _last_state_model(cell, n_features, units, 1)


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
    """
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)


def _tensor(torch, array, device, dtype=None):
    tensor = torch.as_tensor(array)
    return tensor.to(device=device, dtype=dtype if dtype is not None else tensor.dtype)


def train(model, x, y, *, epochs, batch_size=32, lr=1e-3, loss="cross_entropy",
          seed=0, device="cpu"):
    """Train a module with Adam on minibatches: PyTorch's answer to Keras's ``fit``.

    Each epoch shuffles the data with a generator seeded by `seed`, then
    for each minibatch runs ``zero_grad``, forward, loss, ``backward`` and
    ``step``: the loop chapter 6 writes out once.

    Parameters
    ----------
    model : torch.nn.Module
        Only the parameters with ``requires_grad`` are updated.
    x : array_like or torch.Tensor of shape (N, ...)
        Inputs, in the layout the model expects.
    y : array_like or torch.Tensor of shape (N,) or (N, 1)
        Class indices (``loss="cross_entropy"``) or targets (``"mse"``).
    epochs : int
    batch_size : int, default 32
    lr : float, default 1e-3
    loss : {"cross_entropy", "mse"}, default "cross_entropy"
    seed : int, default 0
    device : str or torch.device, default "cpu"

    Returns
    -------
    dict
        ``{"loss": [...]}``, the mean training loss of each epoch, and for
        cross-entropy ``"accuracy"``, the training accuracy of each epoch.
    """
    import torch

    _check_choice("loss", loss, {"cross_entropy", "mse"})
    model.to(device).train()
    x = _tensor(torch, x, device, torch.float32)
    y = _tensor(torch, y, device, torch.long if loss == "cross_entropy" else torch.float32)
    if len(x) != len(y):
        raise ValueError(f"x and y must have the same length; got {len(x)} and {len(y)}.")
    loss_fn = torch.nn.CrossEntropyLoss() if loss == "cross_entropy" else torch.nn.MSELoss()
    optimizer = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=lr)
    generator = torch.Generator().manual_seed(seed)
    history = {"loss": []}
    if loss == "cross_entropy":
        history["accuracy"] = []
    for _ in range(epochs):
        order = torch.randperm(len(x), generator=generator).to(device)
        total, correct = 0.0, 0
        for start in range(0, len(x), batch_size):
            batch = order[start:start + batch_size]
            optimizer.zero_grad()
            output = model(x[batch])
            value = loss_fn(output, y[batch].reshape(output.shape) if loss == "mse" else y[batch])
            value.backward()
            optimizer.step()
            total += value.item() * len(batch)
            if loss == "cross_entropy":
                correct += (output.argmax(1) == y[batch]).sum().item()
        history["loss"].append(total / len(x))
        if loss == "cross_entropy":
            history["accuracy"].append(correct / len(x))
    return history


def predict(model, x, batch_size=256, device="cpu"):
    """Outputs of a module in evaluation mode, without gradients, as NumPy.

    Parameters
    ----------
    model : torch.nn.Module
    x : array_like or torch.Tensor of shape (N, ...)
    batch_size : int, default 256
    device : str or torch.device, default "cpu"

    Returns
    -------
    numpy.ndarray of shape (N, ...)
        E.g. logits (N, n_classes).
    """
    import torch

    model.to(device).eval()
    x = _tensor(torch, x, device, torch.float32)
    with torch.no_grad():
        outputs = [model(x[i:i + batch_size]).cpu() for i in range(0, len(x), batch_size)]
    return torch.cat(outputs).numpy()
