package saving

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"

	"github.com/gokeras/keras/tensor"
)

// TFJSShardSize is the size of the weight shards SaveTFJS writes: 4 MB,
// the tfjs converter's default (weight_shard_size_bytes).
const TFJSShardSize = 4 * 1024 * 1024

// TFJSOption configures SaveTFJS.
type TFJSOption func(*tfjsSaveConfig)

type tfjsSaveConfig struct {
	quantize  string
	shardSize int
}

// TFJSQuantize stores float32 weights quantized, as the tfjs converter's
// --quantize_uint8 / --quantize_uint16 / --quantize_float16 do: "uint8" and
// "uint16" affinely (value = q*scale + min, with 0 exactly representable),
// "float16" as half floats. "" (the default) stores float32.
func TFJSQuantize(dtype string) TFJSOption {
	return func(c *tfjsSaveConfig) { c.quantize = dtype }
}

// TFJSShardBytes sets the shard size (default TFJSShardSize).
func TFJSShardBytes(n int) TFJSOption {
	return func(c *tfjsSaveConfig) { c.shardSize = n }
}

// SaveTFJS is tfjs's model.save("file://dir") / the tfjs converter for a
// model: it writes dir/model.json (format "layers-model", the topology in
// the Keras 2 form that tfjs reads, a weightsManifest naming each weight
// "<layer>/<weight>" as tfjs does) and the weights in 4 MB shards
// group1-shard{i}of{n}.bin. Every file is written to a temporary name and
// renamed, model.json last, so a failed save leaves an earlier save
// readable; shards of an earlier save that are no longer named are removed.
func SaveTFJS(m Model, dir string, opts ...TFJSOption) error {
	c := tfjsSaveConfig{shardSize: TFJSShardSize}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	switch c.quantize {
	case "", "uint8", "uint16", "float16":
	default:
		return fmt.Errorf("save tfjs: unknown quantization %q (uint8, uint16 or float16)", c.quantize)
	}
	if c.shardSize <= 0 {
		return fmt.Errorf("save tfjs: shard size must be positive, got %d", c.shardSize)
	}
	if len(m.Inputs()) == 0 {
		return fmt.Errorf("save tfjs: model %q is not built yet; build it (give it an input shape) before saving", m.Base().Name())
	}
	topo, err := tfjsTopology(m)
	if err != nil {
		return fmt.Errorf("save tfjs: %w", err)
	}
	specs, data, err := encodeTFJSWeights(m, c.quantize)
	if err != nil {
		return fmt.Errorf("save tfjs: model %q: %w", m.Base().Name(), err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("save tfjs: %w", err)
	}
	n := (len(data) + c.shardSize - 1) / c.shardSize
	paths := make([]string, n)
	for i := range n {
		paths[i] = fmt.Sprintf("group1-shard%dof%d.bin", i+1, n)
		chunk := data[i*c.shardSize : min(len(data), (i+1)*c.shardSize)]
		if err := writeAtomic(filepath.Join(dir, paths[i]), func(w io.Writer) error {
			_, err := w.Write(chunk)
			return err
		}); err != nil {
			return fmt.Errorf("save tfjs: %w", err)
		}
	}
	convertedBy := "gokeras saving.SaveTFJS"
	mj := &tfjsModelJSON{
		ModelTopology:   topo,
		WeightsManifest: []tfjsWeightGroup{{Paths: paths, Weights: specs}},
		Format:          "layers-model",
		GeneratedBy:     "gokeras v" + KerasVersion,
		ConvertedBy:     &convertedBy,
	}
	js, err := marshalTFJS(mj)
	if err != nil {
		return fmt.Errorf("save tfjs: model %q: encoding model.json: %w", m.Base().Name(), err)
	}
	if err := writeAtomic(filepath.Join(dir, TFJSModelFile), func(w io.Writer) error {
		_, err := w.Write(js)
		return err
	}); err != nil {
		return fmt.Errorf("save tfjs: %w", err)
	}
	removeStaleShards(dir, paths)
	return nil
}

var shardName = regexp.MustCompile(`^group1-shard[0-9]+of[0-9]+\.bin$`)

// removeStaleShards deletes shard files of an earlier save into dir.
func removeStaleShards(dir string, keep []string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	kept := map[string]bool{}
	for _, k := range keep {
		kept[k] = true
	}
	for _, e := range ents {
		if !e.IsDir() && shardName.MatchString(e.Name()) && !kept[e.Name()] {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// encodeTFJSWeights lays the model's weights out as one manifest group.
func encodeTFJSWeights(m Model, quantize string) ([]tfjsWeightSpec, []byte, error) {
	var specs []tfjsWeightSpec
	var buf bytes.Buffer
	seen := map[string]bool{}
	targets := tfjsTargets(m)
	short := map[string]int{}
	for _, t := range targets {
		short[t.keys[0]]++
	}
	for _, t := range targets {
		name := t.keys[0]
		if short[name] > 1 && len(t.keys) > 1 {
			// A wrapper's sub-layers (Bidirectional's forward and backward
			// layers) share "<layer>/<weight>": use the variable paths, as
			// the tfjs converter does.
			name = t.keys[1]
		}
		if seen[name] {
			return nil, nil, fmt.Errorf("two weights are named %q (tfjs loads weights by name): give the layers unique names", name)
		}
		seen[name] = true
		v := t.v.Value()
		spec := tfjsWeightSpec{Name: name, Shape: append([]int{}, v.Shape()...), DType: "float32"}
		if spec.Shape == nil {
			spec.Shape = []int{}
		}
		switch v.DType() {
		case tensor.Float32:
			writeTFJSFloats(&buf, &spec, v.Float32s(), quantize)
		case tensor.Int32, tensor.Int64, tensor.Uint8, tensor.Bool:
			spec.DType = "int32"
			for i := range v.Size() {
				binary.Write(&buf, binary.LittleEndian, int32(v.At(i)))
			}
		default:
			return nil, nil, fmt.Errorf("layer %q: weight %q has dtype %v, which tfjs weights cannot hold", t.layer.Base().Name(), name, v.DType())
		}
		specs = append(specs, spec)
	}
	return specs, buf.Bytes(), nil
}

// writeTFJSFloats appends float32 values, quantized when asked.
func writeTFJSFloats(buf *bytes.Buffer, spec *tfjsWeightSpec, vals []float32, quantize string) {
	var b [4]byte
	switch quantize {
	case "":
		for _, x := range vals {
			binary.LittleEndian.PutUint32(b[:], math.Float32bits(x))
			buf.Write(b[:4])
		}
	case "float16":
		spec.Quantization = &tfjsQuantization{DType: "float16", OriginalDType: "float32"}
		for _, x := range vals {
			binary.LittleEndian.PutUint16(b[:], float32ToFloat16(x))
			buf.Write(b[:2])
		}
	default:
		qmax := 255.0
		if quantize == "uint16" {
			qmax = 65535
		}
		mn, scale := affineRange(vals, qmax)
		spec.Quantization = &tfjsQuantization{DType: quantize, Min: &mn, Scale: &scale, OriginalDType: "float32"}
		for _, x := range vals {
			q := math.Round((float64(x) - mn) / scale)
			q = math.Max(0, math.Min(qmax, q))
			if quantize == "uint8" {
				buf.WriteByte(byte(q))
			} else {
				binary.LittleEndian.PutUint16(b[:], uint16(q))
				buf.Write(b[:2])
			}
		}
	}
}

// affineRange is the converter's affine quantization range: the scale
// spanning [min, max] in qmax steps, min nudged so that 0 is exactly
// representable.
func affineRange(vals []float32, qmax float64) (mn, scale float64) {
	lo, hi := 0.0, 0.0
	for i, x := range vals {
		f := float64(x)
		if i == 0 || f < lo {
			lo = f
		}
		if i == 0 || f > hi {
			hi = f
		}
	}
	lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	if hi == lo {
		return lo, 1
	}
	scale = (hi - lo) / qmax
	zero := math.Round(-lo / scale)
	return -zero * scale, scale
}
