"""dlbasics.scratch.conv against Keras and PyTorch, on random inputs and copied weights."""

import numpy as np
import pytest

from dlbasics.scratch import conv

TOL = {"rtol": 1e-4, "atol": 1e-5}


def _rng():
    return np.random.default_rng(0)


def _torch_padding(padding):
    return 0 if padding == "valid" else padding


# Keras's "same" with stride > 1 has no PyTorch equivalent; dilation > 1 with
# stride > 1 is refused by Keras: those cases are skipped for that framework.
CASES_2D = [
    # (stride, padding, dilation, c_in, c_out)
    (1, "valid", 1, 1, 1),
    (1, "valid", 1, 3, 4),
    (2, "valid", 1, 3, 2),
    (3, "valid", 1, 2, 3),
    (1, "same", 1, 3, 4),
    (2, "same", 1, 2, 5),
    (1, "same", 2, 3, 2),
    (1, "valid", 2, 1, 3),
    (1, 1, 1, 3, 2),
    (2, 2, 1, 2, 2),
    (2, 1, 2, 2, 3),
]


@pytest.mark.parametrize("stride, padding, dilation, c_in, c_out", CASES_2D)
@pytest.mark.parametrize("kernel_size", [(3, 3), (2, 5)])
@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel:UserWarning")
def test_conv2d_equals_keras_and_torch(stride, padding, dilation, c_in, c_out, kernel_size, keras, torch):
    rng = _rng()
    x = rng.normal(size=(2, 11, 9, c_in)).astype("float32")
    kernel = rng.normal(size=(*kernel_size, c_in, c_out)).astype("float32")
    bias = rng.normal(size=c_out).astype("float32")
    ours = conv.conv2d(x, kernel, bias, stride=stride, padding=padding, dilation=dilation)
    expected_hw = [conv.conv_output_size(n, k, stride, padding, dilation) for n, k in zip((11, 9), kernel_size)]
    assert ours.shape == (2, *expected_hw, c_out)
    if isinstance(padding, str) and not (dilation > 1 and stride > 1):
        layer = keras.layers.Conv2D(c_out, kernel_size, strides=stride, padding=padding, dilation_rate=dilation)
        layer.build(x.shape)
        layer.set_weights([kernel, bias])
        np.testing.assert_allclose(ours, np.asarray(layer(x)), **TOL)
    if padding != "same" or stride == 1:
        ref = torch.nn.functional.conv2d(torch.from_numpy(x).permute(0, 3, 1, 2), torch.from_numpy(kernel).permute(3, 2, 0, 1),
                       torch.from_numpy(bias), stride=stride, padding=_torch_padding(padding), dilation=dilation)
        np.testing.assert_allclose(ours, ref.permute(0, 2, 3, 1).numpy(), **TOL)


@pytest.mark.parametrize("stride, padding, dilation, c_in, c_out", CASES_2D)
@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel:UserWarning")
def test_conv1d_equals_keras_and_torch(stride, padding, dilation, c_in, c_out, keras, torch):
    rng = _rng()
    x = rng.normal(size=(3, 17, c_in)).astype("float32")
    kernel = rng.normal(size=(4, c_in, c_out)).astype("float32")
    bias = rng.normal(size=c_out).astype("float32")
    ours = conv.conv1d(x, kernel, bias, stride=stride, padding=padding, dilation=dilation)
    assert ours.shape == (3, conv.conv_output_size(17, 4, stride, padding, dilation), c_out)
    if isinstance(padding, str) and not (dilation > 1 and stride > 1):
        layer = keras.layers.Conv1D(c_out, 4, strides=stride, padding=padding, dilation_rate=dilation)
        layer.build(x.shape)
        layer.set_weights([kernel, bias])
        np.testing.assert_allclose(ours, np.asarray(layer(x)), **TOL)
    if padding != "same" or stride == 1:
        ref = torch.nn.functional.conv1d(torch.from_numpy(x).permute(0, 2, 1), torch.from_numpy(kernel).permute(2, 1, 0),
                       torch.from_numpy(bias), stride=stride, padding=_torch_padding(padding), dilation=dilation)
        np.testing.assert_allclose(ours, ref.permute(0, 2, 1).numpy(), **TOL)


def test_unbatched_input_and_no_bias():
    rng = _rng()
    image = rng.normal(size=(6, 7, 2))
    kernel = rng.normal(size=(3, 3, 2, 4))
    np.testing.assert_allclose(conv.conv2d(image, kernel), conv.conv2d(image[None], kernel)[0])
    signal = rng.normal(size=(10, 2))
    np.testing.assert_allclose(conv.conv1d(signal, kernel[0]), conv.conv1d(signal[None], kernel[0])[0])


POOLS = [(2, None, "valid"), (3, None, "valid"), (2, 1, "valid"), (3, 2, "valid"),
         (2, None, "same"), (3, 2, "same"), ((2, 3), None, "valid"), ((2, 3), (1, 2), "same")]


@pytest.mark.parametrize("pool_size, strides, padding", POOLS)
@pytest.mark.parametrize("kind", ["max", "avg"])
def test_pool2d_equals_keras_and_torch(kind, pool_size, strides, padding, keras, torch):
    x = _rng().normal(size=(2, 9, 8, 3)).astype("float32")
    ours = getattr(conv, f"{kind}_pool2d")(x, pool_size, strides, padding)
    layer = (keras.layers.MaxPooling2D if kind == "max" else keras.layers.AveragePooling2D)(
        pool_size, strides=strides, padding=padding)
    np.testing.assert_allclose(ours, np.asarray(layer(x)), **TOL)
    if padding == "valid":
        pool = torch.nn.functional.max_pool2d if kind == "max" else torch.nn.functional.avg_pool2d
        ref = pool(torch.from_numpy(x).permute(0, 3, 1, 2), pool_size, stride=strides)
        np.testing.assert_allclose(ours, ref.permute(0, 2, 3, 1).numpy(), **TOL)


@pytest.mark.parametrize("pool_size, strides, padding", [(2, None, "valid"), (3, 2, "same"), (3, 1, "valid")])
@pytest.mark.parametrize("kind", ["max", "avg"])
def test_pool1d_equals_keras_and_torch(kind, pool_size, strides, padding, keras, torch):
    x = _rng().normal(size=(2, 13, 3)).astype("float32")
    ours = getattr(conv, f"{kind}_pool1d")(x, pool_size, strides, padding)
    layer = (keras.layers.MaxPooling1D if kind == "max" else keras.layers.AveragePooling1D)(
        pool_size, strides=strides, padding=padding)
    np.testing.assert_allclose(ours, np.asarray(layer(x)), **TOL)
    if padding == "valid":
        pool = torch.nn.functional.max_pool1d if kind == "max" else torch.nn.functional.avg_pool1d
        ref = pool(torch.from_numpy(x).permute(0, 2, 1), pool_size, stride=strides)
        np.testing.assert_allclose(ours, ref.permute(0, 2, 1).numpy(), **TOL)


@pytest.mark.parametrize("size", [5, 12, 32])
@pytest.mark.parametrize("kernel_size", [1, 3, 4])
@pytest.mark.parametrize("stride", [1, 2, 3])
@pytest.mark.parametrize("padding", [0, 1, 2])
@pytest.mark.parametrize("dilation", [1, 2])
def test_output_size_formula_equals_torch_shapes(size, kernel_size, stride, padding, dilation, torch):
    if size + 2 * padding < dilation * (kernel_size - 1) + 1:
        with pytest.raises(ValueError, match="empty"):
            conv.conv_output_size(size, kernel_size, stride, padding, dilation)
        return
    out = torch.nn.functional.conv1d(torch.zeros(1, 1, size), torch.zeros(1, 1, kernel_size), stride=stride,
                   padding=padding, dilation=dilation)
    assert conv.conv_output_size(size, kernel_size, stride, padding, dilation) == out.shape[-1]


@pytest.mark.parametrize("size", [5, 12, 32])
@pytest.mark.parametrize("kernel_size", [1, 3, 4])
@pytest.mark.parametrize("stride", [1, 2, 3])
@pytest.mark.parametrize("padding", ["valid", "same"])
def test_output_size_formula_equals_keras_shapes(size, kernel_size, stride, padding, keras):
    if padding == "valid" and size < kernel_size:
        return
    layer = keras.layers.Conv1D(1, kernel_size, strides=stride, padding=padding)
    shape = layer.compute_output_shape((1, size, 1))
    assert conv.conv_output_size(size, kernel_size, stride, padding) == shape[1]


def test_lenet_sizes():
    assert conv.conv_output_size(32, 5) == 28
    assert conv.conv_output_size(28, 2, stride=2) == 14
    assert conv.conv_output_size(14, 5) == 10
    assert conv.conv_output_size(10, 2, stride=2) == 5


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: conv.conv2d(np.zeros((4, 4)), np.zeros((3, 3, 1, 1))), r"\(N, H, W, C\)"),
        (lambda: conv.conv2d(np.zeros((1, 4, 4, 2)), np.zeros((3, 3, 1, 1))), "2 channel"),
        (lambda: conv.conv2d(np.zeros((1, 4, 4, 1)), np.zeros((3, 3, 1))), "kernel must have shape"),
        (lambda: conv.conv2d(np.zeros((1, 2, 2, 1)), np.zeros((3, 3, 1, 1))), "empty"),
        (lambda: conv.conv2d(np.zeros((1, 4, 4, 1)), np.zeros((3, 3, 1, 2)), np.zeros(3)), "bias"),
        (lambda: conv.conv2d(np.zeros((1, 4, 4, 1)), np.zeros((3, 3, 1, 1)), padding="full"), "padding"),
        (lambda: conv.conv2d(np.zeros((1, 4, 4, 1)), np.zeros((3, 3, 1, 1)), stride=0), "stride"),
        (lambda: conv.conv1d(np.zeros(5), np.zeros((3, 1, 1))), r"\(N, L, C\)"),
        (lambda: conv.max_pool2d(np.zeros((1, 4, 4, 1)), padding=1), "padding"),
        (lambda: conv.gaussian_kernel(4, 1.0), "odd"),
        (lambda: conv.conv_output_size(3, 5), "empty"),
    ],
)
def test_bad_arguments_raise_clear_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_gaussian_kernel_and_filter_image():
    f = conv.gaussian_kernel(9, 2.0)
    assert f.shape == (9,) and f.sum() == pytest.approx(1.0) and f.argmax() == 4
    f2 = conv.gaussian_kernel(9, 2.0, ndim=2)
    assert f2.sum() == pytest.approx(1.0)
    image = _rng().uniform(size=(20, 30, 3))
    blurred = conv.filter_image(image, f2)
    assert blurred.shape == image.shape
    assert blurred[5:-5, 5:-5].std() < image.std()  # smoother
    np.testing.assert_allclose(conv.filter_image(image[..., 0], f2), blurred[..., 0])


def test_translation_equivariance():
    rng = _rng()
    x = np.zeros((60, 1))
    x[10:40, 0] = rng.normal(size=30)
    kernel = conv.gaussian_kernel(7, 1.5)[:, None, None]
    shifted = np.roll(x, 8, axis=0)
    np.testing.assert_allclose(np.roll(conv.conv1d(x, kernel, padding="same"), 8, axis=0),
                               conv.conv1d(shifted, kernel, padding="same"), atol=1e-12)
