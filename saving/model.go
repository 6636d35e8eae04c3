package saving

import (
	"io"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/optimizers"
	"github.com/gokeras/keras/tensor"
)

// Model is what the loaders return and the savers take: a *keras.Sequential
// or a *keras.Model (functional). Both satisfy it.
type Model interface {
	layers.Layer
	Compile(optimizer, loss any, metrics ...any) error
	Fit(x, y any, opts ...keras.RunOption) (*keras.History, error)
	Evaluate(x, y any, opts ...keras.RunOption) ([]float64, error)
	Predict(x any, opts ...keras.RunOption) ([]*tensor.Tensor, error)
	Summary(w io.Writer) error
	Layers() []layers.Layer
	Inputs() []*layers.KerasTensor
	Outputs() []*layers.KerasTensor
	Weights() []*tensor.Variable
	TrainableWeights() []*tensor.Variable
	Optimizer() optimizers.Optimizer
}

var (
	_ Model = (*keras.Sequential)(nil)
	_ Model = (*keras.Model)(nil)
)

// isModelClass reports whether a Keras class name denotes a model (which is
// rebuilt from its own config rather than by package layers).
func isModelClass(className string) bool {
	switch className {
	case "Sequential", "Functional", "Model":
		return true
	}
	return false
}
