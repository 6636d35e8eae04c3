#!/usr/bin/python3
"""PyTorch side of the gokeras benchmark comparison (see /work/shared/BENCHMARKS.md).

Runs ONE workload at ONE thread count and prints ONE JSON line, in the same
schema as bench/gobench (the orchestrator, bench/compare, reads both):

    {"framework": "torch", "workload": "W1", "threads": 1, "quick": false,
     "metrics": {...}, "peak_rss_mb": 412.3, "info": {...}, "error": ""}

Workloads (same definitions as the Go side):
  W1    MNIST MLP, Adam(1e-3, eps=1e-7), batch 32, one shuffled epoch of the
        60,000 real training images, timed after a warm-up epoch.
        metrics: epoch_s, acc_warmup (test accuracy after the warm-up
        epoch), acc (after the timed epoch), steps.
  W2    MNIST CNN, batch 128, samples/s over 100 steps after 10 warm-up steps.
  W3    Embedding(10000,128) -> LSTM(128) -> Dense(1, sigmoid), length 200,
        batch 64, samples/s over 50 steps after 5 warm-up steps.
  W4    the W1 model's predict over the 10,000 test images at batch 1
        (b1_us: microseconds per sample) and batch 1000 (b1000_sps).
  K1    float32 C = A x B GFLOP/s at four shapes (torch.mm).
  T1    Keras's text-classification Transformer example, training: samples/s
        over 50 steps of batch 32 (random ids below 20,000, length 200).
  K1S   1024^3 torch.mm thread scaling: one process alternates short windows
        at 1 and at --threads OpenBLAS threads (openblas_set_num_threads),
        20 pairs, order swapped every pair; metrics: scaling_1024 (median
        ratio), gflops_1t, gflops_nt (medians).
  PEAK  numpy SGEMM at 4096^3 (the practical OpenBLAS peak used as the K1
        reference).

Deliberate choices, the same as a PyTorch user would write:
  * softmax + sparse categorical cross-entropy is written as logits +
    nn.CrossEntropyLoss (the same function, computed stably);
  * Adam's epsilon is 1e-7 as in Keras, but torch adds it after the bias
    correction (Keras adds it before); this does not change the cost;
  * weights use Keras's defaults (glorot_uniform kernels, zero biases; LSTM
    recurrent kernel orthogonal, unit forget-gate bias) so accuracies compare.

Thread settings are applied by the orchestrator's environment (OMP, OpenBLAS,
GLIBC_TUNABLES); this script calls torch.set_num_threads(threads).

Run by hand:
    /usr/bin/python3 bench/torch_bench.py --workload W1 --threads 1 \
        --mnist-dir "$(go env GOMODCACHE)/github.com/petar/!go!m!n!i!s!t@v0.0.0-20150320212226-2fbe10d0fa63/data"
"""

import argparse
import gzip
import json
import os
import resource
import statistics
import sys
import time
import traceback

K1_SHAPES = [(32, 128, 784), (256, 256, 256), (1024, 1024, 1024), (4096, 4096, 4096)]


def read_idx(path):
    """Reads one gzipped idx file into a numpy uint8 array."""
    import numpy as np

    with gzip.open(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    off = 4 + 4 * ndim
    return np.frombuffer(raw, dtype=np.uint8, offset=off).reshape(dims)


def load_mnist(d):
    """Returns x_train, y_train, x_test, y_test as numpy arrays (uint8)."""
    names = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
             "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]
    return [read_idx(os.path.join(d, n)) for n in names]


def keras_init(model):
    """Keras defaults: glorot_uniform kernels, zero biases."""
    import torch.nn as nn

    for m in model.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)


def mlp():
    import torch.nn as nn

    m = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    keras_init(m)
    return m


def adam(model):
    import torch

    return torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)


def train_steps(model, lossf, x, y, bs, warm, steps):
    """Adam training on consecutive batches: warm steps, then samples/s over steps."""
    opt = adam(model)

    def run(lo, count):
        for s in range(lo, lo + count):
            xb, yb = x[s * bs:(s + 1) * bs], y[s * bs:(s + 1) * bs]
            loss = lossf(model(xb), yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()

    run(0, warm)
    t0 = time.perf_counter()
    run(warm, steps)
    dt = time.perf_counter() - t0
    return {"samples_per_s": steps * bs / dt, "steps": steps}


def accuracy(model, x, y):
    import torch

    with torch.no_grad():
        return float((model(x).argmax(1) == y).float().mean())


def w1(args, data):
    import torch
    import torch.nn as nn

    xtr, ytr, xte, yte = data
    n = len(xtr) if not args.quick else 6400
    x = torch.from_numpy(xtr[:n].astype("float32") / 255.0)
    y = torch.from_numpy(ytr[:n].astype("int64"))
    xt = torch.from_numpy(xte.astype("float32") / 255.0)
    yt = torch.from_numpy(yte.astype("int64"))
    model = mlp()
    opt = adam(model)
    lossf = nn.CrossEntropyLoss()
    bs = 32

    def epoch():
        perm = torch.randperm(n)
        for i in range(0, n, bs):
            idx = perm[i:i + bs]
            xb, yb = x[idx], y[idx]
            loss = lossf(model(xb), yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()

    epoch()
    acc0 = accuracy(model, xt, yt)
    t0 = time.perf_counter()
    epoch()
    dt = time.perf_counter() - t0
    steps = (n + bs - 1) // bs
    # Quick mode trains on 6,400 images: scale to a full 1,875-step epoch.
    return {"epoch_s": dt * 1875 / steps, "acc_warmup": acc0, "acc": accuracy(model, xt, yt),
            "steps": steps}


def w2(args, data):
    import torch
    import torch.nn as nn

    xtr, ytr, _, _ = data
    bs, warm, steps = 128, (3 if args.quick else 10), (20 if args.quick else 100)
    need = bs * (warm + steps)
    x = torch.from_numpy(xtr[:need].astype("float32") / 255.0).reshape(-1, 1, 28, 28)
    y = torch.from_numpy(ytr[:need].astype("int64"))
    model = nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 5 * 5, 10))
    keras_init(model)
    return train_steps(model, nn.CrossEntropyLoss(), x, y, bs, warm, steps)


def lstm_net():
    """Embedding(10000,128) -> LSTM(128) (last output) -> Dense(1), Keras's initializers."""
    import torch
    import torch.nn as nn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = nn.Embedding(10000, 128)
            self.lstm = nn.LSTM(128, 128, batch_first=True)
            self.out = nn.Linear(128, 1)
            nn.init.uniform_(self.emb.weight, -0.05, 0.05)  # Keras: uniform(-0.05, 0.05)
            nn.init.xavier_uniform_(self.lstm.weight_ih_l0)
            nn.init.orthogonal_(self.lstm.weight_hh_l0)
            with torch.no_grad():
                self.lstm.bias_ih_l0.zero_()
                self.lstm.bias_hh_l0.zero_()
                self.lstm.bias_ih_l0[128:256] = 1.0  # unit_forget_bias (torch gates: i, f, g, o)
            nn.init.xavier_uniform_(self.out.weight)
            nn.init.zeros_(self.out.bias)

        def forward(self, t):
            h, _ = self.lstm(self.emb(t))
            return self.out(h[:, -1, :]).squeeze(1)

    return Net()


def w3(args, _data):
    import numpy as np
    import torch
    import torch.nn as nn

    bs, seq, warm, steps = 64, 200, (2 if args.quick else 5), (10 if args.quick else 50)
    rng = np.random.default_rng(1)
    n = bs * (warm + steps)
    x = torch.from_numpy(rng.integers(0, 10000, size=(n, seq)).astype("int64"))
    y = torch.from_numpy(rng.integers(0, 2, size=(n,)).astype("float32"))
    model = lstm_net()
    return train_steps(model, nn.BCEWithLogitsLoss(), x, y, bs, warm, steps)  # sigmoid + binary cross-entropy


def transformer_net():
    """Keras's text-classification Transformer (T1): token + position
    embeddings, one block with Keras-style multi-head attention (2 heads of
    key_dim 32 projected from and back to 32), a 32-32 feed-forward network,
    dropout 0.1 and LayerNorm(eps 1e-6), mean over time, Dense(20, relu),
    Dense(2) logits."""
    import torch
    import torch.nn as nn

    seq, emb, heads, kd = 200, 32, 2, 32

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.q, self.k, self.v = (nn.Linear(emb, heads * kd) for _ in range(3))
            self.o = nn.Linear(heads * kd, emb)
            self.ff1, self.ff2 = nn.Linear(emb, 32), nn.Linear(32, emb)
            self.ln1, self.ln2 = nn.LayerNorm(emb, eps=1e-6), nn.LayerNorm(emb, eps=1e-6)
            self.drop = nn.Dropout(0.1)

        def forward(self, x):
            b, t, _ = x.shape
            split = lambda z: z.view(b, t, heads, kd).transpose(1, 2)
            q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
            a = torch.softmax(q @ k.transpose(-1, -2) / kd ** 0.5, -1)
            attn = self.o((a @ v).transpose(1, 2).reshape(b, t, heads * kd))
            x = self.ln1(x + self.drop(attn))
            return self.ln2(x + self.drop(self.ff2(torch.relu(self.ff1(x)))))

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.tok, self.pos = nn.Embedding(20000, emb), nn.Embedding(seq, emb)
            self.block = Block()
            self.drop = nn.Dropout(0.1)
            self.h, self.out = nn.Linear(emb, 20), nn.Linear(20, 2)
            self.register_buffer("positions", torch.arange(seq))

        def forward(self, x):
            x = self.block(self.tok(x) + self.pos(self.positions))
            x = self.drop(torch.relu(self.h(self.drop(x.mean(1)))))
            return self.out(x)

    return Net()


def t1(args, _data):
    import numpy as np
    import torch
    import torch.nn as nn

    bs, seq, warm, steps = 32, 200, (2 if args.quick else 5), (10 if args.quick else 50)
    rng = np.random.default_rng(1)
    n = bs * (warm + steps)
    x = torch.from_numpy(rng.integers(0, 20000, size=(n, seq)).astype("int64"))
    y = torch.from_numpy(rng.integers(0, 2, size=(n,)).astype("int64"))
    model = transformer_net()
    return train_steps(model, nn.CrossEntropyLoss(), x, y, bs, warm, steps)  # softmax + sparse categorical cross-entropy


def w4(args, data):
    import torch

    _, _, xte, _ = data
    x = torch.from_numpy(xte.astype("float32") / 255.0)
    model = mlp().eval()
    n1 = 1000 if args.quick else len(x)

    def predict(batch, count):
        outs = []
        with torch.no_grad():
            for i in range(0, count, batch):
                outs.append(torch.softmax(model(x[i:i + batch]), 1))
        return torch.cat(outs).numpy()

    predict(1, 100)  # warm-up
    t0 = time.perf_counter()
    predict(1, n1)
    b1 = (time.perf_counter() - t0) / n1 * 1e6
    predict(1000, len(x))  # warm-up
    t0 = time.perf_counter()
    predict(1000, len(x))
    b1000 = len(x) / (time.perf_counter() - t0)
    return {"b1_us": b1, "b1000_sps": b1000}


def timed_gflops(call, flops, min_time):
    """Warm-up, then repeat call until min_time has passed (at least 2 times)."""
    call()
    reps, t0 = 0, time.perf_counter()
    while True:
        call()
        reps += 1
        dt = time.perf_counter() - t0
        if reps >= 2 and dt >= min_time:
            return flops * reps / dt / 1e9


def k1(args, _data):
    import torch

    torch.manual_seed(1)
    out = {}
    for m, n, k in K1_SHAPES:
        a, b, c = torch.rand(m, k), torch.rand(k, n), torch.empty(m, n)
        out["gflops_%d_%d_%d" % (m, n, k)] = timed_gflops(
            lambda: torch.mm(a, b, out=c), 2.0 * m * n * k, 0.2 if args.quick else 1.0)
    return out


def openblas_set_threads():
    """openblas_set_num_threads of the OpenBLAS this process mapped."""
    import ctypes

    with open("/proc/self/maps") as f:
        libs = sorted({line.split()[-1] for line in f if "openblas" in line.lower() and ".so" in line})
    for path in libs:
        fn = getattr(ctypes.CDLL(path), "openblas_set_num_threads", None)
        if fn is not None:
            return fn
    raise RuntimeError("K1S needs OpenBLAS; mapped BLAS: %s" % blas_library())


def k1s(args, _data):
    import torch

    if args.threads < 2:
        raise ValueError("K1S compares 1 thread with more: --threads must be >= 2")
    set_threads = openblas_set_threads()
    n = 1024
    torch.manual_seed(1)
    a, b, c = torch.rand(n, n), torch.rand(n, n), torch.empty(n, n)
    pairs, window = (4, 0.05) if args.quick else (20, 0.15)

    def rate(t):
        set_threads(t)
        return timed_gflops(lambda: torch.mm(a, b, out=c), 2.0 * n ** 3, window)

    ratios, one, many = [], [], []
    for p in range(pairs):
        if p % 2 == 0:
            g1, gt = rate(1), rate(args.threads)
        else:
            gt, g1 = rate(args.threads), rate(1)
        ratios.append(gt / g1)
        one.append(g1)
        many.append(gt)
    return {"scaling_1024": statistics.median(ratios), "gflops_1t": statistics.median(one),
            "gflops_nt": statistics.median(many), "pairs": pairs}


def peak(args, _data):
    import numpy as np

    n = 4096
    rng = np.random.default_rng(1)
    a = rng.random((n, n), dtype=np.float32)
    b = rng.random((n, n), dtype=np.float32)
    c = np.empty((n, n), dtype=np.float32)
    return {"gflops_numpy_4096": timed_gflops(lambda: np.matmul(a, b, out=c), 2.0 * n ** 3,
                                              0.5 if args.quick else 2.0)}


WORKLOADS = {"W1": (w1, True), "W2": (w2, True), "W3": (w3, False), "W4": (w4, True),
             "K1": (k1, False), "K1S": (k1s, False), "T1": (t1, False), "PEAK": (peak, False)}


def blas_library():
    """The BLAS shared object this process actually mapped."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.lower()}
        return ", ".join(sorted(os.path.basename(p) for p in libs))
    except OSError:
        return "?"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--workload", required=True, choices=sorted(WORKLOADS))
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--mnist-dir", default="")
    p.add_argument("--quick", action="store_true")
    args = p.parse_args()
    res = {"framework": "torch", "workload": args.workload, "threads": args.threads,
           "quick": args.quick, "metrics": {}, "error": ""}
    try:
        import numpy as np
        import torch

        torch.set_num_threads(args.threads)
        torch.manual_seed(1)
        np.random.seed(1)
        fn, needs_mnist = WORKLOADS[args.workload]
        data = None
        if needs_mnist:
            if not args.mnist_dir:
                raise ValueError("workload %s needs --mnist-dir" % args.workload)
            data = load_mnist(args.mnist_dir)
        res["metrics"] = fn(args, data)
        res["info"] = {"torch": torch.__version__, "numpy": np.__version__,
                       "torch_threads": torch.get_num_threads(), "blas": blas_library(),
                       "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS", ""),
                       "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE", "")}
    except Exception as e:  # reported in the JSON line, like the Go side
        res["error"] = "%s: %s" % (type(e).__name__, e)
        traceback.print_exc(file=sys.stderr)
    res["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(json.dumps(res))
    return 0 if not res["error"] else 1


if __name__ == "__main__":
    sys.exit(main())
