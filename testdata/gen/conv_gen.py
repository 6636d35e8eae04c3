"""Golden values for the convolution layers of package layers, computed with
PyTorch (an independent implementation of the same math) in float64.

Rerun from the repository root:
    /usr/bin/python3 testdata/gen/conv_gen.py
It writes layers/testdata/conv_golden.json.

Each case holds the layer's Keras class name and config, the input, the
weights in Keras's layouts, an upstream gradient g, the output y and the
gradients of sum(y * g) with respect to the input and every weight.

Keras semantics that differ from torch's defaults are written out here:
  * Layouts. Keras kernels are (k..., in/groups, out) for Conv, (k..., out,
    in) for ConvTranspose, (k..., in, depth_multiplier) for depthwise and
    (1..., in*dm, out) for pointwise; they are permuted into torch's (out,
    in/groups, k...) / (in, out, k...) inside the autograd graph, so the
    gradients come back in Keras's layout. channels_last inputs are permuted
    to NC... and back.
  * "same" padding is TensorFlow's: total = max((ceil(n/s)-1)*s + keff - n, 0)
    with the odd element on the right, applied with F.pad before a "valid"
    torch conv; "causal" pads keff-1 on the left.
  * Transposed convolutions: the output length is Keras's
    (backend_utils._get_output_shape_given_tf_padding); the result is torch's
    unpadded conv_transpose (length (n-1)*s + keff) shifted left by TF's
    padding max((n-1)*s + keff - out, 0) // 2 and cut (or zero-extended, for
    output_padding) to the output length.
  * Depthwise = grouped conv with groups = channels; separable = depthwise
    then a 1x1 conv, then the bias.
"""
import json
import math

import torch
import torch.nn.functional as F

torch.manual_seed(0)
DT = torch.float64


def rand(*shape):
    """Uniform in [-1, 1), rounded to float32 so that Go sees the same inputs."""
    return (torch.rand(*shape, dtype=DT) * 2 - 1).float().double()


def flat(t):
    return [float("%.8g" % v) for v in t.detach().flatten().tolist()]


def tup(v, r):
    return [v] * r if isinstance(v, int) else list(v)


CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
CONVT = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}


def to_torch_kernel(k, r):
    """Keras (k..., a, b) -> torch (b, a, k...)."""
    return k.permute(r + 1, r, *range(r))


def same_pads(n, k, s, d, padding):
    keff = (k - 1) * d + 1
    if padding == "valid":
        return 0, 0
    if padding == "causal":
        return keff - 1, 0
    out = -(-n // s)
    total = max((out - 1) * s + keff - n, 0)
    return total // 2, total - total // 2


def conv_nd(x, kernel, r, strides, padding, dilation, groups):
    """x in NC..., keras kernel -> NC... output."""
    pads = []
    for i in reversed(range(r)):
        pads += list(same_pads(x.shape[2 + i], kernel.shape[i], strides[i], dilation[i], padding))
    x = F.pad(x, pads)
    return CONV[r](x, to_torch_kernel(kernel, r), stride=strides, dilation=dilation, groups=groups)


def conv_transpose_nd(x, kernel, r, strides, padding, output_padding, dilation):
    full = CONVT[r](x, to_torch_kernel(kernel, r), stride=strides, dilation=dilation)
    for i in range(r):
        n, k, s, d = x.shape[2 + i], kernel.shape[i], strides[i], dilation[i]
        keff = (k - 1) * d + 1
        op = None if output_padding is None else output_padding[i]
        if padding == "valid":
            out = (n - 1) * s + keff + (max(keff, s) - keff if op is None else op)
        else:
            out = n * s if op is None else (n - 1) * s + keff % 2 + op
        left = max((n - 1) * s + keff - out, 0) // 2 if padding == "same" else 0
        axis = 2 + i
        have = full.shape[axis]
        if left + out > have:
            pad = [0, 0] * (r - 1 - i) + [0, left + out - have]
            full = F.pad(full, pad)
        full = full.narrow(axis, left, out)
    return full


ACT = {"linear": lambda v: v, "relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid}


def run(case):
    cls, cfg, shape = case["class"], case["config"], case["input_shape"]
    r = int([c for c in cls if c.isdigit()][0])
    first = cfg.get("data_format") == "channels_first"
    strides = tup(cfg.get("strides", 1), r)
    dil = tup(cfg.get("dilation_rate", 1), r)
    ks = tup(cfg["kernel_size"], r)
    padding = cfg.get("padding", "valid")
    act = ACT[cfg.get("activation", "linear")]
    x = rand(*shape).requires_grad_()
    xt = x if first else x.permute(0, r + 1, *range(1, r + 1))
    cin = xt.shape[1]
    weights = {}
    if cls.startswith("Conv") and "Transpose" not in cls:
        groups = cfg.get("groups", 1)
        weights["kernel"] = rand(*ks, cin // groups, cfg["filters"])
        z = conv_nd(xt, weights["kernel"].requires_grad_(), r, strides, padding, dil, groups)
        nout = cfg["filters"]
    elif "Transpose" in cls:
        weights["kernel"] = rand(*ks, cfg["filters"], cin)
        op = cfg.get("output_padding")
        z = conv_transpose_nd(xt, weights["kernel"].requires_grad_(), r, strides, padding,
                              None if op is None else tup(op, r), dil)
        nout = cfg["filters"]
    elif cls.startswith("Depthwise"):
        dm = cfg.get("depth_multiplier", 1)
        weights["kernel"] = rand(*ks, cin, dm)
        k = weights["kernel"].requires_grad_().reshape(*ks, 1, cin * dm)
        z = conv_nd(xt, k, r, strides, padding, dil, cin)
        nout = cin * dm
    else:  # Separable
        dm = cfg.get("depth_multiplier", 1)
        weights["depthwise_kernel"] = rand(*ks, cin, dm)
        weights["pointwise_kernel"] = rand(*([1] * r), cin * dm, cfg["filters"])
        k = weights["depthwise_kernel"].requires_grad_().reshape(*ks, 1, cin * dm)
        mid = conv_nd(xt, k, r, strides, padding, dil, cin)
        z = conv_nd(mid, weights["pointwise_kernel"].requires_grad_(), r, [1] * r, "valid", [1] * r, 1)
        nout = cfg["filters"]
    if cfg.get("use_bias", True):
        weights["bias"] = rand(nout).requires_grad_()
        z = z + weights["bias"].reshape(1, nout, *([1] * r))
    y = act(z)
    if not first:
        y = y.permute(0, *range(2, r + 2), 1)
    g = rand(*y.shape)
    (y * g).sum().backward()
    out = {
        "name": case["name"], "class": cls, "config": cfg, "input_shape": shape,
        "x": flat(x), "upstream": flat(g),
        "output_shape": list(y.shape), "y": flat(y), "dx": flat(x.grad),
        "weights": {k: {"shape": list(v.shape), "value": flat(v), "grad": flat(v.grad)}
                    for k, v in weights.items()},
    }
    return out


CASES = [
    ("conv2d_valid_relu", "Conv2D", {"filters": 4, "kernel_size": 3, "activation": "relu"}, [2, 6, 5, 3]),
    ("conv2d_same_even_strides_tanh", "Conv2D",
     {"filters": 4, "kernel_size": [2, 3], "padding": "same", "strides": 2, "activation": "tanh"}, [2, 7, 6, 3]),
    ("conv2d_same_dilation_groups", "Conv2D",
     {"filters": 6, "kernel_size": 3, "padding": "same", "dilation_rate": 2, "groups": 3}, [1, 7, 7, 6]),
    ("conv2d_channels_first", "Conv2D",
     {"filters": 4, "kernel_size": 3, "padding": "same", "strides": [1, 2], "activation": "relu",
      "data_format": "channels_first"}, [2, 3, 6, 7]),
    ("conv2d_no_bias_sigmoid", "Conv2D",
     {"filters": 2, "kernel_size": [1, 2], "use_bias": False, "activation": "sigmoid"}, [2, 3, 4, 2]),
    ("conv1d_causal_dilation", "Conv1D",
     {"filters": 3, "kernel_size": 3, "padding": "causal", "dilation_rate": 2}, [2, 9, 2]),
    ("conv1d_same_stride_groups", "Conv1D",
     {"filters": 4, "kernel_size": 4, "padding": "same", "strides": 2, "groups": 2}, [2, 8, 4]),
    ("conv3d_same_strides", "Conv3D",
     {"filters": 2, "kernel_size": [2, 3, 2], "padding": "same", "strides": [1, 2, 1]}, [1, 4, 5, 4, 2]),
    ("conv3d_channels_first_dilation", "Conv3D",
     {"filters": 3, "kernel_size": 2, "dilation_rate": [1, 2, 1], "data_format": "channels_first"},
     [1, 2, 4, 5, 4]),
    ("conv2d_transpose_valid", "Conv2DTranspose", {"filters": 3, "kernel_size": 3, "strides": 2}, [2, 3, 4, 2]),
    ("conv2d_transpose_same_relu", "Conv2DTranspose",
     {"filters": 2, "kernel_size": 4, "strides": 2, "padding": "same", "activation": "relu"}, [1, 3, 3, 3]),
    ("conv2d_transpose_same_output_padding", "Conv2DTranspose",
     {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same", "output_padding": 1}, [1, 3, 4, 2]),
    ("conv1d_transpose_valid_output_padding", "Conv1DTranspose",
     {"filters": 2, "kernel_size": 3, "strides": 3, "output_padding": 2}, [2, 4, 3]),
    ("conv1d_transpose_same_dilation", "Conv1DTranspose",
     {"filters": 2, "kernel_size": 3, "padding": "same", "dilation_rate": 2}, [1, 5, 2]),
    ("conv1d_transpose_valid_small_kernel", "Conv1DTranspose",
     {"filters": 2, "kernel_size": 2, "strides": 3}, [1, 3, 2]),
    ("conv3d_transpose_same_channels_first", "Conv3DTranspose",
     {"filters": 2, "kernel_size": 2, "strides": [2, 1, 2], "padding": "same", "data_format": "channels_first"},
     [1, 2, 2, 3, 2]),
    ("depthwise_conv2d_same_strides", "DepthwiseConv2D",
     {"kernel_size": 3, "depth_multiplier": 2, "padding": "same", "strides": 2}, [2, 6, 6, 3]),
    ("depthwise_conv1d_dilation_channels_first", "DepthwiseConv1D",
     {"kernel_size": 3, "dilation_rate": 2, "data_format": "channels_first", "activation": "tanh"}, [2, 3, 9]),
    ("separable_conv2d_same_relu", "SeparableConv2D",
     {"filters": 4, "kernel_size": 3, "depth_multiplier": 2, "padding": "same", "activation": "relu"},
     [2, 5, 5, 3]),
    ("separable_conv1d_strides_channels_first", "SeparableConv1D",
     {"filters": 3, "kernel_size": 2, "strides": 2, "data_format": "channels_first"}, [2, 2, 7]),
]

out = [run({"name": n, "class": c, "config": cfg, "input_shape": s}) for n, c, cfg, s in CASES]
with open("layers/testdata/conv_golden.json", "w") as f:
    json.dump({"cases": out}, f, separators=(",", ":"))
print("wrote", len(out), "cases")
