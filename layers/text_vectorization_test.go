package layers

import (
	"slices"
	"strings"
	"testing"

	"github.com/gokeras/keras/tensor"
)

// Expectations from Keras's text_vectorization_test.py.
func TestTextVectorizationKeras(t *testing.T) {
	t.Run("adapt flow", func(t *testing.T) {
		l := NewTextVectorization(With("max_tokens", 5000), With("output_sequence_length", 4))
		if err := l.Adapt(strT(t, []int{3}, "foo bar", "bar baz", "baz bada boom")); err != nil {
			t.Fatal(err)
		}
		got := call1(t, l, strT(t, []int{2, 1}, "foo qux bar", "qux baz"))
		if !got.Shape().Equal(tensor.Shape{2, 4}) || !slices.Equal(got.Int64s(), []int64{4, 1, 3, 0, 1, 2, 0, 0}) {
			t.Errorf("got %v", got)
		}
		if v := l.GetVocabulary(true); !slices.Equal(v, []string{"", "[UNK]", "baz", "bar", "foo", "boom", "bada"}) {
			t.Errorf("vocabulary %q", v)
		}
	})
	t.Run("ragged padding", func(t *testing.T) {
		l := NewTextVectorization(With("vocabulary", []string{"baz", "bar", "foo"}))
		got := call1(t, l, strT(t, []int{3}, "foo qux bar", "qux baz", "foo"))
		if !got.Shape().Equal(tensor.Shape{3, 3}) || !slices.Equal(got.Int64s(), []int64{4, 1, 3, 1, 2, 0, 4, 0, 0}) {
			t.Errorf("got %v", got)
		}
	})
	t.Run("multi_hot", func(t *testing.T) {
		l := NewTextVectorization(With("output_mode", "multi_hot"), With("vocabulary", []string{"foo", "bar", "baz"}))
		got := call1(t, l, strT(t, []int{2}, "foo bar", "baz foo foo"))
		wantF32(t, got.Float32s(), []float64{0, 1, 1, 0, 0, 1, 0, 1}, 0)
	})
	t.Run("count", func(t *testing.T) {
		l := NewTextVectorization(With("output_mode", "count"), With("vocabulary", []string{"foo", "bar", "baz"}))
		got := call1(t, l, strT(t, []int{2}, "foo bar", "baz foo foo"))
		wantF32(t, got.Float32s(), []float64{0, 1, 1, 0, 0, 2, 0, 1}, 0)
	})
	t.Run("tf_idf", func(t *testing.T) {
		l := NewTextVectorization(With("output_mode", "tf_idf"), With("vocabulary", []string{"foo", "bar", "baz"}), With("idf_weights", []float64{0.3, 0.5, 0.2}))
		got := call1(t, l, strT(t, []int{2}, "foo bar", "baz foo foo"))
		wantF32(t, got.Float32s(), []float64{0, 0.3, 0.5, 0, 0, 0.6, 0, 0.2}, 1e-6)
	})
	t.Run("lower_and_strip_punctuation", func(t *testing.T) {
		l := NewTextVectorization(With("vocabulary", []string{"hello", "world", "this", "is", "nice", "test"}))
		got := call1(t, l, strT(t, []int{1}, "Hello, World!. This is just a nice test!"))
		if !slices.Equal(got.Int64s(), []int64{2, 3, 4, 5, 1, 1, 6, 7}) {
			t.Errorf("got %v", got.Int64s())
		}
	})
	t.Run("lower", func(t *testing.T) {
		l := NewTextVectorization(With("standardize", "lower"), With("vocabulary", []string{"hello,", "hello", "world", "this", "is", "nice", "test"}))
		got := call1(t, l, strT(t, []int{1}, "Hello, World!. This is just a nice test!"))
		if !slices.Equal(got.Int64s(), []int64{2, 1, 5, 6, 1, 1, 7, 1}) {
			t.Errorf("got %v", got.Int64s())
		}
	})
	t.Run("character split", func(t *testing.T) {
		l := NewTextVectorization(With("split", "character"), With("vocabulary", []string{"a", "b", "c", "d", "e"}))
		got := call1(t, l, strT(t, []int{1}, "abcf"))
		if !slices.Equal(got.Int64s(), []int64{2, 3, 4, 1}) {
			t.Errorf("got %v", got.Int64s())
		}
	})
	t.Run("ngrams", func(t *testing.T) {
		l := NewTextVectorization(With("ngrams", 2), With("vocabulary", []string{"a", "b", "a b"}), With("standardize", nil))
		got := call1(t, l, strT(t, []int{1}, "a b c"))
		// unigrams a b c, then bigrams "a b" "b c"
		if !slices.Equal(got.Int64s(), []int64{2, 3, 1, 4, 1}) {
			t.Errorf("got %v", got.Int64s())
		}
	})
	t.Run("output_sequence_length truncates", func(t *testing.T) {
		l := NewTextVectorization(With("vocabulary", []string{"a"}), With("output_sequence_length", 2))
		got := call1(t, l, strT(t, []int{1}, "a b a"))
		if !slices.Equal(got.Int64s(), []int64{2, 1}) {
			t.Errorf("got %v", got.Int64s())
		}
	})
}

func TestTextStandardizeSplit(t *testing.T) {
	for _, tc := range []struct {
		in, std, split string
		want           []string
	}{
		{"  Héllo,\tWORLD\n!  ", "lower_and_strip_punctuation", "whitespace", []string{"héllo", "world"}},
		{"A-b_c", "strip_punctuation", "whitespace", []string{"Abc"}},
		{"ÀB", "lower", "whitespace", []string{"Àb"}}, // ASCII only, as tf.strings.lower
		{"añb", "", "character", []string{"a", "ñ", "b"}},
		{"x y", "", "", []string{"x y"}},
		{"bad\xffutf", "", "character", []string{"b", "a", "d", "\uFFFD", "u", "t", "f"}},
	} {
		std, _ := standardizeText(tc.in, tc.std, nil)
		got := splitText(nil, std, tc.split)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q (%s, %s): got %q, want %q", tc.in, tc.std, tc.split, got, tc.want)
		}
	}
}

func TestTextVectorizationErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		l    *TextVectorization
		want string
	}{
		{"standardize", NewTextVectorization(With("standardize", "upper")), "standardize"},
		{"split", NewTextVectorization(With("split", "comma")), "split"},
		{"seq len with count", NewTextVectorization(With("output_mode", "count"), With("output_sequence_length", 3)), "`output_sequence_length` must not be set"},
		{"ngrams", NewTextVectorization(With("ngrams", "two")), "`ngrams` must be None"},
		{"ragged", NewTextVectorization(With("ragged", true)), "ragged"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.l.Err(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
	l := NewTextVectorization(With("vocabulary", []string{"a"}))
	if _, err := CallLayer(&Context{}, l, []*tensor.Tensor{strT(t, []int{1, 2}, "a", "b")}); err == nil || !strings.Contains(err.Error(), "last shape dimension must be 1") {
		t.Errorf("rank-2 input: %v", err)
	}
}

// The op recomputes from its input on every replay, reading the current
// vocabulary, and reports texts longer than the traced width.
func TestTextVectorizationReplay(t *testing.T) {
	l := NewTextVectorization(With("vocabulary", []string{"a", "b"}))
	x := tensor.Track(strT(t, []int{2}, "a b", "b"), false)
	y := call1(t, l, x)
	if !slices.Equal(y.Int64s(), []int64{2, 3, 3, 0}) {
		t.Fatalf("got %v", y.Int64s())
	}
	op := y.Node().Op
	copy(x.Strings(), []string{"b", "q a"})
	op.Forward(y, []*tensor.Tensor{x})
	if !slices.Equal(y.Int64s(), []int64{3, 0, 1, 2}) {
		t.Errorf("replay: got %v", y.Int64s())
	}
	copy(x.Strings(), []string{"a a a", "b"})
	op.Forward(y, []*tensor.Tensor{x})
	if err := op.(interface{ Err() error }).Err(); err == nil || !strings.Contains(err.Error(), "output_sequence_length") {
		t.Errorf("longer text on replay: %v", err)
	}
}
