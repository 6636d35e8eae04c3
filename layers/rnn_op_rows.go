package layers

import "github.com/gokeras/keras/internal/gemm"

// stepArgs is what the row workers of one LSTM or GRU step need.
type stepArgs struct {
	s                           int
	hp, hin, gates, R, bias, dz []float32
	useR                        bool
}

// rowGrain is the fewest batch rows a thread takes in a recurrent step.
const rowGrain = 8

// runRows runs fn over the batch rows of one time step, split over the
// threads. Each row's recurrent matmul and gate math depend on that row
// only, and a GEMM row's result does not depend on how the rows are split,
// so the results are the same for any thread count.
func (op *rnnOp) runRows(fn func(lo, hi int), a stepArgs) {
	op.cur = a
	gemm.ParallelFor(op.b, rowGrain, fn)
	op.cur = stepArgs{}
}

// defaultActivations reports Keras's default recurrent activations (tanh,
// sigmoid), for which the steps use specialised gate kernels.
func (op *rnnOp) defaultActivations() bool { return op.act == actTanh && op.ract == actSigmoid }
