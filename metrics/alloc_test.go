package metrics

import (
	"github.com/gokeras/keras/tensor"
	"testing"
)

// TestUpdateStateAllocs checks that UpdateState allocates nothing at steady
// state (the trainer calls it every step).
func TestUpdateStateAllocs(t *testing.T) {
	probs := f32t(t, []float32{0.1, 0.7, 0.2, 0.5, 0.3, 0.2, 0.2, 0.2, 0.6, 0.3, 0.3, 0.4}, 4, 3)
	onehot := f32t(t, []float32{0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0}, 4, 3)
	labels := i32t(t, []int32{1, 0, 2, 1}, 4)
	bin := f32t(t, []float32{1, 0, 1, 1}, 4, 1)
	binp := f32t(t, []float32{0.8, 0.4, 0.3, 0.9}, 4, 1)
	sw := f32t(t, []float32{1, 0.5, 2, 1}, 4)
	mean, _ := NewMean()
	tests := []struct {
		name   string
		id     string
		yt, yp *tensor.Tensor
	}{
		{"Mean", "mean", probs, nil},
		{"SparseCategoricalAccuracy", "sparse_categorical_accuracy", labels, probs},
		{"CategoricalAccuracy", "categorical_accuracy", onehot, probs},
		{"BinaryAccuracy", "binary_accuracy", bin, binp},
		{"MeanSquaredError", "mse", onehot, probs},
		{"Accuracy", "accuracy", bin, bin},
		{"SparseCategoricalCrossentropy", "sparse_categorical_crossentropy", labels, probs},
		{"CategoricalCrossentropy", "categorical_crossentropy", onehot, probs},
		{"BinaryCrossentropy", "binary_crossentropy", bin, binp},
		{"AUC", "auc", bin, binp},
		{"Precision", "precision", bin, binp},
		{"Recall", "recall", onehot, probs},
		{"F1Score", "f1_score", onehot, probs},
		{"TopK", "top_k_categorical_accuracy", onehot, probs},
		{"RMSE", "RootMeanSquaredError", onehot, probs},
	}
	for _, tc := range tests {
		var m Metric
		if tc.id == "mean" {
			m = mean
		} else {
			var err error
			if m, err = Get(tc.id); err != nil {
				t.Fatal(err)
			}
		}
		yt, yp := tc.yt, tc.yp
		for _, w := range []*tensor.Tensor{nil, sw} {
			if err := m.UpdateState(yt, yp, w); err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			allocs := testing.AllocsPerRun(20, func() {
				if err := m.UpdateState(yt, yp, w); err != nil {
					t.Fatal(err)
				}
			})
			if allocs != 0 {
				t.Errorf("%s (sample_weight %v): UpdateState allocates %v times per call", tc.name, w != nil, allocs)
			}
		}
	}
}
