package hdf5

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// kerasLikeFile builds a file shaped like Keras 3's model.weights.h5 plus
// a legacy Keras 2 .h5 (root attributes, layer_names, weight_names).
func kerasLikeFile(t testing.TB) *Writer {
	t.Helper()
	w := NewWriter()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	r := w.Root()
	must(r.SetAttr("backend", "tensorflow"))
	must(r.SetAttr("keras_version", FixedString("2.2.4")))
	must(r.SetAttr("model_config", `{"class_name": "Sequential", "config": {"name": "été"}}`))
	must(r.SetAttr("ints", []int64{1, -2, 1 << 40}))
	must(r.SetAttr("int", int64(-7)))
	must(r.SetAttr("f", 0.1))
	must(r.SetAttr("fs", []float64{1.5, -2}))
	must(r.SetAttr("f32", float32(0.1)))
	layers, err := r.CreateGroup("layers")
	must(err)
	dense, err := layers.CreateGroup("dense")
	must(err)
	vars, err := dense.CreateGroup("vars")
	must(err)
	kernel := make([]float32, 12)
	for i := range kernel {
		kernel[i] = float32(i)*0.25 - 1
	}
	_, err = vars.CreateDataset("0", []int{3, 4}, kernel)
	must(err)
	_, err = vars.CreateDataset("1", []int{4}, []float32{0.5, 0, -0.5, 1e-8})
	must(err)
	opt, err := r.CreateGroup("optimizer")
	must(err)
	ov, err := opt.CreateGroup("vars")
	must(err)
	_, err = ov.CreateDataset("0", nil, []int64{1400}) // scalar iteration count
	must(err)
	_, err = ov.CreateDataset("1", []int{2}, []int32{-3, 3})
	must(err)
	_, err = ov.CreateDataset("2", []int{0, 3}, []float32{})
	must(err)
	bs, err := r.CreateGroup(`layers\lstm\cell`)
	must(err)
	ds, err := bs.CreateDataset("u8", []int{2, 2}, []uint8{1, 2, 3, 255})
	must(err)
	must(ds.SetAttr("note", "dataset attribute"))
	mw, err := r.CreateGroup("model_weights")
	must(err)
	must(mw.SetAttr("layer_names", FixedStrings{"dense", "dropout_1"}))
	must(mw.SetAttr("vlen_names", []string{"a", "", "ü"}))
	empty, err := mw.CreateGroup("dropout_1")
	must(err)
	must(empty.SetAttr("weight_names", []float64{}))
	many, err := r.CreateGroup("many")
	must(err)
	for i := 0; i < 300; i++ { // several symbol-table nodes and a 2-level B-tree
		_, err := many.CreateDataset(fmt.Sprintf("w%03d", i), nil, []float32{float32(i)})
		must(err)
	}
	return w
}

// TestWriterGolden writes kerasLikeFile and compares the Go reader's listing
// with testdata/written_by_go.listing.txt, which is h5py's listing of the
// same bytes (`hdf5_gen.py list`). When /usr/bin/python3 with h5py is
// available it also re-checks the file with h5py directly.
func TestWriterGolden(t *testing.T) {
	w := kerasLikeFile(t)
	path := filepath.Join(t.TempDir(), "written_by_go.h5")
	if err := w.Save(path); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := listing(openBytes(t, data))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/written_by_go.listing.txt")
	if err != nil {
		t.Fatal(err)
	}
	if d := lineDiff(string(want), got); d != "" {
		t.Errorf("Go listing differs from h5py's golden (-h5py +go):\n%s", d)
	}
	if out := os.Getenv("HDF5_WRITE_GOLDEN"); out != "" {
		if err := os.WriteFile(out, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat("/usr/bin/python3"); err != nil {
		return
	}
	cmd := exec.Command("/usr/bin/python3", "../../testdata/gen/hdf5_gen.py", "list", path)
	py, err := cmd.CombinedOutput()
	if err != nil {
		if strings.Contains(string(py), "No module named") {
			t.Logf("h5py not available: %s", py)
			return
		}
		t.Fatalf("h5py cannot read the Go-written file: %v\n%s", err, py)
	}
	if d := lineDiff(string(py), got); d != "" {
		t.Errorf("h5py sees a different file (-h5py +go):\n%s", d)
	}
}

func TestWriterRoundTrip(t *testing.T) {
	b, err := kerasLikeFile(t).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	f := openBytes(t, b)
	d, err := f.Root().Dataset("layers/dense/vars/0")
	if err != nil {
		t.Fatal(err)
	}
	v, err := d.ReadFloat32()
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(d.Shape()) != "[3 4]" || v[0] != -1 || v[11] != 1.75 {
		t.Errorf("shape %v values %v", d.Shape(), v)
	}
	it, err := f.Root().Dataset("/optimizer/vars/0")
	if err != nil {
		t.Fatal(err)
	}
	iv, err := it.ReadInt64()
	if err != nil || len(it.Shape()) != 0 || iv[0] != 1400 {
		t.Errorf("scalar: shape %v values %v err %v", it.Shape(), iv, err)
	}
	cfg, err := f.Root().Attr("model_config")
	if err != nil || !strings.Contains(cfg.(string), "été") {
		t.Errorf("model_config = %v, %v", cfg, err)
	}
	names, err := f.Root().Attr("nope")
	if err == nil {
		t.Errorf("missing attribute gave %v", names)
	}
	var buf bytes.Buffer
	if _, err := kerasLikeFile(t).WriteTo(&buf); err != nil || !bytes.Equal(buf.Bytes(), b) {
		t.Errorf("WriteTo differs from Bytes (deterministic output expected): %v", err)
	}
}

func TestWriterErrors(t *testing.T) {
	w := NewWriter()
	r := w.Root()
	if _, err := r.CreateGroup("a"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"duplicate group", second(r.CreateGroup("a")), `already has a member named "a"`},
		{"slash", second(r.CreateGroup("a/b")), "invalid HDF5 link name"},
		{"empty", second(r.CreateGroup("")), "invalid HDF5 link name"},
		{"shape mismatch", second(r.CreateDataset("x", []int{2, 2}, []float32{1})), "1 values do not match shape [2 2]"},
		{"bad type", second(r.CreateDataset("y", []int{1}, []string{"a"})), "unsupported data type []string"},
		{"duplicate dataset", second(r.CreateDataset("a", nil, []float32{1})), "already has a member"},
		{"attr type", r.SetAttr("m", map[string]int{}), "unsupported value type"},
		{"attr too big", r.SetAttr("big", make([]float64, 9000)), "Keras splits such attributes"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", tc.err, tc.want)
			}
		})
	}
	g, err := r.RequireGroup("a")
	if err != nil || g.path != "/a" {
		t.Errorf("RequireGroup existing: %v %v", g, err)
	}
}

func second[T any](_ T, err error) error { return err }
