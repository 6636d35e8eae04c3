package optimizers

import (
	"fmt"
	"math"
	"regexp"
	"strings"

	"github.com/gokeras/keras/optimizers/schedules"
	"github.com/gokeras/keras/tensor"
)

// core is Keras's BaseOptimizer: hyperparameters shared by all optimizers,
// the iteration and learning-rate variables, and the apply pipeline.
type core struct {
	className string
	name      string
	impl      kernel

	schedule       schedules.LearningRateSchedule
	weightDecay    *float64
	clipnorm       *float64
	clipvalue      *float64
	globalClipnorm *float64
	useEMA         bool
	emaMomentum    float64
	emaOverwrite   int64 // 0: None
	lossScale      *float64
	accumSteps     int64 // 0: None

	iterVar *tensor.Variable // int64 scalar
	lrVar   *tensor.Variable // float32 scalar, nil with a schedule

	built     bool
	vars      []*tensor.Variable // trainable variables it was built with
	index     map[*tensor.Variable]int
	ema       []*tensor.Variable
	accum     []*tensor.Variable
	slots     []*tensor.Variable // optimizer-specific, Keras order
	grads     []*tensor.Tensor   // per built variable, this call's gradient
	scratch   []float32
	useWD     []bool
	excludeWD map[*tensor.Variable]bool
	excludeRe *regexp.Regexp
}

func (c *core) errorf(format string, args ...any) error {
	return fmt.Errorf("%s optimizer '%s': "+format, append([]any{c.className, c.name}, args...)...)
}

// ClassName returns the Keras class name.
func (c *core) ClassName() string { return c.className }

// Name returns the optimizer's name.
func (c *core) Name() string { return c.name }

func (c *core) rawIterations() int64 { return c.iterVar.Value().Int64s()[0] }

// Iterations returns Keras's optimizer.iterations.
func (c *core) Iterations() int64 {
	it := c.rawIterations()
	if c.accumSteps > 0 {
		return it / c.accumSteps
	}
	return it
}

// LearningRate returns the current learning rate.
func (c *core) LearningRate() float64 {
	if c.schedule != nil {
		return c.schedule.Call(c.rawIterations())
	}
	return float64(c.lrVar.Value().Float32s()[0])
}

// SetLearningRate sets a constant learning rate.
func (c *core) SetLearningRate(lr float64) error {
	if c.schedule != nil {
		return c.errorf("This optimizer was created with a `LearningRateSchedule` object as its " +
			"`learning_rate` constructor argument, hence its learning rate is not settable. " +
			"If you need the learning rate to be settable, you should instantiate the optimizer " +
			"with a float `learning_rate` argument.")
	}
	c.lrVar.Value().Float32s()[0] = float32(lr)
	return nil
}

// Variables lists the optimizer variables in Keras's order.
func (c *core) Variables() []*tensor.Variable {
	out := make([]*tensor.Variable, 0, 2+len(c.ema)+len(c.accum)+len(c.slots))
	out = append(out, c.iterVar)
	if c.lrVar != nil {
		out = append(out, c.lrVar)
	}
	out = append(out, c.ema...)
	out = append(out, c.accum...)
	return append(out, c.slots...)
}

// ExcludeFromWeightDecay excludes variables from weight decay, either
// listed or whose name contains one of names (Keras's
// exclude_from_weight_decay; names are regular expressions searched in the
// variable name). It must be called before the optimizer is built.
func (c *core) ExcludeFromWeightDecay(vars []*tensor.Variable, names ...string) error {
	if c.built {
		return c.errorf("`exclude_from_weight_decay()` can only be configured before the optimizer is built.")
	}
	c.excludeWD = map[*tensor.Variable]bool{}
	for _, v := range vars {
		c.excludeWD[v] = true
	}
	c.excludeRe = nil
	if len(names) > 0 {
		re, err := regexp.Compile(strings.Join(names, "|"))
		if err != nil {
			return c.errorf("invalid variable name pattern: %w", err)
		}
		c.excludeRe = re
	}
	return nil
}

func (c *core) newVar(name string, t *tensor.Tensor) *tensor.Variable {
	return tensor.NewVariable(name, c.name+"/"+name, t, false)
}

// addSlots creates, for each variable, one zero-or-init-filled slot per
// name, interleaved per variable as Keras's add_optimizer_variables does.
// It returns the slot data indexed [name][variable].
func (c *core) addSlots(vars []*tensor.Variable, inits []float32, names ...string) ([][][]float32, error) {
	out := make([][][]float32, len(names))
	for k := range names {
		out[k] = make([][]float32, len(vars))
	}
	for i, v := range vars {
		for k, n := range names {
			t, err := tensor.New(tensor.Float32, v.Shape()...)
			if err != nil {
				return nil, c.errorf("cannot create slot %q for variable '%s': %w", n, v.Path(), err)
			}
			if inits != nil && inits[k] != 0 {
				t.Fill(inits[k])
			}
			c.slots = append(c.slots, c.newVar(strings.ReplaceAll(v.Path(), "/", "_")+"_"+n, t))
			out[k][i] = t.Float32s()
		}
	}
	return out, nil
}

// Build creates the optimizer variables for the trainable variables in vars.
func (c *core) Build(vars []*tensor.Variable) error {
	if c.built {
		return nil
	}
	var train []*tensor.Variable
	maxSize := 0
	for i, v := range vars {
		if v == nil {
			return c.errorf("variable %d is nil", i)
		}
		if !v.Trainable() {
			continue
		}
		if dt := v.Value().DType(); dt != tensor.Float32 {
			return c.errorf("variable '%s' has dtype %v; only float32 variables can be optimized", v.Path(), dt)
		}
		train = append(train, v)
		maxSize = max(maxSize, v.Value().Size())
	}
	c.index = make(map[*tensor.Variable]int, len(train))
	c.useWD = make([]bool, len(train))
	for i, v := range train {
		c.index[v] = i
		c.useWD[i] = !c.excludeWD[v] && (c.excludeRe == nil || !c.excludeRe.MatchString(v.Name()))
	}
	slotVars := func(name string) []*tensor.Variable {
		out := make([]*tensor.Variable, len(train))
		for i, v := range train {
			out[i] = c.newVar(strings.ReplaceAll(v.Path(), "/", "_")+"_"+name, v.Value().Clone())
			out[i].Value().Fill(0)
		}
		return out
	}
	if c.useEMA {
		c.ema = slotVars("average")
	}
	if c.accumSteps > 0 {
		c.accum = slotVars("gradient_accumulator")
	}
	if err := c.impl.build(c, train); err != nil {
		c.ema, c.accum, c.slots = nil, nil, nil
		return err
	}
	c.vars = train
	c.grads = make([]*tensor.Tensor, len(train))
	c.scratch = make([]float32, maxSize)
	c.built = true
	return nil
}

// FinalizeVariableValues copies the moving averages into vars when use_ema
// is set.
func (c *core) FinalizeVariableValues(vars []*tensor.Variable) error {
	if !c.useEMA {
		return nil
	}
	if len(vars) != len(c.ema) {
		return c.errorf("The length of model variables (%d) to override does not match the length of model "+
			"variables stored in the optimizer (%d). Please check if the optimizer was called on your model.",
			len(vars), len(c.ema))
	}
	for i, v := range vars {
		if err := v.Assign(c.ema[i].Value()); err != nil {
			return c.errorf("finalizing variable '%s': %w", v.Path(), err)
		}
	}
	return nil
}

// currentLR is the learning rate as float32, as Keras casts it.
func (c *core) currentLR() float32 {
	if c.schedule != nil {
		return float32(c.schedule.Call(c.rawIterations()))
	}
	return c.lrVar.Value().Float32s()[0]
}

// Apply runs one optimizer step.
func (c *core) Apply(grads []*tensor.Tensor, vars []*tensor.Variable) error {
	if len(grads) == 0 {
		return nil
	}
	if len(grads) != len(vars) {
		return c.errorf("received %d gradients for %d variables; they must match one-to-one", len(grads), len(vars))
	}
	if !c.built {
		if err := c.Build(vars); err != nil {
			return err
		}
	}
	if err := c.collect(grads, vars); err != nil {
		return err
	}
	lr := c.currentLR()
	if c.accumSteps > 0 {
		c.accumulate(lr)
	} else {
		f := float32(1)
		if c.lossScale != nil {
			f = float32(1 / *c.lossScale)
		}
		c.step(lr, f, false)
	}
	if c.useEMA {
		c.updateEMA()
	}
	for i, g := range c.grads {
		if g != nil && c.vars[i].Constraint != nil {
			c.vars[i].Constraint.Constrain(c.vars[i].Value())
		}
	}
	c.iterVar.Value().Int64s()[0]++
	return nil
}

// collect validates the inputs and files each gradient under its variable's
// build index in c.grads, without changing any state on error.
func (c *core) collect(grads []*tensor.Tensor, vars []*tensor.Variable) error {
	clear(c.grads)
	n := 0
	for i, v := range vars {
		if v == nil {
			return c.errorf("variable %d is nil", i)
		}
		if !v.Trainable() {
			continue
		}
		idx, ok := c.index[v]
		if !ok {
			return c.errorf("Unknown variable: '%s'. This optimizer can only be called for the variables it was "+
				"originally built with. When working with a new set of variables, you should recreate a new "+
				"optimizer instance.", v.Path())
		}
		g := grads[i]
		if g == nil {
			continue
		}
		if g.DType() != tensor.Float32 {
			return c.errorf("gradient for variable '%s' has dtype %v, expected float32", v.Path(), g.DType())
		}
		if gs, vs := g.Shape(), v.Shape(); !gs.Equal(vs) {
			return c.errorf("gradient for variable '%s' has shape %v, which does not match the variable's shape %v",
				v.Path(), gs, vs)
		}
		c.grads[idx] = g
		n++
	}
	if n == 0 {
		clear(c.grads)
		return c.errorf("No gradients provided for any variable.")
	}
	return nil
}

// accumulate adds this call's gradients to the accumulators and, every
// accumSteps calls, updates with their mean and resets them.
func (c *core) accumulate(lr float32) {
	f := float32(1)
	if c.lossScale != nil {
		f = float32(1 / *c.lossScale)
	}
	for i, g := range c.grads {
		if g == nil {
			continue
		}
		acc := c.accum[i].Value().Float32s()
		for j, x := range g.Float32s() {
			acc[j] += x * f
		}
	}
	if (c.rawIterations()+1)%c.accumSteps != 0 {
		return
	}
	inv := float32(c.accumSteps)
	for i, g := range c.grads {
		if g == nil {
			continue
		}
		acc := c.accum[i].Value().Float32s()
		for j := range acc {
			acc[j] /= inv
		}
	}
	c.step(lr, 1, true)
	for _, a := range c.accum {
		a.Value().Fill(0)
	}
}

// gradData is the raw gradient source of variable i for this step.
func (c *core) gradData(i int, fromAccum bool) []float32 {
	if fromAccum {
		return c.accum[i].Value().Float32s()
	}
	return c.grads[i].Float32s()
}

func sumSquares(x []float32, f float32) float64 {
	var s float64
	for _, v := range x {
		v *= f
		s += float64(v) * float64(v)
	}
	return s
}

// step clips, applies weight decay and runs the kernel on every variable
// that has a gradient. f scales the raw gradients (1/loss_scale_factor).
func (c *core) step(lr, f float32, fromAccum bool) {
	global := float32(1)
	if c.globalClipnorm != nil && *c.globalClipnorm > 0 && (c.clipnorm == nil || *c.clipnorm <= 0) {
		var ss float64
		for i, g := range c.grads {
			if g != nil {
				ss += sumSquares(c.gradData(i, fromAccum), f)
			}
		}
		norm, gc := math.Sqrt(ss), *c.globalClipnorm
		global = float32(gc*math.Min(1/norm, 1/gc) + (norm - norm))
	}
	clipValue := c.clipnorm == nil || *c.clipnorm <= 0
	clipValue = clipValue && (c.globalClipnorm == nil || *c.globalClipnorm <= 0)
	clipValue = clipValue && c.clipvalue != nil && *c.clipvalue > 0
	var wd float32
	if c.weightDecay != nil {
		wd = float32(*c.weightDecay) * lr
	}
	stepNo := c.Iterations() + 1
	c.impl.beforeUpdate(stepNo)
	for i, g := range c.grads {
		if g == nil {
			continue
		}
		src := c.gradData(i, fromAccum)
		scale := f * global
		if c.clipnorm != nil && *c.clipnorm > 0 {
			norm, cn := math.Sqrt(sumSquares(src, f)), *c.clipnorm
			scale = f * float32(cn/math.Max(norm, cn))
		}
		gd := src
		if scale != 1 || clipValue {
			gd = c.scratch[:len(src)]
			if clipValue {
				cv := float32(*c.clipvalue)
				for j, x := range src {
					gd[j] = min(max(x*scale, -cv), cv)
				}
			} else {
				for j, x := range src {
					gd[j] = x * scale
				}
			}
		}
		p := c.vars[i].Value().Float32s()
		if c.weightDecay != nil && c.useWD[i] {
			for j, x := range p {
				p[j] = x - x*wd
			}
		}
		c.impl.update(i, gd, p, lr, stepNo)
	}
}

// updateEMA updates the moving averages and overwrites the variables with
// them every ema_overwrite_frequency iterations.
func (c *core) updateEMA() {
	it := c.Iterations()
	var m float32
	if it != 0 {
		m = float32(c.emaMomentum)
	}
	for i, v := range c.vars {
		a := c.ema[i].Value().Float32s()
		for j, x := range v.Value().Float32s() {
			a[j] = m*a[j] + (1-m)*x
		}
	}
	if c.emaOverwrite > 0 && (it+1)%c.emaOverwrite == 0 {
		for i, v := range c.vars {
			copy(v.Value().Float32s(), c.ema[i].Value().Float32s())
		}
	}
}
