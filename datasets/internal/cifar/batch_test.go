package cifar

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/gokeras/keras/datasets/internal/cifar/cifartest"
	"github.com/gokeras/keras/internal/pickle"
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
		v, err := pickle.Load(raw, pickle.Options{Allowed: pickle.NumpyBytesGlobals})
		if err != nil {
			t.Fatal(err)
		}
		if bl, _ := v.(*pickle.Dict).GetText("batch_label"); !bytes.Equal(bl.(pickle.Bytes), []byte("testing batch 1 of 1")) {
			t.Errorf("%s: batch_label %v", name, bl)
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

// patch returns a copy of raw with the first old replaced by new.
func patch(t *testing.T, raw []byte, old, new string) []byte {
	t.Helper()
	if !bytes.Contains(raw, []byte(old)) {
		t.Fatalf("%q not found in the pickle", old)
	}
	return bytes.Replace(raw, []byte(old), []byte(new), 1)
}

func TestDecodeBatchRejects(t *testing.T) {
	good := cifartest.Pickle(cifartest.Images(1, 0), map[string][]int{"labels": {1}})
	two := cifartest.Pickle(cifartest.Images(2, 0), map[string][]int{"labels": {1, 2}})
	for _, c := range []struct {
		name string
		raw  []byte
		want string
	}{
		{"empty", nil, "unexpected end"},
		{"truncated", good[:len(good)/2], "unexpected end"},
		{"os.system", []byte("cos\nsystem\n(S'ls'\ntR."), "refusing to load global os.system"},
		{"builtins eval", []byte("\x80\x04\x8c\x08builtins\x8c\x04eval\x93."), "refusing to load global builtins.eval"},
		{"not a dict", []byte("\x80\x02K\x01."), "want a dict"},
		{"bad memo", []byte("\x80\x02h\x05."), "memo key"},
		{"underflow", []byte("\x80\x02s."), "underflow"},
		{"huge string", []byte("\x80\x02T\xff\xff\xff\x7f"), "unexpected end"},
		{"unknown opcode", []byte("\x80\x02\xff."), "unsupported opcode"},
		{"stack left", []byte("\x80\x02K\x01K\x02."), "left on the stack"},
		{"bad protocol", []byte("\x80\x09}."), "protocol"},
		{"no data", []byte("\x80\x02}."), "no b'data' key"},
		{"data not an array", []byte("\x80\x02}U\x04dataK\x01s."), "b'data': pickle: not a numpy array"},
		{"shape mismatch", patch(t, two, "K\x02M\x00\x0c", "K\x03M\x00\x0c"), "needs 9216 bytes, holds 6144"},
		{"not 3072 wide", patch(t, two, "K\x02M\x00\x0c", "K\x03M\x00\x08"), "want (n, 3072)"},
		{"float dtype", patch(t, good, "U\x02u1", "U\x02f1"), `dtype "f1"`},
		{"fortran", patch(t, two, "b\x89T", "b\x88T"), "Fortran"},
		{"label count", cifartest.Pickle(cifartest.Images(2, 0), map[string][]int{"labels": {1}}), "1 labels for 2 images"},
		{"label not int", patch(t, two, "(K\x01K\x02e", "(NK\x02e"), "non-integer"},
		{"labels not a list", patch(t, two, "]q\x04(K\x01K\x02e", "K\x01q\x04"), "is a int64, want a list"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := DecodeBatch(c.raw, "labels")
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one containing %q", err, c.want)
			}
		})
	}
}
