package main

import (
	"fmt"

	"github.com/gokeras/keras/datasets/mnist"
	"github.com/gokeras/keras/tensor"
)

// mnistData is MNIST with images scaled to float32 in [0, 1].
type mnistData struct {
	xTrain, xTest []float32 // row-major, 784 values per image
	yTrain, yTest []uint8
}

// loadMNIST loads MNIST with mnist.LoadData and scales the images by 1/255.
func loadMNIST() (*mnistData, error) {
	xTr, yTr, xTe, yTe, err := mnist.LoadData()
	if err != nil {
		return nil, fmt.Errorf("loading MNIST: %w", err)
	}
	return &mnistData{
		xTrain: scale(xTr.Uint8s()), xTest: scale(xTe.Uint8s()),
		yTrain: yTr.Uint8s(), yTest: yTe.Uint8s(),
	}, nil
}

func scale(px []uint8) []float32 {
	out := make([]float32, len(px))
	for i, p := range px {
		out[i] = float32(p) / 255
	}
	return out
}

// images wraps images [lo, hi) of x (784 values each) as a tensor of shape
// (hi-lo, inner...), without copying.
func images(x []float32, lo, hi int, inner ...int) (*tensor.Tensor, error) {
	shape := append([]int{hi - lo}, inner...)
	return tensor.FromFloat32(x[lo*784:hi*784], shape...)
}

// labels wraps labels [lo, hi) as a uint8 tensor, without copying.
func labels(y []uint8, lo, hi int) (*tensor.Tensor, error) {
	return tensor.FromUint8(y[lo:hi], hi-lo)
}
