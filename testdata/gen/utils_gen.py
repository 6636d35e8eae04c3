"""Golden values for package utils (ToCategorical, Normalize, .npy reading).

Rerun from the repository root with:

    /usr/bin/python3 testdata/gen/utils_gen.py

It writes utils/testdata/utils_golden.json and the small .npy fixtures in
utils/testdata/npy/ (written by numpy itself, so the Go reader is checked
against the real format, including big-endian data and v2/v3 headers).

to_categorical and normalize are computed with numpy exactly as Keras's numpy
code path does (keras/src/utils/numerical_utils.py): one-hot by fancy indexing
after squeezing a trailing 1 dimension; x / expand_dims(norm, axis) with
norm = numpy.linalg.norm(x, order, axis) and zero norms replaced by 1. The
computation is in float64, then compared in Go at 1e-5 relative.
"""
import io
import json
import os

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "utils", "testdata")
NPY = os.path.join(OUT, "npy")


def to_categorical(x, num_classes=None):
    x = np.array(x, dtype="int64")
    shape = x.shape
    if shape and shape[-1] == 1 and len(shape) > 1:
        shape = tuple(shape[:-1])
    x = x.reshape(-1)
    if not num_classes:
        num_classes = int(np.max(x)) + 1
    cat = np.zeros((x.shape[0], num_classes))
    cat[np.arange(x.shape[0]), x] = 1
    return cat.reshape(shape + (num_classes,))


def normalize(x, axis, order):
    norm = np.atleast_1d(np.linalg.norm(x, order, axis))
    norm[norm == 0] = 1
    return x / np.expand_dims(norm, axis)


def main():
    os.makedirs(NPY, exist_ok=True)
    rng = np.random.default_rng(7)
    golden = {"to_categorical": [], "normalize": [], "npy": []}

    for y, shape, n in [
        ([0, 1, 2, 3], [4], 4),
        ([0, 1, 2, 3], [4], 0),
        ([2, 0, 1], [3, 1], 5),
        ([1, 0, 3, 2, 1, 1], [2, 3], 0),
        ([4], [1, 1], 0),
    ]:
        out = to_categorical(np.array(y).reshape(shape), n)
        golden["to_categorical"].append({
            "y": y, "shape": shape, "num_classes": n,
            "out": out.reshape(-1).tolist(), "out_shape": list(out.shape)})

    for shape, axis, order in [
        ([2, 3], -1, 2), ([2, 3], 0, 2), ([2, 3, 4], 1, 1), ([3, 4], -1, 3),
        ([4, 5], 1, 0), ([2, 2, 3], -2, 2), ([5], 0, 2), ([3, 4], 0, 4),
    ]:
        x = rng.normal(size=shape).astype(np.float32)
        if shape == [4, 5]:
            x[1, 2] = 0
        if shape == [2, 3]:
            x[1] = 0  # a zero row: norm replaced by 1
        out = normalize(x.astype(np.float64), axis, order)
        golden["normalize"].append({
            "x": x.reshape(-1).astype(np.float64).tolist(), "shape": shape,
            "axis": axis, "order": order, "out": out.reshape(-1).tolist()})

    def save(name, arr, version=None, fortran=False):
        path = os.path.join(NPY, name)
        if fortran:
            arr = np.asfortranarray(arr)
        with open(path, "wb") as f:
            np.lib.format.write_array(f, arr, version=version)
        golden["npy"].append({
            "file": name, "dtype": arr.dtype.str, "shape": list(arr.shape),
            "values": arr.reshape(-1).astype(np.float64).tolist()
            if arr.dtype.kind in "fiub" else None})

    a = rng.normal(size=(2, 3))
    save("f4_le.npy", a.astype("<f4"))
    save("f4_be.npy", a.astype(">f4"))
    save("f8_le.npy", a.astype("<f8"))
    save("f8_be.npy", a.astype(">f8"))
    ints = np.array([[-3, 0, 7], [2147483647, -2147483648, 1]])
    save("i4_le.npy", ints.astype("<i4"))
    save("i4_be.npy", ints.astype(">i4"))
    big = np.array([-(2**40), 5, 2**50 + 3], dtype="<i8")
    save("i8_le.npy", big)
    save("i8_be.npy", big.astype(">i8"))
    save("u1.npy", np.arange(0, 255, 17, dtype=np.uint8).reshape(3, 5))
    save("b1.npy", np.array([True, False, True, True]))
    save("scalar_f4.npy", np.array(1.5, dtype="<f4"))
    save("empty_2x0.npy", np.zeros((2, 0), dtype="<f4"))
    save("v2_f4.npy", a.astype("<f4"), version=(2, 0))
    save("v3_i4.npy", ints.astype("<i4"), version=(3, 0))
    save("fortran_f4.npy", np.arange(6, dtype="<f4").reshape(2, 3), fortran=True)
    save("unicode_U3.npy", np.array(["ab", "c"], dtype="<U3"))

    with open(os.path.join(OUT, "utils_golden.json"), "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
