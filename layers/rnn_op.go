package layers

import (
	"math/rand/v2"

	"github.com/gokeras/keras/internal/gemm"
	"github.com/gokeras/keras/internal/vmath"
	"github.com/gokeras/keras/random"
	"github.com/gokeras/keras/tensor"
)

// rnnKind selects the cell a fused recurrent op runs.
type rnnKind uint8

const (
	kindSimpleRNN rnnKind = iota
	kindLSTM
	kindGRU
)

// rnnOp runs a whole sequence through one recurrent cell (SimpleRNN, LSTM or
// GRU with Keras's weight layout) as a single differentiable node.
//
// Inputs: x (B, T, I), kernel (I, G·U), recurrent_kernel (U, G·U), then
// optionally bias, the initial h (and c for LSTM) and a tensor of token ids
// (B, T) whose zeros mask time steps (Embedding's mask_zero).
//
// Output: one packed (B, R, U) tensor, R = outputs + states: the outputs of
// every step in processing order (or only the last one), then the final
// states when they are returned. rnnPickOp slices the layer's outputs out of
// it.
//
// Internally everything is time-major in processing order (step s reads time
// T-1-s when going backwards): the input projection of all steps is one GEMM
// (T·B × I)·(I × G·U), each step adds one GEMM h·recurrent_kernel and applies
// the gate nonlinearities in place, and the gate activations are kept for
// backpropagation through time. The LSTM step reads the recurrent kernel
// packed once per sequence, adds the bias and runs the gate math in one
// fused kernel (vmath.LSTMCell, for Keras's default tanh/sigmoid), and splits
// the batch rows over the threads (rnn_op_lstm.go). Backward computes the per-step gate
// gradients and then the kernel, recurrent kernel, bias and input gradients
// each with one GEMM over all steps. Scratch lives in the op, so replays
// allocate nothing.
type rnnOp struct {
	kind       rnnKind
	resetAfter bool // GRU: reset gate applied after the recurrent matmul
	act, ract  rnnAct
	b, t, i, u int
	g          int  // gate blocks: 1, 4 or 3
	backwards  bool // go_backwards
	seqOut     bool // return_sequences
	nStates    int  // final states appended to the output (0 unless return_state)
	zeroMasked bool // zero_output_for_mask

	iBias, iH0, iC0, iMask int // input positions, -1 when absent

	stateful []*tensor.Tensor // stateful layers: final states are copied here

	// dropout (training only); masks are drawn once per Forward and shared
	// by all steps and gates
	dropout, recDropout float32
	training            bool
	gen                 *random.SeedGenerator
	pcg                 *rand.PCG
	dmask, rmask        []float32 // (B, I), (B, U)

	// forward scratch, time-major
	xs      []float32 // (T·B, I) inputs in processing order (dropout applied)
	xp      []float32 // (T·B, G·U) input projections, then gate activations
	hs      []float32 // ((T+1)·B, U) h before/after each step
	hd      []float32 // (T·B, U) h fed to the recurrent matmul (recurrent dropout)
	cs      []float32 // LSTM: ((T+1)·B, U) carry states
	aux     []float32 // (T·B, U) LSTM: act(c); GRU: recurrent h-part (reset_after) or r·h
	stepBuf []float32 // (B, G·U) per-step recurrent projection (GRU)
	mask    []bool    // (T·B) step s of row b is valid
	// LSTM: one step's rows are split over threads (lstmRows, lstmGradRows)
	cur                    stepArgs
	zeroBias               []float32        // (G·U) when the layer has no bias
	packedR                gemm.PackedB     // R (forward) or R^T (backward), packed once per sequence
	stepRowsFn, gradRowsFn func(lo, hi int) // LSTM and GRU: one step's rows
	prevOut                []float32        // (B, U) last emitted output (masking)

	// backward scratch
	dz, dzr     []float32 // (T·B, G·U) gradients at the pre-activations
	gh, ghn     []float32 // (B, U)
	gc, gcn     []float32 // (B, U)
	gcarry, tmp []float32 // (B, U)
	dxs         []float32 // (T·B, I)
}

func (op *rnnOp) Name() string {
	switch op.kind {
	case kindLSTM:
		return "lstm"
	case kindGRU:
		return "gru"
	}
	return "simple_rnn"
}

// rows is R, the packed output's second dimension.
func (op *rnnOp) rows() int {
	n := 1
	if op.seqOut {
		n = op.t
	}
	return n + op.nStates
}

func (op *rnnOp) alloc() {
	if op.xs != nil {
		return
	}
	tb, gu, bu := op.t*op.b, op.g*op.u, op.b*op.u
	op.xs = make([]float32, tb*op.i)
	op.xp = make([]float32, tb*gu)
	op.hs = make([]float32, tb*op.u+bu)
	if op.recDropout > 0 {
		op.hd = make([]float32, tb*op.u)
		op.rmask = make([]float32, bu)
	}
	if op.dropout > 0 {
		op.dmask = make([]float32, op.b*op.i)
	}
	if op.dropout > 0 || op.recDropout > 0 {
		op.pcg = rand.NewPCG(0, 0)
	}
	if op.kind == kindLSTM {
		op.cs = make([]float32, tb*op.u+bu)
		op.zeroBias = make([]float32, gu)
		op.stepRowsFn, op.gradRowsFn = op.lstmRows, op.lstmGradRows
	}
	if op.kind == kindGRU {
		op.stepRowsFn, op.gradRowsFn = op.gruRows, op.gruGradRows
	}
	if op.kind != kindSimpleRNN {
		op.aux = make([]float32, tb*op.u)
		op.stepBuf = make([]float32, op.b*gu)
	}
	if op.iMask >= 0 {
		op.mask = make([]bool, tb)
		op.prevOut = make([]float32, bu)
	}
}

func (op *rnnOp) allocBackward() {
	if op.dz != nil {
		return
	}
	tb, gu, bu := op.t*op.b, op.g*op.u, op.b*op.u
	op.dz = make([]float32, tb*gu)
	op.dzr = op.dz
	if op.kind == kindGRU && op.resetAfter {
		op.dzr = make([]float32, tb*gu)
	}
	op.gh, op.ghn = make([]float32, bu), make([]float32, bu)
	op.gc, op.gcn = make([]float32, bu), make([]float32, bu)
	op.gcarry, op.tmp = make([]float32, bu), make([]float32, bu)
	op.dxs = make([]float32, tb*op.i)
}

// timeOf is the input time index processed at step s.
func (op *rnnOp) timeOf(s int) int {
	if op.backwards {
		return op.t - 1 - s
	}
	return s
}

// drawMask fills m with inverted-dropout factors: 0 with probability rate,
// else 1/(1-rate).
func (op *rnnOp) drawMask(m []float32, rate float32) {
	op.pcg.Seed(op.gen.Next(), 0x9e3779b97f4a7c15)
	scale := 1 / (1 - rate)
	for k := range m {
		if float32(op.pcg.Uint64()>>40)*0x1p-24 >= rate {
			m[k] = scale
		} else {
			m[k] = 0
		}
	}
}

func (op *rnnOp) Forward(out *tensor.Tensor, in []*tensor.Tensor) {
	op.alloc()
	B, T, I, U := op.b, op.t, op.i, op.u
	GU, BU := op.g*U, B*U
	x := in[0].Float32s()
	useD := op.training && op.dropout > 0
	useR := op.training && op.recDropout > 0
	if useD {
		op.drawMask(op.dmask, op.dropout)
	}
	if useR {
		op.drawMask(op.rmask, op.recDropout)
	}
	// Inputs in processing order, time-major.
	for s := 0; s < T; s++ {
		ts := op.timeOf(s)
		for b := 0; b < B; b++ {
			dst := op.xs[(s*B+b)*I : (s*B+b+1)*I]
			copy(dst, x[(b*T+ts)*I:(b*T+ts+1)*I])
			if useD {
				vmath.Mul(dst, dst, op.dmask[b*I:(b+1)*I])
			}
		}
	}
	if op.iMask >= 0 {
		ids := in[op.iMask]
		for s := 0; s < T; s++ {
			ts := op.timeOf(s)
			for b := 0; b < B; b++ {
				op.mask[s*B+b] = ids.At(b*T+ts) != 0
			}
		}
		clear(op.prevOut)
	}
	W, R := in[1].Float32s(), in[2].Float32s()
	var bias []float32
	if op.iBias >= 0 {
		bias = in[op.iBias].Float32s()
	}
	gemm.Sgemm(false, false, T*B, GU, I, 1, op.xs, I, W, GU, 0, op.xp, GU)
	if op.kind == kindLSTM {
		// The LSTM step adds the bias while the gates are in cache.
		if bias == nil {
			bias = op.zeroBias
		}
	} else if bias != nil && op.kind == kindSimpleRNN {
		vmath.AddBias(op.xp, T*B, GU, bias[:GU])
	} // GRU: gruRows adds the input bias while the gates are in cache
	if op.iH0 >= 0 {
		copy(op.hs[:BU], in[op.iH0].Float32s())
	} else {
		clear(op.hs[:BU])
	}
	if op.kind == kindLSTM {
		if op.iC0 >= 0 {
			copy(op.cs[:BU], in[op.iC0].Float32s())
		} else {
			clear(op.cs[:BU])
		}
	}
	o := out.Float32s()
	rows := op.rows()
	for s := 0; s < T; s++ {
		hp, hn := op.hs[s*BU:(s+1)*BU], op.hs[(s+1)*BU:(s+2)*BU]
		hin := hp
		if useR {
			hin = op.hd[s*BU : (s+1)*BU]
			vmath.Mul(hin, hp, op.rmask)
		}
		gates := op.xp[s*B*GU : (s+1)*B*GU]
		switch op.kind {
		case kindSimpleRNN:
			gemm.Sgemm(false, false, B, U, U, 1, hin, U, R, U, 1, gates, U)
			op.act.apply(hn, gates)
		case kindLSTM:
			op.lstmStep(s, hin, gates, R, bias)
		case kindGRU:
			op.runRows(op.stepRowsFn, stepArgs{s: s, hp: hp, hin: hin, gates: gates, R: R, bias: bias})
		}
		if op.iMask >= 0 {
			op.maskStep(s)
		}
		// Emit the step's output.
		if !op.seqOut && s != T-1 {
			continue
		}
		src := hn
		if op.iMask >= 0 {
			src = op.prevOut
		}
		r := 0
		if op.seqOut {
			r = s
		}
		for b := 0; b < B; b++ {
			copy(o[(b*rows+r)*U:(b*rows+r+1)*U], src[b*U:(b+1)*U])
		}
	}
	final := [2][]float32{op.hs[T*BU:]}
	if op.kind == kindLSTM {
		final[1] = op.cs[T*BU:]
	}
	first := rows - op.nStates
	for k := 0; k < op.nStates; k++ {
		for b := 0; b < B; b++ {
			copy(o[(b*rows+first+k)*U:(b*rows+first+k+1)*U], final[k][b*U:(b+1)*U])
		}
	}
	for k, st := range op.stateful {
		copy(st.Float32s(), final[k])
	}
}

// maskStep carries the previous states through the rows masked at step s and
// updates the emitted outputs.
func (op *rnnOp) maskStep(s int) {
	B, U := op.b, op.u
	BU := B * U
	hp, hn := op.hs[s*BU:(s+1)*BU], op.hs[(s+1)*BU:(s+2)*BU]
	for b := 0; b < B; b++ {
		lo, hi := b*U, (b+1)*U
		if op.mask[s*B+b] {
			copy(op.prevOut[lo:hi], hn[lo:hi])
			continue
		}
		copy(hn[lo:hi], hp[lo:hi])
		if op.kind == kindLSTM {
			copy(op.cs[(s+1)*BU+lo:(s+1)*BU+hi], op.cs[s*BU+lo:s*BU+hi])
		}
		if op.zeroMasked {
			clear(op.prevOut[lo:hi])
		}
	}
}
