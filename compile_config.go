package keras

import (
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/losses"
	"github.com/gokeras/keras/metrics"
	"github.com/gokeras/keras/optimizers"
)

// CompileConfig is Keras's model.get_compile_config(): the serialized
// optimizer, loss, metrics and loss weights given to Compile, or nil when
// the model is not compiled. Losses and metrics given as names stay names;
// objects are serialized as {"module", "class_name", "config",
// "registered_name"}.
func (m *Model) CompileConfig() map[string]any {
	t := &m.trainer
	if !t.compiled || t.optimizer == nil {
		return nil
	}
	var loss any
	if len(t.losses) == 1 {
		loss = serializeLoss(t.losses[0])
	} else {
		ls := make([]any, len(t.losses))
		for i, l := range t.losses {
			ls[i] = serializeLoss(l)
		}
		loss = ls
	}
	var ms any
	switch {
	case len(t.metricIDs) == 1 && len(t.metricIDs[0]) > 0:
		ms = serializeMetricIDs(t.metricIDs[0])
	case len(t.metricIDs) > 1:
		per := make([]any, len(t.metricIDs))
		found := false
		for i, ids := range t.metricIDs {
			if len(ids) > 0 {
				per[i] = serializeMetricIDs(ids)
				found = true
			}
		}
		if found {
			ms = per
		}
	}
	var lw any
	for _, w := range t.lossWeights {
		if w != 1 {
			ws := make([]any, len(t.lossWeights))
			for i, v := range t.lossWeights {
				ws[i] = v
			}
			lw = ws
			break
		}
	}
	return map[string]any{
		"optimizer": optimizers.Serialize(t.optimizer), "loss": loss, "loss_weights": lw,
		"metrics": ms, "weighted_metrics": nil, "run_eagerly": false, "steps_per_execution": 1, "jit_compile": false,
	}
}

// CompileConfig returns the compile config of a Sequential model, including
// one whose Compile waits for the input shape.
func (s *Sequential) CompileConfig() map[string]any {
	if s.pending == nil {
		return s.Model.CompileConfig()
	}
	p := s.pending
	var opt any = p.optimizer
	if o, ok := p.optimizer.(optimizers.Optimizer); ok {
		opt = optimizers.Serialize(o)
	}
	loss := p.loss
	if l, ok := loss.(losses.Loss); ok {
		loss = serializeLoss(l)
	}
	var ms any
	if len(p.metrics) > 0 {
		ms = serializeMetricIDs(p.metrics)
	}
	return map[string]any{
		"optimizer": opt, "loss": loss, "loss_weights": nil, "metrics": ms,
		"weighted_metrics": nil, "run_eagerly": false, "steps_per_execution": 1, "jit_compile": false,
	}
}

func serializeLoss(l losses.Loss) any {
	if l == nil {
		return nil
	}
	return map[string]any{"module": "keras.losses", "class_name": l.ClassName(), "config": l.GetConfig(), "registered_name": nil}
}

func serializeMetricIDs(ids []any) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		if mt, ok := id.(metrics.Metric); ok {
			out[i] = map[string]any{"module": "keras.metrics", "class_name": mt.ClassName(), "config": mt.GetConfig(), "registered_name": nil}
		} else {
			out[i] = id
		}
	}
	return out
}

// NewSequentialWith is NewSequential with model options (layers.WithName,
// layers.WithTrainable), as keras.Sequential(layers, name=...); loaders use
// it to give a rebuilt model its saved name.
func NewSequentialWith(opts []layers.Option, ls ...layers.Layer) (*Sequential, error) {
	s := &Sequential{}
	cfg := layers.Options(opts, nil)
	s.Model.BaseLayer.Init(s, "Sequential", cfg)
	s.Model.BaseLayer.Finish(cfg)
	if err := s.Model.BaseLayer.Err(); err != nil {
		return nil, err
	}
	s.Model.trainer.model = &s.Model
	for _, l := range ls {
		if err := s.Add(l); err != nil {
			return nil, err
		}
	}
	return s, nil
}
