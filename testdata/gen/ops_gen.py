"""Golden values for package ops (keras.ops semantics) from numpy and PyTorch.

Rerun from the repository root with:

    /usr/bin/python3 testdata/gen/ops_gen.py

It writes ops/testdata/ops_golden.json. Inputs are float32 values drawn from
a fixed numpy seed; references are computed in float64 from those float32
inputs. Keras's var/std are population statistics (ddof=0, numpy's default)
and its norm is numpy.linalg.norm, so those use numpy directly.
"""
import json
import os

import numpy as np
import torch

rng = np.random.default_rng(1234)


def rand(*shape, scale=2.0):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def enc(a):
    a = np.asarray(a)
    return {"shape": list(a.shape), "data": [float(v) for v in a.ravel()]}


cases = []


def add(name, op, x, out, **args):
    c = {"name": name, "op": op, "x": enc(x), "out": enc(out)}
    c.update(args)
    cases.append(c)


def t64(x):
    return torch.from_numpy(x.astype(np.float64))


x = rand(3, 5)
add("softmax_last", "softmax", x, torch.softmax(t64(x), -1).numpy(), axis=-1)
x = rand(3, 4, 2)
add("softmax_mid", "softmax", x, torch.softmax(t64(x), 1).numpy(), axis=1)
x = rand(3, 5, scale=40.0)
add("log_softmax_large", "log_softmax", x, torch.log_softmax(t64(x), -1).numpy(), axis=-1)
x = rand(4, 3)
add("log_softmax_axis0", "log_softmax", x, torch.log_softmax(t64(x), 0).numpy(), axis=0)
x = rand(3, 4, 2, scale=10.0)
add("logsumexp_02", "logsumexp", x, torch.logsumexp(t64(x), dim=(0, 2)).numpy(), axes=[0, 2], keepdims=False)
add("logsumexp_all_keep", "logsumexp", x, torch.logsumexp(t64(x).reshape(-1), 0).numpy().reshape(1, 1, 1), axes=None, keepdims=True)
x = rand(3, 4)
add("var_1", "var", x, np.var(x.astype(np.float64), axis=1), axes=[1], keepdims=False)
add("std_0_keep", "std", x, np.std(x.astype(np.float64), axis=0, keepdims=True), axes=[0], keepdims=True)
add("var_all", "var", x, np.var(x.astype(np.float64)), axes=None, keepdims=False)
x64 = x.astype(np.float64)
add("norm_2_last", "norm", x, np.linalg.norm(x64, ord=2, axis=-1), ord=2.0, axes=[-1], keepdims=False)
add("norm_1_axis0", "norm", x, np.linalg.norm(x64, ord=1, axis=0), ord=1.0, axes=[0], keepdims=False)
add("norm_inf", "norm", x, np.linalg.norm(x64, ord=np.inf, axis=1), ord="inf", axes=[1], keepdims=False)
add("norm_3_keep", "norm", x, np.linalg.norm(x64, ord=3, axis=1, keepdims=True), ord=3.0, axes=[1], keepdims=True)
add("norm_fro", "norm", x, np.linalg.norm(x64), ord=2.0, axes=None, keepdims=False)
x = rand(4, 3)
idx = np.array([[3, 0], [1, -1]], dtype=np.int32)
add("take_axis0", "take", x, np.take(x, idx, axis=0), indices=enc(idx), axis=0)
idx1 = np.array([2, 2, 0], dtype=np.int32)
add("take_axis1", "take", x, np.take(x, idx1, axis=1), indices=enc(idx1), axis=1)
x = rand(2, 3)
pads = [[1, 0], [2, 1]]
add("pad", "pad", x, np.pad(x, pads, constant_values=0.5), pads=pads, value=0.5)
x = rand(3, 4)
add("cumsum_1", "cumsum", x, np.cumsum(x.astype(np.float64), axis=1), axis=1)
add("cumsum_0", "cumsum", x, np.cumsum(x.astype(np.float64), axis=0), axis=0)
x = np.linspace(-3, 3, 13).astype(np.float32)
add("erf", "erf", x, torch.erf(t64(x)).numpy())
x = rand(3, 6)
v, i = torch.topk(t64(x), 3, dim=-1, sorted=True)
add("top_k", "top_k", x, v.numpy(), k=3, indices_out=enc(i.numpy()))

path = os.path.join(os.path.dirname(__file__), "..", "..", "ops", "testdata", "ops_golden.json")
with open(path, "w") as f:
    json.dump({"generator": "testdata/gen/ops_gen.py", "numpy": np.__version__, "torch": torch.__version__, "cases": cases}, f, indent=1)
    f.write("\n")
print("wrote", os.path.normpath(path), len(cases), "cases")
