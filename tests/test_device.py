"""Tests of dlbasics.device.torch_device."""

import pytest

from dlbasics import torch_device

torch = pytest.importorskip("torch")


@pytest.fixture(autouse=True)
def no_device_env(monkeypatch):
    monkeypatch.delenv("DLBASICS_DEVICE", raising=False)
    return monkeypatch


@pytest.mark.parametrize("prefer", [None, "auto", "AUTO"])
def test_auto_prefers_cuda_when_available(prefer):
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert torch_device(prefer) == torch.device(expected)


@pytest.mark.parametrize("prefer", ["cpu", "CPU"])
def test_cpu_always_available(prefer):
    assert torch_device(prefer) == torch.device("cpu")


def test_environment_variable_is_honoured(no_device_env):
    no_device_env.setenv("DLBASICS_DEVICE", " cpu ")
    assert torch_device() == torch.device("cpu")


def test_argument_overrides_environment(no_device_env):
    no_device_env.setenv("DLBASICS_DEVICE", "nonsense")
    assert torch_device("cpu") == torch.device("cpu")


def test_cuda_without_gpu_raises(no_device_env):
    no_device_env.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(ValueError, match="CUDA was requested .*argument.* no CUDA device"):
        torch_device("cuda")
    assert torch_device() == torch.device("cpu")


@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device")
def test_cuda_when_available():
    assert torch_device("cuda") == torch.device("cuda")


@pytest.mark.parametrize("prefer", ["gpu", "mps", "cuda:0", 0])
def test_unknown_device_raises(prefer):
    with pytest.raises(ValueError, match=r"Unknown device .*expected one of \['auto', 'cpu', 'cuda'\]"):
        torch_device(prefer)


def test_unknown_device_from_environment_names_the_variable(no_device_env):
    no_device_env.setenv("DLBASICS_DEVICE", "tpu")
    with pytest.raises(ValueError, match="'tpu' .*environment variable DLBASICS_DEVICE"):
        torch_device()
