package layers

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gokeras/keras/internal/gradcheck"
	"github.com/gokeras/keras/tensor"
)

func TestTimeDistributed(t *testing.T) {
	const B, T, I, U = 2, 3, 4, 5
	td := NewTimeDistributed(NewDense(U, WithName("proj")), WithName("td"))
	x := gradcheck.Random(1, -1, 1, B, T, I)
	out, err := CallLayer(&Context{}, td, []*tensor.Tensor{x})
	if err != nil {
		t.Fatal(err)
	}
	if !out[0].Shape().Equal(tensor.Shape{B, T, U}) {
		t.Fatalf("shape %v", out[0].Shape())
	}
	if p := Weights(td)[0].Path(); p != "td/proj/kernel" {
		t.Fatalf("path %q", p)
	}
	d := td.Layer.(*Dense)
	for b := 0; b < B; b++ {
		for s := 0; s < T; s++ {
			slice, _ := tensor.FromFloat32(x.Float32s()[(b*T+s)*I:(b*T+s+1)*I], 1, I)
			want, err := d.Call(&Context{}, []*tensor.Tensor{slice})
			if err != nil {
				t.Fatal(err)
			}
			rnnClose(t, fmt.Sprint("slice ", b, s), out[0].Float32s()[(b*T+s)*U:(b*T+s+1)*U], f64s(want[0].Float32s()), 1e-6)
		}
	}
	f := func(in []*tensor.Tensor) (*tensor.Tensor, error) {
		o, err := CallLayer(&Context{}, td, in)
		if err != nil {
			return nil, err
		}
		return o[0], nil
	}
	if err := gradcheck.Check(f, []*tensor.Tensor{x}, gradcheck.Options{}); err != nil {
		t.Fatal(err)
	}
	l2, err := FromConfig("TimeDistributed", td.GetConfig())
	if err != nil {
		t.Fatal(err)
	}
	if a, b := fmt.Sprint(td.GetConfig()), fmt.Sprint(l2.GetConfig()); a != b {
		t.Fatalf("config round trip:\n%s\n%s", a, b)
	}
	if _, err := CallLayer(&Context{}, NewTimeDistributed(NewDense(2)), []*tensor.Tensor{tensor.Zeros(2, 3)}); err == nil || !strings.Contains(err.Error(), "at least 3 dimensions") {
		t.Fatalf("rank error: %v", err)
	}
}
