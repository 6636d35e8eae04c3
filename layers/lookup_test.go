package layers

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gokeras/keras/tensor"
)

func strT(t *testing.T, shape []int, s ...string) *tensor.Tensor {
	t.Helper()
	x, err := tensor.FromStrings(s, shape...)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func call1(t *testing.T, l Layer, x *tensor.Tensor) *tensor.Tensor {
	t.Helper()
	out, err := CallLayer(&Context{}, l, []*tensor.Tensor{x})
	if err != nil {
		t.Fatal(err)
	}
	return out[0]
}

func wantF32(t *testing.T, got []float32, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d values %v, want %d %v", len(got), got, len(want), want)
	}
	for i := range want {
		if d := math.Abs(float64(got[i]) - want[i]); d > tol*math.Max(1, math.Abs(want[i])) {
			t.Fatalf("value %d: got %v, want %v (all: %v)", i, got[i], want[i], got)
		}
	}
}

// Expectations from Keras's string_lookup_test.py and index_lookup_test.py.
func TestStringLookupKeras(t *testing.T) {
	t.Run("adapt flow", func(t *testing.T) {
		l := NewStringLookup()
		if err := l.Adapt(strT(t, []int{6}, "a", "a", "a", "b", "b", "c")); err != nil {
			t.Fatal(err)
		}
		got := call1(t, l, strT(t, []int{3}, "b", "c", "d"))
		if got.DType() != tensor.Int64 || !slices.Equal(got.Int64s(), []int64{2, 3, 0}) {
			t.Errorf("got %v", got)
		}
		if v := l.GetVocabulary(true); !slices.Equal(v, []string{"[UNK]", "a", "b", "c"}) {
			t.Errorf("vocabulary %q", v)
		}
	})
	t.Run("ties", func(t *testing.T) {
		// numpy.lexsort((tokens, counts))[::-1]: count high to low, then
		// token high to low.
		l := NewStringLookup(With("max_tokens", 4))
		if err := l.Adapt(strT(t, []int{6}, "b", "a", "c", "a", "b", "d")); err != nil {
			t.Fatal(err)
		}
		if v := l.GetVocabulary(true); !slices.Equal(v, []string{"[UNK]", "b", "a", "d"}) {
			t.Errorf("vocabulary %q", v)
		}
	})
	t.Run("vocabulary", func(t *testing.T) {
		l := NewStringLookup(With("vocabulary", []string{"a", "b", "c", "d"}))
		got := call1(t, l, strT(t, []int{2, 3}, "a", "c", "d", "d", "z", "b"))
		if !slices.Equal(got.Int64s(), []int64{1, 3, 4, 4, 0, 2}) || !got.Shape().Equal(tensor.Shape{2, 3}) {
			t.Errorf("got %v", got)
		}
	})
	t.Run("invert", func(t *testing.T) {
		l := NewStringLookup(With("vocabulary", []string{"a", "b", "c"}), With("invert", true))
		ids, _ := tensor.FromInt64([]int64{1, 2, 0}, 3)
		got := call1(t, l, ids)
		if !slices.Equal(got.Strings(), []string{"a", "b", "[UNK]"}) {
			t.Errorf("got %q", got.Strings())
		}
	})
	t.Run("multi_hot", func(t *testing.T) {
		l := NewStringLookup(With("vocabulary", []string{"a", "b"}), With("output_mode", "multi_hot"))
		got := call1(t, l, strT(t, []int{2}, "a", "b"))
		wantF32(t, got.Float32s(), []float64{0, 1, 1}, 0)
	})
	t.Run("count", func(t *testing.T) {
		l := NewStringLookup(With("vocabulary", []string{"a", "b"}), With("output_mode", "count"))
		got := call1(t, l, strT(t, []int{2, 3}, "a", "a", "b", "x", "b", "b"))
		wantF32(t, got.Float32s(), []float64{0, 2, 1, 1, 0, 2}, 0)
	})
	t.Run("mask", func(t *testing.T) {
		l := NewStringLookup(With("vocabulary", []string{"a"}), With("mask_token", "[MASK]"))
		got := call1(t, l, strT(t, []int{3}, "[MASK]", "a", "q"))
		if !slices.Equal(got.Int64s(), []int64{0, 2, 1}) {
			t.Errorf("got %v", got.Int64s())
		}
		if v := l.GetVocabulary(true); !slices.Equal(v, []string{"[MASK]", "[UNK]", "a"}) {
			t.Errorf("vocabulary %q", v)
		}
	})
	t.Run("tf_idf adapt", func(t *testing.T) {
		l := NewStringLookup(With("max_tokens", 7), With("mask_token", ""), With("oov_token", "[OOV]"), With("output_mode", "tf_idf"))
		if err := l.Adapt(strT(t, []int{6}, "one", "one", "one", "two", "two", "three")); err != nil {
			t.Fatal(err)
		}
		got := call1(t, l, strT(t, []int{3}, "one", "two", "four"))
		wantF32(t, got.Float32s(), []float64{1.1337324, 0.91629076, 1.0986123, 0}, 1e-6)
		idf := []float64{math.Log(1 + 6.0/4), math.Log(1 + 6.0/3), math.Log(1 + 6.0/2)}
		wantF32(t, l.IDFWeights()[1:], idf, 1e-6)
	})
	t.Run("tf_idf batched adapt", func(t *testing.T) {
		l := NewStringLookup(With("max_tokens", 7), With("mask_token", ""), With("oov_token", "[OOV]"), With("output_mode", "tf_idf"))
		if err := l.Adapt(strT(t, []int{3, 2}, "one", "one", "one", "two", "two", "three")); err != nil {
			t.Fatal(err)
		}
		idf := []float64{math.Log(1 + 3.0/3), math.Log(1 + 3.0/3), math.Log(1 + 3.0/2)}
		wantF32(t, l.IDFWeights()[1:], idf, 1e-6)
		if v := l.GetVocabulary(false); !slices.Equal(v, []string{"one", "two", "three"}) {
			t.Errorf("vocabulary %q", v)
		}
	})
	t.Run("pad_to_max_tokens", func(t *testing.T) {
		l := NewStringLookup(With("vocabulary", []string{"a", "b"}), With("output_mode", "multi_hot"), With("max_tokens", 5), With("pad_to_max_tokens", true))
		got := call1(t, l, strT(t, []int{1, 2}, "b", "z"))
		if !got.Shape().Equal(tensor.Shape{1, 5}) {
			t.Fatalf("shape %v", got.Shape())
		}
		wantF32(t, got.Float32s(), []float64{1, 0, 1, 0, 0}, 0)
	})
	t.Run("one_hot", func(t *testing.T) {
		l := NewStringLookup(With("vocabulary", []string{"a", "b"}), With("output_mode", "one_hot"))
		got := call1(t, l, strT(t, []int{3, 1}, "b", "z", "a"))
		if !got.Shape().Equal(tensor.Shape{3, 3}) {
			t.Fatalf("shape %v", got.Shape())
		}
		wantF32(t, got.Float32s(), []float64{0, 0, 1, 1, 0, 0, 0, 1, 0}, 0)
	})
}

func TestStringLookupOOVBuckets(t *testing.T) {
	l := NewStringLookup(With("vocabulary", []string{"a"}), With("num_oov_indices", 3))
	got := call1(t, l, strT(t, []int{4}, "a", "x", "y", "x"))
	v := got.Int64s()
	if v[0] != 3 || v[1] != v[3] || v[1] < 0 || v[1] > 2 || v[2] < 0 || v[2] > 2 {
		t.Errorf("got %v: want a at 3 and OOV values in buckets 0..2, equal values equal", v)
	}
	if want := int64(farmFingerprint64([]byte("x")) % 3); v[1] != want {
		t.Errorf("bucket of x = %d, want Fingerprint64 %% 3 = %d", v[1], want)
	}
	l0 := NewStringLookup(With("vocabulary", []string{"a"}), With("num_oov_indices", 0))
	if _, err := CallLayer(&Context{}, l0, []*tensor.Tensor{strT(t, []int{2}, "a", "q")}); err == nil || !strings.Contains(err.Error(), "found OOV values [q]") {
		t.Errorf("num_oov_indices=0: error %v", err)
	}
}

func TestIntegerLookup(t *testing.T) {
	l := NewIntegerLookup()
	data, _ := tensor.FromInt64([]int64{12, 1138, 1138, 42, 42, 42, 7}, 7)
	if err := l.Adapt(data); err != nil {
		t.Fatal(err)
	}
	if v := l.GetVocabulary(true); !slices.Equal(v, []int64{-1, 42, 1138, 12, 7}) {
		t.Errorf("vocabulary %v", v)
	}
	x, _ := tensor.FromInt32([]int32{12, 1138, 42, 99}, 4)
	got := call1(t, l, x)
	if !slices.Equal(got.Int64s(), []int64{3, 2, 1, 0}) {
		t.Errorf("got %v", got.Int64s())
	}
	t.Run("floormod buckets", func(t *testing.T) {
		l := NewIntegerLookup(With("vocabulary", []int{5}), With("num_oov_indices", 2), With("mask_token", 0))
		x, _ := tensor.FromInt64([]int64{0, 5, 7, -3, 8}, 5)
		got := call1(t, l, x)
		// mask 0 -> 0; OOV buckets 1, 2 by floormod; 5 -> 3.
		if !slices.Equal(got.Int64s(), []int64{0, 3, 2, 2, 1}) {
			t.Errorf("got %v", got.Int64s())
		}
	})
	t.Run("invert", func(t *testing.T) {
		l := NewIntegerLookup(With("vocabulary", []int{12, 36}), With("invert", true))
		x, _ := tensor.FromInt64([]int64{1, 2, 0, 9}, 4)
		got := call1(t, l, x)
		if !slices.Equal(got.Int64s(), []int64{12, 36, -1, -1}) {
			t.Errorf("got %v", got.Int64s())
		}
	})
	t.Run("multi_hot", func(t *testing.T) {
		l := NewIntegerLookup(With("vocabulary", []int{12, 36}), With("output_mode", "multi_hot"))
		x, _ := tensor.FromInt64([]int64{12, 12, 5, 36, 36, 36}, 2, 3)
		got := call1(t, l, x)
		wantF32(t, got.Float32s(), []float64{1, 1, 0, 0, 0, 1}, 0)
	})
}

func TestLookupErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		l    Layer
		want string
	}{
		{"max_tokens", NewStringLookup(With("max_tokens", 1)), "`max_tokens` must be greater than 1"},
		{"num_oov", NewStringLookup(With("num_oov_indices", -1)), "`num_oov_indices` must be greater than or equal to 0"},
		{"mode", NewStringLookup(With("output_mode", "bogus")), "output_mode"},
		{"invert mode", NewStringLookup(With("invert", true), With("output_mode", "count")), "`output_mode` must be `'int'` when `invert` is true"},
		{"repeated", NewStringLookup(With("vocabulary", []string{"a", "a"})), "repeated"},
		{"mask in vocab", NewStringLookup(With("vocabulary", []string{"a", "m"}), With("mask_token", "m")), "reserved mask token"},
		{"tf_idf without weights", NewStringLookup(With("vocabulary", []string{"a"}), With("output_mode", "tf_idf")), "`idf_weights` argument must also be provided"},
		{"idf without tf_idf", NewStringLookup(With("idf_weights", []float64{1})), "`idf_weights` should only be set"},
		{"too many tokens", NewStringLookup(With("vocabulary", []string{"a", "b", "c"}), With("max_tokens", 3)), "larger than the maximum vocab size"},
		{"pad without max", NewStringLookup(With("pad_to_max_tokens", true)), "must set `max_tokens`"},
		{"salt int floormod", NewIntegerLookup(With("salt", 3)), "`salt` can only be used when `oov_method='farmhash'`"},
		{"unknown arg", NewStringLookup(With("bogus", 1)), "unrecognized keyword arguments passed to StringLookup: bogus"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.l.Base().Err(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
	l := NewStringLookup(With("vocabulary", []string{"a"}))
	if err := l.Adapt(strT(t, []int{1}, "b")); err == nil || !strings.Contains(err.Error(), "cannot adapt layer") {
		t.Errorf("adapt with a fixed vocabulary: %v", err)
	}
	l2 := NewStringLookup(With("output_mode", "count"))
	if _, err := CallLayer(&Context{}, l2, []*tensor.Tensor{strT(t, []int{1}, "b")}); err == nil || !strings.Contains(err.Error(), "you must set the layer's vocabulary") {
		t.Errorf("count without vocabulary: %v", err)
	}
}

func TestLookupConfigRoundTrip(t *testing.T) {
	for _, l := range []Layer{
		NewStringLookup(With("vocabulary", []string{"a", "b"}), With("mask_token", ""), WithName("sl")),
		NewStringLookup(With("vocabulary", []string{"a", "b"}), With("output_mode", "tf_idf"), With("idf_weights", []float64{0.5, 0.25})),
		NewIntegerLookup(With("vocabulary", []int{3, 9}), With("num_oov_indices", 2), With("oov_method", "farmhash"), With("salt", []int{1, 2})),
		NewTextVectorization(With("vocabulary", []string{"x", "y"}), With("output_sequence_length", 4), With("ngrams", 2)),
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
	cfg := NewStringLookup().GetConfig()
	for _, k := range []string{"invert", "max_tokens", "num_oov_indices", "oov_token", "mask_token", "output_mode", "sparse", "pad_to_max_tokens", "idf_weights", "vocabulary", "vocabulary_size", "oov_method", "salt", "encoding", "name", "trainable", "dtype"} {
		if _, ok := cfg[k]; !ok {
			t.Errorf("StringLookup config lacks %q", k)
		}
	}
}

func sameConfig(a, b map[string]any) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if k == "name" {
			continue
		}
		if fmtAny(v) != fmtAny(b[k]) {
			return false
		}
	}
	return true
}

func fmtAny(v any) string { return strings.ReplaceAll(strings.TrimSpace(sprint(v)), " ", "") }
