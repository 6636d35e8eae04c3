package callbacks

// LambdaCallback is keras.callbacks.LambdaCallback: a callback built from
// functions. Every nil field is a no-op.
type LambdaCallback struct {
	Base
	TrainBegin, TrainEnd     func(logs Logs) error
	EpochBegin, EpochEnd     func(epoch int, logs Logs) error
	TrainBatchBegin          func(batch int, logs Logs) error
	TrainBatchEnd            func(batch int, logs Logs) error
	TestBegin, TestEnd       func(logs Logs) error
	TestBatchBegin           func(batch int, logs Logs) error
	TestBatchEnd             func(batch int, logs Logs) error
	PredictBegin, PredictEnd func(logs Logs) error
	PredictBatchBegin        func(batch int, logs Logs) error
	PredictBatchEnd          func(batch int, logs Logs) error
}

func call1(f func(Logs) error, logs Logs) error {
	if f == nil {
		return nil
	}
	return f(logs)
}

func call2(f func(int, Logs) error, i int, logs Logs) error {
	if f == nil {
		return nil
	}
	return f(i, logs)
}

// OnTrainBegin calls TrainBegin.
func (l *LambdaCallback) OnTrainBegin(logs Logs) error { return call1(l.TrainBegin, logs) }

// OnTrainEnd calls TrainEnd.
func (l *LambdaCallback) OnTrainEnd(logs Logs) error { return call1(l.TrainEnd, logs) }

// OnEpochBegin calls EpochBegin.
func (l *LambdaCallback) OnEpochBegin(e int, logs Logs) error { return call2(l.EpochBegin, e, logs) }

// OnEpochEnd calls EpochEnd.
func (l *LambdaCallback) OnEpochEnd(e int, logs Logs) error { return call2(l.EpochEnd, e, logs) }

// OnTrainBatchBegin calls TrainBatchBegin.
func (l *LambdaCallback) OnTrainBatchBegin(b int, logs Logs) error {
	return call2(l.TrainBatchBegin, b, logs)
}

// OnTrainBatchEnd calls TrainBatchEnd.
func (l *LambdaCallback) OnTrainBatchEnd(b int, logs Logs) error {
	return call2(l.TrainBatchEnd, b, logs)
}

// OnTestBegin calls TestBegin.
func (l *LambdaCallback) OnTestBegin(logs Logs) error { return call1(l.TestBegin, logs) }

// OnTestEnd calls TestEnd.
func (l *LambdaCallback) OnTestEnd(logs Logs) error { return call1(l.TestEnd, logs) }

// OnTestBatchBegin calls TestBatchBegin.
func (l *LambdaCallback) OnTestBatchBegin(b int, logs Logs) error {
	return call2(l.TestBatchBegin, b, logs)
}

// OnTestBatchEnd calls TestBatchEnd.
func (l *LambdaCallback) OnTestBatchEnd(b int, logs Logs) error {
	return call2(l.TestBatchEnd, b, logs)
}

// OnPredictBegin calls PredictBegin.
func (l *LambdaCallback) OnPredictBegin(logs Logs) error { return call1(l.PredictBegin, logs) }

// OnPredictEnd calls PredictEnd.
func (l *LambdaCallback) OnPredictEnd(logs Logs) error { return call1(l.PredictEnd, logs) }

// OnPredictBatchBegin calls PredictBatchBegin.
func (l *LambdaCallback) OnPredictBatchBegin(b int, logs Logs) error {
	return call2(l.PredictBatchBegin, b, logs)
}

// OnPredictBatchEnd calls PredictBatchEnd.
func (l *LambdaCallback) OnPredictBatchEnd(b int, logs Logs) error {
	return call2(l.PredictBatchEnd, b, logs)
}
