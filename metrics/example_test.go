package metrics_test

import (
	"fmt"

	"github.com/gokeras/keras/metrics"
	"github.com/gokeras/keras/tensor"
)

func ExampleNewMean() {
	m, _ := metrics.NewMean()
	values, _ := tensor.FromFloat32([]float32{1, 3, 5, 7}, 4)
	weights, _ := tensor.FromFloat32([]float32{1, 1, 0, 0}, 4)
	_ = m.Update(values, nil)
	fmt.Println(m.Result())
	m.ResetState()
	_ = m.Update(values, weights)
	fmt.Println(m.Result())
	// Output:
	// 4
	// 2
}

func ExampleNewSum() {
	m, _ := metrics.NewSum()
	values, _ := tensor.FromFloat32([]float32{1, 3, 5, 7}, 4)
	_ = m.Update(values, nil)
	fmt.Println(m.Result())
	// Output: 16
}

func ExampleNewSparseCategoricalAccuracy() {
	m, _ := metrics.NewSparseCategoricalAccuracy()
	yTrue, _ := tensor.FromInt32([]int32{2, 1}, 2)
	yPred, _ := tensor.FromFloat32([]float32{0.1, 0.6, 0.3, 0.05, 0.95, 0}, 2, 3)
	_ = m.UpdateState(yTrue, yPred, nil)
	fmt.Println(m.Name(), m.Result())
	// Output: sparse_categorical_accuracy 0.5
}

func ExampleNewBinaryAccuracy() {
	m, _ := metrics.NewBinaryAccuracy(metrics.WithThreshold(0.7))
	yTrue, _ := tensor.FromFloat32([]float32{1, 1, 0, 0}, 4, 1)
	yPred, _ := tensor.FromFloat32([]float32{0.98, 0.6, 0.3, 0.8}, 4, 1)
	_ = m.UpdateState(yTrue, yPred, nil)
	fmt.Println(m.Result())
	// Output: 0.5
}

func ExampleNewAUC() {
	m, _ := metrics.NewAUC(metrics.WithNumThresholds(3))
	yTrue, _ := tensor.FromFloat32([]float32{0, 0, 1, 1}, 4)
	yPred, _ := tensor.FromFloat32([]float32{0, 0.5, 0.3, 0.9}, 4)
	_ = m.UpdateState(yTrue, yPred, nil)
	fmt.Printf("%.2f\n", m.Result())
	// Output: 0.75
}

func ExampleNewPrecision() {
	m, _ := metrics.NewPrecision(metrics.WithThresholds(0.2, 0.6))
	yTrue, _ := tensor.FromFloat32([]float32{1, 0, 1}, 3)
	yPred, _ := tensor.FromFloat32([]float32{0.7, 0.3, 0.4}, 3)
	_ = m.UpdateState(yTrue, yPred, nil)
	fmt.Println(m.ResultTensor().Float32s())
	// Output: [0.6666667 1]
}

func ExampleNewF1Score() {
	m, _ := metrics.NewF1Score(metrics.WithAverage("micro"), metrics.WithThreshold(0.5))
	yTrue, _ := tensor.FromFloat32([]float32{1, 0, 0, 1, 1, 0}, 3, 2)
	yPred, _ := tensor.FromFloat32([]float32{0.9, 0.2, 0.7, 0.6, 0.8, 0.1}, 3, 2)
	_ = m.UpdateState(yTrue, yPred, nil)
	fmt.Printf("%.4f\n", m.Result())
	// Output: 0.8571
}

func ExampleNewMeanIoU() {
	m, _ := metrics.NewMeanIoU(2)
	yTrue, _ := tensor.FromInt32([]int32{0, 0, 1, 1}, 4)
	yPred, _ := tensor.FromInt32([]int32{0, 1, 0, 1}, 4)
	_ = m.UpdateState(yTrue, yPred, nil)
	fmt.Printf("%.2f\n", m.Result())
	// Output: 0.33
}

func ExampleGet() {
	m, _ := metrics.Get("mse")
	fmt.Println(m.ClassName(), m.Name())
	m, _ = metrics.Get(map[string]any{"class_name": "AUC", "config": map[string]any{"curve": "PR"}})
	fmt.Println(m.ClassName(), m.GetConfig()["curve"])
	// Output:
	// MeanSquaredError mean_squared_error
	// AUC PR
}

func ExampleResolve() {
	yTrue := tensor.Shape{-1}
	yPred := tensor.Shape{-1, 10}
	m, _ := metrics.Resolve("accuracy", "sparse_categorical_crossentropy", yTrue, yPred)
	fmt.Println(m.ClassName(), m.Name())
	m, _ = metrics.Resolve("acc", "binary_crossentropy", tensor.Shape{-1, 1}, tensor.Shape{-1, 1})
	fmt.Println(m.ClassName(), m.Name())
	// Output:
	// SparseCategoricalAccuracy accuracy
	// BinaryAccuracy acc
}
