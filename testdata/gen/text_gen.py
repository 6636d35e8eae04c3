"""Golden values for the preprocessing layers (layers/text_*, lookup*,
discretization, normalization_layer).

Rerun: /usr/bin/python3 testdata/gen/text_gen.py
Writes layers/testdata/text_golden.json. TensorFlow and Keras are not
installed, so the script follows Keras's numpy code paths with explicit numpy:
  * vocabulary: token counts sorted by np.lexsort((tokens, counts))[::-1]
    (IndexLookup.finalize_state), cut to max_tokens - 1 (tf_idf mode: [UNK] only), with TF-IDF weights
    log(1 + docs / (1 + doc_count)) and the mean weight for [UNK];
  * Discretization.adapt: summarize / merge_summaries / compress_summary /
    get_bin_boundaries in float32 as keras/src/layers/preprocessing/
    discretization.py does them, then np.digitize;
  * Normalization.adapt: np.mean / np.var over the reduced axes of float32
    data, and (x - mean) / max(sqrt(var), 1e-7).
"""
import json
import os

import numpy as np

rng = np.random.RandomState(7)
out = {}

# --- vocabulary ordering and tf-idf -------------------------------------
words = ["w%d" % i for i in range(12)] + ["A", "b", "zz"]
docs = []
for _ in range(20):
    n = rng.randint(1, 8)
    docs.append(" ".join(rng.choice(words, size=n, p=None)))
tokens = [d.lower().split() for d in docs]  # lower_and_strip_punctuation, whitespace
counts, doc_counts = {}, {}
for t in tokens:
    for w in t:
        counts[w] = counts.get(w, 0) + 1
    for w in set(t):
        doc_counts[w] = doc_counts.get(w, 0) + 1
keys = np.array(sorted(counts.keys()), dtype="S")
cnts = np.array([counts[k.decode()] for k in keys])
order = np.lexsort((keys, cnts))[::-1]
max_tokens = 10
order = order[: max_tokens - 1]  # tf_idf mode: only [UNK] precedes the terms
vocab = [keys[i].decode() for i in order]
idf = np.log(1 + len(docs) / (1 + np.array([doc_counts[v] for v in vocab]))).astype("float32")
out["vocab"] = {
    "docs": docs,
    "max_tokens": max_tokens,
    "vocabulary": vocab,
    "idf": idf.tolist(),
    "oov_idf": float(np.mean(idf)),
}


# --- Discretization ---------------------------------------------------------
def summarize(values, epsilon):
    values = np.sort(np.reshape(values, [-1]))
    num_buckets = 1.0 / epsilon
    step = max(np.size(values) / num_buckets, 1)
    boundaries = values[int(step - 1) :: int(step)]
    weights = np.ones_like(boundaries) * step
    return np.stack([boundaries, weights])


def compress(summary, epsilon):
    if summary.shape[1] * epsilon < 1:
        return summary
    percents = epsilon + np.arange(0.0, 1.0, epsilon)
    cum_weights = summary[1].cumsum()
    cum_weight_percents = cum_weights / cum_weights[-1]
    new_bins = np.interp(percents, cum_weight_percents, summary[0])
    cum_weights = np.interp(percents, cum_weight_percents, cum_weights)
    new_weights = cum_weights - np.concatenate((np.array([0]), cum_weights[:-1]))
    return np.stack((new_bins, new_weights)).astype("float32")


disc = []
for n, num_bins, eps in [(7, 4, 0.01), (100, 4, 0.01), (400, 5, 0.01), (300, 3, 0.1), (257, 10, 0.02)]:
    x = rng.normal(size=n).astype("float32")
    s = summarize(x, eps)
    merged = np.concatenate((s, np.array([[], []], dtype="float32")), axis=1)
    merged = np.take(merged, np.argsort(merged[0]), axis=1)
    s = compress(merged, eps)
    bounds = compress(s, 1.0 / num_bins)[0, :-1].tolist()
    probe = rng.normal(size=12).astype("float32")
    disc.append({
        "data": x.tolist(), "num_bins": num_bins, "epsilon": eps,
        "boundaries": bounds,
        "probe": probe.tolist(), "bins": np.digitize(probe, bounds).tolist(),
    })
out["discretization"] = disc

# --- Normalization ----------------------------------------------------------
norm = []
for shape, axis in [((6, 3), [-1]), ((4, 2, 3), [-1]), ((4, 2, 3), [1, 2]), ((5, 3), []), ((3, 4, 2), [1])]:
    x = (rng.normal(size=shape) * 3 + 1).astype("float32")
    nd = len(shape)
    keep = sorted(a % nd for a in axis)
    red = tuple(d for d in range(nd) if d not in keep)
    mean = np.mean(x, axis=red)
    var = np.var(x, axis=red)
    bshape = [shape[d] if d in keep else 1 for d in range(nd)]
    y = (x - mean.reshape(bshape)) / np.maximum(np.sqrt(var.reshape(bshape)), 1e-7)
    norm.append({
        "shape": list(shape), "axis": axis, "x": x.ravel().tolist(),
        "mean": np.ravel(mean).tolist(), "variance": np.ravel(var).tolist(),
        "y": y.ravel().tolist(),
    })
out["normalization"] = norm

path = os.path.join(os.path.dirname(__file__), "..", "..", "layers", "testdata", "text_golden.json")
with open(path, "w") as f:
    json.dump(out, f, indent=None, separators=(",", ":"))
print("wrote", os.path.normpath(path))
