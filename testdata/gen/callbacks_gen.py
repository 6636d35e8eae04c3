"""Golden outputs for package callbacks and utils.Progbar.

Rerun from the repository root with:

    /usr/bin/python3 testdata/gen/callbacks_gen.py [path/to/keras-src]

The default Keras source tree is /work/keras-src. This script runs Keras 3's
own callback and progress-bar modules (keras/src/callbacks/*.py and
keras/src/utils/progbar.py, read from that tree, not copied) with tiny
stand-ins for the backend pieces they import (a numpy backend, print_msg
writing to a buffer, ops.less/ops.greater as Python comparisons). The model is
a fake whose weights are a list of floats and whose optimizer stores the
learning rate as float32, like a Keras variable. time.time() is a scripted
clock: each call returns the next value of the scenario's list.

It writes callbacks/testdata/callbacks_golden.json. The Progbar cases are also
printed as Go literals for utils/progbar_test.go (utils owns no testdata here).
"""

import importlib.util
import io
import json
import operator
import os
import sys
import tempfile
import types
import warnings

import numpy as np

KERAS = sys.argv[1] if len(sys.argv) > 1 else "/work/keras-src"
SRC = os.path.join(KERAS, "keras", "src")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

OUT = io.StringIO()


def stub(name, **attrs):
    m = types.ModuleType(name)
    m.__path__ = []
    m.__dict__.update(attrs)
    sys.modules[name] = m
    parent, _, child = name.rpartition(".")
    if parent in sys.modules:
        setattr(sys.modules[parent], child, m)
    return m


def load(name, rel):
    spec = importlib.util.spec_from_file_location(name, os.path.join(SRC, rel))
    m = importlib.util.module_from_spec(spec)
    sys.modules[name] = m
    parent, _, child = name.rpartition(".")
    setattr(sys.modules[parent], child, m)
    spec.loader.exec_module(m)
    return m


def print_msg(message, line_break=True):
    OUT.write(str(message) + ("\n" if line_break else ""))


def less(a, b):
    return a < b


def greater(a, b):
    return a > b


stub("keras")
stub("keras.src")
stub("keras.src.api_export", keras_export=lambda *a, **k: (lambda c: c))
stub(
    "keras.src.backend",
    backend=lambda: "numpy",
    IS_THREAD_SAFE=False,
    convert_to_numpy=np.asarray,
    is_tensor=lambda v: False,
)
stub("keras.src.utils", default=lambda f: f)
stub("keras.src.utils.io_utils", print_msg=print_msg)
stub(
    "keras.src.utils.file_utils",
    path_to_string=str,
    exists=os.path.exists,
    File=lambda path, mode: open(path, mode),
)
stub("keras.src.ops", less=less, greater=greater)
stub("keras.src.trainers")
stub(
    "keras.src.trainers.compile_utils",
    CompileMetrics=type("CompileMetrics", (), {}),
    MetricsList=type("MetricsList", (), {}),
)
stub("keras.src.tree", flatten=lambda x: list(x))
load("keras.src.utils.python_utils", "utils/python_utils.py")
progbar = load("keras.src.utils.progbar", "utils/progbar.py")
stub("keras.src.callbacks")
load("keras.src.callbacks.callback", "callbacks/callback.py")
history = load("keras.src.callbacks.history", "callbacks/history.py")
pl = load("keras.src.callbacks.progbar_logger", "callbacks/progbar_logger.py")
cl = load("keras.src.callbacks.callback_list", "callbacks/callback_list.py")
load("keras.src.callbacks.monitor_callback", "callbacks/monitor_callback.py")
es = load("keras.src.callbacks.early_stopping", "callbacks/early_stopping.py")
rlr = load("keras.src.callbacks.reduce_lr_on_plateau", "callbacks/reduce_lr_on_plateau.py")
lrs = load("keras.src.callbacks.learning_rate_scheduler", "callbacks/learning_rate_scheduler.py")
ton = load("keras.src.callbacks.terminate_on_nan", "callbacks/terminate_on_nan.py")
csvl = load("keras.src.callbacks.csv_logger", "callbacks/csv_logger.py")


class Clock:
    def __init__(self, times):
        self.times = list(times)

    def time(self):
        return self.times.pop(0)


def use_clock(times):
    progbar.time = Clock(times)


class FakeOptimizer:
    def __init__(self, lr):
        self._lr = np.float32(lr)

    @property
    def learning_rate(self):
        return self._lr

    @learning_rate.setter
    def learning_rate(self, v):
        self._lr = np.float32(v)


class FakeModel:
    def __init__(self, lr=0.01):
        self.stop_training = False
        self.optimizer = FakeOptimizer(lr)
        self.weights = [0.0]
        self.set_log = []

    def get_weights(self):
        return list(self.weights)

    def set_weights(self, w):
        self.weights = list(w)
        self.set_log.append(list(w))


def take():
    s = OUT.getvalue()
    OUT.seek(0)
    OUT.truncate()
    return s


# ---------------------------------------------------------------- Progbar
def progbar_case(name, target, kwargs, dynamic, times, updates):
    use_clock(times)
    p = progbar.Progbar(target, **kwargs)
    p._dynamic_display = dynamic
    outs = []
    for current, values, finalize in updates:
        p.update(current, values, finalize=finalize)
        outs.append(take())
    return {"name": name, "outputs": outs}


vals = lambda l, a: [("loss", l), ("accuracy", a)]
progbar_cases = [
    progbar_case(
        "dynamic", 5, {}, True,
        [100.0, 100.4, 100.42, 100.5, 100.9, 101.3],
        [(1, vals(0.9, 0.5), None), (2, vals(0.7, 0.6), None), (3, vals(0.5, 0.7), None),
         (4, vals(0.3, 0.8), None), (5, vals(0.0001, 0.9), None)],
    ),
    progbar_case(
        "static", 5, {}, False,
        [100.0, 100.4, 100.42, 100.5, 100.9, 101.3],
        [(1, vals(0.9, 0.5), None), (2, vals(0.7, 0.6), None), (3, vals(0.5, 0.7), None),
         (4, vals(0.3, 0.8), None), (5, vals(0.0001, 0.9), None)],
    ),
    progbar_case(
        "verbose2", 5, {"verbose": 2}, True,
        [0.0, 1.0, 2.0, 2.6],
        [(1, vals(0.9, 0.5), None), (3, vals(0.5, 0.7), None), (5, vals(-0.25, 0.9), None)],
    ),
    progbar_case(
        "unknown_target", None, {"stateful_metrics": ["accuracy"]}, True,
        [0.0, 0.0004, 0.0009, 0.002],
        [(1, vals(1.5, 0.25), None), (2, vals(1.0, 0.5), None), (3, vals(2.0, 0.75), True)],
    ),
    progbar_case(
        "long_eta", 100000, {"width": 10}, True,
        [0.0, 2.0, 4.5, 10.0],
        [(1, [("loss", float("nan"))], None), (2, [("loss", float("inf"))], None),
         (3, [("loss", 0.0)], None)],
    ),
    progbar_case(
        "minutes_eta", 100, {"stateless_metrics": ["loss"], "unit_name": "sample"}, True,
        [0.0, 1.5, 3.0],
        [(1, [("loss", 2.0), ("lr", 1e-5)], None), (2, [("loss", 4.0), ("lr", 2e-5)], None)],
    ),
]


# ---------------------------------------------------------------- ProgbarLogger via CallbackList
def fit_like(verbose, dynamic, steps, epochs, times, batch_logs, epoch_logs, extra=()):
    """Drives a CallbackList like Keras's fit loop (without validation hooks)."""
    use_clock(times)
    model = FakeModel(0.01)
    orig = progbar.Progbar.__init__

    def init(self, *a, **k):
        orig(self, *a, **k)
        self._dynamic_display = dynamic

    progbar.Progbar.__init__ = init
    cbs = cl.CallbackList(
        list(extra), add_history=True, add_progbar=verbose != 0, model=model,
        verbose=verbose, epochs=epochs, steps=steps,
    )
    outs = []
    cbs.on_train_begin()
    for epoch in range(epochs):
        cbs.on_epoch_begin(epoch)
        for b, logs in enumerate(batch_logs[epoch]):
            cbs.on_train_batch_begin(b)
            cbs.on_train_batch_end(b, dict(logs))
        cbs.on_epoch_end(epoch, dict(epoch_logs[epoch]))
        outs.append(take())
    cbs.on_train_end(dict(epoch_logs[-1]))
    outs.append(take())
    progbar.Progbar.__init__ = orig
    hist = cbs._history
    return {"outputs": outs, "history": hist.history, "epoch": hist.epoch}


def batch(l, a):
    return {"loss": l, "accuracy": a}


fit_batches = [
    [batch(0.9, 0.5), batch(0.7, 0.6), batch(0.5, 0.7)],
    [batch(0.4, 0.75), batch(0.3, 0.8), batch(0.2, 0.85)],
]
fit_epoch_logs = [
    {"loss": 0.5, "accuracy": 0.7, "val_loss": 0.6, "val_accuracy": 0.65},
    {"loss": 0.2, "accuracy": 0.85, "val_loss": 0.45, "val_accuracy": 0.0005},
]
# Clock calls: Progbar init at each epoch begin, then one per update.
fit_times = [10.0, 10.3, 10.32, 10.5, 10.6, 20.0, 20.2, 20.4, 21.5, 22.0]
logger_cases = []
for name, verbose, dynamic in [("v1_dynamic", 1, True), ("v1_static", 1, False), ("v2", 2, True)]:
    times = list(fit_times)
    if verbose == 2:  # no per-batch updates: init + finalize per epoch
        times = [10.0, 10.6, 20.0, 22.0]
    c = fit_like(verbose, dynamic, 3, 2, times, fit_batches, fit_epoch_logs)
    c["name"] = name
    c["verbose"] = verbose
    c["dynamic"] = dynamic
    logger_cases.append(c)

# Unknown steps, one epoch, plus ReduceLROnPlateau adding learning_rate.
c = fit_like(
    1, True, None, 1, [5.0, 5.001, 5.002, 5.0025],
    [[batch(0.9, 0.5), batch(0.7, 0.6)]],
    [{"loss": 0.8, "accuracy": 0.55}],
    extra=[rlr.ReduceLROnPlateau(monitor="loss", patience=0, verbose=1)],
)
c.update(name="unknown_steps_with_lr", verbose=1, dynamic=True)
logger_cases.append(c)



def eval_predict(verbose, times):
    """evaluate() then predict() with their own CallbackLists, then a fit
    epoch whose validation uses the fit list (silent)."""
    use_clock(times)
    orig = progbar.Progbar.__init__

    def init(self, *a, **k):
        orig(self, *a, **k)
        self._dynamic_display = True

    progbar.Progbar.__init__ = init
    outs = []
    model = FakeModel()
    cbs = cl.CallbackList([], add_progbar=True, model=model, verbose=verbose, epochs=1, steps=2)
    cbs.on_test_begin()
    for b, l in enumerate([0.5, 0.25]):
        cbs.on_test_batch_begin(b)
        cbs.on_test_batch_end(b, {"loss": l, "mae": l * 2})
    cbs.on_test_end({"loss": 0.375, "mae": 0.75})
    outs.append(take())
    cbs = cl.CallbackList([], add_progbar=True, model=model, verbose=verbose, epochs=1, steps=2)
    cbs.on_predict_begin()
    for b in range(2):
        cbs.on_predict_batch_begin(b)
        cbs.on_predict_batch_end(b, {"outputs": 1.0})
    cbs.on_predict_end()
    outs.append(take())
    cbs = cl.CallbackList([], add_history=True, add_progbar=True, model=model, verbose=verbose,
                          epochs=1, steps=1)
    cbs.on_train_begin()
    cbs.on_epoch_begin(0)
    cbs.on_train_batch_begin(0)
    cbs.on_train_batch_end(0, {"loss": 0.5})
    cbs.on_test_begin()
    cbs.on_test_batch_begin(0)
    cbs.on_test_batch_end(0, {"loss": 0.7})
    cbs.on_test_end({"loss": 0.7})
    cbs.on_epoch_end(0, {"loss": 0.5, "val_loss": 0.7})
    cbs.on_train_end({"loss": 0.5, "val_loss": 0.7})
    outs.append(take())
    progbar.Progbar.__init__ = orig
    return outs


eval_cases = [
    {"verbose": 1, "outputs": eval_predict(1, [1.0, 1.2, 1.5, 1.6, 2.0, 2.3, 2.4, 2.45, 3.0, 3.1, 3.4])},
    {"verbose": 2, "outputs": eval_predict(2, [1.0, 1.6, 2.0, 2.4, 3.0, 3.4])},
]


# ---------------------------------------------------------------- monitor callbacks
def run_epochs(cb, values, monitor_key, lr=0.01, stop=True):
    """on_train_begin, then on_epoch_begin/end per value, then on_train_end."""
    model = FakeModel(lr)
    cb.set_model(model)
    cb.set_params({"verbose": 1, "epochs": len(values), "steps": 1})
    events = []
    err = None
    try:
        cb.on_train_begin()
        for epoch, v in enumerate(values):
            model.weights = [float(epoch)]
            cb.on_epoch_begin(epoch)
            logs = {"loss": 1.0}
            if v is not None:
                logs[monitor_key] = v
            cb.on_epoch_end(epoch, logs)
            events.append({
                "epoch": epoch,
                "stop": model.stop_training,
                "lr": float(model.optimizer.learning_rate),
                "logs": logs,
                "wait": getattr(cb, "wait", 0),
            })
            if stop and model.stop_training:
                break
        cb.on_train_end()
    except ValueError as e:
        err = str(e)
    return {
        "events": events,
        "set_weights": model.set_log,
        "output": take(),
        "error": err,
    }


early_cases = []
for name, kw, key, values in [
    ("patience0", {"monitor": "val_loss"}, "val_loss", [1.0, 0.9, 0.95, 0.8]),
    ("patience2", {"monitor": "val_loss", "patience": 2, "verbose": 1}, "val_loss",
     [1.0, 0.9, 0.95, 0.92, 0.91, 0.5]),
    ("min_delta_min", {"monitor": "loss2", "mode": "min", "min_delta": 0.1, "patience": 1, "verbose": 1},
     "loss2", [1.0, 0.95, 0.85, 0.7, 0.65, 0.64]),
    ("min_delta_max", {"monitor": "acc", "mode": "max", "min_delta": -0.1, "patience": 1, "verbose": 1},
     "acc", [0.5, 0.55, 0.65, 0.8, 0.85, 0.86]),
    ("baseline", {"monitor": "val_loss", "baseline": 0.5, "patience": 2, "verbose": 1,
                  "restore_best_weights": True}, "val_loss", [0.9, 0.8, 0.85, 0.7]),
    ("restore_best", {"monitor": "val_loss", "patience": 2, "verbose": 1,
                      "restore_best_weights": True}, "val_loss", [0.9, 0.5, 0.6, 0.7, 0.8]),
    ("restore_no_stop", {"monitor": "val_loss", "patience": 5, "verbose": 1,
                         "restore_best_weights": True}, "val_loss", [0.9, 0.5, 0.6]),
    ("start_from_epoch", {"monitor": "val_loss", "patience": 1, "start_from_epoch": 3, "verbose": 1},
     "val_loss", [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
    ("missing_monitor", {"monitor": "val_loss", "patience": 0}, "val_loss", [None, None, None]),
    ("nan_values", {"monitor": "val_loss", "patience": 1, "verbose": 1}, "val_loss",
     [1.0, float("nan"), float("nan"), 0.5]),
    ("auto_unknown", {"monitor": "val_thing"}, "val_thing", [1.0]),
]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = run_epochs(es.EarlyStopping(**kw), values, key)
    r.update(name=name, config=kw, key=key, values=values)
    early_cases.append(r)

reduce_cases = []
for name, kw, key, values, lr in [
    ("basic", {"monitor": "val_loss", "patience": 1, "verbose": 1}, "val_loss",
     [1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5], 0.01),
    ("cooldown", {"monitor": "val_loss", "patience": 1, "cooldown": 2, "factor": 0.5, "verbose": 1},
     "val_loss", [1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7], 0.1),
    ("min_lr", {"monitor": "val_loss", "patience": 0, "factor": 0.5, "min_lr": 0.02, "verbose": 1},
     "val_loss", [1.0, 1.0, 1.0, 1.0, 1.0], 0.1),
    ("min_delta", {"monitor": "val_loss", "patience": 1, "min_delta": 0.1, "factor": 0.2}, "val_loss",
     [1.0, 0.95, 0.85, 0.8, 0.7], 0.01),
    ("max_mode", {"monitor": "val_acc", "mode": "max", "patience": 1, "verbose": 1}, "val_acc",
     [0.5, 0.6, 0.6, 0.55, 0.7], 0.001),
    ("missing", {"monitor": "val_loss"}, "val_loss", [None, None], 0.01),
]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = run_epochs(rlr.ReduceLROnPlateau(**kw), values, key, lr=lr, stop=False)
    r.update(name=name, config=kw, key=key, values=values, initial_lr=lr)
    reduce_cases.append(r)


# ---------------------------------------------------------------- LearningRateScheduler
def sched(epoch, lr):
    return lr if epoch < 2 else lr * 0.5


model = FakeModel(0.01)
s = lrs.LearningRateScheduler(sched, verbose=1)
s.set_model(model)
sched_events = []
for epoch in range(4):
    s.on_epoch_begin(epoch)
    logs = {"loss": 1.0}
    s.on_epoch_end(epoch, logs)
    sched_events.append({"epoch": epoch, "lr": float(model.optimizer.learning_rate), "logs": logs})
scheduler_case = {"events": sched_events, "output": take()}


# ---------------------------------------------------------------- TerminateOnNaN
nan_cases = []
for name, losses, raise_error in [
    ("finite", [1.0, 0.5], False),
    ("nan", [1.0, float("nan"), 0.5], False),
    ("inf_raise", [1.0, float("inf")], True),
]:
    model = FakeModel()
    t = ton.TerminateOnNaN(raise_error=raise_error)
    t.set_model(model)
    err = None
    stopped_at = -1
    try:
        for b, l in enumerate(losses):
            t.on_train_batch_end(b, {"loss": l})
            if model.stop_training:
                stopped_at = b
                break
    except RuntimeError as e:
        err = str(e)
    nan_cases.append({
        "name": name, "losses": [str(x) for x in losses], "raise_error": raise_error,
        "stopped_at": stopped_at, "error": err, "output": take(),
    })


# ---------------------------------------------------------------- CSVLogger
csv_cases = []
tmp = tempfile.mkdtemp()
for name, kw, runs, pre in [
    ("basic", {}, [[{"loss": 0.5, "accuracy": 0.25}, {"loss": 0.125, "accuracy": 1 / 3}]], None),
    ("with_val", {"separator": ";"}, [[{"val_loss": 0.5, "loss": 0.1, "val_acc": 0.75, "acc": 0.1 + 0.2}]],
     None),
    ("missing_key", {}, [[{"loss": 0.5}, {"loss": 0.25, "lr": 1e-05}, {"loss": float("nan")}]], None),
    ("append", {"append": True}, [[{"loss": 0.5}], [{"loss": 0.25}]], None),
    ("append_existing", {"append": True}, [[{"loss": 0.5}]], "epoch,loss\r\n0,1.0\r\n"),
    ("append_empty", {"append": True}, [[{"loss": 0.5}]], ""),
    ("overwrite", {}, [[{"loss": 0.5}], [{"loss": 0.25}]], "old\n"),
    ("quoting", {"separator": "."}, [[{"loss": 0.5, "a\"b": 2.0}]], None),
]:
    path = os.path.join(tmp, name + ".csv")
    if pre is not None:
        with open(path, "w", newline="") as f:
            f.write(pre)
    logger = csvl.CSVLogger(path, **kw)
    for run in runs:
        logger.on_train_begin()
        for epoch, logs in enumerate(run):
            logger.on_epoch_end(epoch, dict(logs))
        logger.on_train_end()
    with open(path, newline="") as f:
        text = f.read()
    csv_cases.append({"name": name, "config": kw, "runs": runs, "pre": pre, "text": text})


def clean(o):
    """JSON cannot hold nan/inf: encode them as strings."""
    if isinstance(o, float):
        if o != o:
            return "nan"
        if o in (float("inf"), float("-inf")):
            return "inf" if o > 0 else "-inf"
        return o
    if isinstance(o, dict):
        return {k: clean(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [clean(v) for v in o]
    return o


golden = {
    "progbar": progbar_cases,
    "progbar_logger": logger_cases,
    "eval_predict": eval_cases,
    "early_stopping": early_cases,
    "reduce_lr": reduce_cases,
    "scheduler": scheduler_case,
    "terminate_on_nan": nan_cases,
    "csv_logger": csv_cases,
}
out = os.path.join(ROOT, "callbacks", "testdata", "callbacks_golden.json")
os.makedirs(os.path.dirname(out), exist_ok=True)
with open(out, "w") as f:
    json.dump(clean(golden), f, indent=1, sort_keys=True)
    f.write("\n")

for c in progbar_cases:
    print(c["name"])
    for o in c["outputs"]:
        print("\t" + json.dumps(o, ensure_ascii=False) + ",")
