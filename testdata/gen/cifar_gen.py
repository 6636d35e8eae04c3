"""Real numpy pickles in the CIFAR batch layout, for the Go pickle reader.

Rerun with:  /usr/bin/python3 testdata/gen/cifar_gen.py
Writes datasets/internal/cifar/testdata/batch_p{2,4}.pkl: the dict Keras's
cifar.load_batch reads ({b"batch_label", b"labels", b"data", b"filenames"},
data a (3, 3072) uint8 array with data[i, j] = (7*i + j) % 256, labels
[4, 0, 9]), pickled by Python 3 with protocols 2 (bytes as
_codecs.encode, numpy's _reconstruct reduce) and 4 (frames, memoize,
stack globals), and small_p{2,4}.pkl, the same with a (2, 4) array, as
fuzzing seeds. The original CIFAR files are Python 2 protocol-2 pickles
(bytes as BINSTRING), which the Go tests build byte by byte.
"""

import os
import pickle

import numpy as np

data = ((7 * np.arange(3)[:, None] + np.arange(3072)[None, :]) % 256).astype(np.uint8)
d = {
    b"batch_label": b"testing batch 1 of 1",
    b"labels": [4, 0, 9],
    b"data": data,
    b"filenames": [b"a.png", b"b.png", b"c.png"],
    b"fine_labels": [11, 99, 0],
    b"coarse_labels": [3, 19, 0],
}
out = os.path.join(os.path.dirname(__file__), "..", "..", "datasets", "internal", "cifar", "testdata")
for proto in (2, 4):
    with open(os.path.join(out, f"batch_p{proto}.pkl"), "wb") as f:
        pickle.dump(d, f, protocol=proto)
# Small variants (a (2, 4) array) as fuzzing seeds: the fuzzer stalls on
# large seeds.
small = {**d, b"data": data[:2, :4].copy(), b"labels": [4, 0]}
for proto in (2, 4):
    with open(os.path.join(out, f"small_p{proto}.pkl"), "wb") as f:
        pickle.dump(small, f, protocol=proto)
print("wrote", os.path.normpath(out))
