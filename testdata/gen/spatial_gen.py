"""Golden values for the pooling, normalization, reshaping and merging
layers of package layers, computed with PyTorch (an independent
implementation of the same math) in float64.

Rerun from the repository root:
    /usr/bin/python3 testdata/gen/spatial_gen.py
It writes layers/testdata/spatial_golden.json.

Each case names a Keras layer class and config, its inputs (channels_last
unless the config says otherwise), weights, an upstream gradient g, the
output y and the gradients of sum(y * g) with respect to the inputs and the
weights. Keras is channels_last; torch's pooling / resize / group norm are
NCHW, so inputs are permuted before and outputs after.

Where PyTorch's semantics differ from Keras's, the golden is computed with
explicit torch formulas that follow Keras:
  - "same" padding is TensorFlow's (out = ceil(in/stride), the extra padding
    split with the larger half after); average pooling divides by the number
    of window positions inside the input (padding excluded), as TF does.
  - BatchNormalization's moving statistics use the biased batch variance and
    moving = moving*momentum + batch*(1-momentum) (torch uses the unbiased
    variance and the opposite momentum convention).
  - LayerNormalization(rms_scaling=True) scales by rsqrt(var + eps) without
    centering (Keras's deprecated variant); RMSNormalization and
    UnitNormalization use Keras's formulas; Dot(normalize=True) uses
    x * rsqrt(max(sum(x^2), 1e-14)).
"""
import json
import math
import torch
import torch.nn.functional as F

torch.manual_seed(0)
D = torch.float64


def rnd(*shape):
    # float32-representable values, so Go's float32 inputs are exact.
    return torch.randn(*shape).float().double()


def to_cf(x):  # channels_last -> channels_first
    return x.permute(0, x.dim() - 1, *range(1, x.dim() - 1))


def to_cl(x):  # channels_first -> channels_last
    return x.permute(0, *range(2, x.dim()), 1)


def flat(t):
    # 9 significant digits: exact for float32 inputs, far below the tolerance.
    return [float("%.9g" % v) for v in t.detach().flatten().tolist()]


cases = []


def add(name, cls, config, inputs, fn, weights=None, training=False, extra=None):
    """fn(list of input tensors, dict of weight tensors) -> output tensor."""
    ins = [x.clone().requires_grad_() for x in inputs]
    ws = {k: v.clone().requires_grad_() for k, v in (weights or {}).items()}
    y = fn(ins, ws)
    g = rnd(*y.shape)
    (y * g).sum().backward()
    c = {
        "name": name, "class": cls, "config": config, "training": training,
        "inputs": [{"shape": list(x.shape), "data": flat(x)} for x in inputs],
        "weights": {k: flat(v) for k, v in (weights or {}).items()},
        "upstream": flat(g), "y_shape": list(y.shape), "y": flat(y),
        "dinputs": [flat(x.grad) if x.grad is not None else [0.0] * x.numel() for x in ins],
        "dweights": {k: flat(v.grad) for k, v in ws.items()},
    }
    if extra:
        c.update(extra)
    cases.append(c)


# ---------------------------------------------------------------- pooling
def same_pad(n, k, s):
    out = -(-n // s)
    total = max((out - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def pool_nd(x, pool, strides, padding, mode, cf):
    """x channels_first (N, C, *spatial)."""
    d = len(pool)
    mp = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}[d]
    ap = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}[d]
    if padding == "same":
        pads = []
        for i in reversed(range(d)):
            pads += list(same_pad(x.shape[2 + i], pool[i], strides[i]))
        if mode == "max":
            return mp(F.pad(x, pads, value=-math.inf), pool, strides)
        s = ap(F.pad(x, pads, value=0.0), pool, strides)
        cnt = ap(F.pad(torch.ones_like(x), pads, value=0.0), pool, strides)
        return s / cnt
    return (mp if mode == "max" else ap)(x, pool, strides)


for cls, d, shape, cfg in [
    ("MaxPooling1D", 1, (2, 7, 3), {}),
    ("MaxPooling1D", 1, (2, 7, 3), {"pool_size": 3, "strides": 2, "padding": "same"}),
    ("AveragePooling1D", 1, (2, 7, 3), {"pool_size": 3, "strides": 2, "padding": "same"}),
    ("MaxPooling2D", 2, (2, 5, 6, 3), {}),
    ("MaxPooling2D", 2, (2, 5, 6, 3), {"pool_size": [3, 2], "strides": [2, 1], "padding": "same"}),
    ("MaxPooling2D", 2, (2, 3, 5, 6), {"pool_size": 2, "strides": 1, "data_format": "channels_first"}),
    ("AveragePooling2D", 2, (2, 5, 6, 3), {}),
    ("AveragePooling2D", 2, (2, 5, 6, 3), {"pool_size": 3, "strides": 2, "padding": "same"}),
    ("AveragePooling2D", 2, (2, 3, 5, 5), {"pool_size": 2, "strides": 2, "padding": "same", "data_format": "channels_first"}),
    ("MaxPooling3D", 3, (1, 4, 5, 4, 2), {"pool_size": 2, "strides": 2, "padding": "same"}),
    ("AveragePooling3D", 3, (1, 4, 5, 4, 2), {"pool_size": [2, 3, 2], "strides": 1}),
]:
    pool = cfg.get("pool_size", 2)
    pool = [pool] * d if isinstance(pool, int) else pool
    st = cfg.get("strides", pool)
    st = [st] * d if isinstance(st, int) else st
    cf = cfg.get("data_format") == "channels_first"
    mode = "max" if cls.startswith("Max") else "avg"
    padding = cfg.get("padding", "valid")

    def fn(ins, ws, pool=pool, st=st, cf=cf, mode=mode, padding=padding):
        x = ins[0] if cf else to_cf(ins[0])
        y = pool_nd(x, pool, st, padding, mode, cf)
        return y if cf else to_cl(y)
    add(cls + str(cfg), cls, cfg, [rnd(*shape)], fn)

for cls, shape, cfg in [
    ("GlobalMaxPooling1D", (2, 5, 3), {}),
    ("GlobalAveragePooling1D", (2, 5, 3), {"keepdims": True}),
    ("GlobalMaxPooling2D", (2, 4, 3, 5), {"keepdims": True}),
    ("GlobalAveragePooling2D", (2, 4, 3, 5), {}),
    ("GlobalAveragePooling2D", (2, 5, 4, 3), {"data_format": "channels_first"}),
    ("GlobalMaxPooling3D", (2, 2, 3, 2, 4), {}),
    ("GlobalAveragePooling3D", (2, 4, 2, 3, 2), {"data_format": "channels_first", "keepdims": True}),
]:
    cf = cfg.get("data_format") == "channels_first"
    keep = cfg.get("keepdims", False)

    def fn(ins, ws, cls=cls, cf=cf, keep=keep):
        x = ins[0]
        dims = list(range(2, x.dim())) if cf else list(range(1, x.dim() - 1))
        if "Max" in cls:
            return x.amax(dim=dims, keepdim=keep)
        return x.mean(dim=dims, keepdim=keep)
    add(cls + str(cfg), cls, cfg, [rnd(*shape)], fn)

# ---------------------------------------------------------- normalization
def bn_formula(x, mean, var, gamma, beta, eps):
    return (x - mean) * torch.rsqrt(var + eps) * gamma + beta


for shape, axis, training, momentum in [((6, 4), -1, True, 0.99), ((3, 4, 5, 3), -1, True, 0.9),
                                        ((2, 3, 4, 4), 1, True, 0.99), ((3, 4, 5, 3), -1, False, 0.99)]:
    C = shape[axis]
    bshape = [1] * len(shape)
    bshape[axis] = C
    red = [i for i in range(len(shape)) if i != (axis % len(shape))]
    x = rnd(*shape)
    mm0, mv0 = rnd(C) * 0.1, rnd(C).abs() + 0.5
    w = {"gamma": rnd(C), "beta": rnd(C)}

    def fn(ins, ws, red=red, bshape=bshape, training=training, mm0=mm0, mv0=mv0):
        x = ins[0]
        if training:
            m = x.mean(dim=red, keepdim=True)
            v = ((x - m) ** 2).mean(dim=red, keepdim=True)
        else:
            m, v = mm0.reshape(bshape), mv0.reshape(bshape)
        return bn_formula(x, m, v, ws["gamma"].reshape(bshape), ws["beta"].reshape(bshape), 1e-3)
    bm = x.mean(dim=red)
    bv = ((x - x.mean(dim=red, keepdim=True)) ** 2).mean(dim=red)
    mm, mv = mm0.clone(), mv0.clone()
    if training:
        for _ in range(2):  # two training calls on the same batch
            mm = mm * momentum + bm * (1 - momentum)
            mv = mv * momentum + bv * (1 - momentum)
    w_all = dict(w)
    add("BatchNormalization%s" % ((shape, axis, training),), "BatchNormalization",
        {"axis": axis, "momentum": momentum}, [x], fn, weights=w_all, training=training,
        extra={"moving_init": {"moving_mean": flat(mm0), "moving_variance": flat(mv0)},
               "moving_after_2": {"moving_mean": flat(mm), "moving_variance": flat(mv)}})

for shape, cfg in [((3, 5), {}), ((2, 3, 4), {"axis": [1, 2]}), ((2, 3, 4), {"axis": 1, "epsilon": 0.1}),
                   ((2, 3, 4), {"center": False}), ((3, 6), {"rms_scaling": True})]:
    axis = cfg.get("axis", -1)
    axes = sorted([a % len(shape) for a in (axis if isinstance(axis, list) else [axis])])
    pshape = [shape[a] for a in axes]
    bshape = [shape[i] if i in axes else 1 for i in range(len(shape))]
    eps = cfg.get("epsilon", 1e-3)
    rms = cfg.get("rms_scaling", False)
    w = {"gamma": rnd(*pshape)}
    if cfg.get("center", True) and not rms:
        w["beta"] = rnd(*pshape)

    def fn(ins, ws, axes=axes, bshape=bshape, eps=eps, rms=rms):
        x = ins[0]
        m = x.mean(dim=axes, keepdim=True)
        v = ((x - m) ** 2).mean(dim=axes, keepdim=True)
        g = ws["gamma"].reshape(bshape)
        if rms:
            return x * torch.rsqrt(v + eps) * g
        y = (x - m) * torch.rsqrt(v + eps) * g
        if "beta" in ws:
            y = y + ws["beta"].reshape(bshape)
        return y
    add("LayerNormalization" + str(cfg), "LayerNormalization", cfg, [rnd(*shape)], fn, weights=w)

for shape, cfg in [((2, 4, 3, 6), {"groups": 3}), ((2, 4, 5), {"groups": 2, "axis": 1}),
                   ((2, 3, 4), {"groups": -1})]:
    axis = cfg.get("axis", -1) % len(shape)
    C = shape[axis]
    G = cfg["groups"] if cfg["groups"] != -1 else C
    w = {"gamma": rnd(C), "beta": rnd(C)}

    def fn(ins, ws, axis=axis, G=G):
        x = ins[0]
        xc = x.movedim(axis, 1)  # torch group_norm wants channels at axis 1
        y = F.group_norm(xc, G, ws["gamma"], ws["beta"], eps=1e-3)
        return y.movedim(1, axis)
    add("GroupNormalization" + str(cfg), "GroupNormalization", cfg, [rnd(*shape)], fn, weights=w)

for shape, cfg in [((3, 5), {}), ((2, 3, 4), {"axis": [1, 2], "epsilon": 1e-3})]:
    axis = cfg.get("axis", -1)
    axes = sorted([a % len(shape) for a in (axis if isinstance(axis, list) else [axis])])
    pshape = [shape[a] for a in axes]
    bshape = [shape[i] if i in axes else 1 for i in range(len(shape))]
    eps = cfg.get("epsilon", 1e-6)

    def fn(ins, ws, axes=axes, bshape=bshape, eps=eps):
        x = ins[0]
        return x * torch.rsqrt((x * x).mean(dim=axes, keepdim=True) + eps) * ws["scale"].reshape(bshape)
    add("RMSNormalization" + str(cfg), "RMSNormalization", cfg, [rnd(*shape)], fn, weights={"scale": rnd(*pshape)})

for shape, cfg in [((3, 5), {}), ((2, 3, 4), {"axis": [1, 2]})]:
    axis = cfg.get("axis", -1)
    axes = sorted([a % len(shape) for a in (axis if isinstance(axis, list) else [axis])])

    def fn(ins, ws, axes=axes):
        x = ins[0]
        return x * torch.rsqrt(torch.clamp((x * x).sum(dim=axes, keepdim=True), min=1e-24))
    add("UnitNormalization" + str(cfg), "UnitNormalization", cfg, [rnd(*shape)], fn)

# --------------------------------------------------------------- reshaping
add("Permute", "Permute", {"dims": [3, 1, 2]}, [rnd(2, 3, 4, 5)], lambda ins, ws: ins[0].permute(0, 3, 1, 2))
add("RepeatVector", "RepeatVector", {"n": 3}, [rnd(2, 4)], lambda ins, ws: ins[0][:, None, :].expand(2, 3, 4))
add("Cropping1D", "Cropping1D", {"cropping": [1, 2]}, [rnd(2, 6, 3)], lambda ins, ws: ins[0][:, 1:4, :])
add("Cropping2D", "Cropping2D", {"cropping": [[1, 0], [2, 1]]}, [rnd(2, 5, 6, 3)], lambda ins, ws: ins[0][:, 1:5, 2:5, :])
add("Cropping2D cf", "Cropping2D", {"cropping": 1, "data_format": "channels_first"}, [rnd(2, 3, 5, 4)],
    lambda ins, ws: ins[0][:, :, 1:4, 1:3])
add("Cropping3D", "Cropping3D", {}, [rnd(1, 4, 3, 5, 2)], lambda ins, ws: ins[0][:, 1:3, 1:2, 1:4, :])
add("ZeroPadding1D", "ZeroPadding1D", {"padding": [2, 1]}, [rnd(2, 3, 2)], lambda ins, ws: F.pad(ins[0], (0, 0, 2, 1)))
add("ZeroPadding2D", "ZeroPadding2D", {"padding": [[1, 0], [2, 1]]}, [rnd(2, 3, 2, 2)],
    lambda ins, ws: F.pad(ins[0], (0, 0, 2, 1, 1, 0)))
add("ZeroPadding2D cf", "ZeroPadding2D", {"padding": 1, "data_format": "channels_first"}, [rnd(1, 2, 2, 3)],
    lambda ins, ws: F.pad(ins[0], (1, 1, 1, 1)))
add("ZeroPadding3D", "ZeroPadding3D", {"padding": [1, 0, 2]}, [rnd(1, 2, 2, 2, 2)],
    lambda ins, ws: F.pad(ins[0], (0, 0, 2, 2, 0, 0, 1, 1)))
add("UpSampling1D", "UpSampling1D", {"size": 3}, [rnd(2, 3, 2)], lambda ins, ws: ins[0].repeat_interleave(3, dim=1))
add("UpSampling2D", "UpSampling2D", {"size": [2, 3]}, [rnd(2, 3, 2, 2)],
    lambda ins, ws: to_cl(F.interpolate(to_cf(ins[0]), scale_factor=(2, 3), mode="nearest")))
add("UpSampling2D bilinear", "UpSampling2D", {"size": [2, 3], "interpolation": "bilinear"}, [rnd(2, 3, 4, 2)],
    lambda ins, ws: to_cl(F.interpolate(to_cf(ins[0]), scale_factor=(2, 3), mode="bilinear", align_corners=False)))
add("UpSampling2D bilinear cf", "UpSampling2D", {"size": 2, "interpolation": "bilinear", "data_format": "channels_first"},
    [rnd(1, 2, 3, 3)], lambda ins, ws: F.interpolate(ins[0], scale_factor=(2, 2), mode="bilinear", align_corners=False))
add("UpSampling3D", "UpSampling3D", {"size": [1, 2, 2]}, [rnd(1, 2, 2, 3, 2)],
    lambda ins, ws: ins[0].repeat_interleave(2, dim=2).repeat_interleave(2, dim=3))

# ----------------------------------------------------------------- merging
a, b, c = rnd(3, 4, 5), rnd(3, 4, 5), rnd(3, 4, 5)
add("Add", "Add", {}, [a, b, c], lambda ins, ws: ins[0] + ins[1] + ins[2])
add("Subtract", "Subtract", {}, [a, b], lambda ins, ws: ins[0] - ins[1])
add("Multiply", "Multiply", {}, [a, b, c], lambda ins, ws: ins[0] * ins[1] * ins[2])
add("Average", "Average", {}, [a, b], lambda ins, ws: (ins[0] + ins[1]) / 2)
add("Maximum", "Maximum", {}, [a, b, c], lambda ins, ws: torch.maximum(torch.maximum(ins[0], ins[1]), ins[2]))
add("Minimum", "Minimum", {}, [a, b], lambda ins, ws: torch.minimum(ins[0], ins[1]))
add("Add broadcast", "Add", {}, [rnd(3, 4, 5), rnd(3, 1, 5)], lambda ins, ws: ins[0] + ins[1])
add("Multiply rank", "Multiply", {}, [rnd(3, 4, 5), rnd(3, 5)], lambda ins, ws: ins[0] * ins[1][:, None, :])
add("Concatenate", "Concatenate", {}, [rnd(2, 3, 4), rnd(2, 3, 2)], lambda ins, ws: torch.cat(ins, -1))
add("Concatenate axis1", "Concatenate", {"axis": 1}, [rnd(2, 3, 4), rnd(2, 1, 4), rnd(2, 2, 4)], lambda ins, ws: torch.cat(ins, 1))


def knorm(x, axis):
    return x * torch.rsqrt(torch.clamp((x * x).sum(dim=axis, keepdim=True), min=1e-14))


add("Dot 2d", "Dot", {"axes": -1}, [rnd(3, 4), rnd(3, 4)], lambda ins, ws: (ins[0] * ins[1]).sum(-1, keepdim=True))
add("Dot normalize", "Dot", {"axes": 1, "normalize": True}, [rnd(3, 4), rnd(3, 4)],
    lambda ins, ws: (knorm(ins[0], 1) * knorm(ins[1], 1)).sum(-1, keepdim=True))
add("Dot 3d", "Dot", {"axes": [2, 2]}, [rnd(2, 3, 4), rnd(2, 5, 4)], lambda ins, ws: torch.bmm(ins[0], ins[1].transpose(1, 2)))
add("Dot 3d axes12", "Dot", {"axes": [1, 2]}, [rnd(2, 4, 3), rnd(2, 5, 4)],
    lambda ins, ws: torch.einsum("bkm,bnk->bmn", ins[0], ins[1]))
add("Dot mixed", "Dot", {"axes": [2, 1], "normalize": True}, [rnd(2, 3, 4), rnd(2, 4)],
    lambda ins, ws: torch.einsum("bmk,bk->bm", knorm(ins[0], 2), knorm(ins[1], 1)))

with open("layers/testdata/spatial_golden.json", "w") as f:
    json.dump({"generator": "testdata/gen/spatial_gen.py (PyTorch %s, float64)" % torch.__version__,
               "cases": cases}, f)
print(len(cases), "cases")
