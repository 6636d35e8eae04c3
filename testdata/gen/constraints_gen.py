"""Golden values for package constraints.

Rerun from the repository root with:

    /usr/bin/python3 testdata/gen/constraints_gen.py

It writes constraints/testdata/constraints.json. PyTorch has no weight
constraints, so each is written out in numpy float32 exactly as
keras/src/constraints/constraints.py computes it, with backend.epsilon()
= 1e-7 added to the norm in the denominator:
  norms   = sqrt(sum(w**2, axis, keepdims=True))
  MaxNorm    w * (clip(norms, 0, max_value) / (eps + norms))
  MinMaxNorm w * ((rate*clip(norms, min, max) + (1-rate)*norms) / (eps + norms))
  UnitNorm   w / (eps + norms)
  NonNeg     maximum(w, 0)
"""

import json
import os

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EPS = np.float32(1e-7)


def norms(w, axis):
    return np.sqrt(np.sum(np.square(w), axis=tuple(axis), keepdims=True))


def max_norm(w, max_value, axis):
    n = norms(w, axis)
    return w * (np.clip(n, 0, np.float32(max_value)) / (EPS + n))


def min_max_norm(w, lo, hi, rate, axis):
    n = norms(w, axis)
    desired = np.float32(rate) * np.clip(n, np.float32(lo), np.float32(hi)) + np.float32(1 - rate) * n
    return w * (desired / (EPS + n))


def unit_norm(w, axis):
    return w / (EPS + norms(w, axis))


def main():
    rng = np.random.default_rng(11)
    dense = (rng.standard_normal((4, 3)) * 1.5).astype(np.float32)
    dense[:, 1] *= 0.1  # one small column (below max_value)
    zero_col = dense.copy()
    zero_col[:, 2] = 0
    conv = rng.standard_normal((3, 3, 2, 4)).astype(np.float32)
    cases = [
        ("max_norm_default", dict(class_name="MaxNorm", config={}), dense, max_norm(dense, 2, [0])),
        ("max_norm_axis1", dict(class_name="MaxNorm", config={"max_value": 1.0, "axis": 1}), dense, max_norm(dense, 1.0, [1])),
        ("max_norm_conv", dict(class_name="MaxNorm", config={"max_value": 1.5, "axis": [0, 1, 2]}), conv, max_norm(conv, 1.5, [0, 1, 2])),
        ("max_norm_zero_col", dict(class_name="MaxNorm", config={}), zero_col, max_norm(zero_col, 2, [0])),
        ("min_max_norm_default", dict(class_name="MinMaxNorm", config={}), dense, min_max_norm(dense, 0, 1, 1, [0])),
        ("min_max_norm_rate", dict(class_name="MinMaxNorm", config={"min_value": 0.5, "max_value": 1.5, "rate": 0.7, "axis": -1}), dense, min_max_norm(dense, 0.5, 1.5, 0.7, [-1])),
        ("min_max_norm_conv", dict(class_name="MinMaxNorm", config={"min_value": 0.8, "max_value": 1.2, "rate": 0.5, "axis": [0, 1, 2]}), conv, min_max_norm(conv, 0.8, 1.2, 0.5, [0, 1, 2])),
        ("unit_norm_default", dict(class_name="UnitNorm", config={}), dense, unit_norm(dense, [0])),
        ("unit_norm_axis-1", dict(class_name="UnitNorm", config={"axis": -1}), dense, unit_norm(dense, [-1])),
        ("unit_norm_conv_axis3", dict(class_name="UnitNorm", config={"axis": 3}), conv, unit_norm(conv, [3])),
        ("non_neg", dict(class_name="NonNeg", config={}), dense, np.maximum(dense, 0)),
    ]
    out = [{"name": n, "constraint": c, "shape": list(w.shape), "w": w.flatten().tolist(),
            "want": y.astype(np.float32).flatten().tolist()} for n, c, w, y in cases]
    path = os.path.join(ROOT, "constraints/testdata/constraints.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
