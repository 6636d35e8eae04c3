package optimizers

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/gokeras/keras/optimizers/schedules"
	"github.com/gokeras/keras/tensor"
)

func newVar(t *testing.T, path string, trainable bool, data ...float32) *tensor.Variable {
	t.Helper()
	x, err := tensor.FromFloat32(data, len(data))
	if err != nil {
		t.Fatal(err)
	}
	return tensor.NewVariable(path[strings.LastIndex(path, "/")+1:], path, x, trainable)
}

func grad(t *testing.T, data ...float32) *tensor.Tensor {
	t.Helper()
	x, err := tensor.FromFloat32(data, len(data))
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func TestDefaults(t *testing.T) {
	tests := []struct {
		class string
		want  map[string]any
	}{
		{"SGD", map[string]any{"learning_rate": 0.01, "momentum": 0.0, "nesterov": false}},
		{"Adam", map[string]any{"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7, "amsgrad": false, "weight_decay": nil}},
		{"AdamW", map[string]any{"learning_rate": 0.001, "weight_decay": 0.004, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7}},
		{"RMSprop", map[string]any{"learning_rate": 0.001, "rho": 0.9, "momentum": 0.0, "epsilon": 1e-7, "centered": false}},
		{"Adagrad", map[string]any{"learning_rate": 0.001, "initial_accumulator_value": 0.1, "epsilon": 1e-7}},
		{"Adadelta", map[string]any{"learning_rate": 0.001, "rho": 0.95, "epsilon": 1e-7}},
		{"Adamax", map[string]any{"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7}},
		{"Nadam", map[string]any{"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7}},
		{"Lion", map[string]any{"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.99}},
		{"Ftrl", map[string]any{"learning_rate": 0.001, "learning_rate_power": -0.5, "initial_accumulator_value": 0.1,
			"l1_regularization_strength": 0.0, "l2_regularization_strength": 0.0, "l2_shrinkage_regularization_strength": 0.0, "beta": 0.0}},
		{"Lamb", map[string]any{"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7}},
	}
	base := map[string]any{"clipnorm": nil, "global_clipnorm": nil, "clipvalue": nil, "use_ema": false,
		"ema_momentum": 0.99, "ema_overwrite_frequency": nil, "loss_scale_factor": nil, "gradient_accumulation_steps": nil}
	for _, tt := range tests {
		o, err := Get(strings.ToLower(tt.class))
		if err != nil {
			t.Fatal(err)
		}
		if o.ClassName() != tt.class {
			t.Errorf("ClassName() = %q, want %q", o.ClassName(), tt.class)
		}
		cfg := o.GetConfig()
		for k, want := range base {
			if _, ok := tt.want[k]; !ok {
				tt.want[k] = want
			}
		}
		for k, want := range tt.want {
			got := cfg[k]
			if k == "learning_rate" {
				got = float64(float32(got.(float64)))
				want = float64(float32(want.(float64)))
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s %s = %#v, want %#v", tt.class, k, got, want)
			}
		}
		if _, ok := cfg["name"]; !ok {
			t.Errorf("%s config has no name", tt.class)
		}
	}
}

func TestConstructorsAndOptions(t *testing.T) {
	s, err := NewSGD(LearningRate(0.1), Momentum(0.9), Nesterov(true), ClipNorm(1), Name("my_sgd"))
	if err != nil {
		t.Fatal(err)
	}
	c := s.GetConfig()
	if c["momentum"] != 0.9 || c["nesterov"] != true || c["clipnorm"] != 1.0 || c["name"] != "my_sgd" {
		t.Errorf("SGD config %v", c)
	}
	a, err := NewAdam(Beta1(0.8), Beta2(0.95), Epsilon(1e-6), Amsgrad(true), UseEMA(true), EMAMomentum(0.9),
		EMAOverwriteFrequency(5), GlobalClipNorm(2), WeightDecay(0.01), LossScaleFactor(2), GradientAccumulationSteps(3))
	if err != nil {
		t.Fatal(err)
	}
	c = a.GetConfig()
	want := map[string]any{"beta_1": 0.8, "beta_2": 0.95, "epsilon": 1e-6, "amsgrad": true, "use_ema": true,
		"ema_momentum": 0.9, "ema_overwrite_frequency": 5, "global_clipnorm": 2.0, "weight_decay": 0.01,
		"loss_scale_factor": 2.0, "gradient_accumulation_steps": 3}
	for k, v := range want {
		if !reflect.DeepEqual(c[k], v) {
			t.Errorf("Adam %s = %#v, want %#v", k, c[k], v)
		}
	}
	r, err := NewRMSprop(Rho(0.8), Centered(true), Momentum(0.5), ClipValue(1))
	if err != nil || r.GetConfig()["centered"] != true {
		t.Fatalf("%v %v", r, err)
	}
	if _, err := NewAdagrad(InitialAccumulatorValue(0.5)); err != nil {
		t.Fatal(err)
	}
	if _, err := NewAdadelta(Rho(0.9)); err != nil {
		t.Fatal(err)
	}
	if _, err := NewAdamax(Beta1(0.5)); err != nil {
		t.Fatal(err)
	}
	if _, err := NewNadam(Beta2(0.9)); err != nil {
		t.Fatal(err)
	}
	if _, err := NewLion(Beta1(0.5)); err != nil {
		t.Fatal(err)
	}
	if _, err := NewLamb(Epsilon(1e-6)); err != nil {
		t.Fatal(err)
	}
	if _, err := NewAdamW(WeightDecay(0.1)); err != nil {
		t.Fatal(err)
	}
	f, err := NewFtrl(LearningRatePower(-1), L1RegularizationStrength(0.1), L2RegularizationStrength(0.2),
		L2ShrinkageRegularizationStrength(0.3), Beta(0.4))
	if err != nil || f.GetConfig()["beta"] != 0.4 {
		t.Fatalf("%v %v", f, err)
	}
}

func TestAutoName(t *testing.T) {
	if got := toSnakeCase("RMSprop"); got != "rm_sprop" {
		t.Errorf("toSnakeCase(RMSprop) = %q", got)
	}
	if got := toSnakeCase("AdamW"); got != "adam_w" {
		t.Errorf("toSnakeCase(AdamW) = %q", got)
	}
	a, _ := NewLion()
	b, _ := NewLion()
	if !strings.HasPrefix(a.Name(), "lion") || b.Name() == a.Name() {
		t.Errorf("names %q %q", a.Name(), b.Name())
	}
}

func TestConfigRoundTrip(t *testing.T) {
	sched, _ := schedules.NewCosineDecay(0.1, 100, schedules.Warmup(0.2, 10))
	opts := map[string][]Option{
		"SGD":      {Momentum(0.5), Nesterov(true), ClipValue(0.5)},
		"Adam":     {Amsgrad(true), Schedule(sched), UseEMA(true), EMAOverwriteFrequency(3)},
		"AdamW":    {WeightDecay(0.05), GradientAccumulationSteps(2)},
		"RMSprop":  {Centered(true), Momentum(0.2), GlobalClipNorm(1)},
		"Adagrad":  {InitialAccumulatorValue(0.2), LossScaleFactor(8)},
		"Adadelta": {Rho(0.8), LearningRate(1)},
		"Adamax":   {Beta1(0.7)},
		"Nadam":    {Epsilon(1e-5)},
		"Lion":     {Beta2(0.9), WeightDecay(0.1)},
		"Ftrl":     {L1RegularizationStrength(0.01), Beta(0.1)},
		"Lamb":     {ClipNorm(2)},
	}
	for class, o := range opts {
		opt, err := FromConfig(class, optionMap(o))
		if err != nil {
			t.Fatalf("%s: %v", class, err)
		}
		// Through JSON as in a .keras file.
		b, err := json.Marshal(Serialize(opt))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		opt2, err := Get(m)
		if err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		b2, _ := json.Marshal(Serialize(opt2))
		if string(b) != string(b2) {
			t.Errorf("round trip changed config:\n%s\n%s", b, b2)
		}
	}
}

func TestErrors(t *testing.T) {
	v := newVar(t, "dense/kernel", true, 1, 2, 3)
	sched, _ := schedules.NewExponentialDecay(0.1, 10, 0.5)
	withSched, _ := NewSGD(Schedule(sched))
	tests := []struct {
		name string
		fn   func() error
		want string
	}{
		{"unknown name", func() error { _, err := Get("adamz"); return err },
			`could not interpret optimizer identifier: "adamz"; valid names: adadelta, adagrad, adam, adamax, adamw, ftrl, lamb, lion, nadam, rmsprop, sgd`},
		{"bad identifier", func() error { _, err := Get(3.5); return err }, "could not interpret optimizer identifier: 3.5"},
		{"unknown arg", func() error { _, err := NewAdam(Momentum(0.9)); return err }, "Adam: Argument(s) not recognized: {'momentum': 0.9}"},
		{"schedule lr", func() error { return withSched.SetLearningRate(0.1) }, "hence its learning rate is not settable"},
		{"length", func() error {
			o, _ := NewSGD()
			return o.Apply([]*tensor.Tensor{grad(t, 1, 2, 3), grad(t, 1)}, []*tensor.Variable{v})
		}, "received 2 gradients for 1 variables"},
		{"shape", func() error {
			o, _ := NewSGD(Name("sgd_shape"))
			return o.Apply([]*tensor.Tensor{grad(t, 1, 2)}, []*tensor.Variable{v})
		}, "SGD optimizer 'sgd_shape': gradient for variable 'dense/kernel' has shape (2,), which does not match the variable's shape (3,)"},
		{"no grads", func() error {
			o, _ := NewSGD()
			return o.Apply([]*tensor.Tensor{nil}, []*tensor.Variable{v})
		}, "No gradients provided for any variable."},
		{"unknown var", func() error {
			o, _ := NewSGD()
			if err := o.Apply([]*tensor.Tensor{grad(t, 1, 2, 3)}, []*tensor.Variable{v}); err != nil {
				return err
			}
			w := newVar(t, "dense/bias", true, 1)
			return o.Apply([]*tensor.Tensor{grad(t, 1)}, []*tensor.Variable{w})
		}, "Unknown variable: 'dense/bias'"},
		{"clip args", func() error { _, err := NewSGD(ClipNorm(1), ClipValue(1)); return err },
			"Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. Received: clipnorm=1, clipvalue=1, global_clipnorm=None"},
		{"accum", func() error { _, err := NewSGD(GradientAccumulationSteps(1)); return err }, "`gradient_accumulation_steps` must be an integer >= 2"},
		{"ema momentum", func() error { _, err := NewSGD(UseEMA(true), EMAMomentum(2)); return err }, "`ema_momentum` must be in the range [0, 1]"},
		{"sgd momentum", func() error { _, err := NewSGD(Momentum(1.5)); return err }, "`momentum` must be a float between [0, 1]"},
		{"lion beta", func() error { _, err := NewLion(Beta1(0)); return err }, "`beta_1` must be in the [0, 1] range"},
		{"adamw none", func() error { _, err := FromConfig("AdamW", map[string]any{"weight_decay": nil}); return err }, "`weight_decay` must be a float"},
		{"ftrl", func() error { _, err := NewFtrl(LearningRatePower(0.5)); return err }, "`learning_rate_power` needs to be negative or zero"},
		{"lr type", func() error { _, err := FromConfig("sgd", map[string]any{"learning_rate": "fast"}); return err }, "`learning_rate` should be float"},
		{"bad type", func() error { _, err := FromConfig("sgd", map[string]any{"nesterov": 1}); return err }, "argument `nesterov` must be a boolean"},
		{"finalize", func() error {
			o, _ := NewSGD(UseEMA(true))
			if err := o.Apply([]*tensor.Tensor{grad(t, 1, 2, 3)}, []*tensor.Variable{v}); err != nil {
				return err
			}
			return o.FinalizeVariableValues(nil)
		}, "The length of model variables (0) to override does not match"},
		{"exclude after build", func() error {
			o, _ := NewSGD()
			if err := o.Build([]*tensor.Variable{v}); err != nil {
				return err
			}
			return o.ExcludeFromWeightDecay(nil, "bias")
		}, "can only be configured before the optimizer is built"},
	}
	for _, tt := range tests {
		err := tt.fn()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want error containing %q", tt.name, err, tt.want)
		}
	}
}

func TestSetLearningRate(t *testing.T) {
	o, _ := NewAdam()
	if err := o.SetLearningRate(0.5); err != nil {
		t.Fatal(err)
	}
	if o.LearningRate() != 0.5 || o.GetConfig()["learning_rate"] != 0.5 {
		t.Errorf("LearningRate() = %v", o.LearningRate())
	}
	sched, _ := schedules.NewExponentialDecay(1, 1, 0.5)
	s, _ := NewSGD(Schedule(sched))
	v := newVar(t, "w", true, 0)
	for i := 0; i < 3; i++ {
		if err := s.Apply([]*tensor.Tensor{grad(t, 1)}, []*tensor.Variable{v}); err != nil {
			t.Fatal(err)
		}
	}
	if s.LearningRate() != 0.125 || s.Iterations() != 3 {
		t.Errorf("LearningRate() = %v, Iterations() = %d", s.LearningRate(), s.Iterations())
	}
	if got := v.Value().Float32s()[0]; got != -1.75 {
		t.Errorf("w = %v, want -1.75 (lr 1, 0.5, 0.25)", got)
	}
	if n := len(s.Variables()); n != 1 {
		t.Errorf("schedule optimizer has %d variables, want 1 (no learning_rate variable)", n)
	}
}

type clampConstraint struct{ lo, hi float32 }

func (c clampConstraint) Constrain(w *tensor.Tensor) {
	for i, x := range w.Float32s() {
		w.Float32s()[i] = min(max(x, c.lo), c.hi)
	}
}

func TestSkipsAndConstraints(t *testing.T) {
	o, _ := NewSGD(LearningRate(1), Name("skip"))
	a := newVar(t, "a", true, 1, 1)
	frozen := newVar(t, "frozen", false, 1)
	b := newVar(t, "b", true, 1)
	b.Constraint = clampConstraint{-0.5, 0.5}
	err := o.Apply([]*tensor.Tensor{nil, grad(t, 5), grad(t, 2)}, []*tensor.Variable{a, frozen, b})
	if err != nil {
		t.Fatal(err)
	}
	if a.Value().Float32s()[0] != 1 || frozen.Value().Float32s()[0] != 1 || b.Value().Float32s()[0] != -0.5 {
		t.Errorf("a=%v frozen=%v b=%v", a.Value().Float32s(), frozen.Value().Float32s(), b.Value().Float32s())
	}
	var paths []string
	for _, v := range o.Variables() {
		paths = append(paths, v.Path())
	}
	if want := []string{"skip/iteration", "skip/learning_rate"}; !reflect.DeepEqual(paths, want) {
		t.Errorf("Variables() = %v, want %v", paths, want)
	}
	if len(o.vars) != 2 {
		t.Errorf("built on %d variables, want the 2 trainable ones", len(o.vars))
	}
}

func TestExcludeFromWeightDecay(t *testing.T) {
	o, _ := NewSGD(LearningRate(0.5), WeightDecay(0.5))
	k := newVar(t, "dense/kernel", true, 1)
	b := newVar(t, "dense/bias", true, 1)
	if err := o.ExcludeFromWeightDecay(nil, "bias"); err != nil {
		t.Fatal(err)
	}
	zero := []*tensor.Tensor{grad(t, 0), grad(t, 0)}
	if err := o.Apply(zero, []*tensor.Variable{k, b}); err != nil {
		t.Fatal(err)
	}
	if k.Value().Float32s()[0] != 0.75 || b.Value().Float32s()[0] != 1 {
		t.Errorf("kernel %v (want 0.75), bias %v (want 1)", k.Value().Float32s(), b.Value().Float32s())
	}
}

func TestFinalizeVariableValues(t *testing.T) {
	o, _ := NewSGD(LearningRate(1), UseEMA(true), EMAMomentum(0.5))
	v := newVar(t, "w", true, 0)
	for i := 0; i < 2; i++ {
		if err := o.Apply([]*tensor.Tensor{grad(t, 1)}, []*tensor.Variable{v}); err != nil {
			t.Fatal(err)
		}
	}
	// w: -1 then -2; average: -1 (first step copies) then 0.5*-1 + 0.5*-2.
	if err := o.FinalizeVariableValues([]*tensor.Variable{v}); err != nil {
		t.Fatal(err)
	}
	if got := v.Value().Float32s()[0]; got != -1.5 {
		t.Errorf("finalized w = %v, want -1.5", got)
	}
}

func TestApplyDoesNotAllocate(t *testing.T) {
	mk := func() ([]*tensor.Tensor, []*tensor.Variable) {
		var gs []*tensor.Tensor
		var vs []*tensor.Variable
		for i, n := range []int{784 * 16, 16, 16 * 10, 10} {
			data := make([]float32, n)
			g := make([]float32, n)
			for j := range data {
				data[j] = float32(j%7) * 0.1
				g[j] = float32(j%5)*0.01 - 0.02
			}
			x, _ := tensor.FromFloat32(data, n)
			gt, _ := tensor.FromFloat32(g, n)
			vs = append(vs, tensor.NewVariable("v", "layer/v"+string(rune('0'+i)), x, true))
			gs = append(gs, gt)
		}
		return gs, vs
	}
	sched, _ := schedules.NewCosineDecay(0.01, 1000)
	cases := map[string][]Option{
		"sgd":      {Momentum(0.9)},
		"adam":     {Schedule(sched)},
		"adamw":    {ClipNorm(1)},
		"rmsprop":  {Centered(true), Momentum(0.5)},
		"adagrad":  {GlobalClipNorm(1)},
		"adadelta": {ClipValue(0.1)},
		"adamax":   {UseEMA(true), EMAOverwriteFrequency(3)},
		"nadam":    {GradientAccumulationSteps(2), LossScaleFactor(2)},
		"lion":     {WeightDecay(0.1)},
		"ftrl":     {L1RegularizationStrength(0.01)},
		"lamb":     {},
	}
	for name, opts := range cases {
		o, err := FromConfig(name, optionMap(opts))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		gs, vs := mk()
		if err := o.Apply(gs, vs); err != nil {
			t.Fatal(err)
		}
		allocs := testing.AllocsPerRun(20, func() {
			if err := o.Apply(gs, vs); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: Apply allocates %v times per call", name, allocs)
		}
	}
}
