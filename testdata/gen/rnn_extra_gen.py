"""Golden values for the generic RNN layer, StackedRNNCells and the ConvLSTM
layers of package layers.

Rerun from the repository root:
    /usr/bin/python3 testdata/gen/rnn_extra_gen.py
It writes layers/testdata/rnn_extra_golden.json.

Everything is computed with explicit torch float64 formulas that follow
Keras 3's math (torch has no ConvLSTM and no Keras-style masking):
  - the time loop is Keras's backend.rnn with the TensorFlow backend's mask
    rule: a masked step keeps the states and emits the previous output
    (zeros before the first valid step), or zeros with zero_output_for_mask;
    with go_backwards the steps run from the last time index and the
    returned sequence is in processing order;
  - "minimal" is the cell the Go test defines (Keras's MinimalRNNCell with a
    tanh): h' = tanh(x.kernel + h.recurrent_kernel);
  - LSTMCell / GRUCell (reset_after=True) are Keras's cells, gate orders
    i, f, c, o and z, r, h; StackedRNNCells runs them in order per step and
    its states are those of the first cell, then the second;
  - ConvLSTM: z = conv(x, kernel) + bias + conv(h, recurrent_kernel) with
    the recurrent conv "same", stride 1; TensorFlow's "same" padding puts
    the odd element after; kernels in Keras's layout (k..., in, 4*filters)
    are permuted to torch's (out, in, k...) for F.conv1d/2d/3d.
The loss differentiated is sum(y*gy) + sum_k sum(state_k*gs_k).
"""
import json
import torch
import torch.nn.functional as F

torch.manual_seed(0)
D = torch.float64


def rnd(*shape, scale=0.5):
    return torch.randn(*shape, dtype=D) * scale


def flat(t):
    return t.detach().reshape(-1).tolist()


def run_loop(step, x, states, mask, backwards, zero_out):
    """Keras backend.rnn (TF rule); x (B, T, ...) -> seq (processing order), last, states."""
    B, T = x.shape[0], x.shape[1]
    prev = None
    outs = []
    for s in range(T):
        t = T - 1 - s if backwards else s
        y, ns = step(x[:, t], states)
        if mask is not None:
            m = mask[:, t].bool()
            def sel(a, b):
                mm = m.reshape((B,) + (1,) * (a.dim() - 1))
                return torch.where(mm, a, b)
            ns = [sel(a, b) for a, b in zip(ns, states)]
            alt = torch.zeros_like(y) if (zero_out or prev is None) else prev
            y = sel(y, alt)
            prev = y
        states = ns
        outs.append(y)
    return torch.stack(outs, 1), outs[-1], states


def minimal_step(K, R):
    def step(x, st):
        h = torch.tanh(x @ K + st[0] @ R)
        return h, [h]
    return step


def lstm_step(K, R, b):
    U = R.shape[0]
    def step(x, st):
        h, c = st
        z = x @ K + h @ R + b
        i, f, g, o = torch.sigmoid(z[:, :U]), torch.sigmoid(z[:, U:2*U]), torch.tanh(z[:, 2*U:3*U]), torch.sigmoid(z[:, 3*U:])
        c2 = f * c + i * g
        h2 = o * torch.tanh(c2)
        return h2, [h2, c2]
    return step


def gru_step(K, R, b):
    U = R.shape[0]
    def step(x, st):
        h = st[0]
        xz = x @ K + b[0]
        hz = h @ R + b[1]
        z = torch.sigmoid(xz[:, :U] + hz[:, :U])
        r = torch.sigmoid(xz[:, U:2*U] + hz[:, U:2*U])
        hh = torch.tanh(xz[:, 2*U:] + r * hz[:, 2*U:])
        h2 = z * h + (1 - z) * hh
        return h2, [h2]
    return step


def stacked_step(steps, counts):
    def step(x, st):
        out, k = [], 0
        for f, n in zip(steps, counts):
            x, ns = f(x, st[k:k+n])
            out += ns
            k += n
        return x, out
    return step


def loss_and_grads(seq, last, states, seq_out, params):
    y = seq if seq_out else last
    gy = rnd(*y.shape, scale=1.0)
    gs = [rnd(*s.shape, scale=1.0) for s in states]
    loss = (y * gy).sum() + sum((s * g).sum() for s, g in zip(states, gs))
    grads = torch.autograd.grad(loss, params, allow_unused=True)
    grads = [torch.zeros_like(p) if g is None else g for p, g in zip(params, grads)]
    return y, gy, gs, grads


def make_mask(B, T):
    m = torch.ones(B, T, dtype=D)
    m[0, 0] = 0
    m[0, T - 1] = 0
    if B > 1:
        m[1, 1] = 0
    return m


def seq_case(name, kind, B, T, I, units, seq_out, backwards, masked, zero_out, init_state):
    x = rnd(B, T, I, scale=1.0).requires_grad_()
    weights, steps, counts, state_shapes = [], [], [], []
    for k, u in zip(kind, units):
        if k == "minimal":
            K, R = rnd(I, u).requires_grad_(), rnd(u, u).requires_grad_()
            weights.append([K, R]); steps.append(minimal_step(K, R)); counts.append(1); state_shapes += [(B, u)]
        elif k == "lstm":
            K, R, b = rnd(I, 4*u).requires_grad_(), rnd(u, 4*u).requires_grad_(), rnd(4*u).requires_grad_()
            weights.append([K, R, b]); steps.append(lstm_step(K, R, b)); counts.append(2); state_shapes += [(B, u), (B, u)]
        else:
            K, R, b = rnd(I, 3*u).requires_grad_(), rnd(u, 3*u).requires_grad_(), rnd(2, 3*u).requires_grad_()
            weights.append([K, R, b]); steps.append(gru_step(K, R, b)); counts.append(1); state_shapes += [(B, u)]
        I = u
    states = [(rnd(*s) if init_state else torch.zeros(*s, dtype=D)).requires_grad_() for s in state_shapes]
    mask = make_mask(B, T) if masked else None
    step = steps[0] if len(steps) == 1 else stacked_step(steps, counts)
    seq, last, fin = run_loop(step, x, states, mask, backwards, zero_out)
    params = [x] + [w for ws in weights for w in ws] + (states if init_state else [])
    y, gy, gs, grads = loss_and_grads(seq, last, fin, seq_out, params)
    n_w = sum(len(ws) for ws in weights)
    return {
        "name": name, "kind": kind, "units": units, "B": B, "T": T, "I": x.shape[2],
        "return_sequences": seq_out, "go_backwards": backwards, "zero_output_for_mask": zero_out,
        "initial_state": init_state, "mask": flat(mask) if masked else None,
        "x": flat(x), "weights": [flat(w) for ws in weights for w in ws],
        "states0": [flat(s) for s in states] if init_state else None,
        "y": flat(y), "final": [flat(s) for s in fin], "gy": flat(gy), "gs": [flat(g) for g in gs],
        "dx": flat(grads[0]), "dweights": [flat(g) for g in grads[1:1 + n_w]],
        "dstates0": [flat(g) for g in grads[1 + n_w:]] if init_state else None,
    }


def tf_pad(size, k, s, d, padding):
    """(before, after, out) of TensorFlow's padding along one axis."""
    keff = (k - 1) * d + 1
    if padding == "valid":
        return 0, 0, (size - keff) // s + 1
    out = (size + s - 1) // s
    total = max((out - 1) * s + keff - size, 0)
    return total // 2, total - total // 2, out


def conv_nd(x, w, strides, dilation, padding):
    """x (N, C, sp...) channels first; w Keras (k..., in, out)."""
    rank = x.dim() - 2
    wt = w.permute(rank + 1, rank, *range(rank))
    pads = []
    for i in reversed(range(rank)):
        b, a, _ = tf_pad(x.shape[2 + i], w.shape[i], strides[i], dilation[i], padding)
        pads += [b, a]
    xp = F.pad(x, pads)
    fn = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}[rank]
    return fn(xp, wt, stride=tuple(strides), dilation=tuple(dilation))


def conv_lstm_case(name, rank, B, T, sp, C, Fl, k, strides, dilation, padding, cf, seq_out, backwards, masked, init_state, zero_out=False):
    ks = [k] * rank
    strides = [strides] * rank
    dilation = [dilation] * rank
    # Keras layout for x: (B, T, sp..., C) or (B, T, C, sp...)
    xs = (B, T, C) + tuple(sp) if cf else (B, T) + tuple(sp) + (C,)
    x = rnd(*xs, scale=1.0).requires_grad_()
    K = rnd(*ks, C, 4 * Fl).requires_grad_()
    R = rnd(*ks, Fl, 4 * Fl).requires_grad_()
    b = rnd(4 * Fl).requires_grad_()
    osp = [tf_pad(sp[i], ks[i], strides[i], dilation[i], padding)[2] for i in range(rank)]
    ss = (B, Fl) + tuple(osp) if cf else (B,) + tuple(osp) + (Fl,)
    h0 = (rnd(*ss) if init_state else torch.zeros(*ss, dtype=D)).requires_grad_()
    c0 = (rnd(*ss) if init_state else torch.zeros(*ss, dtype=D)).requires_grad_()

    def to_cf(t):
        return t if cf else t.permute(0, rank + 1, *range(1, rank + 1))

    def from_cf(t):
        return t if cf else t.permute(0, *range(2, rank + 2), 1)

    def step(xt, st):
        h, c = st
        zx = conv_nd(to_cf(xt), K, strides, dilation, padding) + b.reshape((1, -1) + (1,) * rank)
        zh = conv_nd(to_cf(h), R, [1] * rank, [1] * rank, "same")
        z = zx + zh
        i, f, g, o = torch.split(z, Fl, dim=1)
        cc = torch.sigmoid(f) * to_cf(c) + torch.sigmoid(i) * torch.tanh(g)
        hh = torch.sigmoid(o) * torch.tanh(cc)
        return from_cf(hh), [from_cf(hh), from_cf(cc)]

    mask = make_mask(B, T) if masked else None
    seq, last, fin = run_loop(step, x, [h0, c0], mask, backwards, zero_out)
    params = [x, K, R, b] + ([h0, c0] if init_state else [])
    y, gy, gs, grads = loss_and_grads(seq, last, fin, seq_out, params)
    return {
        "name": name, "rank": rank, "B": B, "T": T, "spatial": sp, "C": C, "filters": Fl, "kernel": k,
        "strides": strides[0], "dilation": dilation[0], "padding": padding,
        "data_format": "channels_first" if cf else "channels_last",
        "return_sequences": seq_out, "go_backwards": backwards, "initial_state": init_state,
        "zero_output_for_mask": zero_out,
        "mask": flat(mask) if masked else None,
        "x": flat(x), "weights": [flat(K), flat(R), flat(b)],
        "states0": [flat(h0), flat(c0)] if init_state else None,
        "y": flat(y), "y_shape": list(y.shape), "final": [flat(s) for s in fin], "gy": flat(gy), "gs": [flat(g) for g in gs],
        "dx": flat(grads[0]), "dweights": [flat(g) for g in grads[1:4]],
        "dstates0": [flat(g) for g in grads[4:]] if init_state else None,
    }


cases = [
    seq_case("minimal_seq", ["minimal"], 2, 4, 3, [3], True, False, False, False, False),
    seq_case("minimal_last_init", ["minimal"], 2, 4, 3, [3], False, False, False, False, True),
    seq_case("minimal_back_mask", ["minimal"], 3, 5, 2, [4], True, True, True, False, False),
    seq_case("minimal_mask_zero_out", ["minimal"], 2, 4, 3, [2], True, False, True, True, True),
    seq_case("stacked_lstm_gru", ["lstm", "gru"], 2, 4, 3, [3, 2], True, False, False, False, False),
    seq_case("stacked_lstm_gru_back_mask_init", ["lstm", "gru"], 3, 5, 2, [3, 2], True, True, True, False, True),
    seq_case("stacked_lstm_lstm_last_mask", ["lstm", "lstm"], 2, 4, 3, [2, 3], False, False, True, False, True),
    seq_case("stacked_minimal_lstm_mask", ["minimal", "lstm"], 2, 4, 3, [3, 2], True, True, True, True, True),
]
conv_cases = [
    conv_lstm_case("convlstm2d_valid_seq", 2, 2, 3, [5, 4], 2, 3, 3, 1, 1, "valid", False, True, False, False, False),
    conv_lstm_case("convlstm2d_same_init", 2, 2, 3, [4, 4], 3, 2, 3, 1, 1, "same", False, False, False, False, True),
    conv_lstm_case("convlstm2d_strided_back", 2, 1, 3, [5, 5], 2, 2, 2, 2, 1, "same", False, True, True, False, False),
    conv_lstm_case("convlstm2d_dilated_cf_mask", 2, 2, 4, [6, 5], 2, 2, 2, 1, 2, "valid", True, True, False, True, True),
    conv_lstm_case("convlstm1d_same_mask", 1, 2, 4, [7], 3, 2, 3, 1, 1, "same", False, True, False, True, False, True),
    conv_lstm_case("convlstm3d_valid", 3, 1, 2, [3, 4, 3], 2, 2, 2, 1, 1, "valid", False, False, False, False, True),
]
with open("layers/testdata/rnn_extra_golden.json", "w") as f:
    json.dump({"seq_cases": cases, "conv_cases": conv_cases}, f)
print("wrote", len(cases), "sequence cases and", len(conv_cases), "ConvLSTM cases")
