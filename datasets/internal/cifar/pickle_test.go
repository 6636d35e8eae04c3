package cifar

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/gokeras/keras/datasets/internal/cifar/cifartest"
)

// The pickles written by Python 3 (protocols 2 and 4, see
// testdata/gen/cifar_gen.py) decode to the dict Keras's load_batch reads.
func TestDecodeRealPickles(t *testing.T) {
	for _, name := range []string{"batch_p2.pkl", "batch_p4.pkl"} {
		raw, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		for key, want := range map[string][]int64{"labels": {4, 0, 9}, "fine_labels": {11, 99, 0}, "coarse_labels": {3, 19, 0}} {
			b, err := DecodeBatch(raw, key)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if b.N != 3 || len(b.Labels) != 3 || b.Labels[0] != want[0] || b.Labels[1] != want[1] || b.Labels[2] != want[2] {
				t.Errorf("%s %s: n=%d labels %v", name, key, b.N, b.Labels)
			}
			for i := 0; i < 3; i++ {
				for j := 0; j < 3072; j += 511 {
					if got := b.Data[i*3072+j]; got != byte((7*i+j)%256) {
						t.Fatalf("%s: data[%d,%d] = %d", name, i, j, got)
					}
				}
			}
		}
		d, _ := LoadPickle(raw)
		if string(d["batch_label"].([]byte)) != "testing batch 1 of 1" {
			t.Errorf("%s: batch_label %v", name, d["batch_label"])
		}
	}
}

// The byte-by-byte Python 2 style pickle decodes too.
func TestDecodePython2Pickle(t *testing.T) {
	raw := cifartest.Pickle(cifartest.Images(2, 0), map[string][]int{"labels": {7, 300}})
	b, err := DecodeBatch(raw, "labels")
	if err != nil {
		t.Fatal(err)
	}
	if b.N != 2 || b.Labels[1] != 300 || b.Data[3072+5] != byte((7+5)%256) {
		t.Errorf("decoded %d %v", b.N, b.Labels)
	}
	if _, err := DecodeBatch(raw, "fine_labels"); err == nil || !strings.Contains(err.Error(), "fine_labels") {
		t.Errorf("missing key: %v", err)
	}
}

func TestPickleRejects(t *testing.T) {
	good := cifartest.Pickle(cifartest.Images(1, 0), map[string][]int{"labels": {1}})
	for _, c := range []struct {
		name string
		raw  []byte
		want string
	}{
		{"empty", nil, "truncated"},
		{"truncated", good[:len(good)/2], "truncated"},
		{"os.system", []byte("cos\nsystem\n(S'ls'\ntR."), "not allowed"},
		{"builtins eval", []byte("\x80\x04\x8c\x08builtins\x8c\x04eval\x93."), "not allowed"},
		{"not a dict", []byte("\x80\x02K\x01."), "want a dict"},
		{"bad memo", []byte("\x80\x02h\x05."), "memo key"},
		{"underflow", []byte("\x80\x02s."), "underflow"},
		{"huge string", []byte("\x80\x02T\xff\xff\xff\x7f"), "truncated"},
		{"unknown opcode", []byte("\x80\x02\xff."), "unsupported opcode"},
		{"stack left", []byte("\x80\x02K\x01K\x02."), "left on the stack"},
		{"bad protocol", []byte("\x80\x09}."), "protocol"},
	} {
		_, err := LoadPickle(c.raw)
		if err == nil || !errors.Is(err, ErrPickle) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	// An array whose data does not match its shape.
	bad := cifartest.Pickle(cifartest.Images(2, 0), map[string][]int{"labels": {1, 2}})
	idx := strings.Index(string(bad), "K\x02M\x00\x0c") // (1, (2, 3072)...
	if idx < 0 {
		t.Fatal("shape not found in the pickle")
	}
	bad[idx+1] = 3
	if _, err := DecodeBatch(bad, "labels"); err == nil || !strings.Contains(err.Error(), "needs") {
		t.Errorf("shape mismatch: %v", err)
	}
}
