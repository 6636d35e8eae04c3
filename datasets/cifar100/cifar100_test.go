package cifar100

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/gokeras/keras/datasets/internal/cifar"
	"github.com/gokeras/keras/datasets/internal/cifar/cifartest"
	"github.com/gokeras/keras/tensor"
)

func TestLoadFineAndCoarse(t *testing.T) {
	arc := cifartest.Archive("cifar-100-python", map[string][]byte{
		"train": cifartest.Pickle(cifartest.Images(4, 0), map[string][]int{"fine_labels": {99, 0, 42, 7}, "coarse_labels": {19, 0, 8, 1}}),
		"test":  cifartest.Pickle(cifartest.Images(2, 4), map[string][]int{"fine_labels": {5, 6}, "coarse_labels": {2, 3}}),
		"meta":  []byte("not needed"),
	})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(arc) }))
	defer srv.Close()
	s := spec
	sum := sha256.Sum256(arc)
	s.SHA256, s.Origin = hex.EncodeToString(sum[:]), srv.URL
	cache := t.TempDir()
	l := &cifar.Loader{CacheDir: func() (string, error) { return cache, nil }, Client: srv.Client(), Log: io.Discard}
	for mode, want := range map[string][2][]int64{"fine": {{99, 0, 42, 7}, {5, 6}}, "coarse": {{19, 0, 8, 1}, {2, 3}}} {
		xTrain, yTrain, xTest, yTest, err := load(l, s, mode)
		if err != nil {
			t.Fatal(err)
		}
		if !xTrain.Shape().Equal(tensor.Shape{4, 32, 32, 3}) || !xTest.Shape().Equal(tensor.Shape{2, 32, 32, 3}) ||
			!yTrain.Shape().Equal(tensor.Shape{4, 1}) || yTrain.DType() != tensor.Int64 {
			t.Fatalf("%s: %v %v %v %v", mode, xTrain.Shape(), xTest.Shape(), yTrain.Shape(), yTrain.DType())
		}
		if !slices.Equal(yTrain.Int64s(), want[0]) || !slices.Equal(yTest.Int64s(), want[1]) {
			t.Errorf("%s labels %v %v", mode, yTrain.Int64s(), yTest.Int64s())
		}
		// Channels last: image 1, pixel 10, channel 2 = (1*7 + 2*3 + 10) % 256.
		if got := xTrain.Uint8s()[3072+10*3+2]; got != 23 {
			t.Errorf("pixel %d", got)
		}
	}
	if _, _, _, _, err := load(l, s, "medium"); err == nil || !strings.Contains(err.Error(), "label_mode") {
		t.Errorf("bad label mode: %v", err)
	}
}
