package keras

import (
	"math/rand/v2"
	"testing"

	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
)

// mlpForBench is the W1 model (../shared/BENCHMARKS.md) on random data.
func mlpForBench(b *testing.B, batch int) (*Sequential, *tensor.Tensor, *tensor.Tensor) {
	b.Helper()
	m, err := NewSequential(
		layers.NewFlatten(layers.WithInputShape(28, 28)),
		layers.NewDense(128, layers.WithActivation("relu")),
		layers.NewDense(10, layers.WithActivation("softmax")),
	)
	if err != nil {
		b.Fatal(err)
	}
	if err := m.Compile("adam", "sparse_categorical_crossentropy", "accuracy"); err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	x := tensor.Zeros(batch, 28, 28)
	for i := range x.Float32s() {
		x.Float32s()[i] = r.Float32()
	}
	y, _ := tensor.New(tensor.Int32, batch)
	for i := range y.Int32s() {
		y.Int32s()[i] = int32(r.IntN(10))
	}
	return m, x, y
}

// BenchmarkW1TrainStep is one training step of the W1 MLP at batch 32.
func BenchmarkW1TrainStep(b *testing.B) {
	m, x, y := mlpForBench(b, 32)
	if _, err := m.TrainOnBatch(x, y); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := m.TrainOnBatch(x, y); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkW4PredictBatch1 is W4's batch-1 inference.
func BenchmarkW4PredictBatch1(b *testing.B) {
	m, x, _ := mlpForBench(b, 1)
	if _, err := m.PredictOnBatch(x); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := m.PredictOnBatch(x); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkW4PredictBatch1000 is W4's batch-1000 inference.
func BenchmarkW4PredictBatch1000(b *testing.B) {
	m, x, _ := mlpForBench(b, 1000)
	if _, err := m.PredictOnBatch(x); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := m.PredictOnBatch(x); err != nil {
			b.Fatal(err)
		}
	}
}
