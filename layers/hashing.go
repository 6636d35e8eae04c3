package layers

import (
	"fmt"
	"math"
	"strconv"

	"github.com/gokeras/keras/tensor"
)

// Hashing is keras.layers.Hashing: it hashes strings (or integers, through
// their decimal form; floats are first truncated to int64) into num_bins
// bins, as TensorFlow's tf.strings.to_hash_bucket_fast (FarmHash
// Fingerprint64 mod num_bins) or, with a salt, to_hash_bucket_strong
// (SipHash-2-4 keyed by the salt). Both hashes are implemented here and
// match TensorFlow's values. With mask_value, bin 0 is reserved for it and
// the other values go to bins 1..num_bins-1.
//
// output_mode "int" returns the bins (int64, or int32 with dtype "int32");
// "one_hot", "multi_hot" and "count" encode them as float32, as
// CategoryEncoding does. Sparse outputs are not supported.
type Hashing struct {
	BaseLayer
	NumBins    int
	OutputMode string
	maskValue  any
	salt       []int64
	dtype      string
	hash       func([]byte) uint64
	idx        []int64 // scratch
	sbuf       []byte
}

// NewHashing makes a Hashing layer with numBins bins. Options:
// With("mask_value", v), With("salt", n or [2]int), With("output_mode",
// mode), With("dtype", "int32"), WithName.
func NewHashing(numBins int, opts ...Option) *Hashing {
	return hashingFromConfig(Options(opts, map[string]any{"num_bins": numBins}))
}

func hashingFromConfig(cfg Config) *Hashing {
	l := &Hashing{}
	mode, _ := cfg.m["output_mode"].(string)
	def := "float32"
	if mode == "" || mode == "int" {
		def = "int64"
	}
	l.dtype = takeDType(&cfg, def)
	l.BaseLayer.Init(l, "Hashing", cfg)
	l.NumBins = cfg.Int("num_bins", 0)
	if l.NumBins <= 0 {
		cfg.Fail(fmt.Errorf("the `num_bins` for `Hashing` cannot be `None` or non-positive values. Received: num_bins=%v", cfg.Any("num_bins")))
	}
	l.OutputMode = cfg.String("output_mode", "int")
	checkMode(&cfg, "Hashing", "output_mode", l.OutputMode, "int", "one_hot", "multi_hot", "count")
	if l.OutputMode == "int" && l.dtype != "int32" && l.dtype != "int64" {
		cfg.Fail(fmt.Errorf("when `output_mode=\"int\"`, `dtype` should be an integer type, 'int32' or 'in64'. Received: dtype=%s", l.dtype))
	}
	if l.OutputMode != "int" && l.dtype != "float32" {
		cfg.Fail(fmt.Errorf("only dtype float32 is supported for output_mode=%q. Received: dtype=%s", l.OutputMode, l.dtype))
	}
	if cfg.Bool("sparse", false) {
		cfg.Fail(fmt.Errorf("`sparse=True` is not supported: outputs are dense tensors"))
	}
	l.maskValue = cfg.Any("mask_value")
	l.salt = readSalt(&cfg, "Hashing")
	l.hash = strHasher(l.salt)
	l.BaseLayer.Finish(cfg)
	return l
}

// Build checks there is one input.
func (l *Hashing) Build(shapes []tensor.Shape) error { return wantInputs(shapes, 1) }

// OutputDType is the integer dtype in "int" mode, float32 otherwise.
func (l *Hashing) OutputDType(int) tensor.DType {
	if l.OutputMode != "int" {
		return tensor.Float32
	}
	if l.dtype == "int32" {
		return tensor.Int32
	}
	return tensor.Int64
}

// ComputeOutputShape keeps the shape ("int") or encodes the last axis.
func (l *Hashing) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := wantInputs(shapes, 1); err != nil {
		return nil, err
	}
	s, err := l.outShape(shapes[0])
	return []tensor.Shape{s}, err
}

func (l *Hashing) outShape(s tensor.Shape) (tensor.Shape, error) {
	if l.OutputMode == "int" {
		return s.Clone(), nil
	}
	return encodedShape(l.OutputMode, s, l.NumBins)
}

// HashValue returns the bin of one value (a string, or an integer), as the
// layer computes it.
func (l *Hashing) HashValue(v any) (int64, error) {
	var t *tensor.Tensor
	var err error
	switch x := v.(type) {
	case string:
		t, err = tensor.FromStrings([]string{x}, 1)
	case int:
		t, err = tensor.FromInt64([]int64{int64(x)}, 1)
	case int64:
		t, err = tensor.FromInt64([]int64{x}, 1)
	default:
		return 0, fmt.Errorf("layer %q (Hashing): cannot hash a %T", l.Name(), v)
	}
	if err != nil {
		return 0, err
	}
	if err := l.bins(t); err != nil {
		return 0, err
	}
	return l.idx[0], nil
}

// bins hashes x into l.idx.
func (l *Hashing) bins(x *tensor.Tensor) error {
	n := x.Size()
	if cap(l.idx) < n {
		l.idx = make([]int64, n)
	}
	l.idx = l.idx[:n]
	bins := uint64(l.NumBins)
	masked := l.maskValue != nil && l.NumBins > 1
	if masked {
		bins--
	}
	put := func(i int, key []byte, isMask bool) {
		if masked && isMask {
			l.idx[i] = 0
			return
		}
		b := int64(l.hash(key) % bins)
		if masked {
			b++
		}
		l.idx[i] = b
	}
	switch x.DType() {
	case tensor.String:
		ms, isStr := l.maskValue.(string)
		for i, s := range x.Strings() {
			l.sbuf = append(l.sbuf[:0], s...)
			put(i, l.sbuf, isStr && s == ms)
		}
		return nil
	case tensor.Float32:
		mf, isNum := toFloat(l.maskValue)
		for i, v := range x.Float32s() {
			f := math.Trunc(float64(v))
			if f != f || f >= math.MaxInt64 || f < math.MinInt64 {
				return fmt.Errorf("cannot hash %v", v)
			}
			l.sbuf = strconv.AppendInt(l.sbuf[:0], int64(f), 10)
			put(i, l.sbuf, isNum && float64(v) == mf)
		}
		return nil
	}
	keys, err := intValues(x, nil)
	if err != nil {
		return fmt.Errorf("expected string or numeric inputs, got dtype %v", x.DType())
	}
	mf, isNum := toFloat(l.maskValue)
	for i, v := range keys {
		l.sbuf = strconv.AppendInt(l.sbuf[:0], v, 10)
		put(i, l.sbuf, isNum && float64(v) == mf)
	}
	return nil
}

// Call hashes the inputs into bins.
func (l *Hashing) Call(_ *Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	if len(in) != 1 {
		return nil, fmt.Errorf("expected 1 input, received %d", len(in))
	}
	x := in[0]
	shape, err := l.outShape(x.Shape())
	if err != nil {
		return nil, err
	}
	n := lastDim(x.Shape())
	return one(applyPreproc("hashing", l.OutputDType(0), shape, func(out *tensor.Tensor, in []*tensor.Tensor) error {
		if err := l.bins(in[0]); err != nil {
			return err
		}
		switch out.DType() {
		case tensor.Int64:
			copy(out.Int64s(), l.idx)
		case tensor.Int32:
			for i, v := range l.idx {
				out.Int32s()[i] = int32(v)
			}
		default:
			encodeRows(out.Float32s(), l.idx, n, l.NumBins, l.OutputMode, nil)
		}
		return nil
	}, x))
}

// GetConfig returns Keras's Hashing config.
func (l *Hashing) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["dtype"] = policyConfig(l.dtype)
	cfg["num_bins"] = l.NumBins
	cfg["salt"] = saltConfig(l.salt)
	cfg["mask_value"] = l.maskValue
	cfg["output_mode"] = l.OutputMode
	cfg["sparse"] = false
	return cfg
}

func init() {
	Register("Hashing", func(c Config) (Layer, error) { l := hashingFromConfig(c); return l, l.Base().Err() })
}
