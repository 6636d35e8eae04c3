package optimizers_test

import (
	"fmt"

	"github.com/gokeras/keras/optimizers"
	"github.com/gokeras/keras/optimizers/schedules"
	"github.com/gokeras/keras/tensor"
)

func ExampleNewSGD() {
	w, _ := tensor.FromFloat32([]float32{1, 2}, 2)
	v := tensor.NewVariable("kernel", "dense/kernel", w, true)
	g, _ := tensor.FromFloat32([]float32{0.5, -0.5}, 2)

	opt, err := optimizers.NewSGD(optimizers.LearningRate(0.1), optimizers.Momentum(0.9))
	if err != nil {
		panic(err)
	}
	for i := 0; i < 2; i++ {
		if err := opt.Apply([]*tensor.Tensor{g}, []*tensor.Variable{v}); err != nil {
			panic(err)
		}
	}
	fmt.Printf("%.3f %d\n", v.Value().Float32s(), opt.Iterations())
	// Output: [0.855 2.145] 2
}

func ExampleNewAdam() {
	w, _ := tensor.FromFloat32([]float32{1, -1}, 2)
	v := tensor.NewVariable("kernel", "dense/kernel", w, true)
	g, _ := tensor.FromFloat32([]float32{0.3, -2}, 2)

	opt, err := optimizers.NewAdam(optimizers.LearningRate(0.01), optimizers.Name("adam"))
	if err != nil {
		panic(err)
	}
	if err := opt.Apply([]*tensor.Tensor{g}, []*tensor.Variable{v}); err != nil {
		panic(err)
	}
	// Adam's first step moves every weight by about lr against its gradient.
	fmt.Printf("%.4f\n", v.Value().Float32s())
	for _, ov := range opt.Variables() {
		fmt.Println(ov.Path())
	}
	// Output:
	// [0.9900 -0.9900]
	// adam/iteration
	// adam/learning_rate
	// adam/dense_kernel_momentum
	// adam/dense_kernel_velocity
}

func ExampleNewAdamW() {
	opt, err := optimizers.NewAdamW(optimizers.LearningRate(0.001))
	if err != nil {
		panic(err)
	}
	fmt.Println(opt.ClassName(), opt.GetConfig()["weight_decay"])
	// Output: AdamW 0.004
}

func ExampleNewRMSprop() {
	opt, err := optimizers.NewRMSprop(optimizers.Centered(true), optimizers.Momentum(0.9))
	if err != nil {
		panic(err)
	}
	fmt.Println(opt.GetConfig()["rho"], opt.GetConfig()["centered"])
	// Output: 0.9 true
}

func ExampleNewAdagrad() {
	opt, _ := optimizers.NewAdagrad()
	fmt.Println(opt.GetConfig()["initial_accumulator_value"])
	// Output: 0.1
}

func ExampleNewAdadelta() {
	opt, _ := optimizers.NewAdadelta(optimizers.LearningRate(1.0))
	fmt.Println(opt.LearningRate(), opt.GetConfig()["rho"])
	// Output: 1 0.95
}

func ExampleNewAdamax() {
	opt, _ := optimizers.NewAdamax()
	fmt.Println(opt.GetConfig()["beta_2"])
	// Output: 0.999
}

func ExampleNewNadam() {
	opt, _ := optimizers.NewNadam()
	fmt.Println(opt.GetConfig()["epsilon"])
	// Output: 1e-07
}

func ExampleNewLion() {
	w, _ := tensor.FromFloat32([]float32{1, 1}, 2)
	v := tensor.NewVariable("w", "w", w, true)
	g, _ := tensor.FromFloat32([]float32{3, -0.001}, 2)
	opt, _ := optimizers.NewLion(optimizers.LearningRate(0.25))
	if err := opt.Apply([]*tensor.Tensor{g}, []*tensor.Variable{v}); err != nil {
		panic(err)
	}
	// Lion moves each weight by exactly lr, by the sign of the update.
	fmt.Println(v.Value().Float32s())
	// Output: [0.75 1.25]
}

func ExampleNewFtrl() {
	opt, _ := optimizers.NewFtrl(optimizers.L1RegularizationStrength(0.01))
	fmt.Println(opt.GetConfig()["learning_rate_power"], opt.GetConfig()["l1_regularization_strength"])
	// Output: -0.5 0.01
}

func ExampleNewLamb() {
	opt, _ := optimizers.NewLamb(optimizers.WeightDecay(0.01))
	fmt.Println(opt.ClassName(), opt.GetConfig()["weight_decay"])
	// Output: Lamb 0.01
}

func ExampleSchedule() {
	sched, _ := schedules.NewExponentialDecay(0.1, 1, 0.5)
	opt, _ := optimizers.NewSGD(optimizers.Schedule(sched))
	w, _ := tensor.FromFloat32([]float32{0}, 1)
	v := tensor.NewVariable("w", "w", w, true)
	g, _ := tensor.FromFloat32([]float32{1}, 1)
	for i := 0; i < 3; i++ {
		_ = opt.Apply([]*tensor.Tensor{g}, []*tensor.Variable{v})
	}
	fmt.Printf("%.4f %.3f\n", opt.LearningRate(), v.Value().Float32s())
	fmt.Println(opt.SetLearningRate(0.01) != nil)
	// Output:
	// 0.0125 [-0.175]
	// true
}

func ExampleGet() {
	opt, err := optimizers.Get("RMSprop")
	if err != nil {
		panic(err)
	}
	fmt.Println(opt.ClassName())

	_, err = optimizers.Get("adamm")
	fmt.Println(err)
	// Output:
	// RMSprop
	// optimizers: could not interpret optimizer identifier: "adamm"; valid names: adadelta, adagrad, adam, adamax, adamw, ftrl, lamb, lion, nadam, rmsprop, sgd
}

func ExampleFromConfig() {
	opt, err := optimizers.FromConfig("Adam", map[string]any{
		"learning_rate": 0.01,
		"amsgrad":       true,
		"clipnorm":      1.0,
	})
	if err != nil {
		panic(err)
	}
	cfg := opt.GetConfig()
	fmt.Println(cfg["amsgrad"], cfg["clipnorm"], cfg["beta_1"])
	// Output: true 1 0.9
}

func ExampleSerialize() {
	opt, _ := optimizers.NewSGD(optimizers.Name("sgd_example"))
	s := optimizers.Serialize(opt)
	fmt.Println(s["module"], s["class_name"], s["config"].(map[string]any)["name"])
	// Output: keras.optimizers SGD sgd_example
}

func ExampleUseEMA() {
	w, _ := tensor.FromFloat32([]float32{0}, 1)
	v := tensor.NewVariable("w", "w", w, true)
	g, _ := tensor.FromFloat32([]float32{1}, 1)
	opt, _ := optimizers.NewSGD(optimizers.LearningRate(1), optimizers.UseEMA(true), optimizers.EMAMomentum(0.5))
	for i := 0; i < 3; i++ {
		_ = opt.Apply([]*tensor.Tensor{g}, []*tensor.Variable{v})
	}
	fmt.Println(v.Value().Float32s())
	// At the end of training, swap in the moving average (w: -1, -2, -3).
	_ = opt.FinalizeVariableValues([]*tensor.Variable{v})
	fmt.Println(v.Value().Float32s())
	// Output:
	// [-3]
	// [-2.25]
}

func ExampleGradientAccumulationSteps() {
	w, _ := tensor.FromFloat32([]float32{0}, 1)
	v := tensor.NewVariable("w", "w", w, true)
	opt, _ := optimizers.NewSGD(optimizers.LearningRate(1), optimizers.GradientAccumulationSteps(2))
	for _, x := range []float32{1, 3} {
		g, _ := tensor.FromFloat32([]float32{x}, 1)
		_ = opt.Apply([]*tensor.Tensor{g}, []*tensor.Variable{v})
		fmt.Println(v.Value().Float32s(), opt.Iterations())
	}
	// Output:
	// [0] 0
	// [-2] 1
}
