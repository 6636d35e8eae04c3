"""Golden permutations of numpy's legacy RandomState.shuffle.

Rerun: /usr/bin/python3 testdata/gen/nprandom_gen.py
Writes internal/nprandom/testdata/nprandom_golden.json: for several seeds, the
results of shuffling np.arange(n) for a sequence of n with ONE RandomState
(as keras.datasets.imdb shuffles train then test), plus a checksum
sum(i * p[i]) mod 2**61 for large n.
"""
import json
import os

import numpy as np

cases = []
for seed in [0, 113, 42, 2**32 - 1]:
    rng = np.random.RandomState(seed)
    perms = []
    for n in [1, 2, 10, 997]:
        a = np.arange(n)
        rng.shuffle(a)
        perms.append({"n": n, "perm": a.tolist()})
    big = []
    for n in [25000, 11228]:
        a = np.arange(n)
        rng.shuffle(a)
        big.append({"n": n, "checksum": int(sum(int(i) * int(v) for i, v in enumerate(a)) % (2**61)), "head": a[:8].tolist()})
    cases.append({"seed": seed, "perms": perms, "big": big})

out = os.path.join(os.path.dirname(__file__), "..", "..", "internal", "nprandom", "testdata", "nprandom_golden.json")
with open(out, "w") as f:
    json.dump({"numpy": np.__version__, "cases": cases}, f, separators=(",", ":"))
