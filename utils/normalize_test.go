package utils

import (
	"strings"
	"testing"

	"github.com/gokeras/keras/tensor"
)

func TestNormalizeGolden(t *testing.T) {
	for _, c := range loadGolden(t).Normalize {
		data := make([]float32, len(c.X))
		for i, v := range c.X {
			data[i] = float32(v)
		}
		x, err := tensor.FromFloat32(data, c.Shape...)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Normalize(x, c.Axis, c.Order)
		if err != nil {
			t.Fatalf("Normalize(%v, axis=%d, order=%d): %v", x.Shape(), c.Axis, c.Order, err)
		}
		if !got.Shape().Equal(x.Shape()) {
			t.Fatalf("shape %v, want %v", got.Shape(), x.Shape())
		}
		for i, w := range c.Out {
			if !closeTo(got.At(i), w) {
				t.Fatalf("Normalize(%v, axis=%d, order=%d)[%d] = %v, want %v", x.Shape(), c.Axis, c.Order, i, got.At(i), w)
			}
		}
	}
}

func TestNormalizeIntInputAndErrors(t *testing.T) {
	x, _ := tensor.FromInt32([]int32{3, 4, 0, 0}, 2, 2)
	got, err := Normalize(x, -1, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{0.6, 0.8, 0, 0}
	for i, w := range want {
		if got.Float32s()[i] != w {
			t.Errorf("[%d] = %v, want %v", i, got.Float32s()[i], w)
		}
	}
	if _, err := Normalize(x, 2, 2); err == nil || !strings.Contains(err.Error(), "axis 2") {
		t.Errorf("axis out of range: error %v", err)
	}
	if _, err := Normalize(tensor.Scalar(3), -1, 2); err == nil || !strings.Contains(err.Error(), "rank 0") {
		t.Errorf("scalar: error %v", err)
	}
	if _, err := Normalize(nil, 0, 2); err == nil {
		t.Error("Normalize(nil) succeeded")
	}
}
