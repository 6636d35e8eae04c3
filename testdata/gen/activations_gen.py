"""Golden values for the activation functions (ops/nn_activations*.go and
package activations).

Rerun from the repository root with:

    /usr/bin/python3 testdata/gen/activations_gen.py

It writes ops/testdata/nn_activations.json and
activations/testdata/activations.json.

Values come from torch.nn.functional where PyTorch has the same semantics as
Keras 3 (relu, relu6, sigmoid, softplus, softsign, silu, gelu exact and tanh,
elu, selu, celu, leaky_relu, hardsigmoid = relu6(x+3)/6, hardswish, logsigmoid,
mish, tanhshrink, hardtanh, softshrink, hardshrink, threshold, glu). Functions
PyTorch lacks or defines differently are written out with explicit torch
formulas that follow keras/src/backend/numpy/nn.py: sparse_plus,
sparse_sigmoid, squareplus, sparsemax (Keras's own tau, see below), Keras 2's
hard_sigmoid and keras.activations.relu with negative_slope/max_value/
threshold. Gradients are torch autograd of the same expressions, at inputs
chosen away from the kinks. Everything is computed in float64.
"""

import json
import os

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

X = [-30.0, -7.3, -4.1, -2.9, -1.7, -0.93, -0.61, -0.37, -0.11, 0.07, 0.29,
     0.53, 0.87, 1.3, 2.2, 3.7, 5.9, 6.4, 12.5, 30.0]


def keras_relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """keras.activations.relu's static_call, written with torch ops."""
    if negative_slope != 0.0:
        if max_value is None and threshold == 0:
            return F.leaky_relu(x, negative_slope)
        negative_part = F.relu(-x + threshold)
    else:
        negative_part = 1
    if threshold != 0:
        x = torch.where(x > threshold, x, torch.zeros_like(x))
    else:
        x = F.relu(x)
    if max_value is not None:
        x = torch.clamp(x, 0.0, max_value)
    if negative_slope != 0.0:
        x = x - negative_slope * negative_part
    return x


def keras_sparsemax(x, axis=-1):
    """keras/src/backend/numpy/nn.py sparsemax (tau sums the cumsums over the
    support, as Keras does)."""
    srt, _ = torch.sort(x, dim=axis, descending=True)
    cs = torch.cumsum(srt, dim=axis)
    r_shape = [1] * x.dim()
    r_shape[axis] = -1
    r = torch.arange(1, x.shape[axis] + 1, dtype=x.dtype).reshape(r_shape)
    support = srt - (cs - 1) / r > 0
    k = support.sum(dim=axis, keepdim=True)
    tau = (torch.where(support, cs, torch.zeros_like(cs)).sum(dim=axis, keepdim=True) - 1) / k
    return torch.clamp(x - tau, min=0.0)


ELEMENTWISE = {
    "relu": F.relu,
    "relu6": F.relu6,
    "sigmoid": torch.sigmoid,
    "softplus": F.softplus,
    "softsign": F.softsign,
    "silu": F.silu,
    "gelu_exact": lambda x: F.gelu(x),
    "gelu_tanh": lambda x: F.gelu(x, approximate="tanh"),
    "elu": lambda x: F.elu(x, 1.0),
    "elu_alpha0.5": lambda x: F.elu(x, 0.5),
    "selu": F.selu,
    "celu": lambda x: F.celu(x, 1.0),
    "celu_alpha2": lambda x: F.celu(x, 2.0),
    "leaky_relu_0.2": lambda x: F.leaky_relu(x, 0.2),
    "hard_sigmoid": F.hardsigmoid,
    "hard_silu": F.hardswish,
    "log_sigmoid": F.logsigmoid,
    "mish": F.mish,
    "tanh_shrink": F.tanhshrink,
    "hard_tanh": F.hardtanh,
    "soft_shrink": lambda x: F.softshrink(x, 0.5),
    "hard_shrink": lambda x: F.hardshrink(x, 0.5),
    "threshold_0.3_-2": lambda x: F.threshold(x, 0.3, -2.0),
    "sparse_plus": lambda x: torch.where(
        x <= -1, torch.zeros_like(x), torch.where(x < 1, 0.25 * (x + 1) ** 2, x)),
    "sparse_sigmoid": lambda x: torch.where(
        x <= -1, torch.zeros_like(x), torch.where(x >= 1, torch.ones_like(x), 0.5 * (x + 1))),
    "squareplus_4": lambda x: (x + torch.sqrt(x * x + 4.0)) / 2,
    "squareplus_1": lambda x: (x + torch.sqrt(x * x + 1.0)) / 2,
    "tanh": torch.tanh,
    "exponential": torch.exp,
}

ACTIVATION_VARIANTS = {
    "relu_slope0.5": lambda x: keras_relu(x, negative_slope=0.5),
    "relu_max5": lambda x: keras_relu(x, max_value=5.0),
    "relu_max6": lambda x: keras_relu(x, max_value=6.0),
    "relu_threshold5": lambda x: keras_relu(x, threshold=5.0),
    "relu_0.1_4_1": lambda x: keras_relu(x, 0.1, 4.0, 1.0),
    "relu_0.1_none_-1": lambda x: keras_relu(x, 0.1, None, -1.0),
    "hard_sigmoid_keras2": lambda x: torch.clamp(0.2 * x + 0.5, 0.0, 1.0),
}


def value_and_grad(f, xs):
    x = torch.tensor(xs, requires_grad=True)
    y = f(x)
    (g,) = torch.autograd.grad(y.sum(), x)
    return y.detach().tolist(), g.tolist()


def elementwise(fns):
    out = {}
    for name, f in fns.items():
        y, g = value_and_grad(f, X)
        out[name] = {"x": X, "y": y, "grad": g}
    return out


def axis_cases():
    gen = torch.Generator().manual_seed(5)
    x = (torch.rand(2, 4, 3, generator=gen) * 4 - 2)
    cases = {}
    for axis in (-1, 1, 0):
        xs = x.clone().requires_grad_(True)
        # glu needs an even axis.
        if x.shape[axis] % 2 == 0:
            y = F.glu(xs, dim=axis)
            wg = torch.cos(torch.arange(y.numel(), dtype=y.dtype)).reshape(y.shape)
            (g,) = torch.autograd.grad((y * wg).sum(), xs)
            cases[f"glu_axis{axis}"] = {
                "shape": list(x.shape), "axis": axis, "x": x.flatten().tolist(),
                "y_shape": list(y.shape), "y": y.detach().flatten().tolist(),
                "grad": g.flatten().tolist()}
        y = keras_sparsemax(xs, axis)
        wg = torch.cos(torch.arange(y.numel(), dtype=y.dtype)).reshape(y.shape)
        (g,) = torch.autograd.grad((y * wg).sum(), xs)
        cases[f"sparsemax_axis{axis}"] = {
            "shape": list(x.shape), "axis": axis, "x": x.flatten().tolist(),
            "y_shape": list(y.shape), "y": y.detach().flatten().tolist(),
            "grad": g.flatten().tolist()}
    return cases


def softmax_cases():
    gen = torch.Generator().manual_seed(9)
    x = torch.rand(2, 3, 4, generator=gen) * 6 - 3
    out = {}
    for axis in (-1, 1):
        out[f"softmax_axis{axis}"] = {"shape": list(x.shape), "axis": axis,
                                      "x": x.flatten().tolist(),
                                      "y": F.softmax(x, dim=axis).flatten().tolist()}
        out[f"log_softmax_axis{axis}"] = {"shape": list(x.shape), "axis": axis,
                                          "x": x.flatten().tolist(),
                                          "y": F.log_softmax(x, dim=axis).flatten().tolist()}
    return out


def write(path, obj):
    path = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    write("ops/testdata/nn_activations.json",
          {"elementwise": elementwise(ELEMENTWISE), "axis": axis_cases()})
    write("activations/testdata/activations.json",
          {"elementwise": elementwise({**ELEMENTWISE, **ACTIVATION_VARIANTS}),
           "softmax": softmax_cases()})
