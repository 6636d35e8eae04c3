"""Golden values for package losses (keras.losses).

Rerun from the repository root with:

    /usr/bin/python3 testdata/gen/losses_gen.py

It writes losses/testdata/losses_golden.json. Every case is computed with
explicit float64 numpy formulas transcribed from Keras 3's
keras/src/losses/losses.py, loss.py and the TensorFlow backend's
nn.py ("ref": "numpy-keras"). Where PyTorch's functional losses have the same
semantics (MSE, MAE, Huber, BCE/CE from logits incl. label smoothing, sparse CE
with ignore_index under the mean reduction) the case is also computed with
torch.nn.functional and the two are asserted equal ("ref": "torch+numpy").
PyTorch differs from Keras elsewhere (epsilon placement and clipping in
BCE-from-probabilities, KLD, Poisson, cosine similarity), so those cases are
numpy-only.
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

EPS = 1e-7
rng = np.random.default_rng(1234)


def f32(a):
    return np.asarray(a, dtype=np.float32)


def align(x1, x2):
    """squeeze_or_expand_to_same_rank on arrays."""
    r1, r2 = x1.ndim, x2.ndim
    if r1 == r2:
        return x1, x2
    if r1 == r2 + 1 and x1.shape[-1] == 1:
        if r2 == 1:
            x2 = x2[..., None]
        else:
            x1 = x1[..., 0]
    if r2 == r1 + 1 and x2.shape[-1] == 1:
        if r1 == 1:
            x1 = x1[..., None]
        else:
            x2 = x2[..., 0]
    return x1, x2


def reduce_weighted(values, sw, mask, reduction):
    """keras.src.losses.loss.reduce_weighted_values."""
    if mask is not None:
        if reduction in ("mean", "sum_over_batch_size"):
            total = mask.size
            valid = mask.sum()
            mw = total / valid if valid != 0 else 0.0
            fm = np.where(mask > 0, mw, 0.0)
        else:
            fm = mask.astype(np.float64)
        if sw is not None:
            fm, sw = align(fm, sw)
            sw = sw * fm
        else:
            sw = fm
    if sw is not None:
        values, sw = align(values, sw)
        values = values * sw
    if reduction == "none" or values.shape == () or values.shape == (0,):
        return values
    loss = values.sum()
    if reduction in ("sum_over_batch_size", "mean", "mean_with_sample_weight"):
        if reduction == "mean_with_sample_weight" and sw is not None:
            div = sw.sum()
        else:
            div = values.size
        loss = loss / div if div != 0 else 0.0
    return np.asarray(loss)


def softplus(x):
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def bce_elem(t, p, logits):
    if logits:
        return np.maximum(p, 0) - p * t + np.log1p(np.exp(-np.abs(p)))
    o = np.clip(p, EPS, 1 - EPS)
    return -(t * np.log(o) + (1 - t) * np.log(1 - o))


def hinge_labels(t):
    return 2 * t - 1 if np.all((t == 0) | (t == 1)) else t


def normalize(x, axis):
    ss = (x * x).sum(axis=axis, keepdims=True)
    return x / np.sqrt(np.maximum(ss, EPS * EPS))


def per_sample(cls, cfg, t, p):
    """The loss function of each class (LossFunctionWrapper.call)."""
    t, p = align(t, p)
    ax = cfg.get("axis", -1)
    if cls == "MeanSquaredError":
        return ((t - p) ** 2).mean(-1)
    if cls == "MeanAbsoluteError":
        return np.abs(t - p).mean(-1)
    if cls == "MeanAbsolutePercentageError":
        return 100 * np.abs((t - p) / np.maximum(np.abs(t), EPS)).mean(-1)
    if cls == "MeanSquaredLogarithmicError":
        return ((np.log(np.maximum(p, EPS) + 1) - np.log(np.maximum(t, EPS) + 1)) ** 2).mean(-1)
    if cls == "Huber":
        d = cfg.get("delta", 1.0)
        e = p - t
        a = np.abs(e)
        return np.where(a <= d, 0.5 * e * e, d * a - 0.5 * d * d).mean(-1)
    if cls == "LogCosh":
        x = p - t
        return (x + softplus(-2 * x) - np.log(2.0)).mean(-1)
    if cls == "Poisson":
        return (p - t * np.log(p + EPS)).mean(-1)
    if cls == "KLDivergence":
        tc, pc = np.clip(t, EPS, 1), np.clip(p, EPS, 1)
        return (tc * np.log(tc / pc)).sum(-1)
    if cls == "Hinge":
        y = hinge_labels(t)
        return np.maximum(1 - y * p, 0).mean(-1)
    if cls == "SquaredHinge":
        y = hinge_labels(t)
        return (np.maximum(1 - y * p, 0) ** 2).mean(-1)
    if cls == "CategoricalHinge":
        pos = (t * p).sum(-1)
        neg = ((1 - t) * p).max(-1)
        return np.maximum(neg - pos + 1, 0)
    if cls == "CosineSimilarity":
        return -(normalize(t, ax) * normalize(p, ax)).sum(ax)
    if cls == "BinaryCrossentropy":
        ls = cfg.get("label_smoothing", 0.0)
        if ls:
            t = t * (1 - ls) + 0.5 * ls
        return bce_elem(t, p, cfg.get("from_logits", False)).mean(ax)
    if cls == "BinaryFocalCrossentropy":
        ls = cfg.get("label_smoothing", 0.0)
        if ls:
            t = t * (1 - ls) + 0.5 * ls
        logits = cfg.get("from_logits", False)
        prob = sigmoid(p) if logits else p
        bce = bce_elem(t, p, logits)  # TF uses the sigmoid's logits
        pt = t * prob + (1 - t) * (1 - prob)
        fb = (1 - pt) ** cfg.get("gamma", 2.0) * bce
        if cfg.get("apply_class_balancing", False):
            a = cfg.get("alpha", 0.25)
            fb = (t * a + (1 - t) * (1 - a)) * fb
        return fb.mean(ax)
    if cls in ("CategoricalCrossentropy", "CategoricalFocalCrossentropy"):
        ls = cfg.get("label_smoothing", 0.0)
        if ls:
            t = t * (1 - ls) + ls / p.shape[ax]
        logits = cfg.get("from_logits", False)
        if cls == "CategoricalCrossentropy":
            if logits:
                lsm = p - p.max(ax, keepdims=True)
                lsm = lsm - np.log(np.exp(lsm).sum(ax, keepdims=True))
                return -(t * lsm).sum(ax)
            o = np.clip(p / p.sum(ax, keepdims=True), EPS, 1 - EPS)
            return -(t * np.log(o)).sum(ax)
        if logits:
            p = softmax(p, ax)
        o = np.clip(p / p.sum(ax, keepdims=True), EPS, 1 - EPS)
        cce = -t * np.log(o)
        return (cfg.get("alpha", 0.25) * (1 - o) ** cfg.get("gamma", 2.0) * cce).sum(ax)
    if cls == "SparseCategoricalCrossentropy":
        if t.ndim == p.ndim and t.shape[-1] == 1:
            t = t[..., 0]
        ic = cfg.get("ignore_class")
        valid = np.ones(t.shape, bool) if ic is None else (t != ic)
        lab = np.where(valid, t, 0).astype(np.int64)
        if cfg.get("from_logits", False):
            z = p
        else:
            z = np.log(np.clip(p, EPS, 1 - EPS))
        m = z.max(-1, keepdims=True)
        lse = (m + np.log(np.exp(z - m).sum(-1, keepdims=True)))[..., 0]
        res = lse - np.take_along_axis(z, lab[..., None], -1)[..., 0]
        res = np.where(valid, res, 0.0)
        return res, (None if ic is None else valid.astype(np.float64))
    if cls == "Dice":
        axis = cfg.get("axis")
        axis = tuple(axis) if isinstance(axis, list) else axis
        inter = (t * p).sum(axis=axis)
        return 1 - 2 * inter / (t.sum(axis=axis) + p.sum(axis=axis) + EPS)
    if cls == "Tversky":
        axis = cfg.get("axis")
        axis = tuple(axis) if isinstance(axis, list) else axis
        a, b = cfg.get("alpha", 0.5), cfg.get("beta", 0.5)
        inter = (p * t).sum(axis=axis)
        fp = ((1 - t) * p).sum(axis=axis)
        fn = (t * (1 - p)).sum(axis=axis)
        return 1 - inter / (inter + fp * a + fn * b + EPS)
    raise ValueError(cls)


def torch_check(cls, cfg, t, p, sw, red, got):
    """Independent PyTorch value for the cases where semantics agree."""
    tt, pp = torch.tensor(t, dtype=torch.float64), torch.tensor(p, dtype=torch.float64)
    if sw is not None or red not in ("sum_over_batch_size", "sum"):
        return False
    tr = "mean" if red == "sum_over_batch_size" else "sum"
    if cls == "MeanSquaredError" and t.shape == p.shape:
        v = F.mse_loss(pp, tt, reduction="none").mean(-1)
    elif cls == "MeanAbsoluteError" and t.shape == p.shape:
        v = F.l1_loss(pp, tt, reduction="none").mean(-1)
    elif cls == "Huber" and t.shape == p.shape:
        v = F.huber_loss(pp, tt, reduction="none", delta=cfg.get("delta", 1.0)).mean(-1)
    elif cls == "BinaryCrossentropy" and cfg.get("from_logits") and cfg.get("axis", -1) == -1:
        ls = cfg.get("label_smoothing", 0.0)
        v = F.binary_cross_entropy_with_logits(pp, tt * (1 - ls) + 0.5 * ls, reduction="none").mean(-1)
    elif cls == "CategoricalCrossentropy" and cfg.get("from_logits") and p.ndim == 2 and cfg.get("axis", -1) == -1:
        v = F.cross_entropy(pp, tt, reduction="none", label_smoothing=cfg.get("label_smoothing", 0.0))
    elif cls == "SparseCategoricalCrossentropy" and cfg.get("from_logits") and p.ndim == 2:
        lab = torch.tensor(np.reshape(t, (-1,)).astype(np.int64))
        ic = cfg.get("ignore_class")
        ii = -100 if ic is None else ic
        val = F.cross_entropy(pp, lab, reduction=tr, ignore_index=ii)
        np.testing.assert_allclose(val.numpy(), got, rtol=1e-9, atol=1e-12)
        return True
    else:
        return False
    val = v.mean() if tr == "mean" else v.sum()
    np.testing.assert_allclose(val.numpy(), got, rtol=1e-9, atol=1e-12)
    return True


cases = []


def tensor_json(a, dtype="float32"):
    a = np.asarray(a)
    flat = a.reshape(-1)
    if dtype == "float32":  # shortest digits that round-trip a float32
        data = [float(np.format_float_positional(np.float32(v), unique=True)) for v in flat]
    else:
        data = flat.tolist()
    return {"shape": list(a.shape), "dtype": dtype, "data": data}


def add(name, cls, cfg, t, p, sw=None, reductions=("sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none"), tdtype="float32"):
    t64 = np.asarray(t, np.float64)
    p64 = np.asarray(f32(p), np.float64)
    sw64 = None if sw is None else np.asarray(f32(sw), np.float64)
    for red in reductions:
        out = per_sample(cls, cfg, t64, p64)
        values, mask = out if isinstance(out, tuple) else (out, None)
        got = reduce_weighted(values, sw64, mask, red)
        ref = "torch+numpy" if torch_check(cls, cfg, t64, p64, sw64, red, got) else "numpy-keras"
        c = dict(cfg)
        c["reduction"] = red
        case = {"name": f"{name}/{red}", "class": cls, "config": c,
                "y_true": tensor_json(t if tdtype != "float32" else f32(t), tdtype),
                "y_pred": tensor_json(f32(p)), "expect": tensor_json(got, "float64"), "ref": ref}
        if sw is not None:
            case["sample_weight"] = tensor_json(f32(sw))
        cases.append(case)


B, C = 4, 5
reg_t = rng.normal(size=(B, C))
reg_p = rng.normal(size=(B, C))
pos_t = rng.uniform(0.05, 2.0, size=(B, C))
pos_p = rng.uniform(0.05, 2.0, size=(B, C))
sw = rng.uniform(0.1, 2.0, size=(B,))
sw2 = rng.uniform(0.1, 2.0, size=(B, 1))

for cls in ["MeanSquaredError", "MeanAbsoluteError", "MeanAbsolutePercentageError", "LogCosh", "CosineSimilarity"]:
    add(cls, cls, {}, reg_t, reg_p)
    add(cls + "_sw", cls, {}, reg_t, reg_p, sw=sw)
add("MeanSquaredError_sw_col", "MeanSquaredError", {}, reg_t, reg_p, sw=sw2)
add("MeanSquaredError_bcast", "MeanSquaredError", {}, reg_t[:, :1], reg_p)
add("MeanSquaredError_rank1", "MeanSquaredError", {}, reg_t[:, 0], reg_p[:, :1], sw=sw)
for cls in ["MeanSquaredLogarithmicError", "Poisson"]:
    add(cls, cls, {}, pos_t, pos_p)
    add(cls + "_sw", cls, {}, pos_t, pos_p, sw=sw)
add("MSLE_neg", "MeanSquaredLogarithmicError", {}, reg_t, reg_p)
add("Huber", "Huber", {}, reg_t, 2 * reg_p, sw=sw)
add("Huber_d05", "Huber", {"delta": 0.5}, reg_t, reg_p)
add("CosineSimilarity_ax0", "CosineSimilarity", {"axis": 0}, reg_t, reg_p)

prob_t = softmax(rng.normal(size=(B, C)))
prob_p = softmax(rng.normal(size=(B, C)))
add("KLDivergence", "KLDivergence", {}, prob_t, prob_p, sw=sw)

bin_t = (rng.uniform(size=(B, C)) > 0.5).astype(np.float64)
pm_t = 2 * bin_t - 1
for cls in ["Hinge", "SquaredHinge"]:
    add(cls + "_01", cls, {}, bin_t, reg_p, sw=sw)
    add(cls + "_pm1", cls, {}, pm_t, reg_p)
    add(cls + "_real", cls, {}, reg_t, reg_p)
onehot = np.eye(C)[rng.integers(0, C, size=B)]
add("CategoricalHinge", "CategoricalHinge", {}, onehot, reg_p, sw=sw)

logits = rng.normal(size=(B, C)) * 2
probs = softmax(logits)
sig_p = sigmoid(logits)
for fl in (False, True):
    p = logits if fl else sig_p
    for ls in (0.0, 0.2):
        add(f"BCE_fl{fl}_ls{ls}", "BinaryCrossentropy", {"from_logits": fl, "label_smoothing": ls}, bin_t, p, sw=sw)
    add(f"BCE_fl{fl}_axis0", "BinaryCrossentropy", {"from_logits": fl, "axis": 0}, bin_t, p)
    for bal in (False, True):
        for g in (0.0, 2.0, 1.5):
            add(f"BFCE_fl{fl}_bal{bal}_g{g}", "BinaryFocalCrossentropy",
                {"from_logits": fl, "apply_class_balancing": bal, "gamma": g, "alpha": 0.3},
                bin_t, p, sw=sw, reductions=("sum_over_batch_size", "none"))
    add(f"BFCE_fl{fl}_ls", "BinaryFocalCrossentropy", {"from_logits": fl, "label_smoothing": 0.1}, bin_t, p)
add("BCE_clip", "BinaryCrossentropy", {}, bin_t, np.where(bin_t > 0, 0.0, 1.0) * 0 + np.clip(sig_p, 0, 1) * (rng.uniform(size=(B, C)) > 0.2))

for fl in (False, True):
    p = logits if fl else probs * rng.uniform(0.5, 1.5, size=(B, C))  # unnormalised probabilities
    for ls in (0.0, 0.1):
        add(f"CCE_fl{fl}_ls{ls}", "CategoricalCrossentropy", {"from_logits": fl, "label_smoothing": ls}, onehot, p, sw=sw)
    add(f"CCE_fl{fl}_axis0", "CategoricalCrossentropy", {"from_logits": fl, "axis": 0}, onehot, p)
    for g in (0.0, 2.0):
        add(f"CFCE_fl{fl}_g{g}", "CategoricalFocalCrossentropy", {"from_logits": fl, "gamma": g, "alpha": 0.4, "label_smoothing": 0.1},
            onehot, p, sw=sw, reductions=("sum_over_batch_size", "none"))
    add(f"CFCE_fl{fl}", "CategoricalFocalCrossentropy", {"from_logits": fl}, onehot, p)

labels = rng.integers(0, C, size=B)
labels_ig = labels.copy()
labels_ig[1] = 2
labels_ig[3] = 2
for fl in (False, True):
    p = logits if fl else probs
    add(f"SCCE_fl{fl}", "SparseCategoricalCrossentropy", {"from_logits": fl}, labels.astype(np.int32), p, sw=sw, tdtype="int32")
    add(f"SCCE_fl{fl}_col", "SparseCategoricalCrossentropy", {"from_logits": fl}, labels[:, None].astype(np.int64), p, tdtype="int64")
    add(f"SCCE_fl{fl}_ignore", "SparseCategoricalCrossentropy", {"from_logits": fl, "ignore_class": 2}, labels_ig.astype(np.float32), p)
    add(f"SCCE_fl{fl}_ignore_sw", "SparseCategoricalCrossentropy", {"from_logits": fl, "ignore_class": 2}, labels_ig.astype(np.float32), p, sw=sw)
T = 3
seq_logits = rng.normal(size=(2, T, C))
seq_labels = rng.integers(0, C, size=(2, T))
seq_sw = rng.uniform(0.1, 2.0, size=(2, T))
add("SCCE_seq", "SparseCategoricalCrossentropy", {"from_logits": True}, seq_labels.astype(np.int32), seq_logits, sw=seq_sw, tdtype="int32")
add("SCCE_seq_ignore", "SparseCategoricalCrossentropy", {"from_logits": True, "ignore_class": int(seq_labels[0, 0])}, seq_labels.astype(np.int32), seq_logits, sw=seq_sw, tdtype="int32")

seg_t = (rng.uniform(size=(2, 3, 4)) > 0.5).astype(np.float64)
seg_p = rng.uniform(size=(2, 3, 4))
add("Dice_all", "Dice", {}, seg_t, seg_p, sw=np.array([0.5, 2.0]))
add("Dice_all_nosw", "Dice", {}, seg_t, seg_p)
add("Dice_12", "Dice", {"axis": [1, 2]}, seg_t, seg_p, sw=np.array([0.5, 2.0]))
add("Dice_2", "Dice", {"axis": 2}, seg_t, seg_p)
add("Tversky_all", "Tversky", {"alpha": 0.3, "beta": 0.7}, seg_t, seg_p)
add("Tversky_12", "Tversky", {"alpha": 0.3, "beta": 0.7, "axis": [1, 2]}, seg_t, seg_p, sw=np.array([0.5, 2.0]))

out = os.path.join(os.path.dirname(__file__), "..", "..", "losses", "testdata", "losses_golden.json")
with open(out, "w") as fh:
    json.dump({"epsilon": EPS, "cases": cases}, fh, indent=None, separators=(",", ":"))
print(f"wrote {len(cases)} cases ({sum(c['ref'] == 'torch+numpy' for c in cases)} cross-checked with torch) to {os.path.normpath(out)}")
