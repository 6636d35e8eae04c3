package layers

import (
	"slices"
	"strings"
	"testing"

	"github.com/gokeras/keras/tensor"
)

func int64s(t *testing.T, x *tensor.Tensor) []int64 {
	t.Helper()
	if x.DType() != tensor.Int64 {
		t.Fatalf("dtype %v, want int64", x.DType())
	}
	return x.Int64s()
}

// Bins from Keras's hashing_test.py (computed by TensorFlow's FarmHash and
// SipHash kernels), reproduced exactly.
func TestHashingKeras(t *testing.T) {
	names := []string{"omar", "stringer", "marlo", "wire", "skywalker"}
	letters := []string{"A", "B", "C", "D", "E"}
	ints, _ := tensor.FromInt64([]int64{0, 1, 2, 3, 4}, 5, 1)
	for _, tc := range []struct {
		name string
		l    *Hashing
		in   *tensor.Tensor
		want []int64
	}{
		{"letters", NewHashing(3), strT(t, []int{5, 1}, letters...), []int64{1, 0, 1, 1, 2}},
		{"mask empty", NewHashing(3, With("mask_value", "")), strT(t, []int{5, 1}, "A", "B", "", "C", "D"), []int64{1, 1, 0, 2, 2}},
		{"salt pair", NewHashing(3, With("salt", []int{133, 137})), strT(t, []int{5, 1}, letters...), []int64{1, 2, 1, 0, 2}},
		{"salt int", NewHashing(3, With("salt", 133)), strT(t, []int{5, 1}, letters...), []int64{0, 0, 2, 1, 0}},
		{"ints", NewHashing(3), ints, []int64{1, 0, 1, 0, 2}},
		{"names", NewHashing(2), strT(t, []int{5, 1}, names...), []int64{0, 0, 1, 0, 0}},
		{"names mask empty", NewHashing(3, With("mask_value", "")), strT(t, []int{5, 1}, names...), []int64{1, 1, 2, 1, 1}},
		{"names mask omar", NewHashing(3, With("mask_value", "omar")), strT(t, []int{5, 1}, names...), []int64{0, 1, 2, 1, 1}},
		{"names salt", NewHashing(2, With("salt", []int{133, 137})), strT(t, []int{5, 1}, names...), []int64{0, 1, 0, 1, 0}},
		{"names salt 2", NewHashing(2, With("salt", []int{211, 137})), strT(t, []int{5, 1}, names...), []int64{1, 0, 1, 0, 1}},
		{"ints salt", NewHashing(3, With("salt", []int{133, 137})), ints, []int64{1, 1, 2, 0, 1}},
		{"one bin", NewHashing(1), strT(t, []int{5, 1}, letters...), []int64{0, 0, 0, 0, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := call1(t, tc.l, tc.in)
			if !slices.Equal(int64s(t, got), tc.want) {
				t.Errorf("got %v, want %v", got.Int64s(), tc.want)
			}
		})
	}
}

func TestHashingModes(t *testing.T) {
	x, _ := tensor.FromInt64([]int64{0, 1, 2, 3, 4}, 1, 5)
	l := NewHashing(3, With("output_mode", "count"))
	wantF32(t, call1(t, l, x).Float32s(), []float64{2, 2, 1}, 0)
	l = NewHashing(3, With("output_mode", "multi_hot"))
	wantF32(t, call1(t, l, x).Float32s(), []float64{1, 1, 1}, 0)
	col, _ := tensor.FromInt32([]int32{0, 1, 2, 3, 4}, 5, 1)
	l = NewHashing(3, With("output_mode", "one_hot"))
	got := call1(t, l, col)
	if !got.Shape().Equal(tensor.Shape{5, 3}) {
		t.Fatalf("shape %v", got.Shape())
	}
	wantF32(t, got.Float32s(), []float64{0, 1, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1}, 0)
	l = NewHashing(3, With("dtype", "int32"))
	if got := call1(t, l, col); got.DType() != tensor.Int32 || !slices.Equal(got.Int32s(), []int32{1, 0, 1, 0, 2}) {
		t.Errorf("int32: got %v", got)
	}
	if b, err := NewHashing(3).HashValue("A"); err != nil || b != 1 {
		t.Errorf("HashValue(A) = %d, %v", b, err)
	}
	fl, _ := tensor.FromFloat32([]float32{0.5, 1.9, 2, 3, 4}, 5)
	if got := call1(t, NewHashing(3), fl); !slices.Equal(got.Int64s(), []int64{1, 0, 1, 0, 2}) {
		t.Errorf("floats are truncated to int64 first: got %v", got.Int64s())
	}
}

func TestHashingErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		l    *Hashing
		want string
	}{
		{"num_bins", NewHashing(0), "cannot be `None` or non-positive"},
		{"salt string", NewHashing(2, With("salt", "s")), "`salt` argument for `Hashing`"},
		{"salt one", NewHashing(2, With("salt", []int{1})), "`salt` argument for `Hashing`"},
		{"mode", NewHashing(3, With("output_mode", "unsupported_mode")), "output_mode"},
		{"dtype", NewHashing(3, With("dtype", "float32")), "`dtype` should be an integer type"},
		{"sparse", NewHashing(3, With("sparse", true)), "sparse"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.l.Err(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestCategoryEncodingKeras(t *testing.T) {
	one, _ := tensor.FromInt32([]int32{1, 2, 3, 1}, 4)
	batch, _ := tensor.FromInt64([]int64{1, 2, 3, 1, 0, 3, 1, 0}, 2, 4)
	oh, _ := tensor.FromInt32([]int32{3, 2, 0, 1, 3, 2, 0, 1}, 2, 4)
	for _, tc := range []struct {
		name  string
		mode  string
		in    *tensor.Tensor
		shape tensor.Shape
		want  []float64
	}{
		{"count", "count", one, tensor.Shape{6}, []float64{0, 2, 1, 1, 0, 0}},
		{"batched count", "count", batch, tensor.Shape{2, 6}, []float64{0, 2, 1, 1, 0, 0, 2, 1, 0, 1, 0, 0}},
		{"multi_hot", "multi_hot", one, tensor.Shape{6}, []float64{0, 1, 1, 1, 0, 0}},
		{"batched one_hot", "one_hot", oh, tensor.Shape{2, 4, 6}, []float64{
			0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0,
			0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := NewCategoryEncoding(6, With("output_mode", tc.mode))
			shapes, err := l.ComputeOutputShape([]tensor.Shape{tc.in.Shape()})
			if err != nil || !shapes[0].Equal(tc.shape) {
				t.Errorf("ComputeOutputShape = %v, %v; want %v", shapes, err, tc.shape)
			}
			out, err := l.Call(&Context{}, []*tensor.Tensor{tc.in})
			if err != nil {
				t.Fatal(err)
			}
			if !out[0].Shape().Equal(tc.shape) {
				t.Errorf("shape %v, want %v", out[0].Shape(), tc.shape)
			}
			wantF32(t, out[0].Float32s(), tc.want, 0)
		})
	}
	for _, tc := range []struct {
		l    *CategoryEncoding
		want string
	}{
		{NewCategoryEncoding(0), "`num_tokens` must be >= 1"},
		{NewCategoryEncoding(3, With("output_mode", "tf_idf")), "unknown arg for output_mode: tf_idf"},
		{categoryEncodingFromConfig(NewConfig(map[string]any{})), "num_tokens must be set"},
	} {
		if err := tc.l.Err(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want one containing %q", err, tc.want)
		}
	}
}

func TestDiscretizationModes(t *testing.T) {
	x, _ := tensor.FromFloat32([]float32{-1.5, 1.0, 3.4, 0.5, 0.0, 3.0, 1.2, 0.8}, 2, 4)
	l := NewDiscretization(With("bin_boundaries", []float64{0, 1, 2}))
	got := call1(t, l, x)
	if got.DType() != tensor.Int32 || !slices.Equal(got.Int32s(), []int32{0, 2, 3, 1, 1, 3, 2, 1}) {
		t.Errorf("int: got %v", got)
	}
	l = NewDiscretization(With("bin_boundaries", []float64{0, 1, 2}), With("output_mode", "count"))
	wantF32(t, call1(t, l, x).Float32s(), []float64{1, 1, 1, 1, 0, 2, 1, 1}, 0)
	for _, tc := range []struct {
		l    *Discretization
		want string
	}{
		{NewDiscretization(), "you need to set either `num_bins` or `bin_boundaries`"},
		{NewDiscretization(With("num_bins", -1)), "`num_bins` must be greater than or equal to 0"},
		{NewDiscretization(With("num_bins", 2), With("output_mode", "tf_idf")), "output_mode"},
	} {
		if err := tc.l.Err(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want one containing %q", err, tc.want)
		}
	}
	if err := NewDiscretization(With("bin_boundaries", []float64{1})).Adapt(x); err == nil || !strings.Contains(err.Error(), "use `num_bins` instead") {
		t.Errorf("adapt with boundaries: %v", err)
	}
	if _, err := CallLayer(&Context{}, NewDiscretization(With("num_bins", 3)), []*tensor.Tensor{x}); err == nil || !strings.Contains(err.Error(), "call `adapt(dataset)`") {
		t.Errorf("call before adapt: %v", err)
	}
}

func TestTextPreprocessingConfigRoundTrip(t *testing.T) {
	adapted := NewDiscretization(With("num_bins", 3))
	x, _ := tensor.FromFloat32([]float32{1, 2, 3, 4, 5, 6}, 6)
	if err := adapted.Adapt(x); err != nil {
		t.Fatal(err)
	}
	for _, l := range []Layer{
		NewHashing(7, With("salt", 3), With("mask_value", "x")),
		NewHashing(7, With("output_mode", "multi_hot")),
		NewCategoryEncoding(4, With("output_mode", "count")),
		NewDiscretization(With("bin_boundaries", []float64{0.5, 1})),
		adapted,
		NewNormalization(With("axis", []any{1, 2}), With("mean", 2.0), With("variance", 4.0)),
		NewNormalization(With("axis", nil)),
	} {
		cfg := l.GetConfig()
		l2, err := FromConfig(l.Base().ClassName(), cfg)
		if err != nil {
			t.Fatalf("%s: %v", l.Base().ClassName(), err)
		}
		if !sameConfig(cfg, l2.GetConfig()) {
			t.Errorf("%s: config changed:\n%v\n%v", l.Base().ClassName(), cfg, l2.GetConfig())
		}
	}
	if cfg := NewHashing(3).GetConfig(); fmtAny(cfg["dtype"]) != fmtAny(policyConfig("int64")) {
		t.Errorf("Hashing dtype %v, want an int64 policy", cfg["dtype"])
	}
}
