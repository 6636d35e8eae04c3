// Package cifar100 loads CIFAR-100, as keras.datasets.cifar100.load_data
// does: 50,000 training and 10,000 test 32x32 colour images with 100 fine
// or 20 coarse labels, uint8 pixels in channels-last layout (n, 32, 32, 3)
// and int64 labels of shape (n, 1) (numpy's type for Keras's label lists).
//
// Where it looks is as for package cifar10, with Keras's
// cifar-100-python.tar.gz (cache name cifar-100-python-target_archive,
// extracted folder cifar-100-python-target/cifar-100-python).
//
// Deviation: Keras transposes to channels-last only when
// image_data_format is "channels_last" (the default); this package always
// does.
package cifar100

import (
	"fmt"

	"github.com/gokeras/keras/datasets/internal/cifar"
	"github.com/gokeras/keras/tensor"
)

// spec is Keras's keras/src/datasets/cifar100.py.
var spec = cifar.Spec{
	Name:     "cifar100",
	Origin:   "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz",
	SHA256:   "85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7",
	Dirname:  "cifar-100-python-target",
	Inner:    "cifar-100-python",
	Train:    []string{"train"},
	Test:     []string{"test"},
	MaxBytes: 256 << 20, // the archive is 169,001,437 bytes
}

// LoadData returns CIFAR-100 (keras.datasets.cifar100.load_data(label_mode)):
// labelMode is "fine" (100 classes, Keras's default) or "coarse" (20
// superclasses). xTrain uint8 (50000, 32, 32, 3), yTrain int64 (50000, 1),
// xTest uint8 (10000, 32, 32, 3), yTest int64 (10000, 1).
func LoadData(labelMode string) (xTrain, yTrain, xTest, yTest *tensor.Tensor, err error) {
	return load(cifar.DefaultLoader(), spec, labelMode)
}

func load(l *cifar.Loader, s cifar.Spec, labelMode string) (xTrain, yTrain, xTest, yTest *tensor.Tensor, err error) {
	if labelMode != "fine" && labelMode != "coarse" {
		return nil, nil, nil, nil, fmt.Errorf(`cifar100: label_mode must be one of "fine", "coarse". Received: label_mode=%s`, labelMode)
	}
	train, test, err := l.Load(s, labelMode+"_labels")
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if xTrain, err = cifar.Images(train); err != nil {
		return
	}
	if yTrain, err = cifar.Labels(train, tensor.Int64); err != nil {
		return
	}
	if xTest, err = cifar.Images(test); err != nil {
		return
	}
	yTest, err = cifar.Labels(test, tensor.Int64)
	return
}
