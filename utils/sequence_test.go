package utils

import (
	"slices"
	"strings"
	"testing"

	"github.com/gokeras/keras/tensor"
)

func TestPadSequences(t *testing.T) {
	seqs := [][]int32{{1}, {2, 3}, {4, 5, 6}, {}}
	for _, tc := range []struct {
		name  string
		opts  []PadOption
		shape tensor.Shape
		want  []int32
	}{
		{"defaults", nil, tensor.Shape{4, 3}, []int32{0, 0, 1, 0, 2, 3, 4, 5, 6, 0, 0, 0}},
		{"post padding", []PadOption{PadPadding("post")}, tensor.Shape{4, 3}, []int32{1, 0, 0, 2, 3, 0, 4, 5, 6, 0, 0, 0}},
		{"maxlen pre truncating", []PadOption{PadMaxLen(2)}, tensor.Shape{4, 2}, []int32{0, 1, 2, 3, 5, 6, 0, 0}},
		{"maxlen post truncating", []PadOption{PadMaxLen(2), PadTruncating("post")}, tensor.Shape{4, 2}, []int32{0, 1, 2, 3, 4, 5, 0, 0}},
		{"value", []PadOption{PadMaxLen(4), PadValue(-1), PadPadding("post")}, tensor.Shape{4, 4}, []int32{1, -1, -1, -1, 2, 3, -1, -1, 4, 5, 6, -1, -1, -1, -1, -1}},
		{"maxlen 0", []PadOption{PadMaxLen(0)}, tensor.Shape{4, 0}, []int32{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := PadSequences(seqs, tc.opts...)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Shape().Equal(tc.shape) || !slices.Equal(got.Int32s(), tc.want) {
				t.Errorf("got %v %v, want %v %v", got.Shape(), got.Int32s(), tc.shape, tc.want)
			}
		})
	}
}

func TestPadSequencesDTypes(t *testing.T) {
	f, err := PadSequences([][]int32{{7, 8}}, PadDType(tensor.Float32), PadMaxLen(3), PadValue(0.5))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(f.Float32s(), []float32{0.5, 7, 8}) {
		t.Errorf("float32: got %v", f.Float32s())
	}
	i, err := PadSequences([][]int32{{7, 8}}, PadDType(tensor.Int64))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(i.Int64s(), []int64{7, 8}) {
		t.Errorf("int64: got %v", i.Int64s())
	}
	e, err := PadSequences(nil, PadMaxLen(5))
	if err != nil || !e.Shape().Equal(tensor.Shape{0, 5}) {
		t.Errorf("no sequences with maxlen: got %v, %v; want shape (0, 5)", e, err)
	}
}

func TestPadSequencesErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		seqs [][]int32
		opts []PadOption
		want string
	}{
		{"empty", nil, nil, "empty"},
		{"padding", [][]int32{{1}}, []PadOption{PadPadding("middle")}, `padding type "middle"`},
		{"truncating", [][]int32{{1}}, []PadOption{PadTruncating("x")}, `truncating type "x"`},
		{"dtype", [][]int32{{1}}, []PadOption{PadDType(tensor.String)}, "dtype string"},
		{"maxlen", [][]int32{{1}}, []PadOption{PadMaxLen(-3)}, "maxlen=-3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := PadSequences(tc.seqs, tc.opts...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}
