"""Fixtures for the pickle reader and the IMDB / Reuters loaders.

Rerun: /usr/bin/python3 testdata/gen/sequences_gen.py
Writes
  internal/pickle/testdata/objarr_p{2,3,4,5}.npy: a .npy header (descr |O)
    followed by pickle.dump(array, protocol=p) of an object array of Python
    lists of ints (empty, negative, > 2**31, 1100 items for APPENDS batches);
  datasets/imdb/testdata/imdb.npz and datasets/reuters/testdata/reuters.npz:
    tiny datasets in Keras's layout (np.savez of object arrays of lists, and
    int64 label arrays), with word-index JSON files;
  datasets/{imdb,reuters}/testdata/golden.json: what keras.datasets.*.load_data
    returns for several argument sets, computed by following Keras's
    load_data code (numpy RandomState shuffle, start/oov/index_from,
    remove_long_seq, num_words/skip_top) on the fixture.
"""
import io
import json
import os
import pickle

import numpy as np

root = os.path.join(os.path.dirname(__file__), "..", "..")


def obj_array(lists):
    a = np.empty(len(lists), dtype=object)
    for i, l in enumerate(lists):
        a[i] = l
    return a


# --- pickle fixtures ---------------------------------------------------------
lists = [[1, 2, 3], [], [-5, 2**40, 2**31, -(2**31) - 1, 255, 256, 65535, 65536], list(range(1100))]
arr = obj_array(lists)
pdir = os.path.join(root, "internal", "pickle", "testdata")
os.makedirs(pdir, exist_ok=True)
for proto in (2, 3, 4, 5):
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(buf, {"descr": "|O", "fortran_order": False, "shape": arr.shape})
    pickle.dump(arr, buf, protocol=proto)
    with open(os.path.join(pdir, f"objarr_p{proto}.npy"), "wb") as f:
        f.write(buf.getvalue())
with open(os.path.join(pdir, "objarr.json"), "w") as f:
    json.dump(lists, f)


# --- datasets ---------------------------------------------------------------
def remove_long_seq(maxlen, seq, label):
    new_seq, new_label = [], []
    for x, y in zip(seq, label):
        if len(x) < maxlen:
            new_seq.append(x)
            new_label.append(y)
    return new_seq, new_label


def transform(xs, start_char, oov_char, index_from):
    if start_char is not None:
        return [[start_char] + [w + index_from for w in x] for x in xs]
    if index_from:
        return [[w + index_from for w in x] for x in xs]
    return [[w for w in x] for x in xs]


def cut(xs, num_words, skip_top, oov_char):
    if not num_words:
        num_words = max(max(x) for x in xs)
    if oov_char is not None:
        return [[w if skip_top <= w < num_words else oov_char for w in x] for x in xs]
    return [[w for w in x if skip_top <= w < num_words] for x in xs]


def imdb_load(f, num_words=None, skip_top=0, maxlen=None, seed=113, start_char=1, oov_char=2, index_from=3):
    x_train, labels_train = f["x_train"], f["y_train"]
    x_test, labels_test = f["x_test"], f["y_test"]
    rng = np.random.RandomState(seed)
    indices = np.arange(len(x_train))
    rng.shuffle(indices)
    x_train, labels_train = x_train[indices], labels_train[indices]
    indices = np.arange(len(x_test))
    rng.shuffle(indices)
    x_test, labels_test = x_test[indices], labels_test[indices]
    x_train = transform(x_train, start_char, oov_char, index_from)
    x_test = transform(x_test, start_char, oov_char, index_from)
    if maxlen:
        x_train, labels_train = remove_long_seq(maxlen, x_train, labels_train)
        x_test, labels_test = remove_long_seq(maxlen, x_test, labels_test)
    xs = cut(x_train + x_test, num_words, skip_top, oov_char)
    labels = np.concatenate([labels_train, labels_test])
    idx = len(x_train)
    return xs[:idx], labels[:idx].tolist(), xs[idx:], labels[idx:].tolist()


def reuters_load(f, num_words=None, skip_top=0, maxlen=None, test_split=0.2, seed=113, start_char=1, oov_char=2, index_from=3):
    xs, labels = f["x"], f["y"]
    rng = np.random.RandomState(seed)
    indices = np.arange(len(xs))
    rng.shuffle(indices)
    xs, labels = xs[indices], labels[indices]
    xs = transform(xs, start_char, oov_char, index_from)
    if maxlen:
        xs, labels = remove_long_seq(maxlen, xs, labels)
    xs = cut(xs, num_words, skip_top, oov_char)
    idx = int(len(xs) * (1 - test_split))
    return xs[:idx], list(np.array(labels[:idx]).tolist()), xs[idx:], list(np.array(labels[idx:]).tolist())


rng = np.random.RandomState(0)


def rand_seqs(n, vocab, lo, hi):
    return [rng.randint(1, vocab, size=rng.randint(lo, hi)).tolist() for _ in range(n)]


cases = [
    {},
    {"num_words": 20, "skip_top": 2},
    {"maxlen": 12, "seed": 7},
    {"start_char": None, "index_from": 0, "oov_char": None, "num_words": 15},
    {"seed": 2**32 - 1, "oov_char": None, "skip_top": 5},
]

# IMDB
d = os.path.join(root, "datasets", "imdb", "testdata")
os.makedirs(d, exist_ok=True)
imdb = {
    "x_train": obj_array(rand_seqs(12, 30, 3, 20)),
    "y_train": rng.randint(0, 2, size=12).astype("int64"),
    "x_test": obj_array(rand_seqs(10, 30, 3, 20)),
    "y_test": rng.randint(0, 2, size=10).astype("int64"),
}
np.savez(os.path.join(d, "imdb.npz"), **imdb)
with open(os.path.join(d, "imdb_word_index.json"), "w") as f:
    json.dump({"the": 1, "and": 2, "a": 3, "film": 19}, f)
f = np.load(os.path.join(d, "imdb.npz"), allow_pickle=True)
gold = []
for c in cases:
    xtr, ytr, xte, yte = imdb_load(f, **c)
    gold.append({"args": c, "x_train": xtr, "y_train": ytr, "x_test": xte, "y_test": yte})
with open(os.path.join(d, "golden.json"), "w") as fh:
    json.dump(gold, fh, separators=(",", ":"))

# Reuters
d = os.path.join(root, "datasets", "reuters", "testdata")
os.makedirs(d, exist_ok=True)
reuters = {"x": obj_array(rand_seqs(15, 30, 3, 20)), "y": rng.randint(0, 46, size=15).astype("int64")}
np.savez(os.path.join(d, "reuters.npz"), **reuters)
with open(os.path.join(d, "reuters_word_index.json"), "w") as fh:
    json.dump({"said": 1, "the": 2, "mln": 5}, fh)
f = np.load(os.path.join(d, "reuters.npz"), allow_pickle=True)
gold = []
for c in cases + [{"test_split": 0.5}]:
    xtr, ytr, xte, yte = reuters_load(f, **c)
    gold.append({"args": c, "x_train": xtr, "y_train": ytr, "x_test": xte, "y_test": yte})
with open(os.path.join(d, "golden.json"), "w") as fh:
    json.dump(gold, fh, separators=(",", ":"))
print("ok")
