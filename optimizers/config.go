package optimizers

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gokeras/keras/optimizers/internal/config"
	"github.com/gokeras/keras/optimizers/schedules"
	"github.com/gokeras/keras/tensor"
)

// baseDefaults are the per-class defaults of the shared arguments.
type baseDefaults struct {
	learningRate float64
	weightDecay  *float64
}

// parseBase reads BaseOptimizer's arguments into c and creates its
// iteration and learning-rate variables.
func parseBase(c *core, a *config.Args, d baseDefaults) error {
	var err error
	if c.name, err = a.String("name", ""); err != nil {
		return err
	}
	if err := parseLearningRate(c, a, d.learningRate); err != nil {
		return err
	}
	a.Raw("decay") // Keras warns that `decay` is no longer supported and ignores it.
	if c.weightDecay, err = a.OptFloat("weight_decay", d.weightDecay); err != nil {
		return err
	}
	if c.clipnorm, err = a.OptFloat("clipnorm", nil); err != nil {
		return err
	}
	if c.clipvalue, err = a.OptFloat("clipvalue", nil); err != nil {
		return err
	}
	if c.globalClipnorm, err = a.OptFloat("global_clipnorm", nil); err != nil {
		return err
	}
	if c.useEMA, err = a.Bool("use_ema", false); err != nil {
		return err
	}
	if c.emaMomentum, err = a.Float("ema_momentum", 0.99); err != nil {
		return err
	}
	if c.emaOverwrite, err = a.OptInt("ema_overwrite_frequency"); err != nil {
		return err
	}
	if c.lossScale, err = a.OptFloat("loss_scale_factor", nil); err != nil {
		return err
	}
	if c.accumSteps, err = a.OptInt("gradient_accumulation_steps"); err != nil {
		return err
	}
	if c.accumSteps != 0 && c.accumSteps < 2 {
		return fmt.Errorf("%s: `gradient_accumulation_steps` must be an integer >= 2. Received: gradient_accumulation_steps=%d",
			c.className, c.accumSteps)
	}
	if c.useEMA {
		if c.emaMomentum > 1 || c.emaMomentum < 0 {
			return fmt.Errorf("%s: `ema_momentum` must be in the range [0, 1]. Received: ema_momentum=%v", c.className, c.emaMomentum)
		}
		if c.emaOverwrite < 0 {
			return fmt.Errorf("%s: `ema_overwrite_frequency` must be an integer >= 1 or None. Received: ema_overwrite_frequency=%d",
				c.className, c.emaOverwrite)
		}
	}
	nClip := 0
	for _, p := range []*float64{c.clipnorm, c.clipvalue, c.globalClipnorm} {
		if p != nil {
			nClip++
		}
	}
	if nClip > 1 {
		return fmt.Errorf("%s: Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. "+
			"Received: clipnorm=%s, clipvalue=%s, global_clipnorm=%s",
			c.className, reprFloat(c.clipnorm), reprFloat(c.clipvalue), reprFloat(c.globalClipnorm))
	}
	if c.name == "" {
		c.name = autoName(c.className)
	}
	it, _ := tensor.New(tensor.Int64)
	c.iterVar = c.newVar("iteration", it)
	if c.schedule == nil {
		c.lrVar = c.newVar("learning_rate", c.lrVar.Value())
	}
	return nil
}

// parseLearningRate reads learning_rate: a number, a schedule, or a
// serialized schedule map. A constant is kept in a temporary variable that
// parseBase renames once the optimizer name is known.
func parseLearningRate(c *core, a *config.Args, def float64) error {
	v, ok := a.Raw("learning_rate")
	if !ok {
		v = def
	}
	switch x := v.(type) {
	case schedules.LearningRateSchedule:
		c.schedule = x
		return nil
	case map[string]any:
		s, err := schedules.Get(x)
		if err != nil {
			return fmt.Errorf("%s: learning_rate: %w", c.className, err)
		}
		c.schedule = s
		return nil
	}
	f, ok := config.ToFloat(v)
	if !ok {
		return fmt.Errorf("%s: Argument `learning_rate` should be float, or an instance of LearningRateSchedule. "+
			"Received instead: learning_rate=%s", c.className, config.Repr(v))
	}
	t := tensor.Scalar(float32(f))
	c.lrVar = tensor.NewVariable("learning_rate", "learning_rate", t, false)
	return nil
}

func reprFloat(p *float64) string {
	if p == nil {
		return "None"
	}
	return fmt.Sprint(*p)
}

func optFloat(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func optInt(n int64) any {
	if n == 0 {
		return nil
	}
	return int(n)
}

// GetConfig returns Keras's config keys for the optimizer.
func (c *core) GetConfig() map[string]any {
	var lr any
	if c.schedule != nil {
		lr = schedules.Serialize(c.schedule)
	} else {
		lr = float64(c.lrVar.Value().Float32s()[0])
	}
	m := map[string]any{
		"name":                        c.name,
		"learning_rate":               lr,
		"weight_decay":                optFloat(c.weightDecay),
		"clipnorm":                    optFloat(c.clipnorm),
		"global_clipnorm":             optFloat(c.globalClipnorm),
		"clipvalue":                   optFloat(c.clipvalue),
		"use_ema":                     c.useEMA,
		"ema_momentum":                c.emaMomentum,
		"ema_overwrite_frequency":     optInt(c.emaOverwrite),
		"loss_scale_factor":           optFloat(c.lossScale),
		"gradient_accumulation_steps": optInt(c.accumSteps),
	}
	c.impl.config(m)
	return m
}

type factory func(a *config.Args) (Optimizer, error)

// registry maps Keras's lower-case class names to constructors.
var registry = map[string]struct {
	className string
	make      factory
}{
	"sgd":      {"SGD", func(a *config.Args) (Optimizer, error) { return newSGD(a) }},
	"adam":     {"Adam", func(a *config.Args) (Optimizer, error) { return newAdam(a) }},
	"adamw":    {"AdamW", func(a *config.Args) (Optimizer, error) { return newAdamW(a) }},
	"rmsprop":  {"RMSprop", func(a *config.Args) (Optimizer, error) { return newRMSprop(a) }},
	"adagrad":  {"Adagrad", func(a *config.Args) (Optimizer, error) { return newAdagrad(a) }},
	"adadelta": {"Adadelta", func(a *config.Args) (Optimizer, error) { return newAdadelta(a) }},
	"adamax":   {"Adamax", func(a *config.Args) (Optimizer, error) { return newAdamax(a) }},
	"nadam":    {"Nadam", func(a *config.Args) (Optimizer, error) { return newNadam(a) }},
	"lion":     {"Lion", func(a *config.Args) (Optimizer, error) { return newLion(a) }},
	"ftrl":     {"Ftrl", func(a *config.Args) (Optimizer, error) { return newFtrl(a) }},
	"lamb":     {"Lamb", func(a *config.Args) (Optimizer, error) { return newLamb(a) }},
}

// Names lists the identifiers Get accepts, sorted.
func Names() []string {
	out := make([]string, 0, len(registry))
	for k := range registry {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// FromConfig builds an optimizer from its Keras class name (matched
// case-insensitively, as keras.optimizers.deserialize does) and its
// get_config() dictionary. cfg is not modified.
func FromConfig(className string, cfg map[string]any) (Optimizer, error) {
	r, ok := registry[strings.ToLower(className)]
	if !ok {
		return nil, fmt.Errorf("optimizers: could not interpret optimizer identifier: %q; valid names: %s",
			className, strings.Join(Names(), ", "))
	}
	if cfg == nil {
		cfg = map[string]any{}
	}
	a := config.New(r.className, cfg)
	o, err := r.make(a)
	if err != nil {
		return nil, err
	}
	if err := a.Unused(); err != nil {
		return nil, err
	}
	return o, nil
}

// Get resolves an optimizer identifier like keras.optimizers.get: a name
// ("adam", "SGD", ... case-insensitive) for an optimizer with default
// arguments, a serialized map {"class_name": ..., "config": ...}, or an
// Optimizer, returned as is.
func Get(identifier any) (Optimizer, error) {
	switch x := identifier.(type) {
	case Optimizer:
		return x, nil
	case string:
		return FromConfig(x, nil)
	case map[string]any:
		name, ok := x["class_name"].(string)
		if !ok {
			return nil, fmt.Errorf("optimizers: could not interpret optimizer identifier: %v (missing string `class_name`)", x)
		}
		var cfg map[string]any
		if c, ok := x["config"]; ok && c != nil {
			if cfg, ok = c.(map[string]any); !ok {
				return nil, fmt.Errorf("optimizers: `config` of optimizer %s must be a map, got %T", name, c)
			}
		}
		return FromConfig(name, cfg)
	}
	return nil, fmt.Errorf("optimizers: could not interpret optimizer identifier: %v (%T); valid names: %s",
		identifier, identifier, strings.Join(Names(), ", "))
}

// Serialize returns Keras's serialized form of o (keras.optimizers.serialize).
func Serialize(o Optimizer) map[string]any {
	return map[string]any{
		"module":          "keras.optimizers",
		"class_name":      o.ClassName(),
		"config":          o.GetConfig(),
		"registered_name": nil,
	}
}
