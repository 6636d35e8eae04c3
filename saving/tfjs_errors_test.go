package saving

import (
	"encoding/binary"
	"math"
	"strings"
	"testing"
	"testing/fstest"
)

const tfjsDense = `{"modelTopology": {"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "Dense", "config": {"units": 1, "batch_input_shape": [null, 2], "name": "d"}}]}, "keras_version": "tfjs-layers 4.22.0"}, "format": "layers-model", "weightsManifest": [{"paths": [PATHS], "weights": [WEIGHTS]}]}`

func tfjsJSON(paths, weights string) []byte {
	return []byte(strings.NewReplacer("PATHS", paths, "WEIGHTS", weights).Replace(tfjsDense))
}

func floatsLE(v ...float32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return b
}

func TestTFJSReadErrors(t *testing.T) {
	kernel := `{"name": "d/kernel", "shape": [2, 1], "dtype": "float32"}`
	bias := `{"name": "d/bias", "shape": [1], "dtype": "float32"}`
	fsys := fstest.MapFS{"w.bin": {Data: floatsLE(1, 2, 3)}, "short.bin": {Data: floatsLE(1)}}
	for _, tc := range []struct {
		name, js, want string
	}{
		{"escape", string(tfjsJSON(`"../w.bin"`, kernel+","+bias)), "not a relative path inside the model's directory"},
		{"absolute", string(tfjsJSON(`"/etc/w.bin"`, kernel+","+bias)), "not a relative path"},
		{"url", string(tfjsJSON(`"http://x/w.bin"`, kernel+","+bias)), "not a relative path"},
		{"missing", string(tfjsJSON(`"nope.bin"`, kernel+","+bias)), "weight shard \"nope.bin\""},
		{"short", string(tfjsJSON(`"short.bin"`, kernel+","+bias)), "hold 4 bytes, but the manifest's weights need 12"},
		{"dtype", string(tfjsJSON(`"w.bin"`, `{"name": "d/kernel", "shape": [2, 1], "dtype": "string"}`)), `dtype "string" is not supported`},
		{"quant", string(tfjsJSON(`"w.bin"`, `{"name": "d/kernel", "shape": [2, 1], "dtype": "float32", "quantization": {"dtype": "int4"}}`)), "unknown quantization dtype \"int4\""},
		{"quant-meta", string(tfjsJSON(`"w.bin"`, `{"name": "d/kernel", "shape": [2, 1], "dtype": "float32", "quantization": {"dtype": "uint8"}}`)), "doesn't have corresponding metadata min and scale"},
		{"negative", string(tfjsJSON(`"w.bin"`, `{"name": "d/kernel", "shape": [-2, 1], "dtype": "float32"}`)), "negative dimension"},
		{"count", string(tfjsJSON(`"w.bin"`, kernel)), "the model has 2 weights, the file 1"},
		{"shape", string(tfjsJSON(`"w.bin"`, `{"name": "d/kernel", "shape": [1, 2], "dtype": "float32"}, `+bias)), "shape mismatch: expected (2, 1), found (1, 2)"},
		{"format", `{"modelTopology": {}, "format": "graph-model"}`, `format "graph-model" is not supported`},
		{"no-topology", `{"weightsManifest": []}`, `no "modelTopology"`},
	} {
		_, err := ReadTFJS([]byte(tc.js), fsys, NoCompile())
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

// TestTFJSNameMatching: names with a model prefix or a cell component load
// by name; unknown names fall back to order.
func TestTFJSNameMatching(t *testing.T) {
	fsys := fstest.MapFS{"w.bin": {Data: floatsLE(1, 2, 3)}}
	for _, names := range [][2]string{
		{"d/kernel", "d/bias"},
		{"s/d/kernel:0", "s/d/bias:0"},
		{"d\\kernel", "d\\bias"},
		{"renamed/0", "renamed/1"}, // by order
	} {
		js := tfjsJSON(`"./w.bin"`, `{"name": "`+strings.ReplaceAll(names[0], `\`, `\\`)+`", "shape": [2, 1], "dtype": "float32"}, {"name": "`+strings.ReplaceAll(names[1], `\`, `\\`)+`", "shape": [1], "dtype": "float32"}`)
		m, err := ReadTFJS(js, fsys)
		if err != nil {
			t.Fatalf("%v: %v", names, err)
		}
		w := m.Weights()
		if got := []float32{w[0].Value().Float32s()[0], w[0].Value().Float32s()[1], w[1].Value().Float32s()[0]}; got[0] != 1 || got[1] != 2 || got[2] != 3 {
			t.Errorf("%v: weights %v", names, got)
		}
	}
	// Bias first in the file: by name puts each where it belongs.
	js := tfjsJSON(`"w.bin"`, `{"name": "d/bias", "shape": [1], "dtype": "float32"}, {"name": "d/kernel", "shape": [2, 1], "dtype": "float32"}`)
	m, err := ReadTFJS(js, fsys)
	if err != nil {
		t.Fatal(err)
	}
	if b := m.Weights()[1].Value().Float32s()[0]; b != 1 {
		t.Errorf("bias = %v, want 1", b)
	}
}

func TestFloat16(t *testing.T) {
	for _, v := range []float32{0, 1, -2.5, 65504, 6.1035156e-05, 5.9604645e-08, float32(math.Inf(1))} {
		if got := float16ToFloat32(float32ToFloat16(v)); got != v {
			t.Errorf("float16 round trip of %v = %v", v, got)
		}
	}
	if got := float16ToFloat32(float32ToFloat16(1.0004883)); got != 1 && got != 1.0009766 {
		t.Errorf("rounding 1.0004883: %v", got)
	}
	if h := float32ToFloat16(1e6); float16ToFloat32(h) != float32(math.Inf(1)) {
		t.Errorf("overflow gives %v", float16ToFloat32(h))
	}
}
