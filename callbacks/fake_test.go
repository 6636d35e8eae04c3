package callbacks

import (
	"errors"
	"time"

	"github.com/gokeras/keras/optimizers"
	"github.com/gokeras/keras/tensor"
)

// fakeOptimizer stores its learning rate as float32, like a Keras
// optimizer's learning_rate variable. Methods callbacks never call come
// from the nil embedded interface.
type fakeOptimizer struct {
	optimizers.Optimizer
	lr       float32
	schedule bool // SetLearningRate fails, as with a LearningRateSchedule
}

func (o *fakeOptimizer) LearningRate() float64 { return float64(o.lr) }
func (o *fakeOptimizer) Iterations() int64     { return 0 }
func (o *fakeOptimizer) SetLearningRate(lr float64) error {
	if o.schedule {
		return errors.New("learning rate is a schedule")
	}
	o.lr = float32(lr)
	return nil
}

// fakeModel's weights are one scalar; SetWeights calls are recorded.
type fakeModel struct {
	stop    bool
	weight  float32
	opt     optimizers.Optimizer
	setLog  [][]float32
	dirs    map[string]bool
	setFail error
}

func newFakeModel(lr float32) *fakeModel { return &fakeModel{opt: &fakeOptimizer{lr: lr}} }

func (m *fakeModel) StopTraining() bool        { return m.stop }
func (m *fakeModel) SetStopTraining(stop bool) { m.stop = stop }
func (m *fakeModel) Optimizer() optimizers.Optimizer {
	return m.opt
}
func (m *fakeModel) GetWeights() []*tensor.Tensor { return []*tensor.Tensor{tensor.Scalar(m.weight)} }
func (m *fakeModel) SetWeights(ws []*tensor.Tensor) error {
	if m.setFail != nil {
		return m.setFail
	}
	var got []float32
	for _, w := range ws {
		got = append(got, w.Float32s()...)
	}
	m.setLog = append(m.setLog, got)
	if len(got) > 0 {
		m.weight = got[0]
	}
	return nil
}

func (m *fakeModel) lr() float64 { return m.opt.LearningRate() }

// directionModel adds MetricDirection to fakeModel.
type directionModel struct{ *fakeModel }

func (m directionModel) MetricDirection(name string) (bool, bool) {
	up, ok := m.dirs[name]
	return up, ok
}

// scriptedClock returns the given times (seconds) one call at a time.
func scriptedClock(secs ...float64) func() time.Time {
	return func() time.Time {
		if len(secs) == 0 {
			panic("scriptedClock: out of times")
		}
		s := secs[0]
		secs = secs[1:]
		return time.Unix(0, 0).Add(time.Duration(s*1e9 + 0.5))
	}
}
