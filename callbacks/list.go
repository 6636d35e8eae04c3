package callbacks

import (
	"errors"
	"fmt"
)

// List is keras.callbacks.CallbackList: it holds callbacks and calls each
// hook on all of them in order, stopping at the first error. A List is
// itself a Callback.
//
// Every hook receives a copy of the caller's logs in one map reused by the
// List (nil logs become an empty map), so the caller's map is never
// changed and no hook call allocates once the map has grown.
type List struct {
	callbacks []Callback
	history   *History
	progbar   *ProgbarLogger
	model     Model
	params    Params
	depth     int // open on_{train,test,predict}_begin blocks

	logs      Logs
	keys, tmp []string
}

// NewList is CallbackList(callbacks, add_history, add_progbar, model,
// **params): it appends a History (addHistory) and a ProgbarLogger
// (addProgbar) unless cbs already holds one, then gives every callback the
// model (when not nil) and the params.
func NewList(cbs []Callback, addHistory, addProgbar bool, model Model, params Params) *List {
	l := &List{callbacks: append([]Callback(nil), cbs...), logs: Logs{}}
	for _, cb := range l.callbacks {
		switch c := cb.(type) {
		case *ProgbarLogger:
			l.progbar = c
		case *History:
			l.history = c
		}
	}
	if l.history == nil && addHistory {
		l.history = NewHistory()
		l.callbacks = append(l.callbacks, l.history)
	}
	if l.progbar == nil && addProgbar {
		l.progbar = NewProgbarLogger()
		l.callbacks = append(l.callbacks, l.progbar)
	}
	l.SetModel(model)
	l.SetParams(params)
	return l
}

// Callbacks returns the callbacks in call order (a copy).
func (l *List) Callbacks() []Callback { return append([]Callback(nil), l.callbacks...) }

// History is the list's History callback (nil when there is none); fit
// returns it.
func (l *List) History() *History { return l.history }

// ProgbarLogger is the list's ProgbarLogger (nil when there is none); set
// its Writer before training to redirect the progress bar.
func (l *List) ProgbarLogger() *ProgbarLogger { return l.progbar }

// Model is the model given to the callbacks.
func (l *List) Model() Model { return l.model }

// Params are the params given to the callbacks.
func (l *List) Params() Params { return l.params }

// SetModel gives m to every callback; a nil model is ignored, as in Keras.
func (l *List) SetModel(m Model) {
	if m == nil {
		return
	}
	l.model = m
	for _, cb := range l.callbacks {
		cb.SetModel(m)
	}
}

// SetParams gives p to every callback.
func (l *List) SetParams(p Params) {
	l.params = p
	for _, cb := range l.callbacks {
		cb.SetParams(p)
	}
}

// prepare copies logs into the list's reused map and orders its keys.
func (l *List) prepare(logs Logs) Logs {
	clear(l.logs)
	for k, v := range logs {
		l.logs[k] = v
	}
	l.keys = orderedKeys(l.keys, nil, l.logs)
	return l.logs
}

// run calls fn on every callback with the prepared logs, keeping the key
// order up to date when a callback adds or removes keys.
func (l *List) run(hook string, logs Logs, fn func(cb Callback, logs Logs) error) error {
	logs = l.prepare(logs)
	for _, cb := range l.callbacks {
		ks, hasOrder := cb.(keyOrderSetter)
		if hasOrder {
			ks.setKeyOrder(l.keys)
		}
		err := fn(cb, logs)
		if hasOrder {
			ks.setKeyOrder(nil)
		}
		if err != nil {
			return fmt.Errorf("%T.%s: %w", cb, hook, err)
		}
		if len(logs) != len(l.keys) || !sameKeys(l.keys, logs) {
			l.tmp = orderedKeys(l.tmp, l.keys, logs)
			l.keys, l.tmp = l.tmp, l.keys
		}
	}
	return nil
}

func sameKeys(keys []string, logs Logs) bool {
	for _, k := range keys {
		if _, ok := logs[k]; !ok {
			return false
		}
	}
	return true
}

func (l *List) begin() { l.depth++ }

func (l *List) end(hook string) error {
	l.depth--
	if l.depth < 0 {
		l.depth = 0
		return fmt.Errorf("callbacks: %s: %w", hook, errUnbalanced)
	}
	return nil
}

var errUnbalanced = errors.New("`on_xxx_end` called without corresponding `on_xxx_begin`")

// OnTrainBegin calls OnTrainBegin on every callback.
func (l *List) OnTrainBegin(logs Logs) error {
	l.begin()
	return l.run("OnTrainBegin", logs, func(cb Callback, lg Logs) error { return cb.OnTrainBegin(lg) })
}

// OnTrainEnd calls OnTrainEnd on every callback.
func (l *List) OnTrainEnd(logs Logs) error {
	if err := l.run("OnTrainEnd", logs, func(cb Callback, lg Logs) error { return cb.OnTrainEnd(lg) }); err != nil {
		return err
	}
	return l.end("OnTrainEnd")
}

// OnEpochBegin calls OnEpochBegin on every callback.
func (l *List) OnEpochBegin(epoch int, logs Logs) error {
	return l.run("OnEpochBegin", logs, func(cb Callback, lg Logs) error { return cb.OnEpochBegin(epoch, lg) })
}

// OnEpochEnd calls OnEpochEnd on every callback.
func (l *List) OnEpochEnd(epoch int, logs Logs) error {
	return l.run("OnEpochEnd", logs, func(cb Callback, lg Logs) error { return cb.OnEpochEnd(epoch, lg) })
}

// OnTrainBatchBegin calls OnTrainBatchBegin on every callback.
func (l *List) OnTrainBatchBegin(batch int, logs Logs) error {
	return l.run("OnTrainBatchBegin", logs, func(cb Callback, lg Logs) error { return cb.OnTrainBatchBegin(batch, lg) })
}

// OnTrainBatchEnd calls OnTrainBatchEnd on every callback.
func (l *List) OnTrainBatchEnd(batch int, logs Logs) error {
	return l.run("OnTrainBatchEnd", logs, func(cb Callback, lg Logs) error { return cb.OnTrainBatchEnd(batch, lg) })
}

// OnTestBegin calls OnTestBegin on every callback.
func (l *List) OnTestBegin(logs Logs) error {
	l.begin()
	return l.run("OnTestBegin", logs, func(cb Callback, lg Logs) error { return cb.OnTestBegin(lg) })
}

// OnTestEnd calls OnTestEnd on every callback.
func (l *List) OnTestEnd(logs Logs) error {
	if err := l.run("OnTestEnd", logs, func(cb Callback, lg Logs) error { return cb.OnTestEnd(lg) }); err != nil {
		return err
	}
	return l.end("OnTestEnd")
}

// OnTestBatchBegin calls OnTestBatchBegin on every callback.
func (l *List) OnTestBatchBegin(batch int, logs Logs) error {
	return l.run("OnTestBatchBegin", logs, func(cb Callback, lg Logs) error { return cb.OnTestBatchBegin(batch, lg) })
}

// OnTestBatchEnd calls OnTestBatchEnd on every callback.
func (l *List) OnTestBatchEnd(batch int, logs Logs) error {
	return l.run("OnTestBatchEnd", logs, func(cb Callback, lg Logs) error { return cb.OnTestBatchEnd(batch, lg) })
}

// OnPredictBegin calls OnPredictBegin on every callback.
func (l *List) OnPredictBegin(logs Logs) error {
	l.begin()
	return l.run("OnPredictBegin", logs, func(cb Callback, lg Logs) error { return cb.OnPredictBegin(lg) })
}

// OnPredictEnd calls OnPredictEnd on every callback.
func (l *List) OnPredictEnd(logs Logs) error {
	if err := l.run("OnPredictEnd", logs, func(cb Callback, lg Logs) error { return cb.OnPredictEnd(lg) }); err != nil {
		return err
	}
	return l.end("OnPredictEnd")
}

// OnPredictBatchBegin calls OnPredictBatchBegin on every callback.
func (l *List) OnPredictBatchBegin(batch int, logs Logs) error {
	return l.run("OnPredictBatchBegin", logs, func(cb Callback, lg Logs) error { return cb.OnPredictBatchBegin(batch, lg) })
}

// OnPredictBatchEnd calls OnPredictBatchEnd on every callback.
func (l *List) OnPredictBatchEnd(batch int, logs Logs) error {
	return l.run("OnPredictBatchEnd", logs, func(cb Callback, lg Logs) error { return cb.OnPredictBatchEnd(batch, lg) })
}
