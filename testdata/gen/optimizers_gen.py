"""Golden values for packages optimizers and optimizers/schedules.

Rerun from the repository root with:

    /usr/bin/python3 testdata/gen/optimizers_gen.py

It writes optimizers/testdata/optimizers_golden.json and
optimizers/schedules/testdata/schedules_golden.json.

The golden values are computed by explicit numpy formulas written from
Keras 3's optimizer math (keras/src/optimizers/*.py and
base_optimizer.py: weight decay before the update, clipnorm / global_clipnorm /
clipvalue, loss_scale_factor, gradient accumulation, EMA), NOT copied from
Keras. PyTorch 1.13 is used only as an independent cross-check where its
semantics agree with Keras:

  * exactly (same formula): SGD (plain, momentum, nesterov), Adadelta.
  * up to epsilon placement (torch puts eps outside the sqrt / after the bias
    correction): Adam, Adam(amsgrad), AdamW, RMSprop (incl. centered and
    momentum), Adagrad, Adamax. These are cross-checked with a negligible
    epsilon (1e-12) where the placement does not matter.

The numpy formulas run in float32 for the golden values, with scalars cast
where Keras casts them (learning rate, beta powers such as
cast(beta_2)**t, clip norms, ...; Python-float constants such as 1 - beta_1
are rounded once), so they follow Keras's float32 arithmetic rather than
ideal float64 math. Cross-checks against torch run the same code in float64.

Lion, Ftrl and Lamb have no torch 1.13 implementation: numpy only.
Nadam is numpy only too: torch 1.13's NAdam multiplies mu twice into
mu_product_next (fixed in later torch releases), so it cannot agree.
The script asserts every cross-check, so a wrong formula here fails loudly.
"""

import json
import math
import os

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Inputs are multiples of 1/64 so float32 represents them exactly.
VAR0 = np.array([[0.5, -1.0, 1.5], [2.0, -0.25, 0.75]])
VAR1 = np.array([0.125, -0.375, 0.25])
PATHS = ["dense/kernel", "dense/bias"]
GRADS = [
    [np.array([[0.25, -0.5, 0.125], [1.0, 0.0625, -0.75]]), np.array([0.5, -0.25, 0.0625])],
    [np.array([[-0.125, 0.75, 0.5], [0.5, -0.375, 0.25]]), np.array([-0.5, 0.125, 0.375])],
    [np.array([[0.5, 0.25, -0.25], [-1.5, 0.125, 0.5]]), np.array([0.25, 0.75, -0.125])],
    [np.array([[0.375, -0.625, 0.25], [0.5, 0.5, -0.125]]), np.array([-0.25, 0.5, 0.125])],
]

BASE_DEFAULTS = dict(weight_decay=None, clipnorm=None, clipvalue=None,
                     global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                     ema_overwrite_frequency=None, loss_scale_factor=None,
                     gradient_accumulation_steps=None)


def slot_name(path, name):
    return path.replace("/", "_") + "_" + name


class KerasOpt:
    """numpy re-statement of keras BaseOptimizer.apply for float variables."""

    defaults = {}
    slot_names = []

    def __init__(self, name, dtype=np.float32, **cfg):
        self.dtype = dtype
        full = dict(BASE_DEFAULTS)
        full.update(self.defaults)
        full.update(cfg)
        self.cfg = full
        self.name = name
        self.schedule = None
        lr = full["learning_rate"]
        if isinstance(lr, dict):
            self.schedule = lr
        self.lr = lr
        self.iterations = 0  # raw counter (_iterations)

    def S(self, x):
        """A Keras scalar tensor: shape (1,) so numpy keeps the dtype."""
        return np.array([x], dtype=self.dtype).reshape(1)

    def current_lr(self):
        if self.schedule is not None:
            return self.S(schedule_value(self.schedule["class_name"], self.schedule["config"], self.iterations))
        return self.S(self.lr)

    @property
    def acc_iterations(self):
        s = self.cfg["gradient_accumulation_steps"]
        return self.iterations // s if s else self.iterations

    def slot_init(self, name):
        return 0.0

    def build(self, vars_):
        self.vars = vars_
        c = self.cfg
        self.extra = []  # (name, list)
        self.ema = [v.copy() * 0 for v in vars_] if c["use_ema"] else None
        self.acc = [np.zeros_like(v) for v in vars_] if c["gradient_accumulation_steps"] else None
        self.slots = {n: [np.full_like(v, self.slot_init(n)) for v in vars_] for n in self.active_slots()}

    def active_slots(self):
        return list(self.slot_names)

    def clip(self, grads):
        c = self.cfg
        if c["clipnorm"]:
            out = []
            for g in grads:
                n = np.sqrt(self.S(np.sum(g * g)))
                out.append(g * c["clipnorm"] / np.maximum(n, c["clipnorm"]))
            return out
        if c["global_clipnorm"]:
            n = np.sqrt(self.S(np.sum(np.array([np.sum(g * g) for g in grads], dtype=self.dtype))))
            scale = c["global_clipnorm"] * np.minimum(1.0 / n, 1.0 / c["global_clipnorm"])
            return [g * scale for g in grads]
        if c["clipvalue"]:
            v = c["clipvalue"]
            return [np.clip(g, -v, v) for g in grads]
        return grads

    def apply(self, grads):
        c = self.cfg
        if c["loss_scale_factor"] is not None:
            grads = [g / c["loss_scale_factor"] for g in grads]
        lr = self.current_lr()
        steps = c["gradient_accumulation_steps"]
        if steps:
            if (self.iterations + 1) % steps == 0:
                grads = [(g + a) / steps for g, a in zip(grads, self.acc)]
                self.full_update(grads, lr)
                self.acc = [np.zeros_like(a) for a in self.acc]
            else:
                self.acc = [g + a for g, a in zip(grads, self.acc)]
        else:
            self.full_update(grads, lr)
        if c["use_ema"]:
            mom = self.S(c["ema_momentum"] if self.acc_iterations != 0 else 0.0)
            self.ema = [mom * a + (1 - mom) * v for a, v in zip(self.ema, self.vars)]
            f = c["ema_overwrite_frequency"]
            if f and (self.acc_iterations + 1) % f == 0:
                for v, a in zip(self.vars, self.ema):
                    v[...] = a
        self.iterations += 1

    def full_update(self, grads, lr):
        grads = self.clip(grads)
        wd = self.cfg["weight_decay"]
        if wd is not None:
            for v in self.vars:
                v[...] = v - v * wd * lr
        self.pre_update()
        for i, (g, v) in enumerate(zip(grads, self.vars)):
            self.update(i, g, v, lr)

    def pre_update(self):
        pass

    def variables(self):
        """(path, value) list in Keras's optimizer.variables order."""
        out = [(self.name + "/iteration", np.array(self.iterations, dtype=np.float64))]
        if self.schedule is None:
            out.append((self.name + "/learning_rate", np.array(self.lr)))
        if self.ema is not None:
            out += [(self.name + "/" + slot_name(p, "average"), a) for p, a in zip(PATHS, self.ema)]
        if self.acc is not None:
            out += [(self.name + "/" + slot_name(p, "gradient_accumulator"), a) for p, a in zip(PATHS, self.acc)]
        names = self.active_slots()
        for i, p in enumerate(PATHS):
            for n in names:
                out.append((self.name + "/" + slot_name(p, n), self.slots[n][i]))
        out += self.extra
        return out


class SGD(KerasOpt):
    defaults = dict(learning_rate=0.01, momentum=0.0, nesterov=False)

    def active_slots(self):
        return ["momentum"] if self.cfg["momentum"] != 0 else []

    def update(self, i, g, v, lr):
        mom = self.cfg["momentum"]
        if mom != 0:
            m = self.slots["momentum"][i]
            m[...] = m * mom - g * lr
            if self.cfg["nesterov"]:
                v += m * mom - g * lr
            else:
                v += m
        else:
            v -= g * lr


class Adam(KerasOpt):
    defaults = dict(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False)

    def active_slots(self):
        # Keras builds momentum/velocity interleaved per variable, then all
        # velocity_hat variables in a second pass (see variables()).
        return ["momentum", "velocity"]

    def build(self, vars_):
        super().build(vars_)
        if self.cfg["amsgrad"]:
            self.vhat = [np.zeros_like(v) for v in vars_]
            self.extra = [(self.name + "/" + slot_name(p, "velocity_hat"), h) for p, h in zip(PATHS, self.vhat)]

    def update(self, i, g, v, lr):
        c = self.cfg
        t = self.S(self.acc_iterations + 1)
        b1p, b2p = self.S(c["beta_1"]) ** t, self.S(c["beta_2"]) ** t
        m, vv = self.slots["momentum"][i], self.slots["velocity"][i]
        alpha = lr * np.sqrt(1 - b2p) / (1 - b1p)
        m += (g - m) * (1 - c["beta_1"])
        vv += (g * g - vv) * (1 - c["beta_2"])
        if c["amsgrad"]:
            h = self.vhat[i]
            h[...] = np.maximum(h, vv)
            vv = h
        v -= m * alpha / (np.sqrt(vv) + c["epsilon"])


class AdamW(Adam):
    defaults = dict(Adam.defaults, weight_decay=0.004)


class RMSprop(KerasOpt):
    defaults = dict(learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False)

    def active_slots(self):
        s = ["velocity"]
        if self.cfg["momentum"] > 0:
            s.append("momentum")
        if self.cfg["centered"]:
            s.append("average_gradient")
        return s

    def variables(self):
        # Keras adds each slot kind with a separate add_optimizer_variables
        # call, so kinds are NOT interleaved: all velocities, then all
        # momentums, then all average gradients.
        out = KerasOpt.variables(self)
        head = [x for x in out if not any(x[0].endswith("_" + n) for n in self.active_slots())]
        for n in self.active_slots():
            head += [(self.name + "/" + slot_name(p, n), self.slots[n][i]) for i, p in enumerate(PATHS)]
        return head

    def update(self, i, g, v, lr):
        c = self.cfg
        rho = c["rho"]
        vel = self.slots["velocity"][i]
        vel[...] = rho * vel + (1 - rho) * g * g
        if c["centered"]:
            ag = self.slots["average_gradient"][i]
            ag[...] = rho * ag + (1 - rho) * g
            den = vel - ag * ag + c["epsilon"]
        else:
            den = vel + c["epsilon"]
        inc = lr * g / np.sqrt(den)
        if c["momentum"] > 0:
            mo = self.slots["momentum"][i]
            mo[...] = c["momentum"] * mo + inc
            v -= mo
        else:
            v -= inc


class Adagrad(KerasOpt):
    defaults = dict(learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7)
    slot_names = ["accumulator"]

    def slot_init(self, name):
        return self.cfg["initial_accumulator_value"]

    def update(self, i, g, v, lr):
        a = self.slots["accumulator"][i]
        a += g * g
        v -= lr * g / np.sqrt(a + self.cfg["epsilon"])


class Adadelta(KerasOpt):
    defaults = dict(learning_rate=0.001, rho=0.95, epsilon=1e-7)
    slot_names = ["accumulated_grad", "accumulated_delta_var"]

    def update(self, i, g, v, lr):
        rho, eps = self.cfg["rho"], self.cfg["epsilon"]
        ag, ad = self.slots["accumulated_grad"][i], self.slots["accumulated_delta_var"][i]
        ag[...] = rho * ag + (1 - rho) * g * g
        d = -(np.sqrt(ad + eps) * g) / np.sqrt(ag + eps)
        ad[...] = rho * ad + (1 - rho) * d * d
        v += lr * d


class Adamax(KerasOpt):
    defaults = dict(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7)
    slot_names = ["momentum", "norm"]

    def update(self, i, g, v, lr):
        c = self.cfg
        t = self.S(self.acc_iterations + 1)
        m, u = self.slots["momentum"][i], self.slots["norm"][i]
        m += (g - m) * (1 - c["beta_1"])
        u[...] = np.maximum(c["beta_2"] * u, np.abs(g))
        v -= lr * m / ((1 - self.S(c["beta_1"]) ** t) * (u + c["epsilon"]))


class Nadam(KerasOpt):
    defaults = dict(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7)
    slot_names = ["momentum", "velocity"]

    def build(self, vars_):
        super().build(vars_)
        self.u_product = self.S(1.0)
        self.extra = [(self.name + "/variable", self.u_product)]

    def pre_update(self):
        t = self.S(self.acc_iterations + 1)
        self.u_product[...] = self.u_product * self.cfg["beta_1"] * (1.0 - 0.5 * self.S(0.96) ** t)

    def update(self, i, g, v, lr):
        c = self.cfg
        b1, b2 = self.S(c["beta_1"]), self.S(c["beta_2"])
        t = self.S(self.acc_iterations + 1)
        u_t = b1 * (1.0 - 0.5 * self.S(0.96) ** t)
        u_t1 = b1 * (1.0 - 0.5 * self.S(0.96) ** (t + 1))
        up = self.u_product.copy()
        up1 = up * u_t1
        m, vv = self.slots["momentum"][i], self.slots["velocity"][i]
        m += (g - m) * (1 - b1)
        vv += (g * g - vv) * (1 - b2)
        m_hat = u_t1 * m / (1 - up1) + (1 - u_t) * g / (1 - up)
        v_hat = vv / (1 - b2 ** t)
        v -= m_hat * lr / (np.sqrt(v_hat) + c["epsilon"])


class Lion(KerasOpt):
    defaults = dict(learning_rate=0.001, beta_1=0.9, beta_2=0.99)
    slot_names = ["momentum"]

    def update(self, i, g, v, lr):
        b1, b2 = self.cfg["beta_1"], self.cfg["beta_2"]
        m = self.slots["momentum"][i]
        v -= lr * np.sign(m * b1 + g * (1 - b1))
        m[...] = m * b2 + g * (1 - b2)


class Ftrl(KerasOpt):
    defaults = dict(learning_rate=0.001, learning_rate_power=-0.5, initial_accumulator_value=0.1,
                    l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                    l2_shrinkage_regularization_strength=0.0, beta=0.0)
    slot_names = ["accumulator", "linear"]

    def slot_init(self, name):
        return self.cfg["initial_accumulator_value"] if name == "accumulator" else 0.0

    def update(self, i, g, v, lr):
        c = self.cfg
        acc, lin = self.slots["accumulator"][i], self.slots["linear"][i]
        p = c["learning_rate_power"]
        l2 = c["l2_regularization_strength"] + c["beta"] / (2.0 * lr)
        gu = g + 2 * c["l2_shrinkage_regularization_strength"] * v
        na = acc + g * g
        lin += gu - (na ** -p - acc ** -p) / lr * v
        quad = na ** -p / lr + 2 * l2
        l1 = c["l1_regularization_strength"]
        v[...] = (np.clip(lin, -l1, l1) - lin) / quad
        acc[...] = na


class Lamb(KerasOpt):
    defaults = dict(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7)
    slot_names = ["momentum", "velocity"]

    def update(self, i, g, v, lr):
        c = self.cfg
        t = self.S(self.acc_iterations + 1)
        m, vv = self.slots["momentum"][i], self.slots["velocity"][i]
        m += (g - m) * (1 - c["beta_1"])
        vv += (g * g - vv) * (1 - c["beta_2"])
        mh = m / (1 - self.S(c["beta_1"]) ** t)
        vs = np.sqrt(vv / (1 - self.S(c["beta_2"]) ** t)) + c["epsilon"]
        up = mh / vs
        wn = np.sqrt(self.S(np.sum(v * v)))
        gn = np.sqrt(self.S(np.sum(up * up)))
        ratio = (wn / gn if gn[0] > 0 else self.S(1.0)) if wn[0] > 0 else self.S(1.0)
        v -= ratio * lr * up


CLASSES = {c.__name__: c for c in [SGD, Adam, AdamW, RMSprop, Adagrad, Adadelta, Adamax, Nadam, Lion, Ftrl, Lamb]}
SNAKE = {"SGD": "sgd", "Adam": "adam", "AdamW": "adam_w", "RMSprop": "rm_sprop", "Adagrad": "adagrad",
         "Adadelta": "adadelta", "Adamax": "adamax", "Nadam": "nadam", "Lion": "lion", "Ftrl": "ftrl", "Lamb": "lamb"}


# ---------------------------------------------------------------- schedules

def schedule_value(cls, c, step):
    step = float(step)
    if cls == "ExponentialDecay":
        p = step / c["decay_steps"]
        if c.get("staircase"):
            p = math.floor(p)
        return c["initial_learning_rate"] * c["decay_rate"] ** p
    if cls == "InverseTimeDecay":
        p = step / c["decay_steps"]
        if c.get("staircase"):
            p = math.floor(p)
        return c["initial_learning_rate"] / (1 + c["decay_rate"] * p)
    if cls == "PiecewiseConstantDecay":
        b, v = c["boundaries"], c["values"]
        if step <= b[0]:
            return v[0]
        if step > b[-1]:
            return v[-1]
        for lo, hi, val in zip(b[:-1], b[1:], v[1:-1]):
            if lo < step <= hi:
                return val
    if cls == "PolynomialDecay":
        ds = c["decay_steps"]
        end, power = c.get("end_learning_rate", 0.0001), c.get("power", 1.0)
        if c.get("cycle"):
            mult = 1.0 if step == 0 else math.ceil(step / ds)
            ds = ds * mult
        else:
            step = min(step, ds)
        p = step / ds
        return (c["initial_learning_rate"] - end) * (1 - p) ** power + end
    if cls == "CosineDecay":
        init, ds, alpha = c["initial_learning_rate"], c["decay_steps"], c.get("alpha", 0.0)
        wt, ws = c.get("warmup_target"), c.get("warmup_steps", 0)

        def decay(s, frm):
            cd = 0.5 * (1 + math.cos(math.pi * s / ds))
            return frm * ((1 - alpha) * cd + alpha)
        if wt is None:
            return decay(min(step, ds), init)
        s = min(step, ds + ws)
        if s < ws:
            return (wt - init) * (s / ws) + init
        return decay(s - ws, wt)
    if cls == "CosineDecayRestarts":
        init, fds = c["initial_learning_rate"], c["first_decay_steps"]
        t_mul, m_mul, alpha = c.get("t_mul", 2.0), c.get("m_mul", 1.0), c.get("alpha", 0.0)
        frac = step / fds
        if t_mul == 1.0:
            i = math.floor(frac)
            frac -= i
        else:
            i = math.floor(math.log(1.0 - frac * (1.0 - t_mul)) / math.log(t_mul))
            sum_r = (1.0 - t_mul ** i) / (1.0 - t_mul)
            frac = (frac - sum_r) / t_mul ** i
        cd = 0.5 * m_mul ** i * (1.0 + math.cos(math.pi * frac))
        return init * ((1 - alpha) * cd + alpha)
    raise ValueError(cls)


SCHEDULE_CASES = [
    ("ExponentialDecay", dict(initial_learning_rate=0.1, decay_steps=10, decay_rate=0.5)),
    ("ExponentialDecay", dict(initial_learning_rate=0.1, decay_steps=10, decay_rate=0.5, staircase=True)),
    ("InverseTimeDecay", dict(initial_learning_rate=0.1, decay_steps=5, decay_rate=0.5)),
    ("InverseTimeDecay", dict(initial_learning_rate=0.1, decay_steps=5, decay_rate=0.5, staircase=True)),
    ("PiecewiseConstantDecay", dict(boundaries=[5, 15], values=[1.0, 0.5, 0.1])),
    ("PolynomialDecay", dict(initial_learning_rate=0.1, decay_steps=20)),
    ("PolynomialDecay", dict(initial_learning_rate=0.1, decay_steps=20, end_learning_rate=0.01, power=0.5, cycle=True)),
    ("CosineDecay", dict(initial_learning_rate=0.1, decay_steps=20)),
    ("CosineDecay", dict(initial_learning_rate=0.1, decay_steps=20, alpha=0.1)),
    ("CosineDecay", dict(initial_learning_rate=0.0, decay_steps=20, warmup_target=0.2, warmup_steps=8)),
    ("CosineDecayRestarts", dict(initial_learning_rate=0.1, first_decay_steps=6)),
    ("CosineDecayRestarts", dict(initial_learning_rate=0.1, first_decay_steps=6, t_mul=1.0, m_mul=0.5, alpha=0.05)),
    ("CosineDecayRestarts", dict(initial_learning_rate=0.1, first_decay_steps=5, t_mul=1.5, m_mul=0.9)),
]
SCHEDULE_STEPS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 15, 16, 19, 20, 21, 25, 28, 30, 40, 45, 100]


# ---------------------------------------------------------------- cases

def sched(cls, **cfg):
    return {"module": "keras.optimizers.schedules", "class_name": cls, "config": cfg, "registered_name": None}


CASES = [
    ("sgd_default", "SGD", {}, 3),
    ("sgd_lr", "SGD", dict(learning_rate=0.1), 3),
    ("sgd_momentum", "SGD", dict(learning_rate=0.1, momentum=0.9), 3),
    ("sgd_nesterov", "SGD", dict(learning_rate=0.1, momentum=0.9, nesterov=True), 3),
    ("sgd_weight_decay", "SGD", dict(learning_rate=0.1, weight_decay=0.5), 3),
    ("sgd_clipnorm", "SGD", dict(learning_rate=0.1, clipnorm=0.5), 3),
    ("sgd_clipvalue", "SGD", dict(learning_rate=0.1, clipvalue=0.3), 3),
    ("sgd_global_clipnorm", "SGD", dict(learning_rate=0.1, global_clipnorm=1.0), 3),
    ("sgd_loss_scale", "SGD", dict(learning_rate=0.1, loss_scale_factor=4.0), 3),
    ("sgd_schedule", "SGD", dict(learning_rate=sched("ExponentialDecay", initial_learning_rate=0.1, decay_steps=1, decay_rate=0.5)), 3),
    ("adam_default", "Adam", {}, 3),
    ("adam_lr", "Adam", dict(learning_rate=0.1), 3),
    ("adam_amsgrad", "Adam", dict(learning_rate=0.1, amsgrad=True), 3),
    ("adam_eps", "Adam", dict(learning_rate=0.1, epsilon=0.5, beta_1=0.8, beta_2=0.9), 3),
    ("adam_ema", "Adam", dict(learning_rate=0.1, use_ema=True, ema_momentum=0.5), 3),
    ("adam_ema_overwrite", "Adam", dict(learning_rate=0.1, use_ema=True, ema_momentum=0.5, ema_overwrite_frequency=2), 3),
    ("adam_accumulate", "Adam", dict(learning_rate=0.1, gradient_accumulation_steps=2), 4),
    ("adam_accumulate_ema_clip", "Adam", dict(learning_rate=0.1, gradient_accumulation_steps=2, use_ema=True, clipnorm=0.4), 4),
    ("adamw_default", "AdamW", {}, 3),
    ("adamw_lr", "AdamW", dict(learning_rate=0.1, weight_decay=0.1), 3),
    ("rmsprop_default", "RMSprop", {}, 3),
    ("rmsprop_lr", "RMSprop", dict(learning_rate=0.1), 3),
    ("rmsprop_centered_momentum", "RMSprop", dict(learning_rate=0.1, momentum=0.5, centered=True), 3),
    ("rmsprop_centered", "RMSprop", dict(learning_rate=0.1, rho=0.8, centered=True, epsilon=0.01), 3),
    ("adagrad_default", "Adagrad", {}, 3),
    ("adagrad_lr", "Adagrad", dict(learning_rate=0.1, initial_accumulator_value=0.5), 3),
    ("adadelta_default", "Adadelta", {}, 3),
    ("adadelta_lr", "Adadelta", dict(learning_rate=1.0, rho=0.9, epsilon=1e-3), 3),
    ("adamax_default", "Adamax", {}, 3),
    ("adamax_lr", "Adamax", dict(learning_rate=0.1), 3),
    ("nadam_default", "Nadam", {}, 3),
    ("nadam_lr", "Nadam", dict(learning_rate=0.1), 3),
    ("lion_default", "Lion", {}, 3),
    ("lion_lr", "Lion", dict(learning_rate=0.1, beta_1=0.8, weight_decay=0.1), 3),
    ("ftrl_default", "Ftrl", {}, 3),
    ("ftrl_reg", "Ftrl", dict(learning_rate=0.5, l1_regularization_strength=0.05, l2_regularization_strength=0.1,
                              l2_shrinkage_regularization_strength=0.02, beta=0.1, learning_rate_power=-0.75), 3),
    ("lamb_default", "Lamb", {}, 3),
    ("lamb_lr", "Lamb", dict(learning_rate=0.1, weight_decay=0.01), 3),
]


def run_case(cls, cfg, steps, dtype=np.float32):
    opt = CLASSES[cls](SNAKE[cls], dtype=dtype, **cfg)
    vars_ = [VAR0.astype(dtype), VAR1.astype(dtype)]
    opt.build(vars_)
    history = []
    for s in range(steps):
        opt.apply([g.astype(dtype) for g in GRADS[s]])
        history.append([v.copy() for v in vars_])
    return opt, vars_, history


# ---------------------------------------------------------------- torch cross-checks

def torch_run(make, steps=3):
    ps = [torch.tensor(VAR0, dtype=torch.float64, requires_grad=True),
          torch.tensor(VAR1, dtype=torch.float64, requires_grad=True)]
    opt = make(ps)
    out = []
    for s in range(steps):
        for p, g in zip(ps, GRADS[s]):
            p.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        out.append([p.detach().numpy().copy() for p in ps])
    return out


def check(name, cls, cfg, make, tol=1e-9):
    _, _, mine = run_case(cls, cfg, 3, np.float64)
    _, _, mine32 = run_case(cls, cfg, 3, np.float32)
    for a, b in zip(mine, mine32):
        for x, y in zip(a, b):
            assert np.allclose(x, y, rtol=1e-3, atol=1e-5), (name, x, y)  # float32 vs float64 sanity
    theirs = torch_run(make)
    for a, b in zip(mine, theirs):
        for x, y in zip(a, b):
            if not np.allclose(x, y, rtol=tol, atol=tol):
                raise AssertionError(f"torch cross-check failed for {name}: {x} vs {y}")


def cross_check():
    O = torch.optim
    tiny = 1e-12
    check("sgd", "SGD", dict(learning_rate=0.1), lambda p: O.SGD(p, lr=0.1))
    check("sgd momentum", "SGD", dict(learning_rate=0.1, momentum=0.9), lambda p: O.SGD(p, lr=0.1, momentum=0.9))
    check("sgd nesterov", "SGD", dict(learning_rate=0.1, momentum=0.9, nesterov=True),
          lambda p: O.SGD(p, lr=0.1, momentum=0.9, nesterov=True))
    check("adadelta", "Adadelta", dict(learning_rate=1.0, rho=0.9, epsilon=1e-3),
          lambda p: O.Adadelta(p, lr=1.0, rho=0.9, eps=1e-3))
    # eps placement differs from torch: compare with a negligible epsilon.
    check("adam", "Adam", dict(learning_rate=0.1, epsilon=tiny), lambda p: O.Adam(p, lr=0.1, eps=tiny), 1e-8)
    check("adam amsgrad", "Adam", dict(learning_rate=0.1, epsilon=tiny, amsgrad=True),
          lambda p: O.Adam(p, lr=0.1, eps=tiny, amsgrad=True), 1e-8)
    check("adamw", "AdamW", dict(learning_rate=0.1, epsilon=tiny, weight_decay=0.1),
          lambda p: O.AdamW(p, lr=0.1, eps=tiny, weight_decay=0.1), 1e-8)
    check("rmsprop", "RMSprop", dict(learning_rate=0.1, epsilon=tiny), lambda p: O.RMSprop(p, lr=0.1, alpha=0.9, eps=tiny), 1e-8)
    check("rmsprop centered momentum", "RMSprop", dict(learning_rate=0.1, epsilon=tiny, centered=True, momentum=0.5),
          lambda p: O.RMSprop(p, lr=0.1, alpha=0.9, eps=tiny, centered=True, momentum=0.5), 1e-8)
    check("adagrad", "Adagrad", dict(learning_rate=0.1, epsilon=tiny, initial_accumulator_value=0.5),
          lambda p: O.Adagrad(p, lr=0.1, eps=tiny, initial_accumulator_value=0.5), 1e-8)
    check("adamax", "Adamax", dict(learning_rate=0.1, epsilon=tiny), lambda p: O.Adamax(p, lr=0.1, eps=tiny), 1e-8)
    # Schedules: torch's ExponentialLR equals ExponentialDecay(decay_steps=1).
    for s in range(5):
        want = 0.1 * 0.5 ** s
        got = schedule_value("ExponentialDecay", dict(initial_learning_rate=0.1, decay_steps=1, decay_rate=0.5), s)
        assert abs(want - got) < 1e-15
    # torch CosineAnnealingLR closed form == CosineDecay(alpha=eta_min/lr).
    for s in range(21):
        want = 0.01 + (0.1 - 0.01) * (1 + math.cos(math.pi * s / 20)) / 2
        got = schedule_value("CosineDecay", dict(initial_learning_rate=0.1, decay_steps=20, alpha=0.1), s)
        assert abs(want - got) < 1e-12, (s, want, got)


def flat(a):
    return [float(x) for x in np.asarray(a, dtype=np.float64).reshape(-1)]


def main():
    cross_check()
    cases = []
    for cid, cls, cfg, steps in CASES:
        opt, vars_, hist = run_case(cls, cfg, steps)
        cases.append({
            "id": cid,
            "class_name": cls,
            "config": cfg,
            "steps": steps,
            "values": [[flat(v) for v in h] for h in hist],
            "variables": [{"path": p, "value": flat(v)} for p, v in opt.variables()],
            "learning_rate": float(opt.current_lr()[0]),
            "iterations": opt.acc_iterations,
        })
    out = {
        "var_paths": PATHS,
        "var_shapes": [list(VAR0.shape), list(VAR1.shape)],
        "var_init": [flat(VAR0), flat(VAR1)],
        "grads": [[flat(g) for g in step] for step in GRADS],
        "cases": cases,
    }
    with open(os.path.join(ROOT, "optimizers/testdata/optimizers_golden.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    sc = []
    for cls, cfg in SCHEDULE_CASES:
        sc.append({"class_name": cls, "config": cfg, "steps": SCHEDULE_STEPS,
                   "values": [schedule_value(cls, cfg, s) for s in SCHEDULE_STEPS]})
    with open(os.path.join(ROOT, "optimizers/schedules/testdata/schedules_golden.json"), "w") as f:
        json.dump({"cases": sc}, f, indent=1)
        f.write("\n")
    print(f"wrote {len(cases)} optimizer cases and {len(sc)} schedule cases")


if __name__ == "__main__":
    main()
