package mnist

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/gokeras/keras/internal/dataset"
	"github.com/gokeras/keras/tensor"
)

// idxMD5 holds the published MD5s of the original MNIST files (those
// torchvision also checks).
var idxMD5 = map[string]string{
	"train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
	"train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
	"t10k-images-idx3-ubyte.gz":  "9fb629c4189551a2d022fa330f9573f3",
	"t10k-labels-idx1-ubyte.gz":  "ec29112dd5afa0611ce80d1b7f02629c",
}

// maxImages bounds the number of images any one source may claim.
const maxImages = 1 << 20

// loadNPZ reads an .npz holding x_train, y_train, x_test and y_test, and
// checks it looks like MNIST.
func loadNPZ(path string) (*splits, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, notFound(err)
	}
	m, err := dataset.ReadNPZ(path)
	if err != nil {
		return nil, err
	}
	d := &splits{XTrain: m["x_train"], YTrain: m["y_train"], XTest: m["x_test"], YTest: m["y_test"]}
	if err := d.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

// saveDerived caches d as an uncompressed .npz (numpy.savez layout).
func saveDerived(path string, d *splits) error {
	return dataset.WriteNPZ(path, map[string]*tensor.Tensor{
		"x_train": d.XTrain, "y_train": d.YTrain, "x_test": d.XTest, "y_test": d.YTest,
	}, false)
}

// fromModuleCache reads the idx files of the GoMNIST module in the Go
// module cache. It returns the directory it looked in.
func (l *loader) fromModuleCache() (string, *splits, error) {
	mc, err := l.modCache()
	if err != nil {
		return "", nil, err
	}
	dir := filepath.Join(dataset.ModuleDir(mc, goMNISTModule, goMNISTVersion), "data")
	if _, err := os.Stat(dir); err != nil {
		return dir, nil, fmt.Errorf("%w; run `%s` to fetch it", notFound(err), SetupCommand)
	}
	var d splits
	for _, f := range []struct {
		name string
		rank int
		dst  **tensor.Tensor
	}{
		{"train-images-idx3-ubyte.gz", 3, &d.XTrain},
		{"train-labels-idx1-ubyte.gz", 1, &d.YTrain},
		{"t10k-images-idx3-ubyte.gz", 3, &d.XTest},
		{"t10k-labels-idx1-ubyte.gz", 1, &d.YTest},
	} {
		path := filepath.Join(dir, f.name)
		if want, ok := l.idxMD5[f.name]; ok {
			if err := dataset.CheckFileHash(path, want); err != nil {
				return dir, nil, fmt.Errorf("%s: %w", f.name, err)
			}
		}
		x, err := dataset.ReadIDXFile(path, f.rank, maxImages*28*28)
		if err != nil {
			return dir, nil, err
		}
		if *f.dst, err = tensor.FromUint8(x.Data, x.Dims...); err != nil {
			return dir, nil, fmt.Errorf("%s: %w", f.name, err)
		}
	}
	if err := d.validate(); err != nil {
		return dir, nil, err
	}
	return dir, &d, nil
}

// validate checks dtypes and shapes: images (n, 28, 28) and labels (n,) of
// uint8, labels 0-9.
func (d *splits) validate() error {
	for _, p := range []struct {
		name   string
		x, y   *tensor.Tensor
		xn, yn string
	}{
		{"train", d.XTrain, d.YTrain, "x_train", "y_train"},
		{"test", d.XTest, d.YTest, "x_test", "y_test"},
	} {
		if p.x == nil || p.y == nil {
			return fmt.Errorf("missing %s or %s", p.xn, p.yn)
		}
		if p.x.DType() != tensor.Uint8 || p.y.DType() != tensor.Uint8 {
			return fmt.Errorf("%s is %v and %s is %v, want uint8", p.xn, p.x.DType(), p.yn, p.y.DType())
		}
		xs, ys := p.x.Shape(), p.y.Shape()
		if len(xs) != 3 || xs[1] != 28 || xs[2] != 28 || len(ys) != 1 || ys[0] != xs[0] || xs[0] > maxImages {
			return fmt.Errorf("%s has shape %v and %s %v, want (n, 28, 28) and (n,)", p.xn, xs, p.yn, ys)
		}
		for i, v := range p.y.Uint8s() {
			if v > 9 {
				return fmt.Errorf("%s[%d] = %d is not a digit", p.yn, i, v)
			}
		}
	}
	return nil
}
