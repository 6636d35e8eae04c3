// Package callbacks is the Go form of keras.callbacks: the Callback hooks a
// trainer calls during fit, evaluate and predict, the List that fans them
// out (keras.callbacks.CallbackList), and Keras 3's built-in callbacks
// History, ProgbarLogger, EarlyStopping, ReduceLROnPlateau,
// LearningRateScheduler, TerminateOnNaN, CSVLogger and LambdaCallback.
//
// Logs are map[string]float64. A List hands every hook a copy of the
// trainer's logs in one reused map (Keras's pythonify_logs also copies), so
// callbacks may add keys (ReduceLROnPlateau and LearningRateScheduler add
// "learning_rate") without touching the trainer's map. Callbacks that keep
// logs beyond a hook must copy them. The List also tracks Keras's key order
// (sorted keys, then keys added by earlier callbacks in the order they
// appeared), which ProgbarLogger uses to print metrics as Keras 3 does.
//
// Deviations from Keras:
//   - Hooks return errors; a List stops at the first error. Keras's
//     ValueErrors (unknown monitor direction, factor >= 1, NaN loss with
//     RaiseError) are returned as errors.
//   - on_batch_begin/on_batch_end (Keras 2 aliases) do not exist: use
//     OnTrainBatchBegin/OnTrainBatchEnd. Callbacks are never dispatched
//     asynchronously.
//   - mode "auto" asks the model for a metric's direction when it
//     implements MetricDirectionModel (Keras reads metric._direction), and
//     otherwise uses the direction of Keras's built-in metric with that name
//     (also as an "<output>_" suffix); "loss" and "val_loss" are minimised.
//   - ProgbarLogger redraws in place only when its writer is a terminal;
//     Keras on Linux always does, because its check `"posix" in
//     sys.modules` is always true. Elsewhere it prints Keras's non-dynamic
//     display: one line per (throttled) update.
//   - Python warnings (missing monitor, unknown mode) are written as
//     "UserWarning: ..." lines to the callback's ErrWriter (os.Stderr).
//   - MultiOptimizer's per-optimizer learning rates are not supported.
package callbacks
