"""Golden values for package regularizers.

Rerun from the repository root with:

    /usr/bin/python3 testdata/gen/regularizers_gen.py

It writes regularizers/testdata/regularizers.json: for fixed weights, the
penalty and its gradient (torch autograd) for L1, L2, L1L2 and
OrthogonalRegularizer. PyTorch has no such regularizers, so each is written
out with torch ops following keras/src/regularizers/regularizers.py; the
orthogonal one normalises like keras.ops.normalize (order 2):
x * rsqrt(max(sum(x**2, axis, keepdims), epsilon**2)) with epsilon = 1e-7.
Computed in float64.
"""

import json
import os

import torch

torch.set_default_dtype(torch.float64)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EPS = 1e-7


def l1(x, f):
    return f * x.abs().sum()


def l2(x, f):
    return f * (x * x).sum()


def l1l2(x, a, b):
    r = torch.zeros(())
    if a != 0:
        r = r + a * x.abs().sum()
    if b != 0:
        r = r + b * (x * x).sum()
    return r


def normalize(x, axis):
    ss = (x * x).sum(dim=axis, keepdim=True)
    return x * torch.rsqrt(torch.clamp(ss, min=EPS * EPS))


def orthogonal(x, factor, mode):
    if mode == "rows":
        n = normalize(x, 1)
        p = n @ n.T
        size = x.shape[0]
    else:
        n = normalize(x, 0)
        p = n.T @ n
        size = x.shape[1]
    off = p * (1.0 - torch.eye(size))
    pairs = size * (size - 1.0) / 2.0
    return factor * 0.5 * off.abs().sum() / pairs


def case(name, fn, w):
    x = torch.tensor(w, requires_grad=True)
    y = fn(x)
    (g,) = torch.autograd.grad(y, x)
    return {"name": name, "shape": list(x.shape), "w": x.detach().flatten().tolist(),
            "value": y.item(), "grad": g.flatten().tolist()}


def main():
    gen = torch.Generator().manual_seed(3)
    w = (torch.rand(4, 3, generator=gen) * 2 - 1)
    w2 = (torch.rand(3, 5, generator=gen) * 2 - 1)
    w3 = (torch.rand(2, 3, 4, generator=gen) * 2 - 1)
    cases = [
        case("l1_default", lambda x: l1(x, 0.01), w.tolist()),
        case("l1_0.3", lambda x: l1(x, 0.3), w3.tolist()),
        case("l2_default", lambda x: l2(x, 0.01), w.tolist()),
        case("l2_0.5", lambda x: l2(x, 0.5), w3.tolist()),
        case("l1l2_0.1_0.2", lambda x: l1l2(x, 0.1, 0.2), w.tolist()),
        case("l1l2_0_0.2", lambda x: l1l2(x, 0.0, 0.2), w2.tolist()),
        case("orthogonal_rows_default", lambda x: orthogonal(x, 0.01, "rows"), w.tolist()),
        case("orthogonal_columns_0.5", lambda x: orthogonal(x, 0.5, "columns"), w.tolist()),
        case("orthogonal_rows_wide", lambda x: orthogonal(x, 0.1, "rows"), w2.tolist()),
        case("orthogonal_columns_wide", lambda x: orthogonal(x, 0.1, "columns"), w2.tolist()),
    ]
    path = os.path.join(ROOT, "regularizers/testdata/regularizers.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(cases, f, indent=1)
        f.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
