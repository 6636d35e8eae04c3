package cifar

import (
	"errors"
	"fmt"

	"github.com/gokeras/keras/internal/pickle"
)

// maxValues bounds the values one batch pickle may create (CIFAR-100's
// training batch holds about 150,000 labels and file names).
const maxValues = 1 << 21

// DecodeBatch decodes one pickled batch file (Keras's cifar.load_batch):
// b"data", a (n, 3072) uint8 array, and the label list under labelKey.
// The pickle may come from Python 2 (as the original files) or Python 3 at
// any protocol; it is read by internal/pickle, which calls no code.
func DecodeBatch(raw []byte, labelKey string) (Batch, error) {
	v, err := pickle.Load(raw, pickle.Options{Allowed: pickle.NumpyBytesGlobals, MaxValues: maxValues, ShareInput: true})
	if err != nil {
		return Batch{}, err
	}
	d, ok := v.(*pickle.Dict)
	if !ok {
		return Batch{}, fmt.Errorf("batch pickle holds a %T, want a dict", v)
	}
	dv, ok := d.GetText("data")
	if !ok {
		return Batch{}, errors.New("batch dict has no b'data' key")
	}
	arr, err := pickle.NDArray(dv)
	if err != nil {
		return Batch{}, fmt.Errorf("b'data': %w", err)
	}
	if len(arr.Shape) != 2 || arr.Shape[1] != 3*32*32 {
		return Batch{}, fmt.Errorf("b'data' has shape %v, want (n, 3072)", arr.Shape)
	}
	data, err := arr.Bytes()
	if err != nil {
		return Batch{}, fmt.Errorf("b'data': %w", err)
	}
	labels, err := intList(d, labelKey)
	if err != nil {
		return Batch{}, err
	}
	if len(labels) != arr.Shape[0] {
		return Batch{}, fmt.Errorf("b'%s' has %d labels for %d images", labelKey, len(labels), arr.Shape[0])
	}
	return Batch{Data: data, N: arr.Shape[0], Labels: labels}, nil
}

// intList returns the list of integers under key (CIFAR's labels).
func intList(d *pickle.Dict, key string) ([]int64, error) {
	v, ok := d.GetText(key)
	if !ok {
		return nil, fmt.Errorf("batch dict has no b'%s' key", key)
	}
	l, ok := v.(*pickle.List)
	if !ok {
		return nil, fmt.Errorf("b'%s' is a %T, want a list of ints", key, v)
	}
	if !l.IntsOnly() {
		return nil, fmt.Errorf("b'%s' holds a non-integer item", key)
	}
	return l.Ints, nil
}
