package pickle

import (
	"errors"
	"fmt"
)

// GetText returns the value under the key name given either as bytes or
// as str: Python 2 pickles (and Python 3 ones such as CIFAR's) key their
// dicts by bytes, which Keras decodes with k.decode("utf8").
func (d *Dict) GetText(name string) (any, bool) {
	for i := len(d.Keys) - 1; i >= 0; i-- {
		switch k := d.Keys[i].(type) {
		case string:
			if k == name {
				return d.Values[i], true
			}
		case Bytes:
			if string(k) == name {
				return d.Values[i], true
			}
		}
	}
	return nil, false
}

// Bytes returns the row-major data of an array of a one-byte dtype (numpy
// u1, i1 or b1, as the uint8 images of the CIFAR batches), checked to hold
// exactly one byte per element of its shape.
func (a *Array) Bytes() ([]byte, error) {
	switch a.Descr {
	case "u1", "i1", "b1":
	default:
		return nil, fmt.Errorf("pickle: numpy array of dtype %q is not of a one-byte dtype (u1, i1, b1)", a.Descr)
	}
	if a.Fortran && len(a.Shape) > 1 {
		return nil, errors.New("pickle: Fortran-ordered arrays are not supported")
	}
	n := 1
	for _, d := range a.Shape {
		n *= d // NDArray bounds the product by 1<<40
	}
	if len(a.Raw) != n {
		return nil, fmt.Errorf("pickle: numpy array of shape %v needs %d bytes, holds %d", a.Shape, n, len(a.Raw))
	}
	return a.Raw, nil
}
