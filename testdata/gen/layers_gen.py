"""Golden values for package layers, computed with PyTorch (an independent
implementation of the same math).

Rerun from the repository root:
    /usr/bin/python3 testdata/gen/layers_gen.py
It writes layers/testdata/layers_golden.json.

Keras's Dense kernel has shape (in, units) and computes x @ kernel + bias;
torch.nn.functional.linear takes the weight as (units, in), so the kernel is
transposed when handed to torch.
"""
import json
import torch

torch.manual_seed(0)


def ramp(n, k=37, m=101, shift=0.3):
    return [((i * k) % m) / 100.0 - shift for i in range(n)]


def tensor(vals, shape):
    return torch.tensor(vals, dtype=torch.float64).reshape(shape)


cases = []
for act in ["linear", "relu", "tanh", "sigmoid", "softmax"]:
    x = tensor(ramp(4 * 5), (4, 5)).requires_grad_()
    k = tensor(ramp(5 * 3, 13, 29, 0.5), (5, 3)).requires_grad_()
    b = tensor([0.1, -0.2, 0.05], (3,)).requires_grad_()
    z = torch.nn.functional.linear(x, k.t(), b)
    y = {"linear": lambda v: v, "relu": torch.relu, "tanh": torch.tanh,
         "sigmoid": torch.sigmoid, "softmax": lambda v: torch.softmax(v, -1)}[act](z)
    g = tensor(ramp(4 * 3, 7, 17, 0.4), (4, 3))
    (y * g).sum().backward()
    cases.append({
        "activation": act,
        "x": x.detach().flatten().tolist(), "kernel": k.detach().flatten().tolist(),
        "bias": b.detach().tolist(), "upstream": g.flatten().tolist(),
        "y": y.detach().flatten().tolist(),
        "dx": x.grad.flatten().tolist(), "dkernel": k.grad.flatten().tolist(), "dbias": b.grad.tolist(),
    })

with open("layers/testdata/layers_golden.json", "w") as f:
    json.dump({"generator": "testdata/gen/layers_gen.py (PyTorch %s, float64)" % torch.__version__,
               "dense": cases}, f, indent=1)

# Activation layers: forward and input gradient for a fixed upstream gradient.
act_cases = []
xs = ramp(3 * 4, 37, 101, 0.5)
for name, fn, args in [
    ("ReLU", lambda v: torch.relu(v), {}),
    ("ReLU", lambda v: torch.clamp(torch.where(v >= 0.1, v, 0.2 * (v - 0.1)), max=0.3),
     {"max_value": 0.3, "negative_slope": 0.2, "threshold": 0.1}),
    ("LeakyReLU", lambda v: torch.nn.functional.leaky_relu(v, 0.3), {}),
    ("LeakyReLU", lambda v: torch.nn.functional.leaky_relu(v, 0.1), {"negative_slope": 0.1}),
    ("ELU", lambda v: torch.nn.functional.elu(v, 1.0), {}),
    ("ELU", lambda v: torch.nn.functional.elu(v, 0.5), {"alpha": 0.5}),
    ("Softmax", lambda v: torch.softmax(v, -1), {}),
    ("Softmax", lambda v: torch.softmax(v, 0), {"axis": 0}),
]:
    x = tensor(xs, (3, 4)).requires_grad_()
    y = fn(x)
    g = tensor(ramp(12, 7, 17, 0.4), (3, 4))
    (y * g).sum().backward()
    act_cases.append({"class": name, "args": args, "x": xs, "upstream": g.flatten().tolist(),
                      "y": y.detach().flatten().tolist(), "dx": x.grad.flatten().tolist()})

# PReLU with alpha shared over axis 1 of a (2, 3, 2) input: torch's prelu
# takes one alpha per channel (axis 1); Keras's alpha has shape (1, 2) here.
x = tensor(ramp(12, 37, 101, 0.5), (2, 3, 2)).requires_grad_()
alpha = tensor([0.25, -0.1], (1, 2)).requires_grad_()
y = torch.where(x >= 0, x, alpha * x)
g = tensor(ramp(12, 7, 17, 0.4), (2, 3, 2))
(y * g).sum().backward()
prelu = {"x": x.detach().flatten().tolist(), "alpha": [0.25, -0.1], "upstream": g.flatten().tolist(),
         "y": y.detach().flatten().tolist(), "dx": x.grad.flatten().tolist(), "dalpha": alpha.grad.flatten().tolist()}

out = json.load(open("layers/testdata/layers_golden.json"))
out["activation_layers"] = act_cases
out["prelu"] = prelu
with open("layers/testdata/layers_golden.json", "w") as f:
    json.dump(out, f, indent=1)
