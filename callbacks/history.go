package callbacks

// History is keras.callbacks.History: it records the epoch-end logs of
// every epoch. fit returns it.
type History struct {
	Base
	// History maps each logged name to its value at the end of every
	// epoch (Keras history.history). It keeps growing across trainings.
	History map[string][]float64
	// Epoch lists the epoch indices recorded since the last OnTrainBegin
	// (Keras history.epoch).
	Epoch []int
}

// NewHistory returns an empty History.
func NewHistory() *History { return &History{History: map[string][]float64{}} }

// OnTrainBegin resets Epoch.
func (h *History) OnTrainBegin(Logs) error {
	h.Epoch = []int{}
	return nil
}

// OnEpochEnd appends epoch and every logged value.
func (h *History) OnEpochEnd(epoch int, logs Logs) error {
	if h.History == nil {
		h.History = map[string][]float64{}
	}
	h.Epoch = append(h.Epoch, epoch)
	for k, v := range logs {
		h.History[k] = append(h.History[k], v)
	}
	return nil
}
