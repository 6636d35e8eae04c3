package keras

import (
	"io"

	"github.com/gokeras/keras/callbacks"
	"github.com/gokeras/keras/tensor"
)

// runConfig holds the arguments of Fit, Evaluate and Predict.
type runConfig struct {
	epochs, batchSize, verbose int
	shuffle                    bool
	validationSplit            float64
	valX, valY                 any
	hasValData                 bool
	initialEpoch               int
	stepsPerEpoch, steps       int
	classWeight                map[int]float64
	sampleWeight               *tensor.Tensor
	callbacks                  []callbacks.Callback
	validationBatchSize        int
	output                     io.Writer
}

func newRunConfig(opts []RunOption) *runConfig {
	c := &runConfig{epochs: 1, batchSize: 32, verbose: 1, shuffle: true}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	return c
}

// RunOption is a keyword argument of Fit, Evaluate or Predict.
type RunOption func(*runConfig)

// Epochs sets how many epochs Fit trains (default 1).
func Epochs(n int) RunOption { return func(c *runConfig) { c.epochs = n } }

// BatchSize sets the number of samples per step (default 32).
func BatchSize(n int) RunOption { return func(c *runConfig) { c.batchSize = n } }

// Verbose sets the progress output: 0 silent, 1 progress bar, 2 one line per
// epoch (default 1).
func Verbose(v int) RunOption { return func(c *runConfig) { c.verbose = v } }

// Shuffle sets whether Fit shuffles the training data each epoch (default true).
func Shuffle(on bool) RunOption { return func(c *runConfig) { c.shuffle = on } }

// ValidationSplit holds out the last fraction of the training data (before
// shuffling) for validation, as Keras does.
func ValidationSplit(f float64) RunOption { return func(c *runConfig) { c.validationSplit = f } }

// ValidationData evaluates on (x, y) at the end of each epoch.
func ValidationData(x, y any) RunOption {
	return func(c *runConfig) { c.valX, c.valY, c.hasValData = x, y, true }
}

// ValidationBatchSize sets the batch size of validation (default: BatchSize).
func ValidationBatchSize(n int) RunOption { return func(c *runConfig) { c.validationBatchSize = n } }

// InitialEpoch starts Fit's epoch count there (to resume training).
func InitialEpoch(n int) RunOption { return func(c *runConfig) { c.initialEpoch = n } }

// StepsPerEpoch sets how many batches make an epoch.
func StepsPerEpoch(n int) RunOption { return func(c *runConfig) { c.stepsPerEpoch = n } }

// Steps sets how many batches Evaluate or Predict runs.
func Steps(n int) RunOption { return func(c *runConfig) { c.steps = n } }

// ClassWeight weights each sample's loss by the weight of its class.
func ClassWeight(w map[int]float64) RunOption { return func(c *runConfig) { c.classWeight = w } }

// SampleWeight weights each sample's loss (one weight per sample).
func SampleWeight(w *tensor.Tensor) RunOption { return func(c *runConfig) { c.sampleWeight = w } }

// Callbacks adds callbacks to the run.
func Callbacks(cbs ...callbacks.Callback) RunOption {
	return func(c *runConfig) { c.callbacks = append(c.callbacks, cbs...) }
}

// Output sets where progress is printed (default os.Stdout).
func Output(w io.Writer) RunOption { return func(c *runConfig) { c.output = w } }
