"""Small .npz archives written by numpy, for internal/dataset's NPZ reader.

Rerun from the repository root with:

    /usr/bin/python3 testdata/gen/dataset_gen.py

Writes internal/dataset/testdata/savez.npz (numpy.savez, stored members) and
savez_compressed.npz (numpy.savez_compressed, deflated members), each holding
x = arange(24, dtype=uint8).reshape(2, 3, 4) and y = array([3, 7], uint8).
The expected values are simple enough that the Go test states them directly.
"""
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                   "internal", "dataset", "testdata")

os.makedirs(OUT, exist_ok=True)
x = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
y = np.array([3, 7], dtype=np.uint8)
np.savez(os.path.join(OUT, "savez.npz"), x=x, y=y)
np.savez_compressed(os.path.join(OUT, "savez_compressed.npz"), x=x, y=y)
