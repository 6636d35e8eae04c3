package schedules_test

import (
	"fmt"

	"github.com/gokeras/keras/optimizers/schedules"
)

func ExampleNewExponentialDecay() {
	s, err := schedules.NewExponentialDecay(0.1, 10, 0.5, schedules.Staircase(true))
	if err != nil {
		panic(err)
	}
	fmt.Println(s.Call(0), s.Call(9), s.Call(10), s.Call(25))
	// Output: 0.1 0.1 0.05 0.025
}

func ExampleNewCosineDecay() {
	// Linear warmup from 0 to 0.1 over 10 steps, then cosine decay over 100.
	s, err := schedules.NewCosineDecay(0, 100, schedules.Warmup(0.1, 10))
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.3f %.3f %.3f %.3f\n", s.Call(5), s.Call(10), s.Call(60), s.Call(110))
	// Output: 0.050 0.100 0.050 0.000
}

func ExampleNewPiecewiseConstantDecay() {
	s, err := schedules.NewPiecewiseConstantDecay([]int64{100, 200}, []float64{1.0, 0.5, 0.1})
	if err != nil {
		panic(err)
	}
	fmt.Println(s.Call(100), s.Call(101), s.Call(201))
	// Output: 1 0.5 0.1
}

func ExampleNewPolynomialDecay() {
	s, err := schedules.NewPolynomialDecay(0.1, 10, schedules.EndLearningRate(0.01))
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.3f %.3f %.3f\n", s.Call(0), s.Call(5), s.Call(20))
	// Output: 0.100 0.055 0.010
}

func ExampleNewInverseTimeDecay() {
	s, err := schedules.NewInverseTimeDecay(0.1, 1, 1)
	if err != nil {
		panic(err)
	}
	fmt.Println(s.Call(0), s.Call(1), s.Call(4))
	// Output: 0.1 0.05 0.02
}

func ExampleNewCosineDecayRestarts() {
	s, err := schedules.NewCosineDecayRestarts(0.1, 10, schedules.TMul(1), schedules.MMul(0.5))
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.3f %.3f %.3f\n", s.Call(0), s.Call(5), s.Call(10))
	// Output: 0.100 0.050 0.050
}

func ExampleFromConfig() {
	s, err := schedules.FromConfig("ExponentialDecay", map[string]any{
		"initial_learning_rate": 0.01, "decay_steps": 1000, "decay_rate": 0.9,
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(s.ClassName(), s.GetConfig()["decay_steps"])
	// Output: ExponentialDecay 1000
}

func ExampleGet() {
	s, err := schedules.Get(map[string]any{
		"class_name": "CosineDecay",
		"config":     map[string]any{"initial_learning_rate": 0.1, "decay_steps": 10},
	})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.2f\n", s.Call(5))
	// Output: 0.05
}
