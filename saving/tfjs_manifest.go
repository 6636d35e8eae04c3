package saving

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"strings"

	"github.com/gokeras/keras/tensor"
)

// tfjsModelJSON is a TensorFlow.js layers-model model.json.
type tfjsModelJSON struct {
	ModelTopology   map[string]any    `json:"modelTopology"`
	WeightsManifest []tfjsWeightGroup `json:"weightsManifest"`
	Format          string            `json:"format,omitempty"`
	GeneratedBy     string            `json:"generatedBy,omitempty"`
	ConvertedBy     *string           `json:"convertedBy"`
	TrainingConfig  map[string]any    `json:"trainingConfig,omitempty"`
}

// tfjsWeightGroup is one weightsManifest entry: the shard files whose
// concatenation holds the group's weights, one after another.
type tfjsWeightGroup struct {
	Paths   []string         `json:"paths"`
	Weights []tfjsWeightSpec `json:"weights"`
}

// tfjsWeightSpec describes one weight of a group.
type tfjsWeightSpec struct {
	Name         string            `json:"name"`
	Shape        []int             `json:"shape"`
	DType        string            `json:"dtype"`
	Quantization *tfjsQuantization `json:"quantization,omitempty"`
	Group        string            `json:"group,omitempty"`
}

// tfjsQuantization is a weight's quantization: uint8 / uint16 affine
// (value = q*scale + min) or float16.
type tfjsQuantization struct {
	DType         string   `json:"dtype"`
	Min           *float64 `json:"min,omitempty"`
	Scale         *float64 `json:"scale,omitempty"`
	OriginalDType string   `json:"original_dtype,omitempty"`
}

// tfjsWeight is a decoded weight.
type tfjsWeight struct {
	name  string
	group string
	value *tensor.Tensor
}

// maxTFJSJSON bounds the size of a model.json.
const maxTFJSJSON = 256 << 20

// parseTFJSModelJSON decodes a model.json and checks its manifest's shape.
func parseTFJSModelJSON(b []byte) (*tfjsModelJSON, error) {
	var mj tfjsModelJSON
	if err := json.Unmarshal(b, &mj); err != nil {
		return nil, fmt.Errorf("tfjs model.json: invalid JSON: %w", err)
	}
	if mj.ModelTopology == nil {
		return nil, fmt.Errorf("tfjs model.json: no \"modelTopology\" object (a graph-model or weights-only manifest is not a layers model)")
	}
	if mj.Format != "" && mj.Format != "layers-model" {
		return nil, fmt.Errorf("tfjs model.json: format %q is not supported (only \"layers-model\")", mj.Format)
	}
	for gi, g := range mj.WeightsManifest {
		for _, w := range g.Weights {
			if err := checkTFJSSpec(w); err != nil {
				return nil, fmt.Errorf("tfjs weightsManifest group %d: %w", gi, err)
			}
		}
	}
	return &mj, nil
}

// checkTFJSSpec validates a spec's shape and dtypes before any allocation.
func checkTFJSSpec(w tfjsWeightSpec) error {
	n := 1
	for _, d := range w.Shape {
		if d < 0 {
			return fmt.Errorf("weight %q: negative dimension in shape %v", w.Name, w.Shape)
		}
		if d > 0 && n > math.MaxInt32/d {
			return fmt.Errorf("weight %q: shape %v is too large", w.Name, w.Shape)
		}
		n *= d
	}
	switch w.DType {
	case "float32", "int32":
	case "bool", "string", "complex64":
		return fmt.Errorf("weight %q: dtype %q is not supported for layer weights (float32 or int32)", w.Name, w.DType)
	default:
		return fmt.Errorf("weight %q: unknown dtype %q", w.Name, w.DType)
	}
	if q := w.Quantization; q != nil {
		switch q.DType {
		case "uint8", "uint16":
			if q.Min == nil || q.Scale == nil {
				return fmt.Errorf("weight %q with quantization %s doesn't have corresponding metadata min and scale", w.Name, q.DType)
			}
		case "float16":
			if w.DType != "float32" {
				return fmt.Errorf("weight %q is quantized with float16 which only supports weights of type float32, not %s", w.Name, w.DType)
			}
		default:
			return fmt.Errorf("weight %q has unknown quantization dtype %q; supported quantization dtypes are uint8, uint16 and float16", w.Name, q.DType)
		}
	}
	return nil
}

// byteLen is the number of bytes a weight takes in its shard.
func (w tfjsWeightSpec) byteLen() int {
	n := 1
	for _, d := range w.Shape {
		n *= d
	}
	per := 4
	if q := w.Quantization; q != nil {
		per = map[string]int{"uint8": 1, "uint16": 2, "float16": 2}[q.DType]
	}
	return n * per
}

// readTFJSWeights reads every group's shards from fsys (paths relative to
// the directory of model.json) and decodes the weights in manifest order.
// Shard paths must stay inside fsys; every allocation is bounded by the
// shards' real sizes.
func readTFJSWeights(fsys fs.FS, groups []tfjsWeightGroup) ([]tfjsWeight, error) {
	var out []tfjsWeight
	for gi, g := range groups {
		need := 0
		for _, w := range g.Weights {
			need += w.byteLen()
			if need < 0 || int64(need) > math.MaxInt32*4 {
				return nil, fmt.Errorf("tfjs weightsManifest group %d: weights too large", gi)
			}
		}
		buf, err := readTFJSShards(fsys, g.Paths, need)
		if err != nil {
			return nil, fmt.Errorf("tfjs weightsManifest group %d: %w", gi, err)
		}
		off := 0
		for _, w := range g.Weights {
			n := w.byteLen()
			t, err := decodeTFJSWeight(w, buf[off:off+n])
			if err != nil {
				return nil, fmt.Errorf("tfjs weightsManifest group %d: %w", gi, err)
			}
			off += n
			out = append(out, tfjsWeight{name: w.Name, group: w.Group, value: t})
		}
	}
	return out, nil
}

// readTFJSShards concatenates the shard files of a group and checks that
// they hold at least need bytes.
func readTFJSShards(fsys fs.FS, paths []string, need int) ([]byte, error) {
	if need > 0 && len(paths) == 0 {
		return nil, fmt.Errorf("no shard paths for %d bytes of weights", need)
	}
	var files []fs.File
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	total := int64(0)
	for _, p := range paths {
		clean, err := cleanShardPath(p)
		if err != nil {
			return nil, err
		}
		f, err := fsys.Open(clean)
		if err != nil {
			return nil, fmt.Errorf("weight shard %q: %w", p, err)
		}
		files = append(files, f)
		st, err := f.Stat()
		if err != nil {
			return nil, fmt.Errorf("weight shard %q: %w", p, err)
		}
		if st.IsDir() {
			return nil, fmt.Errorf("weight shard %q is a directory", p)
		}
		total += st.Size()
	}
	if total < int64(need) {
		return nil, fmt.Errorf("the shards %v hold %d bytes, but the manifest's weights need %d", paths, total, need)
	}
	buf := make([]byte, 0, need)
	for i, f := range files {
		b, err := io.ReadAll(io.LimitReader(f, int64(need-len(buf))))
		if err != nil {
			return nil, fmt.Errorf("weight shard %q: %w", paths[i], err)
		}
		buf = append(buf, b...)
		if len(buf) == need {
			break
		}
	}
	if len(buf) < need {
		return nil, fmt.Errorf("the shards %v hold %d bytes, but the manifest's weights need %d", paths, len(buf), need)
	}
	return buf, nil
}

// cleanShardPath turns a manifest path ("weights.bin", "./group1-shard1of2.bin")
// into an fs.FS path, rejecting absolute paths, URLs and paths that leave
// the model's directory.
func cleanShardPath(p string) (string, error) {
	if p == "" || strings.Contains(p, "\\") || strings.Contains(p, "://") || strings.HasPrefix(p, "/") {
		return "", fmt.Errorf("weight shard path %q is not a relative path inside the model's directory", p)
	}
	c := path.Clean(p)
	if !fs.ValidPath(c) || c == "." {
		return "", fmt.Errorf("weight shard path %q is not a relative path inside the model's directory", p)
	}
	return c, nil
}

// decodeTFJSWeight is tfjs's decodeWeight for float32 and int32 weights,
// plain or quantized (uint8/uint16 affine, float16), little-endian.
func decodeTFJSWeight(w tfjsWeightSpec, b []byte) (*tensor.Tensor, error) {
	n := 1
	for _, d := range w.Shape {
		n *= d
	}
	shape := append([]int{}, w.Shape...)
	q := w.Quantization
	if q == nil {
		switch w.DType {
		case "float32":
			v := make([]float32, n)
			for i := range v {
				v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
			}
			return tensor.FromFloat32(v, shape...)
		case "int32":
			v := make([]int32, n)
			for i := range v {
				v[i] = int32(binary.LittleEndian.Uint32(b[4*i:]))
			}
			return tensor.FromInt32(v, shape...)
		}
		return nil, fmt.Errorf("weight %q: unsupported dtype %q", w.Name, w.DType)
	}
	raw := func(i int) float64 {
		if q.DType == "uint8" {
			return float64(b[i])
		}
		return float64(binary.LittleEndian.Uint16(b[2*i:]))
	}
	if q.DType == "float16" {
		v := make([]float32, n)
		for i := range v {
			v[i] = float16ToFloat32(binary.LittleEndian.Uint16(b[2*i:]))
		}
		return tensor.FromFloat32(v, shape...)
	}
	scale, min := *q.Scale, *q.Min
	if w.DType == "int32" {
		v := make([]int32, n)
		for i := range v {
			v[i] = int32(math.Round(raw(i)*scale + min))
		}
		return tensor.FromInt32(v, shape...)
	}
	v := make([]float32, n)
	for i := range v {
		// tfjs computes v*scale+min in float64 and stores it in a Float32Array.
		v[i] = float32(raw(i)*scale + min)
	}
	return tensor.FromFloat32(v, shape...)
}

// float16ToFloat32 decodes an IEEE 754 half-precision value.
func float16ToFloat32(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	mant := uint32(h) & 0x3ff
	switch {
	case exp == 0 && mant == 0:
		return math.Float32frombits(sign)
	case exp == 0: // subnormal
		f := float32(mant) / 1024 / 16384
		if sign != 0 {
			f = -f
		}
		return f
	case exp == 0x1f:
		return math.Float32frombits(sign | 0x7f800000 | mant<<13)
	}
	return math.Float32frombits(sign | (exp+112)<<23 | mant<<13)
}

// float32ToFloat16 encodes v as IEEE 754 half precision, rounding to
// nearest even (overflow gives ±Inf).
func float32ToFloat16(v float32) uint16 {
	b := math.Float32bits(v)
	sign := uint16(b>>16) & 0x8000
	exp := int32(b>>23) & 0xff
	mant := b & 0x7fffff
	if exp == 0xff {
		if mant != 0 {
			return sign | 0x7e00
		}
		return sign | 0x7c00
	}
	e := exp - 127 + 15
	if e >= 0x1f {
		return sign | 0x7c00
	}
	if e <= 0 {
		if e < -10 {
			return sign
		}
		mant |= 0x800000
		shift := uint32(14 - e)
		half := mant >> shift
		rem := mant & (1<<shift - 1)
		mid := uint32(1) << (shift - 1)
		if rem > mid || (rem == mid && half&1 == 1) {
			half++
		}
		return sign | uint16(half)
	}
	half := uint32(e)<<10 | mant>>13
	rem := mant & 0x1fff
	if rem > 0x1000 || (rem == 0x1000 && half&1 == 1) {
		half++ // may carry into the exponent, which is still correct
	}
	return sign | uint16(half)
}
