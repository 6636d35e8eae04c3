package layers_test

import (
	"io"
	"math"
	"testing"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
)

// A model that takes raw strings trains end to end: the compiled step feeds
// each batch's texts through the TextVectorization placeholder.
func TestTextVectorizationInCompiledModel(t *testing.T) {
	texts := []string{"good movie", "bad movie", "great film", "awful film", "good great", "bad awful", "great movie", "awful movie"}
	labels := []float32{1, 0, 1, 0, 1, 0, 1, 0}
	x, _ := tensor.FromStrings(texts, len(texts), 1)
	y, _ := tensor.FromFloat32(labels, len(labels), 1)

	tv := layers.NewTextVectorization(layers.With("output_sequence_length", 3))
	if err := tv.Adapt(x); err != nil {
		t.Fatal(err)
	}
	in := keras.Input([]int{1}, layers.With("dtype", "string"))
	h := tv.Apply(in)
	h = layers.NewEmbedding(tv.VocabularySize(), 4, layers.WithName("emb")).Apply(h)
	h = layers.NewGlobalAveragePooling1D().Apply(h)
	out := layers.NewDense(1, layers.WithActivation("sigmoid")).Apply(h)
	m, err := keras.NewModel([]*layers.KerasTensor{in}, []*layers.KerasTensor{out})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Compile("adam", "binary_crossentropy"); err != nil {
		t.Fatal(err)
	}
	hist, err := m.Fit(x, y, keras.Epochs(30), keras.BatchSize(4), keras.Verbose(0), keras.Output(io.Discard))
	if err != nil {
		t.Fatal(err)
	}
	loss := hist.History["loss"]
	if len(loss) != 30 || !(loss[len(loss)-1] < loss[0]) || math.IsNaN(loss[len(loss)-1]) {
		t.Errorf("loss did not decrease: %v", loss)
	}
	pred, err := m.Predict(x, keras.Verbose(0), keras.Output(io.Discard))
	if err != nil {
		t.Fatal(err)
	}
	if pred[0].Shape()[0] != len(texts) {
		t.Errorf("predictions of shape %v", pred[0].Shape())
	}
}
