package layers

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

func sprint(v any) string { return fmt.Sprint(v) }

func tensorInt64(t interface{ Fatal(...any) }, v ...int64) (*tensor.Tensor, error) {
	x, err := tensor.FromInt64(v, len(v))
	if err != nil {
		t.Fatal(err)
	}
	return x, nil
}
