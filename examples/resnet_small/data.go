package main

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/gokeras/keras/datasets/cifar10"
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

// loadData returns float32 images in [0, 1] of shape (n, 32, 32, 3) and
// uint8 labels of shape (n, 1): the first samples images of CIFAR-10's
// training and test sets (all of them when samples is 0), or, when CIFAR-10
// cannot be loaded or synth is set, a synthetic set of the same form.
func loadData(samples int, synth bool, seed int64) (xTrain, yTrain, xTest, yTest *tensor.Tensor, err error) {
	err = errors.New("-synthetic is set")
	if !synth {
		xTrain, yTrain, xTest, yTest, err = cifar10.LoadData()
	}
	if err != nil {
		fmt.Printf("CIFAR-10 not loaded (%v).\nFALLBACK: training on a synthetic 10-class image set (coloured squares on noise) instead.\n\n", err)
		nTrain := samples
		if nTrain <= 0 {
			nTrain = 5000
		}
		nTest := max(nTrain/2, 100)
		rng := rand.New(rand.NewPCG(uint64(seed), 2))
		xTrain, yTrain = synthetic(rng, nTrain)
		xTest, yTest = synthetic(rng, nTest)
	} else if samples > 0 {
		if xTrain, yTrain, err = head(xTrain, yTrain, samples); err != nil {
			return nil, nil, nil, nil, err
		}
		if xTest, yTest, err = head(xTest, yTest, samples); err != nil {
			return nil, nil, nil, nil, err
		}
	}
	fmt.Printf("%d train samples, %d test samples\n", xTrain.Shape()[0], xTest.Shape()[0])
	// x.astype("float32") / 255.0
	if xTrain, err = scale(xTrain); err != nil {
		return nil, nil, nil, nil, err
	}
	if xTest, err = scale(xTest); err != nil {
		return nil, nil, nil, nil, err
	}
	return xTrain, yTrain, xTest, yTest, nil
}

// head keeps the first n samples of x and y (all of them if there are fewer).
func head(x, y *tensor.Tensor, n int) (*tensor.Tensor, *tensor.Tensor, error) {
	if n >= x.Shape()[0] {
		return x, y, nil
	}
	xs, err := ops.Slice(x, []int{0, 0, 0, 0}, []int{n, -1, -1, -1})
	if err != nil {
		return nil, nil, err
	}
	ys, err := ops.Slice(y, []int{0, 0}, []int{n, -1})
	if err != nil {
		return nil, nil, err
	}
	return xs, ys, nil
}

func scale(x *tensor.Tensor) (*tensor.Tensor, error) {
	f, err := ops.Cast(x, tensor.Float32)
	if err != nil {
		return nil, err
	}
	return ops.Divide(f, ops.Const(255))
}

// palette holds one colour per synthetic class.
var palette = [10][3]uint8{
	{230, 25, 75}, {60, 180, 75}, {255, 225, 25}, {0, 130, 200}, {245, 130, 48},
	{145, 30, 180}, {70, 240, 240}, {240, 50, 230}, {210, 245, 60}, {250, 190, 212},
}

// synthetic makes n CIFAR-like samples: uint8 images (n, 32, 32, 3) of noise
// with a square of the class's colour (jittered) at a random place and size,
// and uint8 labels (n, 1).
func synthetic(rng *rand.Rand, n int) (x, y *tensor.Tensor) {
	const side, ch = 32, 3
	img := make([]uint8, n*side*side*ch)
	lab := make([]uint8, n)
	for i := range n {
		c := rng.IntN(len(palette))
		lab[i] = uint8(c)
		px := img[i*side*side*ch : (i+1)*side*side*ch]
		for j := range px {
			px[j] = uint8(rng.IntN(160))
		}
		size := 10 + rng.IntN(10)
		r0, c0 := rng.IntN(side-size+1), rng.IntN(side-size+1)
		for r := r0; r < r0+size; r++ {
			for q := c0; q < c0+size; q++ {
				for k := range ch {
					v := int(palette[c][k]) + rng.IntN(41) - 20
					px[(r*side+q)*ch+k] = uint8(min(max(v, 0), 255))
				}
			}
		}
	}
	x, _ = tensor.FromUint8(img, n, side, side, ch)
	y, _ = tensor.FromUint8(lab, n, 1)
	return x, y
}
