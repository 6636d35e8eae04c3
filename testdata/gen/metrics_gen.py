"""Golden values for package metrics (Keras 3 keras.metrics semantics).

Rerun from the repository root with:

    /usr/bin/python3 testdata/gen/metrics_gen.py

It writes metrics/testdata/metrics_golden.json. Keras itself is not
installed, and sklearn is not either: every metric is recomputed here from
explicit numpy formulas that follow Keras's source (keras/src/metrics/*.py,
keras/src/losses/losses.py, metrics_utils.py), in float64 on float32 inputs.
Where PyTorch computes the same quantity it is used instead and marked
"[torch]" (log_softmax, BCE with logits, cosine similarity); everything
else is "[numpy]".
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

EPS = 1e-7
rng = np.random.default_rng(1234)
CASES = []


def enc(a):
    a = np.asarray(a)
    if a.dtype == np.int32 or a.dtype == np.int64:
        return {"dtype": "int32", "shape": list(a.shape), "data": a.astype(np.int64).ravel().tolist()}
    a = a.astype(np.float32)
    return {"dtype": "float32", "shape": list(a.shape), "data": [float("%.9g" % x) for x in a.ravel()]}


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def add(name, class_name, config, batches, expected):
    exp = np.asarray(expected, dtype=np.float64)
    CASES.append({
        "name": name,
        "metric": {"class_name": class_name, "config": config},
        "batches": [{"y_true": enc(b[0]), "y_pred": None if b[1] is None else enc(b[1]),
                     "sample_weight": None if len(b) < 3 or b[2] is None else enc(b[2])} for b in batches],
        "expected": float(exp) if exp.ndim == 0 else exp.ravel().tolist(),
    })


# ---------------------------------------------------------------- reduction
def squeeze_or_expand(x1, x2, expand_rank_1=True):
    """[numpy] losses.loss.squeeze_or_expand_to_same_rank."""
    r1, r2 = x1.ndim, x2.ndim
    if r1 == r2:
        return x1, x2
    if r1 == r2 + 1 and x1.shape[-1] == 1:
        if r2 == 1 and expand_rank_1:
            x2 = x2[..., None]
        else:
            x1 = x1[..., 0]
    if r2 == r1 + 1 and x2.shape[-1] == 1:
        if r1 == 1 and expand_rank_1:
            x1 = x1[..., None]
        else:
            x2 = x2[..., 0]
    return x1, x2


def mean_update(values, sw, reduce_fn=np.mean):
    """[numpy] reduction_metrics.reduce_to_samplewise_values + Mean.update_state."""
    values = f32(values)
    if sw is not None:
        sw = f32(sw)
        values, sw = squeeze_or_expand(values, sw)
        wn, vn = sw.ndim, values.ndim
        if vn > wn:
            values = reduce_fn(values, axis=tuple(range(wn, vn)))
        sw = np.broadcast_to(sw, values.shape)
        values = values * sw
        if wn > 1:
            sw = reduce_fn(sw, axis=tuple(range(1, wn)))
    if values.ndim > 1:
        values = reduce_fn(values, axis=tuple(range(1, values.ndim)))
    total = values.sum()
    if sw is not None:
        count = sw.sum()
    elif values.ndim >= 1:
        count = values.shape[0]
    else:
        count = 1
    return total, count


def wrapper_result(fn, batches, sqrt=False):
    total = count = 0.0
    for b in batches:
        sw = b[2] if len(b) > 2 else None
        v = fn(b[0], b[1])
        t, c = mean_update(v, sw)
        total += t
        count += c
    r = total / count if count else 0.0
    return np.sqrt(r) if sqrt else r


# ---------------------------------------------------------------- functions
def acc_fn(yt, yp):
    yt, yp = squeeze_or_expand(f32(yt), f32(yp))
    return (yt == yp).astype(np.float64)


def binacc_fn(thr):
    def f(yt, yp):
        yt, yp = squeeze_or_expand(f32(yt), f32(yp))
        return (yt == (yp > np.float32(thr)).astype(np.float64)).astype(np.float64)
    return f


def catacc_fn(yt, yp):
    return (np.argmax(yt, -1) == np.argmax(yp, -1)).astype(np.float64)


def sparse_catacc_fn(yt, yp):
    yt = f32(yt)
    if yt.ndim == np.ndim(yp) and yt.shape[-1] == 1:
        yt = yt[..., 0]
    m = (yt == np.argmax(yp, -1)).astype(np.float64)
    return m


def in_top_k(targets, preds, k):
    preds = f32(preds)
    out = []
    for t, row in zip(targets, preds):
        if t < 0 or t >= row.shape[0]:
            out.append(0.0)
            continue
        out.append(float((row > row[t]).sum() < k))
    return np.array(out)


def topk_fn(k):
    return lambda yt, yp: in_top_k(np.argmax(yt, -1), yp, k)


def sparse_topk_fn(k):
    return lambda yt, yp: in_top_k(np.asarray(yt).astype(np.int64).ravel(), yp, k).reshape(np.shape(yt))


def regression(kind):
    def f(yt, yp):
        yt, yp = squeeze_or_expand(f32(yt), f32(yp))
        d = yt - yp
        if kind == "mse":
            return np.mean(d ** 2, -1)
        if kind == "mae":
            return np.mean(np.abs(d), -1)
        if kind == "mape":
            return 100.0 * np.mean(np.abs(d / np.maximum(np.abs(yt), EPS)), -1)
        if kind == "msle":
            return np.mean((np.log(np.maximum(yp, EPS) + 1) - np.log(np.maximum(yt, EPS) + 1)) ** 2, -1)
        if kind == "logcosh":
            x = yp - yt
            return np.mean(np.log(np.cosh(x)), -1)
        if kind == "rmse":
            return d ** 2
        if kind == "cosine":  # [torch]
            return F.cosine_similarity(torch.tensor(yt), torch.tensor(yp), dim=-1, eps=EPS).numpy()
    return f


def hinge_fn(squared):
    def f(yt, yp):
        yt, yp = f32(yt), f32(yp)
        if np.all((yt == 0) | (yt == 1)):
            yt = 2 * yt - 1
        h = np.maximum(1 - yt * yp, 0)
        return np.mean(h ** 2 if squared else h, -1)
    return f


def cat_hinge_fn(yt, yp):
    yt, yp = f32(yt), f32(yp)
    return np.maximum(np.max((1 - yt) * yp, -1) - np.sum(yt * yp, -1) + 1, 0)


def kld_fn(yt, yp):
    yt, yp = np.clip(f32(yt), EPS, 1), np.clip(f32(yp), EPS, 1)
    return np.sum(yt * np.log(yt / yp), -1)


def poisson_fn(yt, yp):
    yt, yp = f32(yt), f32(yp)
    return np.mean(yp - yt * np.log(yp + EPS), -1)


def bce_fn(from_logits=False, ls=0.0):
    def f(yt, yp):
        yt, yp = f32(yt), f32(yp)
        if ls:
            yt = yt * (1 - ls) + 0.5 * ls
        if from_logits:  # [torch]
            e = F.binary_cross_entropy_with_logits(torch.tensor(yp), torch.tensor(yt), reduction="none").numpy()
        else:
            p = np.clip(yp, EPS, 1 - EPS)
            e = -(yt * np.log(p) + (1 - yt) * np.log(1 - p))
        return np.mean(e, -1)
    return f


def log_probs(yp, from_logits):
    if from_logits:  # [torch]
        return F.log_softmax(torch.tensor(yp), dim=-1).numpy()
    p = yp / yp.sum(-1, keepdims=True)
    return np.log(np.clip(p, EPS, 1 - EPS))


def cce_fn(from_logits=False, ls=0.0):
    def f(yt, yp):
        yt, yp = f32(yt), f32(yp)
        if ls:
            yt = yt * (1 - ls) + ls / yp.shape[-1]
        return -np.sum(yt * log_probs(yp, from_logits), -1)
    return f


def scce_values(yt, yp, from_logits=False, ignore_class=None):
    yt = np.asarray(yt)
    yp = f32(yp)
    if yt.ndim == yp.ndim and yt.shape[-1] == 1:
        yt = yt[..., 0]
    lp = log_probs(yp, from_logits)
    mask = np.ones(yt.shape)
    if ignore_class is not None:
        mask = (yt != ignore_class).astype(np.float64)
    lab = np.where(mask > 0, yt, 0).astype(np.int64)
    v = -np.take_along_axis(lp, lab[..., None], -1)[..., 0]
    return v * mask, mask


def scce_result(batches, from_logits=False, ignore_class=None):
    """[numpy] ignore_class: values zeroed; the mask multiplies sample weights only."""
    total = count = 0.0
    for b in batches:
        sw = b[2] if len(b) > 2 else None
        v, mask = scce_values(b[0], b[1], from_logits, ignore_class)
        if sw is not None and ignore_class is not None:
            m, s = squeeze_or_expand(mask, f32(sw))
            sw = s * m
        t, c = mean_update(v, sw)
        total += t
        count += c
    return total / count


# ---------------------------------------------------------------- data
def probs(n, c):
    x = rng.random((n, c)).astype(np.float32) + 0.05
    return (x / x.sum(-1, keepdims=True)).astype(np.float32)


def onehot(n, c):
    return np.eye(c, dtype=np.float32)[rng.integers(0, c, n)]


def weights(*shape):
    return rng.random(shape).astype(np.float32) * 2


N, C = 6, 4


def mk_batches(gen, sw_shape=None, nb=3):
    out = []
    for _ in range(nb):
        yt, yp = gen()
        out.append((yt, yp, None if sw_shape is None else weights(*sw_shape)))
    return out


def wrap_cases(name, cls, cfg, fn, gen, sw_shapes=((N,),), sqrt=False):
    b = mk_batches(gen)
    add(name, cls, cfg, b, wrapper_result(fn, b, sqrt))
    for s in sw_shapes:
        b = mk_batches(gen, s)
        add(name + "_sw" + "x".join(map(str, s)), cls, cfg, b, wrapper_result(fn, b, sqrt))


def bin_gen():
    return rng.integers(0, 2, (N, 1)).astype(np.float32), rng.random((N, 1)).astype(np.float32)


def reg_gen(d=3):
    return lambda: (rng.normal(size=(N, d)).astype(np.float32), rng.normal(size=(N, d)).astype(np.float32))


def pos_gen(d=3):
    return lambda: ((rng.random((N, d)) * 3).astype(np.float32), (rng.random((N, d)) * 3 + 0.1).astype(np.float32))


# accuracy family
wrap_cases("accuracy", "Accuracy", {}, acc_fn,
           lambda: (rng.integers(0, 3, (N, 1)).astype(np.float32), rng.integers(0, 3, (N, 1)).astype(np.float32)))
wrap_cases("binary_accuracy", "BinaryAccuracy", {}, binacc_fn(0.5), bin_gen, sw_shapes=((N,), (N, 1)))
wrap_cases("binary_accuracy_thr07", "BinaryAccuracy", {"threshold": 0.7}, binacc_fn(0.7), bin_gen)
wrap_cases("binary_accuracy_rank1_true", "BinaryAccuracy", {}, binacc_fn(0.5),
           lambda: (rng.integers(0, 2, (N,)).astype(np.float32), rng.random((N, 1)).astype(np.float32)))
wrap_cases("binary_accuracy_multi", "BinaryAccuracy", {}, binacc_fn(0.5),
           lambda: (rng.integers(0, 2, (N, 3)).astype(np.float32), rng.random((N, 3)).astype(np.float32)),
           sw_shapes=((N,), (N, 3)))
wrap_cases("categorical_accuracy", "CategoricalAccuracy", {}, catacc_fn, lambda: (onehot(N, C), probs(N, C)))
wrap_cases("sparse_categorical_accuracy", "SparseCategoricalAccuracy", {}, sparse_catacc_fn,
           lambda: (rng.integers(0, C + 1, (N,)).astype(np.int32), probs(N, C)), sw_shapes=((N,), (N, 1)))
wrap_cases("sparse_categorical_accuracy_col", "SparseCategoricalAccuracy", {}, sparse_catacc_fn,
           lambda: (rng.integers(0, C, (N, 1)).astype(np.float32), probs(N, C)))
wrap_cases("top_k_k2", "TopKCategoricalAccuracy", {"k": 2}, topk_fn(2), lambda: (onehot(N, C), probs(N, C)))
wrap_cases("top_k_default", "TopKCategoricalAccuracy", {}, topk_fn(5), lambda: (onehot(N, 7), probs(N, 7)))
wrap_cases("sparse_top_k_k2", "SparseTopKCategoricalAccuracy", {"k": 2}, sparse_topk_fn(2),
           lambda: (rng.integers(0, C, (N,)).astype(np.int32), probs(N, C)))

# regression / hinge / probabilistic
for kind, cls, gen in [("mse", "MeanSquaredError", reg_gen()), ("mae", "MeanAbsoluteError", reg_gen()),
                       ("mape", "MeanAbsolutePercentageError", reg_gen()),
                       ("msle", "MeanSquaredLogarithmicError", pos_gen()),
                       ("logcosh", "LogCoshError", reg_gen()), ("cosine", "CosineSimilarity", reg_gen())]:
    wrap_cases(kind, cls, {}, regression(kind), gen, sw_shapes=((N,), (N, 1)))
wrap_cases("mse_rank1_pred_col", "MeanSquaredError", {}, regression("mse"),
           lambda: (rng.normal(size=(N,)).astype(np.float32), rng.normal(size=(N, 1)).astype(np.float32)))
wrap_cases("rmse", "RootMeanSquaredError", {}, regression("rmse"), reg_gen(), sw_shapes=((N,), (N, 3)), sqrt=True)
wrap_cases("hinge", "Hinge", {}, hinge_fn(False),
           lambda: (rng.integers(0, 2, (N, 3)).astype(np.float32), rng.normal(size=(N, 3)).astype(np.float32)))
wrap_cases("hinge_pm1", "Hinge", {}, hinge_fn(False),
           lambda: ((rng.integers(0, 2, (N, 3)) * 2 - 1).astype(np.float32), rng.normal(size=(N, 3)).astype(np.float32)))
wrap_cases("squared_hinge", "SquaredHinge", {}, hinge_fn(True),
           lambda: (rng.integers(0, 2, (N, 3)).astype(np.float32), rng.normal(size=(N, 3)).astype(np.float32)))
wrap_cases("categorical_hinge", "CategoricalHinge", {}, cat_hinge_fn,
           lambda: (onehot(N, C), rng.normal(size=(N, C)).astype(np.float32)))
wrap_cases("kl_divergence", "KLDivergence", {}, kld_fn, lambda: (probs(N, C), probs(N, C)))
wrap_cases("poisson", "Poisson", {}, poisson_fn, pos_gen())
wrap_cases("bce", "BinaryCrossentropy", {}, bce_fn(),
           lambda: (rng.integers(0, 2, (N, 3)).astype(np.float32), rng.random((N, 3)).astype(np.float32)))
wrap_cases("bce_logits_ls", "BinaryCrossentropy", {"from_logits": True, "label_smoothing": 0.1},
           bce_fn(True, 0.1),
           lambda: (rng.integers(0, 2, (N, 3)).astype(np.float32), rng.normal(size=(N, 3)).astype(np.float32) * 3))
wrap_cases("cce", "CategoricalCrossentropy", {}, cce_fn(), lambda: (onehot(N, C), probs(N, C)))
wrap_cases("cce_logits_ls", "CategoricalCrossentropy", {"from_logits": True, "label_smoothing": 0.2},
           cce_fn(True, 0.2), lambda: (onehot(N, C), rng.normal(size=(N, C)).astype(np.float32)))
for nm, cfg, fl, ic in [("scce", {}, False, None), ("scce_logits", {"from_logits": True}, True, None),
                        ("scce_ignore", {"ignore_class": 1}, False, 1)]:
    for sw in [None, (N,)]:
        def gen(fl=fl):
            yp = rng.normal(size=(N, C)).astype(np.float32) if fl else probs(N, C)
            return rng.integers(0, C, (N,)).astype(np.int32), yp
        b = mk_batches(gen, sw)
        add(nm + ("_sw" if sw else ""), "SparseCategoricalCrossentropy", cfg, b, scce_result(b, fl, ic))

# Mean / Sum (values in y_true, y_pred unused)
for sw in [None, (N,), (N, 3)]:
    b = [(rng.normal(size=(N, 3)).astype(np.float32), None, None if sw is None else weights(*sw)) for _ in range(3)]
    tot = cnt = s = 0.0
    for v, _, w in b:
        t, c = mean_update(v, w)
        tot, cnt = tot + t, cnt + c
        s += mean_update(v, w, np.sum)[0]
    sfx = "" if sw is None else "_sw" + "x".join(map(str, sw))
    add("mean" + sfx, "Mean", {}, b, tot / cnt)
    add("sum" + sfx, "Sum", {}, b, s)


# ---------------------------------------------------------------- confusion
def confusion(batches, thresholds, top_k=None, class_id=None, label_weights=None, multi_label=False,
              from_logits=False):
    """[numpy] metrics_utils.update_confusion_matrix_variables (threshold comparison form)."""
    thr = np.asarray(thresholds, dtype=np.float32)
    T = len(thr)
    L = None
    acc = None
    for b in batches:
        yt, yp = f32(b[0]), f32(b[1])
        sw = b[2] if len(b) > 2 else None
        if from_logits:
            yp = f32(1 / (1 + np.exp(-yp)))
        yp, yt = squeeze_or_expand(yp, yt)
        if sw is not None:
            sw = f32(sw)[..., None]
            _, sw = squeeze_or_expand(yt, sw, expand_rank_1=False)
            sw = np.broadcast_to(sw, yp.shape)
        else:
            sw = np.ones(yp.shape)
        if top_k is not None:
            idx = np.argsort(-yp, axis=-1, kind="stable")[..., :top_k]
            mask = np.zeros(yp.shape)
            np.put_along_axis(mask, idx, 1, -1)
            yp = yp * mask + -1e10 * (1 - mask)
        if label_weights is not None and not multi_label:
            sw = sw * np.asarray(label_weights)
        if class_id is not None:
            yt, yp, sw = yt[..., class_id], yp[..., class_id], sw[..., class_id]
        label = yt != 0
        if multi_label:
            L = yp.shape[1]
        else:
            label, yp, sw = label.ravel()[:, None], yp.ravel()[:, None], sw.ravel()[:, None]
            L = 1
        if acc is None:
            acc = {k: np.zeros((T, L)) for k in "tp fp tn fn".split()}
        for t in range(T):
            pos = yp.astype(np.float32) > thr[t]
            acc["tp"][t] += np.sum(sw * (label & pos), 0)
            acc["fp"][t] += np.sum(sw * (~label & pos), 0)
            acc["tn"][t] += np.sum(sw * (~label & ~pos), 0)
            acc["fn"][t] += np.sum(sw * (label & ~pos), 0)
    return acc


def dnn(a, b):
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    return np.where(b == 0, 0.0, a / np.where(b == 0, 1, b))


def bin_batches(sw=None, n=8, cols=1):
    return [(rng.integers(0, 2, (n, cols)).astype(np.float32), rng.random((n, cols)).astype(np.float32),
             None if sw is None else weights(*sw)) for _ in range(3)]


def one(x):
    x = np.asarray(x).ravel()
    return x[0] if len(x) == 1 else x


for cls, key in [("TruePositives", "tp"), ("FalsePositives", "fp"), ("TrueNegatives", "tn"),
                 ("FalseNegatives", "fn")]:
    for cfg, thr in [({}, [0.5]), ({"thresholds": [0.3, 0.5, 0.8]}, [0.3, 0.5, 0.8]),
                     ({"thresholds": [0.0, 0.5, 1.0]}, [0.0, 0.5, 1.0])]:
        for sw in [None, (8,)]:
            b = bin_batches(sw)
            add(f"{cls}_{len(thr)}{'_even' if thr[0] == 0 else ''}{'_sw' if sw else ''}", cls, cfg, b,
                one(confusion(b, thr)[key][:, 0]))

for cls in ["Precision", "Recall"]:
    other = "fp" if cls == "Precision" else "fn"
    for nm, cfg, kw, gen in [
        ("default", {}, dict(thresholds=[0.5]), lambda sw: bin_batches(sw)),
        ("thresholds", {"thresholds": [0.2, 0.6]}, dict(thresholds=[0.2, 0.6]), lambda sw: bin_batches(sw)),
        ("top_k2", {"top_k": 2}, dict(thresholds=[-1e10], top_k=2),
         lambda sw: [(rng.integers(0, 2, (6, 5)).astype(np.float32), rng.random((6, 5)).astype(np.float32),
                      None if sw is None else weights(6)) for _ in range(3)]),
        ("class_id1", {"class_id": 1}, dict(thresholds=[0.5], class_id=1),
         lambda sw: [(rng.integers(0, 2, (6, 3)).astype(np.float32), rng.random((6, 3)).astype(np.float32),
                      None if sw is None else weights(6)) for _ in range(3)]),
        ("top_k2_class_id", {"top_k": 2, "class_id": 2}, dict(thresholds=[-1e10], top_k=2, class_id=2),
         lambda sw: [(rng.integers(0, 2, (6, 5)).astype(np.float32), rng.random((6, 5)).astype(np.float32),
                      None if sw is None else weights(6)) for _ in range(3)]),
    ]:
        for sw in [None, True]:
            b = gen(8 if sw and nm in ("default", "thresholds") else None) if not sw else (
                gen((8,)) if nm in ("default", "thresholds") else gen(True))
            a = confusion(b, **kw)
            add(f"{cls}_{nm}{'_sw' if sw else ''}", cls, cfg, b, one(dnn(a["tp"], a["tp"] + a[other])[:, 0]))


def auc_from(acc, curve="ROC", summation="interpolation", label_weights=None, multi_label=False):
    """[numpy] confusion_metrics.AUC.result / interpolate_pr_auc."""
    tp, fp, tn, fn = acc["tp"], acc["fp"], acc["tn"], acc["fn"]
    if curve == "PR" and summation == "interpolation":
        dtp = tp[:-1] - tp[1:]
        p = tp + fp
        dp = p[:-1] - p[1:]
        slope = dnn(dtp, np.maximum(dp, 0))
        intercept = tp[1:] - slope * p[1:]
        ratio = np.where((p[:-1] > 0) & (p[1:] > 0), dnn(p[:-1], np.maximum(p[1:], 0)), 1.0)
        inc = dnn(slope * (dtp + intercept * np.log(ratio)), np.maximum(tp[1:] + fn[1:], 0))
        by_label = inc.sum(0)
    else:
        recall = dnn(tp, tp + fn)
        if curve == "ROC":
            x, y = dnn(fp, fp + tn), recall
        elif curve == "PR":
            x, y = recall, dnn(tp, tp + fp)
        else:
            s = dnn(tp + fn, tn + fp)
            rg = np.where(tp == 0, 0.0, 1 - s * dnn(fn, tp))
            pg = np.where(tp == 0, 1.0, 1 - s * dnn(fp, tp))
            x, y = np.maximum(rg, 0), pg
        if summation == "interpolation":
            h = (y[:-1] + y[1:]) / 2
        elif summation == "minoring":
            h = np.minimum(y[:-1], y[1:])
        else:
            h = np.maximum(y[:-1], y[1:])
        by_label = ((x[:-1] - x[1:]) * h).sum(0)
    if not multi_label:
        return by_label[0]
    if label_weights is None:
        return by_label.mean()
    lw = np.asarray(label_weights)
    return (by_label * lw).sum() / lw.sum()


def auc_thresholds(n=200, explicit=None):
    mid = sorted(explicit) if explicit is not None else [(i + 1) / (n - 1) for i in range(n - 2)]
    return [0.0 - EPS] + mid + [1.0 + EPS]


for nm, cfg, kw, ml, lw, fl in [
    ("roc", {}, {}, False, None, False),
    ("pr", {"curve": "PR"}, dict(curve="PR"), False, None, False),
    ("roc_minoring_50", {"num_thresholds": 50, "summation_method": "minoring"},
     dict(summation="minoring"), False, None, False),
    ("pr_majoring", {"curve": "PR", "summation_method": "majoring"}, dict(curve="PR", summation="majoring"),
     False, None, False),
    ("prgain", {"curve": "PRGAIN"}, dict(curve="PRGAIN"), False, None, False),
    ("roc_logits", {"from_logits": True}, {}, False, None, True),
    ("roc_thresholds", {"thresholds": [0.7, 0.2, 0.5]}, {}, False, None, False),
    ("roc_multilabel", {"multi_label": True}, dict(multi_label=True), True, None, False),
    ("pr_multilabel_lw", {"multi_label": True, "label_weights": [0.2, 1.0, 0.5], "curve": "PR"},
     dict(multi_label=True, curve="PR", label_weights=[0.2, 1.0, 0.5]), True, [0.2, 1.0, 0.5], False),
    ("roc_label_weights", {"label_weights": [0.3, 1.5, 1.0]}, {}, False, [0.3, 1.5, 1.0], False),
]:
    nthr = cfg.get("num_thresholds", 200)
    thr = auc_thresholds(nthr, cfg.get("thresholds"))
    cols = 3 if (ml or lw is not None) else 1
    for sw in [None, (10,)]:
        b = [(rng.integers(0, 2, (10, cols)).astype(np.float32),
              (rng.normal(size=(10, cols)) * 2 if fl else rng.random((10, cols))).astype(np.float32),
              None if sw is None else weights(*sw)) for _ in range(3)]
        a = confusion(b, thr, multi_label=ml, label_weights=lw, from_logits=fl)
        add(f"auc_{nm}{'_sw' if sw else ''}", "AUC", cfg, b, auc_from(a, **kw))


# ---------------------------------------------------------------- F-scores
def fbeta(batches, average=None, beta=1.0, threshold=None):
    """[numpy] f_score_metrics.FBetaScore."""
    axis = None if average == "micro" else 0
    tp = fp = fn = iw = 0.0
    for b in batches:
        yt, yp = f32(b[0]), f32(b[1])
        sw = b[2] if len(b) > 2 else None
        if threshold is None:
            yp = ((yp >= yp.max(-1, keepdims=True)) & (np.abs(yp) > 1e-9)).astype(np.float64)
        else:
            yp = (yp > np.float32(threshold)).astype(np.float64)
        w = 1.0 if sw is None else f32(sw).reshape(-1, 1)
        tp = tp + np.sum(yp * yt * w, axis=axis)
        fp = fp + np.sum(yp * (1 - yt) * w, axis=axis)
        fn = fn + np.sum((1 - yp) * yt * w, axis=axis)
        iw = iw + np.sum(yt * w, axis=axis)
    p = tp / (tp + fp + EPS)
    r = tp / (tp + fn + EPS)
    f = p * r / (beta ** 2 * p + r + EPS) * (1 + beta ** 2)
    if average == "weighted":
        return np.sum(f * iw / (np.sum(iw) + EPS))
    if average is not None:
        return np.mean(f)
    return f


for avg in [None, "micro", "macro", "weighted"]:
    for thr in [None, 0.4]:
        for sw in [None, (8,)]:
            b = [(rng.integers(0, 2, (8, 3)).astype(np.float32), rng.random((8, 3)).astype(np.float32),
                  None if sw is None else weights(*sw)) for _ in range(3)]
            cfg = {"average": avg, "threshold": thr}
            sfx = f"{avg}_{thr}{'_sw' if sw else ''}"
            add("f1_" + sfx, "F1Score", cfg, b, fbeta(b, avg, 1.0, thr))
            add("fbeta2_" + sfx, "FBetaScore", dict(cfg, beta=2.0), b, fbeta(b, avg, 2.0, thr))


# ---------------------------------------------------------------- R2
def r2(batches, agg="uniform_average", num_regressors=0):
    """[numpy] regression_metrics.R2Score."""
    s = sq = res = cnt = 0.0
    ns = 0
    for b in batches:
        yt, yp = f32(b[0]), f32(b[1])
        sw = b[2] if len(b) > 2 else None
        w = np.ones_like(yt) if sw is None else np.broadcast_to(f32(sw).reshape(-1, 1), yt.shape)
        s = s + np.sum(yt * w, 0)
        sq = sq + np.sum(yt * yt * w, 0)
        res = res + np.sum((yt - yp) ** 2 * w, 0)
        cnt = cnt + np.sum(w, 0)
        ns += int(np.sum(np.any(w != 0, -1)))
    mean = s / cnt
    total = sq - s * mean
    raw = 1 - res / total
    raw = np.where(np.isinf(raw), 0.0, raw)
    if agg == "uniform_average":
        out = raw.mean()
    elif agg == "variance_weighted_average":
        out = np.sum(total * raw) / np.sum(total)
    else:
        out = raw
    if num_regressors and num_regressors < ns - 1:
        out = 1 - (1 - out) * (ns - 1) / (ns - num_regressors - 1)
    return out


for agg in ["uniform_average", "variance_weighted_average", None]:
    for nr in [0, 2]:
        for sw in [None, (N,)]:
            b = [(rng.normal(size=(N, 3)).astype(np.float32),
                  rng.normal(size=(N, 3)).astype(np.float32) * 0.5, None if sw is None else weights(*sw))
                 for _ in range(3)]
            b = [(yt, (yt + yp).astype(np.float32), w) for yt, yp, w in b]
            add(f"r2_{agg}_{nr}{'_sw' if sw else ''}", "R2Score",
                {"class_aggregation": agg, "num_regressors": nr}, b, r2(b, agg, nr))


# ---------------------------------------------------------------- MeanIoU
def mean_iou(batches, k, ignore_class=None, int_dtype=True, sparse_pred=True):
    """[numpy] iou_metrics._IoUBase.update_state + IoU.result."""
    cm = np.zeros((k, k))
    for b in batches:
        yt = np.asarray(b[0], np.float64).ravel()
        yp = np.asarray(b[1], np.float64)
        yp = yp.ravel() if sparse_pred else np.argmax(yp, -1).astype(np.float64).ravel()
        sw = b[2] if len(b) > 2 else None
        w = np.ones_like(yt) if sw is None else f32(sw).ravel()
        if int_dtype:
            yt, yp, w = np.trunc(yt), np.trunc(yp), np.trunc(w)
        ok = (yt >= 0) & (yt < k) & (yp >= 0) & (yp < k)
        if ignore_class is not None:
            ok &= yt != ignore_class
        for t, p, ww in zip(yt[ok], yp[ok], w[ok]):
            cm[int(t), int(p)] += ww
    tp = np.diag(cm)
    den = cm.sum(0) + cm.sum(1) - tp
    valid = den > 1e-9
    iou = np.where(valid, tp / (den + EPS), 0)
    return iou.sum() / (valid.sum() + EPS)


for nm, cfg, kw, sw in [
    ("int", {"num_classes": 3}, {}, None),
    ("int_sw", {"num_classes": 3}, {}, "int"),
    ("float_sw", {"num_classes": 3, "dtype": "float32"}, dict(int_dtype=False), "float"),
    ("ignore", {"num_classes": 3, "ignore_class": 0}, dict(ignore_class=0), None),
    ("dense_pred", {"num_classes": 3, "sparse_y_pred": False}, dict(sparse_pred=False), None),
]:
    b = []
    for _ in range(3):
        yt = rng.integers(-1, 4, (8,)).astype(np.int32)
        yp = probs(8, 3) if not kw.get("sparse_pred", True) else rng.integers(0, 3, (8,)).astype(np.int32)
        w = None if sw is None else (rng.integers(0, 3, (8,)).astype(np.float32) if sw == "int" else weights(8))
        b.append((yt, yp, w))
    add("mean_iou_" + nm, "MeanIoU", cfg, b, mean_iou(b, 3, **kw))


out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "metrics", "testdata", "metrics_golden.json")
with open(out, "w") as f:
    json.dump({"cases": CASES}, f, indent=None, separators=(",", ":"))
print(f"wrote {len(CASES)} cases to {os.path.normpath(out)}")
