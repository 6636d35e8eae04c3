package metrics

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/gokeras/keras/tensor"
)

func f32t(t *testing.T, data []float32, shape ...int) *tensor.Tensor {
	t.Helper()
	x, err := tensor.FromFloat32(data, shape...)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func i32t(t *testing.T, data []int32, shape ...int) *tensor.Tensor {
	t.Helper()
	x, err := tensor.FromInt32(data, shape...)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func TestResolve(t *testing.T) {
	tests := []struct {
		id           string
		loss         string
		yTrue, yPred tensor.Shape
		class, name  string
	}{
		{"accuracy", "sparse_categorical_crossentropy", tensor.Shape{-1}, tensor.Shape{-1, 10}, "SparseCategoricalAccuracy", "accuracy"},
		{"acc", "SparseCategoricalCrossentropy", tensor.Shape{-1, 10}, tensor.Shape{-1, 10}, "SparseCategoricalAccuracy", "acc"},
		{"accuracy", "binary_crossentropy", tensor.Shape{-1, 1}, tensor.Shape{-1, 1}, "BinaryAccuracy", "accuracy"},
		{"accuracy", "binary_crossentropy", tensor.Shape{-1, 3}, tensor.Shape{-1, 3}, "BinaryAccuracy", "accuracy"},
		{"accuracy", "categorical_crossentropy", tensor.Shape{-1, 10}, tensor.Shape{-1, 10}, "CategoricalAccuracy", "accuracy"},
		{"accuracy", "", tensor.Shape{-1}, tensor.Shape{-1, 10}, "SparseCategoricalAccuracy", "accuracy"},
		{"accuracy", "", tensor.Shape{-1, 1}, tensor.Shape{-1, 10}, "SparseCategoricalAccuracy", "accuracy"},
		{"accuracy", "mse", tensor.Shape{-1, 1}, tensor.Shape{-1, 1}, "BinaryAccuracy", "accuracy"},
		{"Accuracy", "", tensor.Shape{-1, 4}, tensor.Shape{-1, 4}, "CategoricalAccuracy", "Accuracy"},
		{"crossentropy", "", tensor.Shape{-1, 1}, tensor.Shape{-1, 1}, "BinaryCrossentropy", "crossentropy"},
		{"ce", "sparse_categorical_crossentropy", tensor.Shape{-1}, tensor.Shape{-1, 5}, "SparseCategoricalCrossentropy", "ce"},
		{"ce", "", tensor.Shape{-1, 5}, tensor.Shape{-1, 5}, "CategoricalCrossentropy", "ce"},
		{"mse", "", nil, nil, "MeanSquaredError", "mse"},
		{"auc", "", nil, nil, "AUC", "auc"},
		{"precision", "", nil, nil, "Precision", "precision"},
	}
	for _, tc := range tests {
		m, err := Resolve(tc.id, tc.loss, tc.yTrue, tc.yPred)
		if err != nil {
			t.Fatalf("Resolve(%q, %q): %v", tc.id, tc.loss, err)
		}
		if m.ClassName() != tc.class || m.Name() != tc.name {
			t.Errorf("Resolve(%q, %q, %v, %v) = %s named %q, want %s named %q",
				tc.id, tc.loss, tc.yTrue, tc.yPred, m.ClassName(), m.Name(), tc.class, tc.name)
		}
	}
	if _, err := Resolve("nope", "", nil, nil); err == nil {
		t.Error("Resolve(\"nope\") succeeded")
	}
	m, _ := NewAUC(WithName("my_auc"))
	if got, _ := Resolve(m, "", nil, nil); got != Metric(m) {
		t.Error("Resolve(Metric) did not return it as is")
	}
}

func TestGetStrings(t *testing.T) {
	for id, want := range map[string]string{
		"accuracy": "Accuracy", "acc": "Accuracy", "mse": "MeanSquaredError", "MAE": "MeanAbsoluteError",
		"auc": "AUC", "precision": "Precision", "recall": "Recall", "bce": "BinaryCrossentropy",
		"sparse_categorical_accuracy": "SparseCategoricalAccuracy", "SparseCategoricalAccuracy": "SparseCategoricalAccuracy",
		"f1_score": "F1Score", "f_beta_score": "FBetaScore", "r2_score": "R2Score", "kl_divergence": "KLDivergence",
		"log_cosh_error": "LogCoshError", "top_k_categorical_accuracy": "TopKCategoricalAccuracy",
	} {
		m, err := Get(id)
		if err != nil {
			t.Fatalf("Get(%q): %v", id, err)
		}
		if m.ClassName() != want {
			t.Errorf("Get(%q) = %s, want %s", id, m.ClassName(), want)
		}
	}
	for _, bad := range []any{nil, "nope", 3, "mean_io_u", map[string]any{"config": map[string]any{}}} {
		if _, err := Get(bad); err == nil {
			t.Errorf("Get(%v) succeeded", bad)
		}
	}
}

func TestDefaultNames(t *testing.T) {
	for id, want := range map[string]string{
		"Accuracy": "accuracy", "BinaryAccuracy": "binary_accuracy", "AUC": "auc", "Precision": "precision",
		"TruePositives": "true_positives", "FBetaScore": "fbeta_score", "F1Score": "f1_score",
		"LogCoshError": "logcosh", "RootMeanSquaredError": "root_mean_squared_error", "Mean": "mean",
	} {
		m, _ := Get(id)
		if m.Name() != want {
			t.Errorf("%s name = %q, want %q", id, m.Name(), want)
		}
	}
	iou, _ := NewMeanIoU(3)
	if iou.Name() != "mean_io_u" {
		t.Errorf("MeanIoU name = %q", iou.Name())
	}
}

func TestConfigRoundTrip(t *testing.T) {
	build := []func() (Metric, error){
		func() (Metric, error) { return NewBinaryAccuracy(WithThreshold(0.7), WithName("ba")) },
		func() (Metric, error) { return NewSparseTopKCategoricalAccuracy(WithK(3), WithFromSortedIDs(true)) },
		func() (Metric, error) { return NewTopKCategoricalAccuracy(WithK(2)) },
		func() (Metric, error) {
			return NewAUC(WithCurve("pr"), WithNumThresholds(50), WithSummationMethod("minoring"))
		},
		func() (Metric, error) {
			return NewAUC(WithThresholds(0.2, 0.5), WithMultiLabel(true), WithNumLabels(3), WithLabelWeights(1, 2, 3))
		},
		func() (Metric, error) { return NewPrecision(WithTopK(2), WithClassID(1)) },
		func() (Metric, error) { return NewRecall(WithThresholds(0.3, 0.6)) },
		func() (Metric, error) { return NewTruePositives(WithThresholds(0.4)) },
		func() (Metric, error) { return NewF1Score(WithAverage("macro"), WithThreshold(0.4)) },
		func() (Metric, error) { return NewFBetaScore(WithBeta(2)) },
		func() (Metric, error) { return NewR2Score(WithClassAggregation(""), WithNumRegressors(2)) },
		func() (Metric, error) { return NewMeanIoU(4, WithIgnoreClass(0), WithSparseYPred(false)) },
		func() (Metric, error) { return NewBinaryCrossentropy(WithFromLogits(true), WithLabelSmoothing(0.1)) },
		func() (Metric, error) { return NewCategoricalCrossentropy(WithLabelSmoothing(0.2)) },
		func() (Metric, error) { return NewSparseCategoricalCrossentropy(WithIgnoreClass(3)) },
		func() (Metric, error) { return NewMean(WithName("loss"), WithDType("float64")) },
	}
	for _, b := range build {
		m, err := b()
		if err != nil {
			t.Fatal(err)
		}
		cfg := m.GetConfig()
		// Through JSON, as a saved model would carry it.
		raw, err := json.Marshal(map[string]any{"class_name": m.ClassName(), "config": cfg})
		if err != nil {
			t.Fatal(err)
		}
		var ser map[string]any
		if err := json.Unmarshal(raw, &ser); err != nil {
			t.Fatal(err)
		}
		m2, err := Get(ser)
		if err != nil {
			t.Fatalf("%s: Get(%s): %v", m.ClassName(), raw, err)
		}
		raw2, _ := json.Marshal(map[string]any{"class_name": m2.ClassName(), "config": m2.GetConfig()})
		if string(raw) != string(raw2) {
			t.Errorf("round trip changed config:\n%s\n%s", raw, raw2)
		}
	}
}

func TestConfigKeys(t *testing.T) {
	tests := []struct {
		id   string
		keys string
	}{
		{"Accuracy", "dtype name"},
		{"BinaryAccuracy", "dtype name threshold"},
		{"SparseTopKCategoricalAccuracy", "dtype k name"},
		{"AUC", "curve dtype from_logits label_weights multi_label name num_labels num_thresholds summation_method"},
		{"Precision", "class_id dtype name thresholds top_k"},
		{"TruePositives", "dtype name thresholds"},
		{"F1Score", "average dtype name threshold"},
		{"FBetaScore", "average beta dtype name threshold"},
		{"R2Score", "class_aggregation dtype name num_regressors"},
		{"BinaryCrossentropy", "dtype from_logits label_smoothing name"},
		{"CategoricalCrossentropy", "axis dtype from_logits label_smoothing name"},
		{"SparseCategoricalCrossentropy", "axis dtype from_logits ignore_class name"},
	}
	for _, tc := range tests {
		m, _ := Get(tc.id)
		var keys []string
		for k := range m.GetConfig() {
			keys = append(keys, k)
		}
		sortStrings(keys)
		if got := strings.Join(keys, " "); got != tc.keys {
			t.Errorf("%s config keys = %q, want %q", tc.id, got, tc.keys)
		}
	}
	auc, _ := NewAUC()
	c := auc.GetConfig()
	if c["num_thresholds"] != 200 || c["curve"] != "ROC" || c["summation_method"] != "interpolation" || c["dtype"] != "float32" {
		t.Errorf("AUC defaults: %v", c)
	}
	if th := auc.Thresholds(); len(th) != 200 || th[0] != -1e-7 || th[199] != 1+1e-7 || th[1] != 1.0/199 {
		t.Errorf("AUC thresholds: %v ... %v", th[:2], th[len(th)-1])
	}
}

func sortStrings(s []string) {
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
}

func TestResetState(t *testing.T) {
	yt := f32t(t, []float32{1, 0, 1, 0}, 4, 1)
	yp := f32t(t, []float32{0.9, 0.2, 0.3, 0.8}, 4, 1)
	for _, id := range []string{"binary_accuracy", "auc", "precision", "recall", "mse", "rmse", "true_positives", "f1_score", "r2_score", "bce"} {
		if id == "rmse" {
			id = "RootMeanSquaredError"
		}
		m, err := Get(id)
		if err != nil {
			t.Fatal(err)
		}
		if err := m.UpdateState(yt, yp, nil); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		first := m.Result()
		m.ResetState()
		if id != "r2_score" && m.Result() != 0 {
			t.Errorf("%s: Result after reset = %v, want 0", id, m.Result())
		}
		if err := m.UpdateState(yt, yp, nil); err != nil {
			t.Fatal(err)
		}
		if got := m.Result(); got != first {
			t.Errorf("%s: Result after reset and update = %v, want %v", id, got, first)
		}
	}
}

func TestKerasDocExamples(t *testing.T) {
	// Values from the docstrings of keras/src/metrics.
	m, _ := NewMean()
	_ = m.Update(f32t(t, []float32{1, 3, 5, 7}, 4), nil)
	if m.Result() != 4 {
		t.Errorf("Mean = %v, want 4", m.Result())
	}
	m.ResetState()
	_ = m.Update(f32t(t, []float32{1, 3, 5, 7}, 4), f32t(t, []float32{1, 1, 0, 0}, 4))
	if m.Result() != 2 {
		t.Errorf("weighted Mean = %v, want 2", m.Result())
	}
	s, _ := NewSum()
	_ = s.Update(f32t(t, []float32{1, 3, 5, 7}, 4), f32t(t, []float32{1, 1, 0, 0}, 4))
	if s.Result() != 4 {
		t.Errorf("Sum = %v, want 4", s.Result())
	}
	sca, _ := NewSparseCategoricalAccuracy()
	_ = sca.UpdateState(f32t(t, []float32{2, 1}, 2, 1), f32t(t, []float32{0.1, 0.6, 0.3, 0.05, 0.95, 0}, 2, 3), nil)
	if sca.Result() != 0.5 {
		t.Errorf("SparseCategoricalAccuracy = %v, want 0.5", sca.Result())
	}
	auc, _ := NewAUC(WithNumThresholds(3))
	_ = auc.UpdateState(f32t(t, []float32{0, 0, 1, 1}, 4), f32t(t, []float32{0, 0.5, 0.3, 0.9}, 4), nil)
	if !closeTo(auc.Result(), 0.75) {
		t.Errorf("AUC = %v, want 0.75", auc.Result())
	}
	for k, want := range map[int]float64{2: 0, 4: 0.5} {
		p, _ := NewPrecision(WithTopK(k))
		_ = p.UpdateState(f32t(t, []float32{0, 0, 1, 1}, 4), f32t(t, []float32{1, 1, 1, 1}, 4), nil)
		if !closeTo(p.Result(), want) {
			t.Errorf("Precision top_k=%d = %v, want %v", k, p.Result(), want)
		}
	}
}

// Cases from keras/src/metrics/confusion_metrics_test.py.
func TestKerasPrecisionTopK(t *testing.T) {
	p, _ := NewPrecision(WithTopK(3))
	_ = p.UpdateState(f32t(t, []float32{0, 1, 1, 0, 0}, 5), f32t(t, []float32{0.2, 0.1, 0.5, 0, 0.2}, 5), nil)
	if !closeTo(p.Result(), 1.0/3) {
		t.Errorf("unweighted top_k = %v, want 1/3", p.Result())
	}
	p, _ = NewPrecision(WithTopK(3))
	if err := p.UpdateState(f32t(t, []float32{0, 1, 1, 0, 1}, 1, 5), f32t(t, []float32{0.2, 0.1, 0.4, 0, 0.2}, 1, 5),
		f32t(t, []float32{1, 4, 2, 3, 5}, 1, 5)); err != nil {
		t.Fatal(err)
	}
	if err := p.UpdateState(f32t(t, []float32{1, 0, 1, 1, 1}, 5), f32t(t, []float32{0.2, 0.6, 0.4, 0.2, 0.2}, 5),
		tensor.Scalar(3)); err != nil {
		t.Fatal(err)
	}
	if want := float64((2+5)+(3+3)) / float64((1+2+5)+(3+3+3)); !closeTo(p.Result(), want) {
		t.Errorf("weighted top_k = %v, want %v", p.Result(), want)
	}
	p, _ = NewPrecision(WithThresholds(0.7), WithTopK(2))
	_ = p.UpdateState(f32t(t, []float32{0, 1, 1, 0, 1}, 5), f32t(t, []float32{0.2, 0.8, 0.6, 0, 0.2}, 5), nil)
	if p.Result() != 1 {
		t.Errorf("top_k and threshold = %v, want 1", p.Result())
	}
	p, _ = NewPrecision(WithClassID(2))
	if err := p.UpdateState(f32t(t, []float32{0, 1, 1, 0, 0}, 5), f32t(t, []float32{0.2, 0.1, 0.6, 0, 0.2}, 5), nil); err == nil ||
		!strings.Contains(err.Error(), "when class_id is provided") {
		t.Errorf("class_id with 1D y_pred: %v", err)
	}
}

func TestSparseAccuracyOutOfRangeLabel(t *testing.T) {
	m, _ := NewSparseCategoricalAccuracy()
	err := m.UpdateState(i32t(t, []int32{7, -1, 1}, 3), f32t(t, []float32{0.1, 0.9, 0.2, 0.8, 0.3, 0.7}, 3, 2), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !closeTo(m.Result(), 1.0/3) {
		t.Errorf("Result = %v, want 1/3 (out-of-range labels count as wrong)", m.Result())
	}
}

func TestErrors(t *testing.T) {
	a := f32t(t, make([]float32, 6), 2, 3)
	b := f32t(t, make([]float32, 8), 2, 4)
	for _, id := range []string{"mse", "accuracy", "binary_accuracy", "bce", "auc", "precision", "cosine_similarity", "f1_score"} {
		m, _ := Get(id)
		err := m.UpdateState(a, b, nil)
		if err == nil {
			t.Errorf("%s: shape mismatch accepted", id)
			continue
		}
		for _, want := range []string{m.Name(), "(2, 3)", "(2, 4)"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error %q does not mention %q", id, err, want)
			}
		}
	}
	m, _ := NewMeanSquaredError()
	if err := m.UpdateState(a, a, f32t(t, make([]float32, 5), 5)); err == nil || !strings.Contains(err.Error(), "(5,)") {
		t.Errorf("bad sample_weight: %v", err)
	}
	if err := m.UpdateState(nil, a, nil); err == nil {
		t.Error("nil y_true accepted")
	}
	scce, _ := NewSparseCategoricalCrossentropy()
	if err := scce.UpdateState(i32t(t, []int32{0, 5}, 2), a, nil); err == nil || !strings.Contains(err.Error(), "out of range") {
		t.Errorf("out-of-range label: %v", err)
	}
	for name, f := range map[string]func() error{
		"bad option":      func() error { _, err := NewMeanSquaredError(WithThreshold(0.3)); return err },
		"bad threshold":   func() error { _, err := NewPrecision(WithThresholds(1.5)); return err },
		"bad curve":       func() error { _, err := NewAUC(WithCurve("XY")); return err },
		"bad num_thr":     func() error { _, err := NewAUC(WithNumThresholds(1)); return err },
		"num_labels":      func() error { _, err := NewAUC(WithNumLabels(3)); return err },
		"bad average":     func() error { _, err := NewF1Score(WithAverage("mean")); return err },
		"bad beta":        func() error { _, err := NewFBetaScore(WithBeta(0)); return err },
		"F1 beta":         func() error { _, err := NewF1Score(WithBeta(2)); return err },
		"bad f threshold": func() error { _, err := NewF1Score(WithThreshold(0)); return err },
		"bad aggregation": func() error { _, err := NewR2Score(WithClassAggregation("x")); return err },
		"bad regressors":  func() error { _, err := NewR2Score(WithNumRegressors(-1)); return err },
		"bad dtype":       func() error { _, err := NewMean(WithDType("int8")); return err },
		"bad axis":        func() error { _, err := NewCategoricalCrossentropy(WithAxis(1)); return err },
		"bad num_classes": func() error { _, err := NewMeanIoU(0); return err },
		"unknown cfg key": func() error {
			_, err := Get(map[string]any{"class_name": "Accuracy", "config": map[string]any{"foo": 1}})
			return err
		},
		"bad cfg type": func() error {
			_, err := Get(map[string]any{"class_name": "BinaryAccuracy", "config": map[string]any{"threshold": "x"}})
			return err
		},
		"MeanIoU no class": func() error {
			_, err := Get(map[string]any{"class_name": "MeanIoU", "config": map[string]any{}})
			return err
		},
	} {
		if f() == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestMultiResultShapes(t *testing.T) {
	p, _ := NewPrecision(WithThresholds(0.2, 0.6))
	_ = p.UpdateState(f32t(t, []float32{1, 0, 1}, 3), f32t(t, []float32{0.7, 0.3, 0.4}, 3), nil)
	rt := p.ResultTensor()
	if !reflect.DeepEqual([]int(rt.Shape()), []int{2}) {
		t.Fatalf("shape %v", rt.Shape())
	}
	if !closeTo(rt.At(0), 2.0/3) || !closeTo(rt.At(1), 1) || !closeTo(p.Result(), (2.0/3+1)/2) {
		t.Errorf("precision = %v, Result %v", rt, p.Result())
	}
}
