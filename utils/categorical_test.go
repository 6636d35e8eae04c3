package utils

import (
	"strings"
	"testing"

	"github.com/gokeras/keras/tensor"
)

func TestToCategoricalGolden(t *testing.T) {
	for _, c := range loadGolden(t).ToCategorical {
		for _, dt := range []tensor.DType{tensor.Int32, tensor.Int64, tensor.Uint8, tensor.Float32} {
			y := labelTensor(t, dt, c.Y, c.Shape)
			got, err := ToCategorical(y, c.NumClasses)
			if err != nil {
				t.Fatalf("ToCategorical(%v %v, %d): %v", c.Y, c.Shape, c.NumClasses, err)
			}
			if !got.Shape().Equal(tensor.Shape(c.OutShape)) || got.DType() != tensor.Float32 {
				t.Fatalf("ToCategorical(%v %v, %d) is %v %v, want float32 %v", c.Y, c.Shape, c.NumClasses, got.DType(), got.Shape(), tensor.Shape(c.OutShape))
			}
			for i, w := range c.Out {
				if got.At(i) != w {
					t.Fatalf("ToCategorical(%v, %d)[%d] = %v, want %v", c.Y, c.NumClasses, i, got.At(i), w)
				}
			}
		}
	}
}

func labelTensor(t *testing.T, dt tensor.DType, y []int64, shape []int) *tensor.Tensor {
	t.Helper()
	x, err := tensor.New(dt, shape...)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range y {
		switch dt {
		case tensor.Int32:
			x.Int32s()[i] = int32(v)
		case tensor.Int64:
			x.Int64s()[i] = v
		case tensor.Uint8:
			x.Uint8s()[i] = uint8(v)
		case tensor.Float32:
			x.Float32s()[i] = float32(v)
		}
	}
	return x
}

func TestToCategoricalErrors(t *testing.T) {
	ints := func(v ...int32) *tensor.Tensor {
		x, _ := tensor.FromInt32(v, len(v))
		return x
	}
	half, _ := tensor.FromFloat32([]float32{0, 1.5}, 2)
	empty, _ := tensor.New(tensor.Int32, 0)
	flags, _ := tensor.FromBool([]bool{true}, 1)
	for _, tc := range []struct {
		name string
		y    *tensor.Tensor
		n    int
		want string
	}{
		{"negative label", ints(0, -2, 1), 3, "label -2"},
		{"label too big", ints(0, 7, 1), 3, "label 7"},
		{"negative num_classes", ints(0), -1, "num_classes=-1"},
		{"fractional", half, 2, "1.5"},
		{"empty infer", empty, 0, "empty"},
		{"bool", flags, 2, "dtype bool"},
		{"nil", nil, 2, "nil"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ToCategorical(tc.y, tc.n)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ToCategorical error = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestToCategoricalEmptyWithClasses(t *testing.T) {
	empty, _ := tensor.New(tensor.Int32, 0)
	got, err := ToCategorical(empty, 4)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Shape().Equal(tensor.Shape{0, 4}) {
		t.Errorf("shape %v, want (0, 4)", got.Shape())
	}
}
