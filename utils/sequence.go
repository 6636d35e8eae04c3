package utils

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// PadOption sets one argument of PadSequences.
type PadOption func(*padOptions)

type padOptions struct {
	maxlen     int // -1: the longest sequence
	dtype      tensor.DType
	padding    string
	truncating string
	value      float64
}

// PadMaxLen sets maxlen: the length of every output sequence (default: the
// longest input sequence).
func PadMaxLen(n int) PadOption { return func(o *padOptions) { o.maxlen = n } }

// PadDType sets the output dtype: tensor.Int32 (the default, Keras's
// "int32"), tensor.Int64 or tensor.Float32.
func PadDType(d tensor.DType) PadOption { return func(o *padOptions) { o.dtype = d } }

// PadPadding sets padding: "pre" (the default, pad before) or "post".
func PadPadding(s string) PadOption { return func(o *padOptions) { o.padding = s } }

// PadTruncating sets truncating: "pre" (the default, drop values from the
// start of longer sequences) or "post".
func PadTruncating(s string) PadOption { return func(o *padOptions) { o.truncating = s } }

// PadValue sets the padding value (default 0).
func PadValue(v float64) PadOption { return func(o *padOptions) { o.value = v } }

// PadSequences is keras.utils.pad_sequences: it returns a (len(sequences),
// maxlen) tensor holding each sequence, padded with value (before it with
// padding "pre", after it with "post") or truncated (dropping its first
// values with truncating "pre", its last ones with "post"). maxlen defaults
// to the longest sequence.
//
// Deviations from Keras: sequences are of int32 scalars (no sample shape);
// an empty list of sequences without maxlen is an error (numpy's max of an
// empty array), as is maxlen < 0.
func PadSequences(sequences [][]int32, opts ...PadOption) (*tensor.Tensor, error) {
	o := padOptions{maxlen: -1, dtype: tensor.Int32, padding: "pre", truncating: "pre"}
	for _, f := range opts {
		if f != nil {
			f(&o)
		}
	}
	if o.padding != "pre" && o.padding != "post" {
		return nil, fmt.Errorf("pad_sequences: padding type %q not understood (expected \"pre\" or \"post\")", o.padding)
	}
	if o.truncating != "pre" && o.truncating != "post" {
		return nil, fmt.Errorf("pad_sequences: truncating type %q not understood (expected \"pre\" or \"post\")", o.truncating)
	}
	if o.dtype != tensor.Int32 && o.dtype != tensor.Int64 && o.dtype != tensor.Float32 {
		return nil, fmt.Errorf("pad_sequences: dtype %v is not supported (int32, int64 or float32)", o.dtype)
	}
	maxlen := o.maxlen
	if maxlen < -1 {
		return nil, fmt.Errorf("pad_sequences: maxlen must be a non-negative integer, received maxlen=%d", maxlen)
	}
	if maxlen == -1 {
		if len(sequences) == 0 {
			return nil, fmt.Errorf("pad_sequences: `sequences` is empty and no maxlen was given")
		}
		maxlen = 0
		for _, s := range sequences {
			maxlen = max(maxlen, len(s))
		}
	}
	out, err := tensor.New(o.dtype, len(sequences), maxlen)
	if err != nil {
		return nil, fmt.Errorf("pad_sequences: %w", err)
	}
	set := func(i int, v float64) {
		switch o.dtype {
		case tensor.Int32:
			out.Int32s()[i] = int32(v)
		case tensor.Int64:
			out.Int64s()[i] = int64(v)
		default:
			out.Float32s()[i] = float32(v)
		}
	}
	for i := range out.Size() {
		set(i, o.value)
	}
	for r, s := range sequences {
		if len(s) > maxlen {
			if o.truncating == "pre" {
				s = s[len(s)-maxlen:]
			} else {
				s = s[:maxlen]
			}
		}
		start := r * maxlen
		if o.padding == "pre" {
			start += maxlen - len(s)
		}
		for j, v := range s {
			set(start+j, float64(v))
		}
	}
	return out, nil
}
