// Package cifar10 loads CIFAR-10, as keras.datasets.cifar10.load_data does:
// 50,000 training and 10,000 test 32x32 colour images in 10 classes,
// uint8 pixels in channels-last layout (n, 32, 32, 3) and uint8 labels of
// shape (n, 1).
//
// LoadData reads Keras's archive cifar-10-python.tar.gz from the Keras cache
// ($KERAS_HOME/datasets/cifar-10-batches-py-target_archive, the name Keras
// 3's get_file gives it, accepted only with Keras's SHA-256), else the
// folder Keras extracted it to (datasets/cifar-10-batches-py-target/
// cifar-10-batches-py), else downloads it into the cache (atomically,
// hash-checked). The batches are read straight from the archive with a
// minimal pickle reader that executes no code.
//
// Deviation: Keras transposes to channels-last only when
// image_data_format is "channels_last" (the default); this package always
// does.
package cifar10

import (
	"github.com/gokeras/keras/datasets/internal/cifar"
	"github.com/gokeras/keras/tensor"
)

// spec is Keras's keras/src/datasets/cifar10.py.
var spec = cifar.Spec{
	Name:     "cifar10",
	Origin:   "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",
	SHA256:   "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce",
	Dirname:  "cifar-10-batches-py-target",
	Inner:    "cifar-10-batches-py",
	Train:    []string{"data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5"},
	Test:     []string{"test_batch"},
	MaxBytes: 256 << 20, // the archive is 170,498,071 bytes
}

// ClassNames are the CIFAR-10 labels 0-9.
var ClassNames = []string{"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"}

// LoadData returns CIFAR-10 (keras.datasets.cifar10.load_data()):
// xTrain uint8 (50000, 32, 32, 3), yTrain uint8 (50000, 1), xTest uint8
// (10000, 32, 32, 3), yTest uint8 (10000, 1).
func LoadData() (xTrain, yTrain, xTest, yTest *tensor.Tensor, err error) {
	return load(cifar.DefaultLoader(), spec)
}

func load(l *cifar.Loader, s cifar.Spec) (xTrain, yTrain, xTest, yTest *tensor.Tensor, err error) {
	train, test, err := l.Load(s, "labels")
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if xTrain, err = cifar.Images(train); err != nil {
		return
	}
	if yTrain, err = cifar.Labels(train, tensor.Uint8); err != nil {
		return
	}
	if xTest, err = cifar.Images(test); err != nil {
		return
	}
	yTest, err = cifar.Labels(test, tensor.Uint8)
	return
}
