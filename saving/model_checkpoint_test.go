package saving

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/callbacks"
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
)

// TestPyFormat checks the Python str.format subset against CPython 3's
// results (recorded by hand from `/usr/bin/python3 -c "print(t.format(**f))"`).
func TestPyFormat(t *testing.T) {
	for _, tc := range []struct {
		tmpl   string
		fields map[string]any
		want   string
	}{
		{"weights.{epoch:02d}-{val_loss:.2f}.keras", map[string]any{"epoch": 3, "val_loss": 0.123456}, "weights.03-0.12.keras"},
		{"m-{epoch}-{batch}.keras", map[string]any{"epoch": 1, "batch": nil}, "m-1-None.keras"},
		{"m-{epoch:03d}-{batch:04d}.keras", map[string]any{"epoch": 12, "batch": 7}, "m-012-0007.keras"},
		{"{loss:.4f}", map[string]any{"loss": 1.0 / 3}, "0.3333"},
		{"{loss}", map[string]any{"loss": 0.1}, "0.1"},
		{"{loss}", map[string]any{"loss": 1e-05}, "1e-05"},
		{"{loss}", map[string]any{"loss": 2.0}, "2.0"},
		{"{loss:.3}", map[string]any{"loss": 1.0}, "1.0"},
		{"{loss:.3}", map[string]any{"loss": 123.456}, "1.23e+02"},
		{"{loss:.3}", map[string]any{"loss": 12.5}, "12.5"},
		{"{loss:.1}", map[string]any{"loss": 0.5}, "0.5"},
		{"{loss:.2}", map[string]any{"loss": 9.99}, "1e+01"},
		{"{loss:e}", map[string]any{"loss": 0.00123}, "1.230000e-03"},
		{"{loss:.2e}", map[string]any{"loss": -12345.678}, "-1.23e+04"},
		{"{loss:g}", map[string]any{"loss": 1234567.0}, "1.23457e+06"},
		{"{loss:g}", map[string]any{"loss": 0.0001234}, "0.0001234"},
		{"{acc:.1%}", map[string]any{"acc": 0.9876}, "98.8%"},
		{"{acc:>8.3f}|{acc:<8.3f}|{acc:^9.3f}", map[string]any{"acc": 0.5}, "   0.500|0.500   |  0.500  "},
		{"{acc:+.2f} {neg:08.3f}", map[string]any{"acc": 0.5, "neg": -1.25}, "+0.50 -001.250"},
		{"{epoch:*^7d}", map[string]any{"epoch": 42}, "**42***"},
		{"{n:,}", map[string]any{"n": 1234567}, "1,234,567"},
		{"{{literal}}-{epoch}", map[string]any{"epoch": 5}, "{literal}-5"},
		{"{loss}", map[string]any{"loss": math.NaN()}, "nan"},
		{"{loss:.2f}", map[string]any{"loss": math.Inf(1)}, "inf"},
	} {
		got, err := pyFormat(tc.tmpl, tc.fields)
		if err != nil || got != tc.want {
			t.Errorf("%q.format(%v) = %q, %v; want %q", tc.tmpl, tc.fields, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ tmpl, want string }{
		{"{missing}", "KeyError: 'missing'"},
		{"{loss:d}", "unknown format code 'd' for object of type 'float'"},
		{"{epoch", "expected '}'"},
		{"a}b", "single '}'"},
		{"{}", "positional fields"},
		{"{loss:.x}", "missing precision"},
	} {
		_, err := pyFormat(tc.tmpl, map[string]any{"loss": 1.0, "epoch": 1})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.tmpl, err, tc.want)
		}
	}
}

func checkpointModel(t *testing.T) (Model, *tensor.Tensor, *tensor.Tensor) {
	t.Helper()
	m, err := keras.NewSequential(layers.NewInputLayer([]int{2}), layers.NewDense(1, layers.WithName("d")))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Compile("sgd", "mse"); err != nil {
		t.Fatal(err)
	}
	x, _ := tensor.FromFloat32([]float32{1, 2, 3, 4, 5, 6, 7, 8}, 4, 2)
	y, _ := tensor.FromFloat32([]float32{1, 0, 1, 0}, 4, 1)
	return m, x, y
}

func TestModelCheckpointEpochFiles(t *testing.T) {
	m, x, y := checkpointModel(t)
	dir := t.TempDir()
	var out bytes.Buffer
	cp, err := NewModelCheckpoint(filepath.Join(dir, "ckpt", "m.{epoch:02d}-{loss:.2f}.keras"), ModelCheckpointOptions{Verbose: 1, Writer: &out})
	if err != nil {
		t.Fatal(err)
	}
	h, err := m.Fit(x, y, keras.Epochs(3), keras.BatchSize(2), keras.Verbose(0), keras.Callbacks(cp))
	if err != nil {
		t.Fatal(err)
	}
	for e, loss := range h.History["loss"] {
		p, _ := pyFormat(filepath.Join(dir, "ckpt", "m.{epoch:02d}-{loss:.2f}.keras"), map[string]any{"epoch": e + 1, "loss": loss})
		if _, err := LoadModel(p); err != nil {
			t.Errorf("epoch %d checkpoint: %v", e+1, err)
		}
		if !strings.Contains(out.String(), "\nEpoch "+string(rune('1'+e))+": saving model to "+p+"\n") {
			t.Errorf("no verbose message for %s in %q", p, out.String())
		}
	}
}

func TestModelCheckpointBestOnly(t *testing.T) {
	m, x, y := checkpointModel(t)
	dir := t.TempDir()
	var out bytes.Buffer
	thr := 1e-12
	path := filepath.Join(dir, "best.weights.h5")
	cp, err := NewModelCheckpoint(path, ModelCheckpointOptions{Monitor: "loss", SaveBestOnly: true, SaveWeightsOnly: true, Verbose: 1, Writer: &out, InitialValueThreshold: &thr})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Fit(x, y, keras.Epochs(2), keras.BatchSize(2), keras.Verbose(0), keras.Callbacks(cp)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("saved although the loss never beat the threshold")
	}
	if !strings.Contains(out.String(), "Epoch 1: loss did not improve from 0.00000") {
		t.Errorf("messages: %q", out.String())
	}
	// Without a threshold the first epoch improves on None.
	out.Reset()
	cp, _ = NewModelCheckpoint(path, ModelCheckpointOptions{Monitor: "loss", SaveBestOnly: true, SaveWeightsOnly: true, Verbose: 1, Writer: &out})
	if _, err := m.Fit(x, y, keras.Epochs(1), keras.BatchSize(2), keras.Verbose(0), keras.Callbacks(cp)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Epoch 1: loss improved from None to ") || cp.Best() == nil {
		t.Errorf("messages: %q", out.String())
	}
	if err := LoadWeights(m, path, false); err != nil {
		t.Error(err)
	}
	// A monitor missing from the logs warns and saves nothing.
	out.Reset()
	cp, _ = NewModelCheckpoint(filepath.Join(dir, "v.keras"), ModelCheckpointOptions{SaveBestOnly: true, Writer: &out})
	if _, err := m.Fit(x, y, keras.Epochs(1), keras.BatchSize(2), keras.Verbose(0), keras.Callbacks(cp)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Can save best model only with val_loss available.") {
		t.Errorf("messages: %q", out.String())
	}
}

func TestModelCheckpointBatchFreq(t *testing.T) {
	m, x, y := checkpointModel(t)
	dir := t.TempDir()
	cp, err := NewModelCheckpoint(filepath.Join(dir, "e{epoch}-b{batch}.weights.h5"), ModelCheckpointOptions{SaveWeightsOnly: true, SaveFreq: 3})
	if err != nil {
		t.Fatal(err)
	}
	// 2 batches per epoch, 3 epochs: saves after global batches 3 and 6.
	if _, err := m.Fit(x, y, keras.Epochs(3), keras.BatchSize(2), keras.Verbose(0), keras.Callbacks(cp)); err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(dir)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if strings.Join(names, ",") != "e2-b0.weights.h5,e3-b1.weights.h5" {
		t.Errorf("files %v, want e2-b0.weights.h5, e3-b1.weights.h5", names)
	}
}

func TestModelCheckpointErrors(t *testing.T) {
	for _, tc := range []struct {
		path string
		opts ModelCheckpointOptions
		want string
	}{
		{"m.h5", ModelCheckpointOptions{}, "must end in `.keras`"},
		{"m.keras", ModelCheckpointOptions{SaveWeightsOnly: true}, "must end in `.weights.h5`"},
		{"m.keras", ModelCheckpointOptions{SaveFreq: "batch"}, "unrecognized save_freq: batch"},
		{"m.keras", ModelCheckpointOptions{SaveFreq: 0}, "unrecognized save_freq: 0"},
	} {
		if _, err := NewModelCheckpoint(tc.path, tc.opts); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %+v: %v, want %q", tc.path, tc.opts, err, tc.want)
		}
	}
	m, x, y := checkpointModel(t)
	cp, _ := NewModelCheckpoint(filepath.Join(t.TempDir(), "{nope}.keras"), ModelCheckpointOptions{})
	_, err := m.Fit(x, y, keras.Epochs(1), keras.Verbose(0), keras.Callbacks(cp))
	if err == nil || !strings.Contains(err.Error(), "failed to format this callback filepath") || !strings.Contains(err.Error(), "KeyError: 'nope'") {
		t.Errorf("unknown field: %v", err)
	}
	cp, _ = NewModelCheckpoint(filepath.Join(t.TempDir(), "m.keras"), ModelCheckpointOptions{Monitor: "val_weird", SaveBestOnly: true})
	if _, err := m.Fit(x, y, keras.Epochs(1), keras.Verbose(0), keras.Callbacks(cp)); err == nil || !strings.Contains(err.Error(), "isn't able to automatically determine") {
		t.Errorf("unknown direction: %v", err)
	}
	var _ callbacks.Callback = cp
}

func TestBackupAndRestoreOptions(t *testing.T) {
	if _, err := NewBackupAndRestore("", BackupOptions{}); err == nil || !strings.Contains(err.Error(), "empty `backup_dir`") {
		t.Errorf("empty dir: %v", err)
	}
	if _, err := NewBackupAndRestore("d", BackupOptions{SaveFreq: -1}); err == nil || !strings.Contains(err.Error(), "save_freq") {
		t.Errorf("bad freq: %v", err)
	}
	// KeepCheckpoint leaves the backup; a second Fit restores it and
	// starts after the last epoch, training nothing.
	m, x, y := checkpointModel(t)
	dir := filepath.Join(t.TempDir(), "bk")
	br, _ := NewBackupAndRestore(dir, BackupOptions{KeepCheckpoint: true})
	if _, err := m.Fit(x, y, keras.Epochs(2), keras.BatchSize(2), keras.Verbose(0), keras.Callbacks(br)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, BackupFile)); err != nil {
		t.Fatal(err)
	}
	before := weightBits(m)
	br, _ = NewBackupAndRestore(dir, BackupOptions{KeepCheckpoint: true})
	h, err := m.Fit(x, y, keras.Epochs(2), keras.BatchSize(2), keras.Verbose(0), keras.Callbacks(br))
	if err != nil {
		t.Fatal(err)
	}
	if len(h.History["loss"]) != 0 || !bytes.Equal(before, weightBits(m)) {
		t.Errorf("a finished run's backup trained again: %v", h.History)
	}
	// A corrupt latest backup falls back to the previous one with
	// DoubleCheckpoint, and is an error without it.
	os.WriteFile(filepath.Join(dir, BackupFile), []byte("garbage"), 0o644)
	br, _ = NewBackupAndRestore(dir, BackupOptions{})
	if _, err := m.Fit(x, y, keras.Epochs(2), keras.Verbose(0), keras.Callbacks(br)); err == nil {
		t.Errorf("corrupt backup restored without error")
	}
}
