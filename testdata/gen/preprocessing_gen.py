"""Golden values for the image preprocessing layers (layers/preprocessing_*.go).

Rerun with:  /usr/bin/python3 testdata/gen/preprocessing_gen.py
Writes layers/testdata/preprocessing_golden.json.

Independent references:
  * Resizing bilinear / nearest, CenterCrop, crop/pad to aspect ratio:
    torch.nn.functional.interpolate (bilinear with align_corners=False is
    tf.image.resize's half-pixel bilinear; "nearest-exact" is Keras's
    floor((o+0.5)*in/out) nearest), gradients from torch autograd.
  * bicubic / lanczos / antialiased bilinear: Keras's numpy-backend
    scale_and_translate weight matrix, written here in numpy (torch's bicubic
    uses a=-0.75, Keras a=-0.5), applied with torch so autograd gives the
    input gradient. "area": TensorFlow's ResizeArea box weights in numpy.
  * RandomRotation / RandomTranslation / RandomZoom with degenerate factor
    ranges (so the transform is fixed): Keras's transform matrices and its
    numpy backend's affine_transform (scipy.ndimage.map_coordinates over a
    padded image, re-implemented in numpy because scipy is not installed),
    cross-checked against torch.nn.functional.grid_sample for the
    "constant" (zeros padding) and "nearest" (border padding) fill modes.
  * RandomContrast / RandomBrightness / Rescaling: explicit torch formulas.
"""

import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
rng = np.random.RandomState(7)
cases = []


def to_nchw(x, fmt):
    return x.permute(0, 3, 1, 2) if fmt == "channels_last" else x


def from_nchw(y, fmt):
    return y.permute(0, 2, 3, 1) if fmt == "channels_last" else y


def r9(a):
    return [float(f"{v:.9g}") for v in np.asarray(a, dtype=np.float64).ravel()]


def add_case(name, cls, config, x, fn, training=False):
    xt = torch.tensor(x, requires_grad=True)
    y = fn(xt)
    up = rng.uniform(-1, 1, size=y.shape)
    (y * torch.tensor(up)).sum().backward()
    cases.append(
        dict(
            name=name,
            cls=cls,
            config=config,
            training=training,
            x_shape=list(x.shape),
            x=r9(x),
            y_shape=list(y.shape),
            y=r9(y.detach().numpy()),
            upstream=r9(up),
            dx=r9(xt.grad.numpy()),
        )
    )


# ---------------------------------------------------------------- resize
def kernel(method):
    if method == "bilinear":
        return lambda x: np.maximum(0, 1 - np.abs(x)), 1.0
    if method == "bicubic":

        def cubic(x):
            out = ((1.5 * x - 2.5) * x) * x + 1.0
            out = np.where(x >= 1.0, ((-0.5 * x + 2.5) * x - 4.0) * x + 2.0, out)
            return np.where(x >= 2.0, 0.0, out)

        return cubic, 2.0
    r = 3.0 if method == "lanczos3" else 5.0

    def lanczos(x):
        y = r * np.sin(np.pi * x) * np.sin(np.pi * x / r)
        out = np.where(x > 1e-3, y / np.where(x != 0, np.pi**2 * x**2, 1), 1)
        return np.where(x > r, 0.0, out)

    return lanczos, r


def weight_mat(n_in, n_out, method, antialias):
    """(n_in, n_out) matrix: Keras numpy backend _compute_weight_mat."""
    if n_in == n_out:
        return np.eye(n_in)
    if method == "area":  # TensorFlow ResizeArea
        s = n_in / n_out
        w = np.zeros((n_in, n_out))
        for o in range(n_out):
            y0, y1 = o * s, (o + 1) * s
            for i in range(int(math.floor(y0)), int(math.ceil(y1))):
                w[min(max(i, 0), n_in - 1), o] += (min(i + 1, y1) - max(i, y0)) / s
        return w
    k, _ = kernel(method)
    inv = n_in / n_out
    ks = max(inv, 1.0) if antialias else 1.0
    sample = (np.arange(n_out) + 0.5) * inv - 0.5
    x = np.abs(sample[None, :] - np.arange(n_in)[:, None]) / ks
    w = k(x)
    tot = w.sum(axis=0, keepdims=True)
    w = np.where(np.abs(tot) > 1000 * np.finfo(np.float32).eps, w / np.where(tot != 0, tot, 1), 0)
    return w


def matrix_resize(x, h, w, method, antialias, fmt):
    xn = to_nchw(x, fmt)
    wh = torch.tensor(weight_mat(xn.shape[2], h, method, antialias))
    ww = torch.tensor(weight_mat(xn.shape[3], w, method, antialias))
    y = torch.einsum("nchw,hH,wW->ncHW", xn, wh, ww)
    return from_nchw(y, fmt)


def torch_resize(x, h, w, method, fmt):
    xn = to_nchw(x, fmt)
    if method == "bilinear":
        y = F.interpolate(xn, size=(h, w), mode="bilinear", align_corners=False)
    else:
        y = F.interpolate(xn, size=(h, w), mode="nearest-exact")
    return from_nchw(y, fmt)


def img(*shape):
    return rng.uniform(0, 1, size=shape)


for name, shape, h, w, method, fmt in [
    ("bilinear_up", (2, 3, 4, 2), 5, 7, "bilinear", "channels_last"),
    ("bilinear_down", (1, 7, 6, 3), 3, 4, "bilinear", "channels_last"),
    ("bilinear_mixed_cf", (2, 2, 5, 3), 3, 6, "bilinear", "channels_first"),
    ("nearest_mixed", (2, 4, 5, 2), 7, 3, "nearest", "channels_last"),
]:
    cfg = dict(height=h, width=w, interpolation=method, data_format=fmt)
    add_case("resizing_" + name, "Resizing", cfg, img(*shape), lambda x: torch_resize(x, h, w, method, fmt))

for name, shape, h, w, method, aa in [
    ("bicubic", (1, 5, 5, 2), 8, 3, "bicubic", False),
    ("lanczos3", (1, 6, 4, 1), 4, 7, "lanczos3", False),
    ("lanczos5", (1, 9, 6, 1), 4, 8, "lanczos5", False),
    ("area", (2, 7, 5, 2), 3, 2, "area", False),
    ("area_up", (1, 3, 2, 1), 5, 4, "area", False),
    ("bilinear_antialias", (1, 9, 9, 2), 4, 3, "bilinear", True),
    ("bicubic_antialias", (1, 10, 7, 1), 3, 3, "bicubic", True),
]:
    cfg = dict(height=h, width=w, interpolation=method, antialias=aa)
    add_case("resizing_" + name, "Resizing", cfg, img(*shape),
             lambda x: matrix_resize(x, h, w, method, aa, "channels_last"))


def crop_box(ih, iw, th, tw):
    ch = max(min(ih, int(float(iw * th) / tw)), 1)
    cw = max(min(iw, int(float(ih * tw) / th)), 1)
    return int(float(ih - ch) / 2), ch, int(float(iw - cw) / 2), cw


def crop_then_resize(x, h, w):
    hs, ch, ws, cw = crop_box(x.shape[1], x.shape[2], h, w)
    return torch_resize(x[:, hs:hs + ch, ws:ws + cw, :], h, w, "bilinear", "channels_last")


add_case("resizing_crop_to_aspect", "Resizing", dict(height=4, width=4, crop_to_aspect_ratio=True),
         img(2, 6, 10, 2), lambda x: crop_then_resize(x, 4, 4))
add_case("resizing_crop_to_aspect_tall", "Resizing", dict(height=3, width=6, crop_to_aspect_ratio=True),
         img(1, 8, 5, 1), lambda x: crop_then_resize(x, 3, 6))


def pad_then_resize(x, h, w, fill):
    ih, iw = x.shape[1], x.shape[2]
    ph = max(ih, int(float(iw * h) / w))
    pw = max(iw, int(float(ih * w) / h))
    hs, ws = int(float(ph - ih) / 2), int(float(pw - iw) / 2)
    if hs > 0:
        x = F.pad(x, (0, 0, 0, 0, hs, hs), value=fill)
    elif ws > 0:
        x = F.pad(x, (0, 0, ws, ws), value=fill)
    return torch_resize(x, h, w, "bilinear", "channels_last")


add_case("resizing_pad_to_aspect", "Resizing", dict(height=6, width=6, pad_to_aspect_ratio=True, fill_value=0.5),
         img(1, 4, 8, 2), lambda x: pad_then_resize(x, 6, 6, 0.5))
add_case("resizing_pad_to_aspect_wide", "Resizing", dict(height=4, width=8, pad_to_aspect_ratio=True),
         img(2, 5, 3, 1), lambda x: pad_then_resize(x, 4, 8, 0.0))

# ------------------------------------------------------------ center crop
add_case("center_crop_slice", "CenterCrop", dict(height=3, width=4), img(2, 7, 8, 2),
         lambda x: x[:, 2:5, 2:6, :])
add_case("center_crop_slice_cf", "CenterCrop", dict(height=2, width=3, data_format="channels_first"),
         img(1, 2, 5, 6), lambda x: x[:, :, 1:3, 1:4])
add_case("center_crop_smart_resize", "CenterCrop", dict(height=5, width=5), img(1, 3, 4, 2),
         lambda x: crop_then_resize(x, 5, 5))


# RandomCrop's deterministic branch (input not larger than the target):
# Keras slices [hs:hs+height, ws:ws+width] and resizes (bilinear).
def random_crop_det(x, h, w):
    hs, _, ws, _ = crop_box(x.shape[1], x.shape[2], h, w)
    return torch_resize(x[:, hs:hs + h, ws:ws + w, :], h, w, "bilinear", "channels_last")


add_case("random_crop_longer_height", "RandomCrop", dict(height=10, width=8, seed=1), img(1, 8, 16, 1),
         lambda x: random_crop_det(x, 10, 8), training=True)


# ------------------------------------------------------------------ affine
def map_index(i, n, mode):
    """Per-neighbour index under numpy.pad's modes (as Keras's numpy backend)."""
    if 0 <= i < n:
        return i
    if mode == "nearest":
        return min(max(i, 0), n - 1)
    if mode == "reflect":  # numpy 'symmetric'
        p = 2 * n
        i %= p
        return p - 1 - i if i >= n else i
    if mode == "wrap":
        return i % n
    return None  # constant


def affine_matrix(t, h, w, mode, interp):
    """Dense (h*w, h*w+1) sampling matrix; last column multiplies fill_value."""
    m = np.zeros((h * w, h * w + 1))
    a0, a1, a2, b0, b1, b2 = [np.float32(v) for v in t]
    for y in range(h):
        for x in range(w):
            px = np.float32(a0 * np.float32(x) + a1 * np.float32(y) + a2)
            py = np.float32(b0 * np.float32(x) + b1 * np.float32(y) + b2)
            if interp == "nearest":
                taps = [(int(math.floor(py + 0.5)), int(math.floor(px + 0.5)), 1.0)]
            else:
                y0, x0 = math.floor(py), math.floor(px)
                dy, dx = float(py) - y0, float(px) - x0
                taps = [(y0, x0, (1 - dy) * (1 - dx)), (y0, x0 + 1, (1 - dy) * dx),
                        (y0 + 1, x0, dy * (1 - dx)), (y0 + 1, x0 + 1, dy * dx)]
            for iy, ix, wt in taps:
                if wt == 0:
                    continue
                my, mx = map_index(iy, h, mode), map_index(ix, w, mode)
                if my is None or mx is None:
                    m[y * w + x, h * w] += wt
                else:
                    m[y * w + x, my * w + mx] += wt
    return m


def affine_apply(x, transforms, mode, interp, fill):
    n, h, w, c = x.shape
    outs = []
    for b in range(n):
        m = torch.tensor(affine_matrix(transforms[b], h, w, mode, interp))
        flat = x[b].reshape(h * w, c)
        flat = torch.cat([flat, torch.full((1, c), float(fill))], 0)
        outs.append((m @ flat).reshape(h, w, c))
    return torch.stack(outs)


def rotation(angle_deg, h, w):
    th = np.float32(angle_deg) * np.float32(math.pi / 180)
    c, s = np.float32(np.cos(th)), np.float32(np.sin(th))
    cx, cy = np.float32(0.5 * (w - 1)), np.float32(0.5 * (h - 1))
    a0, a1, b0, b1 = c, -s, s, c
    return [a0, a1, cx - cx * a0 - cy * a1, b0, b1, cy - cx * b0 - cy * b1]


def grid_sample_check(x, t, mode, interp):
    """torch.grid_sample for the constant (zeros) and nearest (border) modes."""
    n, h, w, c = x.shape
    ys, xs = np.meshgrid(np.arange(h), np.arange(w), indexing="ij")
    a0, a1, a2, b0, b1, b2 = t
    px = a0 * xs + a1 * ys + a2
    py = b0 * xs + b1 * ys + b2
    grid = np.stack([2 * px / (w - 1) - 1, 2 * py / (h - 1) - 1], -1)[None]
    pad = "zeros" if mode == "constant" else "border"
    y = F.grid_sample(torch.tensor(x).permute(0, 3, 1, 2), torch.tensor(grid), mode=interp,
                      padding_mode=pad, align_corners=True)
    return y.permute(0, 2, 3, 1).numpy()


x_aff = img(1, 5, 6, 2)
for mode in ["constant", "nearest"]:
    t = rotation(36.0, 5, 6)
    mine = affine_apply(torch.tensor(x_aff), [t], mode, "bilinear", 0.0).numpy()
    ref = grid_sample_check(x_aff, [float(v) for v in t], mode, "bilinear")
    assert np.allclose(mine, ref, atol=1e-5), (mode, np.abs(mine - ref).max())

for mode in ["reflect", "wrap", "constant", "nearest"]:
    for interp in ["bilinear", "nearest"]:
        cfg = dict(factor=[0.1, 0.1], fill_mode=mode, interpolation=interp, fill_value=0.25, seed=3)
        x = img(2, 5, 6, 2)
        add_case(f"rotation_{mode}_{interp}", "RandomRotation", cfg, x,
                 lambda xt: affine_apply(xt, [rotation(36.0, 5, 6)] * 2, mode, interp, 0.25), training=True)

x = img(2, 6, 5, 1)
add_case("rotation_minus_quarter", "RandomRotation",
         dict(factor=[-0.25, -0.25], fill_mode="constant"), x,
         lambda xt: affine_apply(xt, [rotation(-90.0, 6, 5)] * 2, "constant", "bilinear", 0.0), training=True)

for name, hf, wf, mode in [("translation_reflect", [0.2, 0.2], [-0.3, -0.3], "reflect"),
                           ("translation_wrap", [-0.25, -0.25], [0.15, 0.15], "wrap"),
                           ("translation_constant", [0.35, 0.35], [0.1, 0.1], "constant")]:
    h, w = 6, 7
    dy, dx = np.float32(hf[0]) * np.float32(h), np.float32(wf[0]) * np.float32(w)
    t = [1, 0, -dx, 0, 1, -dy]
    add_case(name, "RandomTranslation", dict(height_factor=hf, width_factor=wf, fill_mode=mode, seed=1),
             img(2, h, w, 2), lambda xt: affine_apply(xt, [t] * 2, mode, "bilinear", 0.0), training=True)


def zoom(zy, zx, h, w):
    zy, zx = np.float32(zy), np.float32(zx)
    return [zx, 0, (np.float32(w) - 1) / 2 * (1 - zx), 0, zy, (np.float32(h) - 1) / 2 * (1 - zy)]


for name, hf, wf, mode in [("zoom_in_reflect", [-0.3, -0.3], None, "reflect"),
                           ("zoom_out_constant", [0.4, 0.4], [0.2, 0.2], "constant"),
                           ("zoom_out_nearest", [0.5, 0.5], [-0.2, -0.2], "nearest")]:
    h, w = 6, 5
    zy = 1 + hf[0]
    zx = 1 + (wf[0] if wf else hf[0])
    cfg = dict(height_factor=hf, fill_mode=mode, seed=1)
    if wf:
        cfg["width_factor"] = wf
    add_case(name, "RandomZoom", cfg, img(2, h, w, 2),
             lambda xt: affine_apply(xt, [zoom(zy, zx, h, w)] * 2, mode, "bilinear", 0.0), training=True)

# ------------------------------------------------------------------ color
x = rng.uniform(0, 255, size=(2, 4, 5, 3))
add_case("contrast_fixed", "RandomContrast", dict(factor=[-0.5, 0.5], seed=2), x,
         lambda xt: torch.clamp((xt - xt.mean(dim=(1, 2), keepdim=True)) * 1.5 + xt.mean(dim=(1, 2), keepdim=True), 0, 255),
         training=True)
x = rng.uniform(0, 1, size=(2, 3, 3, 2))
add_case("brightness_fixed", "RandomBrightness", dict(factor=[0.2, 0.2], value_range=[1, 0], seed=2), x,
         lambda xt: torch.clamp(xt + 0.2, 0, 1), training=True)
x = rng.uniform(0, 255, size=(2, 3, 3, 3))
add_case("rescaling_scalar", "Rescaling", dict(scale=1 / 127.5, offset=-1), x, lambda xt: xt / 127.5 - 1)
add_case("rescaling_per_channel", "Rescaling", dict(scale=[0.5, 1.0, 2.0], offset=[0.0, 1.0, -1.0]), x,
         lambda xt: xt * torch.tensor([0.5, 1.0, 2.0]) + torch.tensor([0.0, 1.0, -1.0]))

out = os.path.join(os.path.dirname(__file__), "..", "..", "layers", "testdata", "preprocessing_golden.json")
with open(out, "w") as f:
    json.dump({"cases": cases}, f, separators=(",", ":"))
print("wrote", len(cases), "cases to", os.path.normpath(out))
