"""Golden values for layers.Attention, AdditiveAttention, MultiHeadAttention
and EinsumDense.

Rerun from the repository root with:

    /usr/bin/python3 testdata/gen/attention_gen.py

It writes layers/testdata/attention_golden.json.

PyTorch 1.13 has no scaled_dot_product_attention, and nn.MultiheadAttention
uses another weight layout and masking convention, so every case is computed
here with explicit torch ops in float64 following Keras 3's formulas and its
weight layout (EinsumDense kernels such as query/kernel of shape
(dim, num_heads, key_dim)):

* Attention: scores = q.k^T (times scale) or concat_score_weight *
  sum(tanh(scale * (q + k))); padded value steps (value mask, causal mask)
  get scores - 1e9; softmax over Tv; output = weights.v, zeroed where the
  query mask is False.
* AdditiveAttention: scores = sum(scale * tanh(q + k), -1), as above.
* MultiHeadAttention: projections with torch.einsum, query scaled by
  1/sqrt(key_dim), mask = attention_mask & query_mask[B,T,1] &
  value_mask[B,1,S] & key_mask[B,1,S] & causal[1,T,S], masked scores set
  to -1e9, softmax over the attention axes, masked weights set to 0.

Each case records inputs, weights, outputs and the gradients of
loss = sum(y * gy) + sum(scores * gs) with respect to the float inputs and
all weights.
"""

import json
import os

import numpy as np
import torch

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(20240611)


def rnd(*shape, scale=1.0):
    return torch.tensor(rng.uniform(-scale, scale, size=shape), requires_grad=True)


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).numpy()]


def arr(t):
    return {"shape": list(t.shape), "data": flat(t)}


def mask_arr(m):
    return {"shape": list(m.shape), "data": [int(v) for v in np.asarray(m).reshape(-1)]}


def causal(t, s):
    i = torch.arange(t).reshape(t, 1)
    j = torch.arange(s).reshape(1, s)
    return (i >= j).reshape(1, t, s)


def finish(case, inputs, weights, y, scores):
    gy = torch.tensor(rng.uniform(-1, 1, size=y.shape))
    gs = torch.tensor(rng.uniform(-1, 1, size=scores.shape))
    loss = (y * gy).sum() + (scores * gs).sum()
    names = list(inputs) + list(weights)
    tensors = list(inputs.values()) + list(weights.values())
    grads = torch.autograd.grad(loss, tensors, allow_unused=True)
    case["inputs"] = {k: arr(v) for k, v in inputs.items()}
    case["weights"] = [{"name": k, **arr(v)} for k, v in weights.items()]
    case["y"] = arr(y)
    case["scores"] = arr(scores)
    case["gy"] = arr(gy)
    case["gs"] = arr(gs)
    case["grads"] = {
        n: arr(g if g is not None else torch.zeros_like(t))
        for n, g, t in zip(names, grads, tensors)
    }
    return case


def attention_case(name, kind, b, tq, tv, d, dv, use_scale, score_mode="dot",
                   with_key=True, q_mask=None, v_mask=None, causal_mask=False):
    q = rnd(b, tq, d)
    v = rnd(b, tv, dv if with_key else d)
    k = rnd(b, tv, d) if with_key else v
    inputs = {"query": q, "value": v}
    if with_key:
        inputs["key"] = k
    weights = {}
    scale = None
    if kind == "Attention":
        if use_scale:
            scale = torch.tensor(0.7, requires_grad=True)
            weights["scale"] = scale
        if score_mode == "concat":
            csw = torch.tensor(1.3, requires_grad=True)
            weights["concat_score_weight"] = csw
        if score_mode == "dot":
            scores = q @ k.transpose(-1, -2)
            if scale is not None:
                scores = scores * scale
        else:
            qk = q.unsqueeze(-2) + k.unsqueeze(-3)
            if scale is not None:
                qk = scale * qk
            scores = csw * torch.tanh(qk).sum(-1)
    else:
        qk = torch.tanh(q.unsqueeze(-2) + k.unsqueeze(-3))
        if use_scale:
            scale = rnd(d)
            weights["scale"] = scale
            qk = scale * qk
        scores = qk.sum(-1)
    smask = None
    if v_mask is not None:
        smask = torch.tensor(v_mask).unsqueeze(-2)
    if causal_mask:
        c = causal(tq, tv)
        smask = c if smask is None else (smask & c)
    if smask is not None:
        scores = torch.where(~smask, scores - 1e9, scores)
    w = torch.softmax(scores, -1)
    y = w @ v
    if q_mask is not None:
        y = torch.where(torch.tensor(q_mask).unsqueeze(-1), y, torch.zeros_like(y))
    case = {"name": name, "class": kind, "use_scale": use_scale,
            "score_mode": score_mode, "causal": causal_mask}
    if q_mask is not None:
        case["query_mask"] = mask_arr(np.array(q_mask))
    if v_mask is not None:
        case["value_mask"] = mask_arr(np.array(v_mask))
    return finish(case, inputs, weights, y, w)


def proj_eq(free, bound, out):
    letters = "abcdefghijklmnopqrstuvwxyz"
    i = letters[:free] + letters[free:free + bound]
    kern = letters[free:free + bound + out]
    o = letters[:free] + letters[free + bound:free + bound + out]
    return f"{i},{kern}->{o}"


def mha_case(name, b, qshape, vshape, kshape, heads, key_dim, value_dim=None,
             use_bias=True, output_shape=None, attention_axes=None,
             q_mask=None, v_mask=None, k_mask=None, attn_mask=None,
             causal_mask=False, use_gate=False):
    value_dim = value_dim or key_dim
    q = rnd(b, *qshape)
    v = rnd(b, *vshape)
    k = rnd(b, *kshape) if kshape is not None else None
    inputs = {"query": q, "value": v}
    if k is not None:
        inputs["key"] = k
    key = v if k is None else k
    rank = q.dim()
    eq = proj_eq(rank - 1, 1, 2)
    weights = {}

    def dense(prefix, x, nh, hd, act=None):
        kern = rnd(x.shape[-1], nh, hd, scale=0.5)
        weights[prefix + "/kernel"] = kern
        y = torch.einsum(eq, x, kern)
        if use_bias:
            bias = rnd(nh, hd, scale=0.2)
            weights[prefix + "/bias"] = bias
            y = y + bias
        if act is not None:
            y = act(y)
        return y

    qp = dense("query", q, heads, key_dim)
    kp = dense("key", key, heads, key_dim)
    gate = dense("gate", q, heads, value_dim, torch.sigmoid) if use_gate else None
    vp = dense("value", v, heads, value_dim)
    prank = rank + 1
    axes = list(range(1, prank - 2)) if attention_axes is None else [
        a if a >= 0 else prank - 1 + a for a in attention_axes]
    letters = "abcdefghijklmnopqrstuvwxyz"
    target = letters[:prank]
    batch_dims = [i for i in range(prank) if i not in axes and i != prank - 1]
    source, off = "", prank
    for i in range(prank):
        if i in batch_dims or i == prank - 1:
            source += target[i]
        else:
            source += letters[off]
            off += 1
    product = "".join([target[i] for i in batch_dims] + [target[i] for i in axes]
                      + [source[i] for i in axes])
    qp = qp * (1.0 / np.sqrt(key_dim))
    scores = torch.einsum(f"{source},{target}->{product}", kp, qp)
    mask = None
    if q_mask is not None:
        mask = torch.tensor(q_mask).unsqueeze(-1)
    for m in (v_mask, k_mask):
        if m is not None:
            mm = torch.tensor(m).unsqueeze(-2)
            mask = mm if mask is None else (mask & mm)
    if causal_mask:
        c = causal(q.shape[1], v.shape[1])
        mask = c if mask is None else (mask & c)
    if attn_mask is not None:
        am = torch.tensor(attn_mask)
        mask = am if mask is None else (am & mask)
    n = len(axes)
    if mask is not None:
        while mask.dim() < scores.dim():
            mask = mask.unsqueeze(-2 * n - 1)
        scores = torch.where(mask, scores, torch.full_like(scores, -1e9))
    sh = scores.shape
    w = torch.softmax(scores.reshape(*sh[:len(sh) - n], -1), -1).reshape(sh)
    if mask is not None:
        w = torch.where(mask, w, torch.zeros_like(w))
    o = torch.einsum(f"{product},{source}->{target}", w, vp)
    if gate is not None:
        o = o * gate
    out_shape = output_shape or [q.shape[-1]]
    oeq = proj_eq(rank - 1, 2, len(out_shape))
    okern = rnd(heads, value_dim, *out_shape, scale=0.5)
    weights["attention_output/kernel"] = okern
    y = torch.einsum(oeq, o, okern)
    if use_bias:
        ob = rnd(*out_shape, scale=0.2)
        weights["attention_output/bias"] = ob
        y = y + ob
    case = {"name": name, "class": "MultiHeadAttention", "num_heads": heads,
            "key_dim": key_dim, "value_dim": value_dim, "use_bias": use_bias,
            "output_shape": output_shape, "attention_axes": attention_axes,
            "causal": causal_mask, "use_gate": use_gate}
    for key_name, m in (("query_mask", q_mask), ("value_mask", v_mask),
                        ("key_mask", k_mask), ("attention_mask", attn_mask)):
        if m is not None:
            case[key_name] = mask_arr(np.array(m))
    return finish(case, inputs, weights, y, w)


def einsum_dense_case(name, equation, in_shape, out_shape, bias_axes, kshape, bshape):
    x = rnd(*in_shape)
    kern = rnd(*kshape, scale=0.5)
    weights = {"kernel": kern}
    y = torch.einsum(equation, x, kern)
    if bias_axes is not None:
        b = rnd(*bshape, scale=0.2)
        weights["bias"] = b
        y = y + b
    y = torch.tanh(y)
    case = {"name": name, "class": "EinsumDense", "equation": equation,
            "output_shape": out_shape, "bias_axes": bias_axes}
    # EinsumDense has no scores: use a zero-size placeholder.
    return finish(case, {"x": x}, weights, y, torch.zeros(0))


def main():
    cases = []
    mq = [[True, True, False], [True, True, True]]
    mv = [[True, True, True, False], [True, False, True, True]]
    cases.append(attention_case("dot_plain", "Attention", 2, 3, 4, 5, 6, False))
    cases.append(attention_case("dot_scale_masks_causal", "Attention", 2, 3, 4, 5, 6, True,
                                q_mask=mq, v_mask=mv, causal_mask=True))
    cases.append(attention_case("dot_no_key", "Attention", 2, 3, 4, 5, 5, False, with_key=False,
                                v_mask=mv))
    cases.append(attention_case("concat_scale_vmask", "Attention", 2, 3, 4, 5, 6, True, "concat",
                                v_mask=mv))
    cases.append(attention_case("concat_causal", "Attention", 2, 4, 4, 3, 2, False, "concat",
                                causal_mask=True))
    cases.append(attention_case("additive_scale_masks", "AdditiveAttention", 2, 3, 4, 5, 6, True,
                                q_mask=mq, v_mask=mv))
    cases.append(attention_case("additive_noscale_causal", "AdditiveAttention", 2, 4, 4, 3, 3,
                                False, causal_mask=True))

    cases.append(mha_case("mha_cross_key", 2, (3, 5), (4, 6), (4, 7), heads=2, key_dim=3,
                          value_dim=4))
    cases.append(mha_case("mha_self_masks_causal", 2, (4, 5), (4, 5), None, heads=3, key_dim=2,
                          q_mask=[[True, True, True, False], [True, True, True, True]],
                          v_mask=[[True, True, True, False], [True, True, True, True]],
                          causal_mask=True))
    am = rng.uniform(size=(2, 3, 4)) > 0.3
    am[:, :, 0] = True
    cases.append(mha_case("mha_attention_mask_nobias_outshape", 2, (3, 5), (4, 6), None, heads=2,
                          key_dim=3, use_bias=False, output_shape=[7],
                          attn_mask=am.tolist()))
    cases.append(mha_case("mha_key_mask_gate", 2, (3, 4), (4, 4), (4, 5), heads=2, key_dim=2,
                          value_dim=3, use_gate=True,
                          k_mask=[[True, True, False, False], [True, True, True, False]]))
    cases.append(mha_case("mha_rank4_two_axes", 2, (2, 3, 4), (2, 2, 5), None, heads=2,
                          key_dim=3))
    cases.append(mha_case("mha_rank4_axis2", 2, (2, 3, 4), (2, 2, 5), None, heads=2, key_dim=3,
                          attention_axes=[2], output_shape=[2, 3]))

    cases.append(einsum_dense_case("ed_seq", "abc,cd->abd", (2, 3, 4), [None, 5], "d",
                                   (4, 5), (5,)))
    cases.append(einsum_dense_case("ed_heads", "abc,cde->abde", (2, 3, 4), [None, 2, 3], "de",
                                   (4, 2, 3), (2, 3)))
    cases.append(einsum_dense_case("ed_merge", "abcd,cde->abe", (2, 3, 2, 3), [None, 4], "e",
                                   (2, 3, 4), (4,)))
    cases.append(einsum_dense_case("ed_bias_b", "abc,cd->abd", (2, 3, 4), [3, 5], "b",
                                   (4, 5), (3, 1)))
    cases.append(einsum_dense_case("ed_ellipsis", "...b,bc->...c", (2, 3, 4), [5], "c",
                                   (4, 5), (5,)))

    out = os.path.join(os.path.dirname(__file__), "..", "..", "layers", "testdata",
                       "attention_golden.json")
    with open(out, "w") as f:
        json.dump({"cases": cases}, f)
    print("wrote", os.path.normpath(out), len(cases), "cases")


if __name__ == "__main__":
    main()
