"""Fixtures of the model tests (the framework packages themselves, ``keras_models``
and ``torch_models``, are fixtures of ``tests/conftest.py``)."""

import pytest


@pytest.fixture(scope="session")
def n_torch(torch):
    """``n_torch(*modules)``: the number of parameters of PyTorch modules, all together."""
    from dlbasics.training import count_parameters

    return lambda *modules: sum(count_parameters(module) for module in modules)
