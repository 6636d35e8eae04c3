"""Golden values for the recurrent layers and Embedding of package layers.

Rerun from the repository root:
    /usr/bin/python3 testdata/gen/rnn_gen.py
It writes layers/testdata/rnn_golden.json.

Weights are given in Keras's layout and mapped to PyTorch's modules:
  - LSTM: torch's gate order i, f, g, o is Keras's i, f, c, o; weight_ih =
    kernel.T, weight_hh = recurrent_kernel.T, bias_ih = Keras's bias,
    bias_hh = 0.
  - GRU (reset_after=True): torch's gate order is r, z, n, Keras's z, r, h;
    bias_ih = bias[0], bias_hh = bias[1] (both permuted).
  - SimpleRNN: torch.nn.RNN with tanh, bias_ih = bias, bias_hh = 0.
go_backwards runs torch on the time-reversed input; Keras returns the
outputs in processing order, which is then torch's order.

Cases marked "formula": true have no torch module equivalent and are
computed with explicit torch float64 ops following Keras's formulas (GRU
with reset_after=False; masked sequences, with the TensorFlow backend's
rule: a masked step keeps the states and emits the previous output, or
zeros with zero_output_for_mask).

The loss differentiated is sum(y*gy) + sum(h_T*gh) (+ sum(c_T*gc)).
"""
import json
import torch

torch.manual_seed(0)
D = torch.float64


def rnd(*shape, scale=0.5):
    return (torch.randn(*shape, dtype=D) * scale)


def flat(t):
    return t.detach().reshape(-1).tolist()


def perm_gru(w, u, axis):
    """Keras z, r, h blocks <-> torch r, z, n blocks along axis."""
    z, r, h = torch.split(w, u, dim=axis)
    return torch.cat([r, z, h], dim=axis)


def torch_run(kind, x, kernel, rec, bias, h0, c0, reset_after=True):
    """Runs torch's module; returns seq, hT, cT and grads hooks (module)."""
    B, T, I = x.shape
    U = rec.shape[0]
    if kind == "lstm":
        m = torch.nn.LSTM(I, U, batch_first=True).double()
        with torch.no_grad():
            m.weight_ih_l0.copy_(kernel.T)
            m.weight_hh_l0.copy_(rec.T)
            m.bias_ih_l0.copy_(bias)
            m.bias_hh_l0.zero_()
        seq, (h, c) = m(x, (h0[None], c0[None]))
        return m, seq, h[0], c[0]
    if kind == "gru":
        m = torch.nn.GRU(I, U, batch_first=True).double()
        with torch.no_grad():
            m.weight_ih_l0.copy_(perm_gru(kernel, U, 1).T)
            m.weight_hh_l0.copy_(perm_gru(rec, U, 1).T)
            m.bias_ih_l0.copy_(perm_gru(bias[0], U, 0))
            m.bias_hh_l0.copy_(perm_gru(bias[1], U, 0))
        seq, h = m(x, h0[None])
        return m, seq, h[0], None
    m = torch.nn.RNN(I, U, batch_first=True, nonlinearity="tanh").double()
    with torch.no_grad():
        m.weight_ih_l0.copy_(kernel.T)
        m.weight_hh_l0.copy_(rec.T)
        m.bias_ih_l0.copy_(bias)
        m.bias_hh_l0.zero_()
    seq, h = m(x, h0[None])
    return m, seq, h[0], None


def module_case(name, kind, B, T, I, U, seq_out, backwards, init_state):
    G = {"lstm": 4, "gru": 3, "simple_rnn": 1}[kind]
    x = rnd(B, T, I, scale=1.0)
    kernel, rec = rnd(I, G * U), rnd(U, G * U)
    bias = rnd(2, 3 * U, scale=0.3) if kind == "gru" else rnd(G * U, scale=0.3)
    h0 = rnd(B, U) if init_state else torch.zeros(B, U, dtype=D)
    c0 = rnd(B, U) if (init_state and kind == "lstm") else torch.zeros(B, U, dtype=D)
    xin = x.clone().requires_grad_()
    h0l, c0l = h0.clone().requires_grad_(), c0.clone().requires_grad_()
    xr = torch.flip(xin, [1]) if backwards else xin
    m, seq, hT, cT = torch_run(kind, xr, kernel, rec, bias, h0l, c0l)
    y = seq if seq_out else seq[:, -1]
    gy, gh = rnd(*y.shape, scale=1.0), rnd(B, U, scale=1.0)
    loss = (y * gy).sum() + (hT * gh).sum()
    gc = None
    if cT is not None:
        gc = rnd(B, U, scale=1.0)
        loss = loss + (cT * gc).sum()
    loss.backward()
    if kind == "gru":
        dk = perm_gru(m.weight_ih_l0.grad.T, U, 1)
        dr = perm_gru(m.weight_hh_l0.grad.T, U, 1)
        db = torch.stack([perm_gru(m.bias_ih_l0.grad, U, 0), perm_gru(m.bias_hh_l0.grad, U, 0)])
    else:
        dk, dr, db = m.weight_ih_l0.grad.T, m.weight_hh_l0.grad.T, m.bias_ih_l0.grad
    out = {"name": name, "kind": kind, "reset_after": True, "formula": False,
           "B": B, "T": T, "I": I, "U": U, "return_sequences": seq_out, "go_backwards": backwards,
           "initial_state": init_state, "zero_output_for_mask": False,
           "x": flat(x), "kernel": flat(kernel), "recurrent_kernel": flat(rec), "bias": flat(bias),
           "h0": flat(h0), "c0": flat(c0), "gy": flat(gy), "gh": flat(gh), "gc": flat(gc) if gc is not None else [],
           "y": flat(y), "hT": flat(hT), "cT": flat(cT) if cT is not None else [],
           "dx": flat(xin.grad), "dkernel": flat(dk), "drecurrent_kernel": flat(dr), "dbias": flat(db),
           "dh0": flat(h0l.grad) if init_state else [],
           "dc0": flat(c0l.grad) if (init_state and kind == "lstm") else []}
    return out


def keras_cell(kind, reset_after, x, h, c, kernel, rec, bias, U):
    """One step of Keras's cell formulas (tanh / sigmoid)."""
    if kind == "lstm":
        z = x @ kernel + h @ rec + bias
        i, f, g, o = torch.split(z, U, dim=1)
        i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
        c = f * c + i * g
        return o * torch.tanh(c), c
    if kind == "gru":
        if reset_after:
            mx = x @ kernel + bias[0]
            mi = h @ rec + bias[1]
            xz, xr, xh = torch.split(mx, U, dim=1)
            rz, rr, rh = torch.split(mi, U, dim=1)
            z, r = torch.sigmoid(xz + rz), torch.sigmoid(xr + rr)
            hh = torch.tanh(xh + r * rh)
        else:
            mx = x @ kernel + bias
            xz, xr, xh = torch.split(mx, U, dim=1)
            mi = h @ rec[:, :2 * U]
            z, r = torch.sigmoid(xz + mi[:, :U]), torch.sigmoid(xr + mi[:, U:])
            hh = torch.tanh(xh + (r * h) @ rec[:, 2 * U:])
        return z * h + (1 - z) * hh, None
    return torch.tanh(x @ kernel + bias + h @ rec), None


def formula_case(name, kind, B, T, I, U, seq_out, backwards, init_state, reset_after=True,
                 masked=False, zero_out=False, vocab=7):
    """Explicit Keras formulas; with masked, x comes from an embedding of ids
    (id 0 = padding) and the gradient of the embedding matrix is recorded."""
    G = {"lstm": 4, "gru": 3, "simple_rnn": 1}[kind]
    ids = None
    if masked:
        ids = torch.randint(1, vocab, (B, T))
        ids[0, -2:] = 0          # trailing padding
        ids[1, :2] = 0           # leading padding
        if B > 2:
            ids[2, T // 2] = 0   # a hole
        emb = rnd(vocab, I, scale=1.0).requires_grad_()
        xin = emb[ids]
        xin.retain_grad()
    else:
        xin = rnd(B, T, I, scale=1.0).requires_grad_()
    kernel = rnd(I, G * U).requires_grad_()
    rec = rnd(U, G * U).requires_grad_()
    bshape = (2, 3 * U) if (kind == "gru" and reset_after) else (G * U,)
    bias = rnd(*bshape, scale=0.3).requires_grad_()
    h0 = (rnd(B, U) if init_state else torch.zeros(B, U, dtype=D)).requires_grad_()
    c0 = (rnd(B, U) if (init_state and kind == "lstm") else torch.zeros(B, U, dtype=D)).requires_grad_()
    h, c = h0, c0
    prev = torch.zeros(B, U, dtype=D)
    outs = []
    for s in range(T):
        t = T - 1 - s if backwards else s
        hn, cn = keras_cell(kind, reset_after, xin[:, t], h, c, kernel, rec, bias, U)
        if masked:
            m = (ids[:, t] != 0).to(D)[:, None]
            hn = m * hn + (1 - m) * h
            if cn is not None:
                cn = m * cn + (1 - m) * c
            o = m * hn + (1 - m) * (torch.zeros_like(prev) if zero_out else prev)
        else:
            o = hn
        prev = o
        outs.append(o)
        h, c = hn, (cn if cn is not None else c)
    seq = torch.stack(outs, 1)
    y = seq if seq_out else seq[:, -1]
    gy, gh = rnd(*y.shape, scale=1.0), rnd(B, U, scale=1.0)
    loss = (y * gy).sum() + (h * gh).sum()
    gc = None
    if kind == "lstm":
        gc = rnd(B, U, scale=1.0)
        loss = loss + (c * gc).sum()
    loss.backward()
    out = {"name": name, "kind": kind, "reset_after": reset_after, "formula": True,
           "B": B, "T": T, "I": I, "U": U, "return_sequences": seq_out, "go_backwards": backwards,
           "initial_state": init_state, "zero_output_for_mask": zero_out,
           "x": flat(xin), "kernel": flat(kernel), "recurrent_kernel": flat(rec), "bias": flat(bias),
           "h0": flat(h0), "c0": flat(c0), "gy": flat(gy), "gh": flat(gh), "gc": flat(gc) if gc is not None else [],
           "y": flat(y), "hT": flat(h), "cT": flat(c) if kind == "lstm" else [],
           "dx": flat(xin.grad), "dkernel": flat(kernel.grad), "drecurrent_kernel": flat(rec.grad),
           "dbias": flat(bias.grad),
           "dh0": flat(h0.grad) if init_state else [],
           "dc0": flat(c0.grad) if (init_state and kind == "lstm") else []}
    if masked:
        out.update({"ids": ids.reshape(-1).tolist(), "vocab": vocab, "embeddings": flat(emb),
                    "dembeddings": flat(emb.grad)})
    return out


cases = [
    module_case("lstm_seq_state", "lstm", 3, 5, 4, 6, True, False, True),
    module_case("lstm_last_backwards", "lstm", 2, 4, 3, 9, False, True, False),
    module_case("gru_seq_state", "gru", 3, 5, 4, 6, True, False, True),
    module_case("gru_last_backwards", "gru", 2, 4, 3, 9, False, True, False),
    module_case("simple_rnn_seq_state", "simple_rnn", 3, 5, 4, 6, True, False, True),
    module_case("simple_rnn_last_backwards", "simple_rnn", 2, 4, 3, 9, False, True, False),
    formula_case("gru_no_reset_after_seq", "gru", 3, 5, 4, 6, True, False, True, reset_after=False),
    formula_case("gru_no_reset_after_last_backwards", "gru", 2, 4, 3, 5, False, True, False, reset_after=False),
    formula_case("lstm_masked_seq", "lstm", 3, 6, 4, 5, True, False, False, masked=True),
    formula_case("lstm_masked_last_backwards", "lstm", 3, 6, 4, 5, False, True, False, masked=True),
    formula_case("gru_masked_seq_zero", "gru", 3, 6, 4, 5, True, False, False, masked=True, zero_out=True),
    formula_case("simple_rnn_masked_seq", "simple_rnn", 3, 6, 4, 5, True, False, False, masked=True),
]

with open("layers/testdata/rnn_golden.json", "w") as f:
    json.dump({"generator": "testdata/gen/rnn_gen.py (PyTorch %s, float64)" % torch.__version__,
               "cases": cases}, f)
