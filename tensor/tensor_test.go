package tensor

import (
	"strings"
	"testing"
)

func TestShape(t *testing.T) {
	cases := []struct {
		s    Shape
		str  string
		size int
	}{
		{Shape{}, "()", 1},
		{Shape{3}, "(3,)", 3},
		{Shape{-1, 28, 28}, "(None, 28, 28)", -1},
		{Shape{2, 0, 4}, "(2, 0, 4)", 0},
	}
	for _, c := range cases {
		if c.s.String() != c.str || c.s.Size() != c.size {
			t.Errorf("%v: String %q Size %d, want %q %d", []int(c.s), c.s.String(), c.s.Size(), c.str, c.size)
		}
	}
	if !(Shape{-1, 3}).Compatible(Shape{5, 3}) || (Shape{-1, 3}).Compatible(Shape{5, 4}) {
		t.Error("Compatible")
	}
	if st := (Shape{2, 3, 4}).Strides(); st[0] != 12 || st[1] != 4 || st[2] != 1 {
		t.Errorf("Strides = %v", st)
	}
	if a, err := NormAxis(-1, 3); err != nil || a != 2 {
		t.Errorf("NormAxis(-1, 3) = %d, %v", a, err)
	}
	if _, err := NormAxis(3, 3); err == nil {
		t.Error("axis 3 of rank 3 should fail")
	}
}

func TestNewBoundsAllocation(t *testing.T) {
	for _, s := range [][]int{{1 << 20, 1 << 20, 1 << 20}, {-2, 3}, {1 << 62, 4}} {
		if _, err := New(Float32, s...); err == nil {
			t.Errorf("New(%v) should fail without allocating", s)
		}
	}
	if _, err := FromFloat32(make([]float32, 5), 2, 3); err == nil || !strings.Contains(err.Error(), "5 values do not fill shape (2, 3)") {
		t.Errorf("FromFloat32 size mismatch: %v", err)
	}
}

func TestDTypes(t *testing.T) {
	for _, d := range []DType{Float32, Int32, Int64, Uint8, Bool} {
		p, err := ParseDType(d.String())
		if err != nil || p != d {
			t.Errorf("ParseDType(%q) = %v, %v", d.String(), p, err)
		}
		x, err := New(d, 2, 2)
		if err != nil || x.Size() != 4 || x.DType() != d {
			t.Errorf("New(%v): %v %v", d, x, err)
		}
	}
	if _, err := ParseDType("float16"); err == nil {
		t.Error("float16 is not supported and should fail")
	}
}

func TestViewCloneCopy(t *testing.T) {
	x, _ := FromFloat32([]float32{1, 2, 3, 4, 5, 6}, 2, 3)
	v, err := x.View(3, 2)
	if err != nil {
		t.Fatal(err)
	}
	v.Float32s()[0] = 9
	if x.Float32s()[0] != 9 {
		t.Error("View must share storage")
	}
	c := x.Clone()
	c.Float32s()[1] = 7
	if x.Float32s()[1] == 7 {
		t.Error("Clone must not share storage")
	}
	if _, err := x.View(4, 2); err == nil {
		t.Error("View to a different size should fail")
	}
	i, _ := New(Int32, 6)
	if err := x.CopyFrom(i); err == nil {
		t.Error("CopyFrom across dtypes should fail")
	}
}

func TestVariable(t *testing.T) {
	v := NewVariable("kernel", "dense/kernel", Zeros(2, 3), true)
	if !v.Trainable() || !v.Value().NeedsGrad() || v.Path() != "dense/kernel" {
		t.Fatalf("variable state: trainable %v needsGrad %v path %q", v.Trainable(), v.Value().NeedsGrad(), v.Path())
	}
	v.SetTrainable(false)
	if v.Trainable() || !v.Value().Tracked() {
		t.Error("a frozen variable stays tracked but gets no gradient")
	}
	err := v.Assign(Zeros(3, 2))
	if err == nil || !strings.Contains(err.Error(), `variable "dense/kernel": cannot assign a value of shape (3, 2) to a variable of shape (2, 3)`) {
		t.Errorf("Assign shape mismatch: %v", err)
	}
}
