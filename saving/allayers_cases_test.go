package saving

import (
	"fmt"
	"testing"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/initializers"
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

// rtCase is one minimal model holding a layer class, with its input.
type rtCase struct {
	build func(t *testing.T) (Model, any)
	// tfjs: TensorFlow.js layers can run the model, so the TF.js round trip
	// is checked too.
	tfjs bool
}

// rtSeq is a Sequential of an InputLayer of shape (and dtype) and ls.
func rtSeq(t *testing.T, shape []int, dtype string, ls ...layers.Layer) Model {
	t.Helper()
	var opts []layers.Option
	if dtype != "" {
		opts = append(opts, layers.With("dtype", dtype))
	}
	m, err := keras.NewSequential(append([]layers.Layer{layers.NewInputLayer(shape, opts...)}, ls...)...)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// rtOne is a case for a layer built from its config, fed a float ramp.
func rtOne(cls string, cfg map[string]any, tfjs bool, shape ...int) rtCase {
	return rtCase{tfjs: tfjs, build: func(t *testing.T) (Model, any) {
		l, err := layers.FromConfig(cls, cfg)
		if err != nil {
			t.Fatal(err)
		}
		return rtSeq(t, shape, "", l), ramp(append([]int{2}, shape...)...)
	}}
}

// rtFunc builds a functional model from float inputs of the given shapes.
func rtFunc(tfjs bool, f func(in []*layers.KerasTensor) *layers.KerasTensor, shapes ...[]int) rtCase {
	return rtCase{tfjs: tfjs, build: func(t *testing.T) (Model, any) {
		ins := make([]*layers.KerasTensor, len(shapes))
		xs := make([]*tensor.Tensor, len(shapes))
		for i, s := range shapes {
			ins[i] = keras.Input(s, layers.WithName(fmt.Sprintf("in_%d", i)))
			xs[i] = ramp(append([]int{2}, s...)...)
			// Different inputs per port.
			for j, v := range xs[i].Float32s() {
				xs[i].Float32s()[j] = v * float32(i+1)
			}
		}
		m, err := keras.NewModel(ins, []*layers.KerasTensor{f(ins)})
		if err != nil {
			t.Fatal(err)
		}
		if len(xs) == 1 {
			return m, xs[0]
		}
		return m, xs
	}}
}

func rtStrings(t *testing.T, s []string, shape ...int) *tensor.Tensor {
	t.Helper()
	x, err := tensor.FromStrings(s, shape...)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func rtInt64(t *testing.T, v []int64, shape ...int) *tensor.Tensor {
	t.Helper()
	x, err := tensor.FromInt64(v, shape...)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

var rtTexts = []string{"the cat sat", "the dog ran far", "a cat ran", "dogs and cats", "the end"}

// rtText adapts a TextVectorization and feeds it into a small head.
func rtText(opts ...layers.Option) rtCase {
	return rtCase{build: func(t *testing.T) (Model, any) {
		x := rtStrings(t, rtTexts, len(rtTexts), 1)
		tv := layers.NewTextVectorization(opts...)
		if tv.GetConfig()["vocabulary"] == nil {
			if err := tv.Adapt(x); err != nil {
				t.Fatal(err)
			}
		}
		return rtSeq(t, []int{1}, "string", tv), x
	}}
}

// rtLookup adapts a StringLookup or IntegerLookup.
func rtLookup(cls string, cfg map[string]any) rtCase {
	return rtCase{build: func(t *testing.T) (Model, any) {
		var x, data *tensor.Tensor
		dtype := "string"
		if cls == "StringLookup" {
			data = rtStrings(t, []string{"a", "b", "b", "c", "c", "c", "d"}, 7)
			x = rtStrings(t, []string{"c", "a", "z", "b", "b", "d"}, 2, 3)
		} else {
			dtype = "int64"
			data = rtInt64(t, []int64{7, 3, 3, 9, 9, 9, 12}, 7)
			x = rtInt64(t, []int64{9, 7, 42, 3, 3, 12}, 2, 3)
		}
		l, err := layers.FromConfig(cls, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if _, given := cfg["vocabulary"]; !given {
			if err := l.(interface{ Adapt(*tensor.Tensor) error }).Adapt(data); err != nil {
				t.Fatal(err)
			}
		}
		return rtSeq(t, []int{3}, dtype, l), x
	}}
}

// rtRNN wraps a cell in keras.layers.RNN over (5, 2) sequences.
func rtRNN(cell func() layers.Layer, opts ...layers.Option) rtCase {
	return rtCase{build: func(t *testing.T) (Model, any) {
		return rtSeq(t, []int{5, 2}, "", layers.NewRNN(cell(), opts...)), ramp(2, 5, 2)
	}}
}

// rtCases has a round-trip case for every layer class package layers
// registers; keys are class names, optionally followed by "/variant".
func rtCases() map[string]rtCase {
	c := map[string]rtCase{
		// Core and activations.
		"InputLayer":             rtOne("Dense", map[string]any{"units": 2}, true, 3),
		"Dense":                  rtOne("Dense", map[string]any{"units": 3, "activation": "tanh"}, true, 4),
		"Activation":             rtOne("Activation", map[string]any{"activation": "relu"}, true, 4),
		"Identity":               rtOne("Identity", map[string]any{}, false, 4),
		"ReLU":                   rtOne("ReLU", map[string]any{"max_value": 0.5}, true, 4),
		"LeakyReLU":              rtOne("LeakyReLU", map[string]any{}, true, 4),
		"ELU":                    rtOne("ELU", map[string]any{}, true, 4),
		"PReLU":                  rtOne("PReLU", map[string]any{}, true, 4),
		"Softmax":                rtOne("Softmax", map[string]any{}, true, 4),
		"Dropout":                rtOne("Dropout", map[string]any{"rate": 0.5}, true, 4),
		"ActivityRegularization": rtOne("ActivityRegularization", map[string]any{"l1": 0.01}, false, 4),
		"AlphaDropout":           rtOne("AlphaDropout", map[string]any{"rate": 0.2}, true, 4),
		"GaussianDropout":        rtOne("GaussianDropout", map[string]any{"rate": 0.2}, true, 4),
		"GaussianNoise":          rtOne("GaussianNoise", map[string]any{"stddev": 0.1}, true, 4),
		"SpatialDropout1D":       rtOne("SpatialDropout1D", map[string]any{"rate": 0.2}, true, 4, 3),
		"SpatialDropout2D":       rtOne("SpatialDropout2D", map[string]any{"rate": 0.2}, false, 4, 4, 3),
		"SpatialDropout3D":       rtOne("SpatialDropout3D", map[string]any{"rate": 0.2}, false, 3, 3, 3, 2),
		"Embedding": {tfjs: true, build: func(t *testing.T) (Model, any) {
			x := rtInt64(t, []int64{0, 1, 2, 9, 4, 5, 0, 7}, 2, 4)
			return rtSeq(t, []int{4}, "int64", layers.NewEmbedding(10, 3), layers.NewFlatten()), x
		}},
		"Embedding/mask_zero": {build: func(t *testing.T) (Model, any) {
			x := rtInt64(t, []int64{1, 2, 0, 0, 4, 5, 6, 0}, 2, 4)
			return rtSeq(t, []int{4}, "int64", layers.NewEmbedding(10, 3, layers.With("mask_zero", true)), layers.NewLSTM(2)), x
		}},
		"Masking": {tfjs: true, build: func(t *testing.T) (Model, any) {
			x := ramp(2, 4, 3)
			for _, i := range []int{3, 4, 5, 9, 10, 11} { // timesteps 1 and 3 of sample 0
				x.Float32s()[i] = 0
			}
			return rtSeq(t, []int{4, 3}, "", layers.NewMasking(), layers.NewLSTM(2)), x
		}},
		"Flatten":       rtOne("Flatten", map[string]any{}, true, 2, 3),
		"Reshape":       rtOne("Reshape", map[string]any{"target_shape": []any{2, 2}}, true, 4),
		"Permute":       rtOne("Permute", map[string]any{"dims": []any{2, 1}}, true, 2, 3),
		"RepeatVector":  rtOne("RepeatVector", map[string]any{"n": 2}, true, 4),
		"Cropping1D":    rtOne("Cropping1D", map[string]any{"cropping": []any{1, 1}}, true, 5, 2),
		"Cropping2D":    rtOne("Cropping2D", map[string]any{"cropping": []any{[]any{1, 0}, []any{0, 1}}}, true, 4, 4, 2),
		"Cropping3D":    rtOne("Cropping3D", map[string]any{"cropping": []any{[]any{1, 0}, []any{0, 1}, []any{1, 1}}}, false, 3, 3, 3, 1),
		"ZeroPadding1D": rtOne("ZeroPadding1D", map[string]any{"padding": 1}, true, 3, 2),
		"ZeroPadding2D": rtOne("ZeroPadding2D", map[string]any{"padding": 1}, true, 3, 3, 2),
		"ZeroPadding3D": rtOne("ZeroPadding3D", map[string]any{"padding": 1}, false, 2, 2, 2, 1),
		"UpSampling1D":  rtOne("UpSampling1D", map[string]any{}, true, 3, 2),
		"UpSampling2D":  rtOne("UpSampling2D", map[string]any{}, true, 3, 3, 2),
		"UpSampling3D":  rtOne("UpSampling3D", map[string]any{}, false, 2, 2, 2, 1),

		// Normalization.
		"BatchNormalization": rtOne("BatchNormalization", map[string]any{}, true, 4),
		"LayerNormalization": rtOne("LayerNormalization", map[string]any{}, true, 4),
		"RMSNormalization":   rtOne("RMSNormalization", map[string]any{}, false, 4),
		"UnitNormalization":  rtOne("UnitNormalization", map[string]any{}, false, 4),
		"GroupNormalization": rtOne("GroupNormalization", map[string]any{"groups": 2}, false, 4),

		// Convolution.
		"Conv1D":          rtOne("Conv1D", map[string]any{"filters": 2, "kernel_size": []any{2}}, true, 5, 3),
		"Conv2D":          rtOne("Conv2D", map[string]any{"filters": 2, "kernel_size": []any{2, 2}}, true, 4, 4, 3),
		"Conv3D":          rtOne("Conv3D", map[string]any{"filters": 2, "kernel_size": []any{2, 2, 2}}, true, 3, 3, 3, 2),
		"Conv1DTranspose": rtOne("Conv1DTranspose", map[string]any{"filters": 2, "kernel_size": []any{2}}, false, 5, 3),
		"Conv2DTranspose": rtOne("Conv2DTranspose", map[string]any{"filters": 2, "kernel_size": []any{2, 2}, "strides": []any{2, 2}}, true, 3, 3, 2),
		"Conv3DTranspose": rtOne("Conv3DTranspose", map[string]any{"filters": 2, "kernel_size": []any{2, 2, 2}}, true, 2, 2, 2, 2),
		"DepthwiseConv1D": rtOne("DepthwiseConv1D", map[string]any{"kernel_size": []any{2}, "depth_multiplier": 2}, false, 5, 3),
		"DepthwiseConv2D": rtOne("DepthwiseConv2D", map[string]any{"kernel_size": []any{2, 2}}, true, 4, 4, 3),
		"SeparableConv1D": rtOne("SeparableConv1D", map[string]any{"filters": 2, "kernel_size": []any{2}}, true, 5, 3),
		"SeparableConv2D": rtOne("SeparableConv2D", map[string]any{"filters": 2, "kernel_size": []any{2, 2}}, true, 4, 4, 3),

		// Recurrent.
		"LSTM":                  rtOne("LSTM", map[string]any{"units": 3}, true, 5, 2),
		"GRU":                   rtOne("GRU", map[string]any{"units": 3}, false, 5, 2),
		"GRU/reset_after_false": rtOne("GRU", map[string]any{"units": 3, "reset_after": false}, true, 5, 2),
		"SimpleRNN":             rtOne("SimpleRNN", map[string]any{"units": 3, "return_sequences": true}, true, 5, 2),
		"LSTMCell":              rtRNN(func() layers.Layer { return layers.NewLSTMCell(3) }),
		"GRUCell":               rtRNN(func() layers.Layer { return layers.NewGRUCell(3) }),
		"SimpleRNNCell":         rtRNN(func() layers.Layer { return layers.NewSimpleRNNCell(3) }, layers.With("return_sequences", true)),
		"RNN":                   rtRNN(func() layers.Layer { return layers.NewSimpleRNNCell(2) }, layers.With("go_backwards", true)),
		"StackedRNNCells": rtRNN(func() layers.Layer {
			return layers.NewStackedRNNCells([]layers.Layer{layers.NewLSTMCell(3), layers.NewGRUCell(2), layers.NewSimpleRNNCell(2)})
		}, layers.With("return_sequences", true)),
		rtMinimalCellClass: rtRNN(func() layers.Layer { return newRTMinimalCell(3) }),
		"RNN/stacked_custom": rtRNN(func() layers.Layer {
			return layers.NewStackedRNNCells([]layers.Layer{newRTMinimalCell(3), layers.NewLSTMCell(2)})
		}),
		"ConvLSTM1D": rtOne("ConvLSTM1D", map[string]any{"filters": 2, "kernel_size": []any{2}}, false, 3, 5, 2),
		"ConvLSTM2D": rtOne("ConvLSTM2D", map[string]any{"filters": 2, "kernel_size": []any{2, 2}, "return_sequences": true}, false, 3, 4, 4, 2),
		"ConvLSTM3D": rtOne("ConvLSTM3D", map[string]any{"filters": 2, "kernel_size": []any{2, 2, 2}}, false, 2, 3, 3, 3, 1),
		"ConvLSTMCell": {build: func(t *testing.T) (Model, any) {
			return rtSeq(t, []int{3, 4, 4, 2}, "", layers.NewRNN(layers.NewConvLSTMCell(2, 2, []int{2, 2}))), ramp(2, 3, 4, 4, 2)
		}},
		"Bidirectional": {tfjs: true, build: func(t *testing.T) (Model, any) {
			return rtSeq(t, []int{5, 2}, "", layers.NewBidirectional(layers.NewLSTM(3))), ramp(2, 5, 2)
		}},
		"Bidirectional/gru_sequences": {build: func(t *testing.T) (Model, any) {
			return rtSeq(t, []int{5, 2}, "", layers.NewBidirectional(layers.NewGRU(2, layers.With("return_sequences", true)), layers.With("merge_mode", "sum"))), ramp(2, 5, 2)
		}},
		"TimeDistributed": {tfjs: true, build: func(t *testing.T) (Model, any) {
			return rtSeq(t, []int{3, 4}, "", layers.NewTimeDistributed(layers.NewDense(2))), ramp(2, 3, 4)
		}},

		// Attention.
		"Attention": rtFunc(false, func(in []*layers.KerasTensor) *layers.KerasTensor {
			return layers.NewAttention(layers.With("use_scale", true)).Apply(in[0], in[1])
		}, []int{3, 4}, []int{5, 4}),
		"AdditiveAttention": rtFunc(false, func(in []*layers.KerasTensor) *layers.KerasTensor {
			return layers.NewAdditiveAttention().Apply(in[0], in[1])
		}, []int{3, 4}, []int{5, 4}),
		"MultiHeadAttention": rtFunc(false, func(in []*layers.KerasTensor) *layers.KerasTensor {
			return layers.NewMultiHeadAttention(2, 3).Apply(in[0], in[1])
		}, []int{3, 4}, []int{5, 4}),
		"MultiHeadAttention/self": rtFunc(false, func(in []*layers.KerasTensor) *layers.KerasTensor {
			return layers.NewMultiHeadAttention(2, 2, layers.With("value_dim", 3)).Apply(in[0], in[0])
		}, []int{3, 4}),
		"EinsumDense": rtOne("EinsumDense", map[string]any{"equation": "abc,cd->abd", "output_shape": []any{3, 5}, "bias_axes": "d"}, false, 3, 4),

		// Merging.
		"Add":         rtMerge("Add", nil),
		"Subtract":    rtMerge("Subtract", nil),
		"Multiply":    rtMerge("Multiply", nil),
		"Average":     rtMerge("Average", nil),
		"Maximum":     rtMerge("Maximum", nil),
		"Minimum":     rtMerge("Minimum", nil),
		"Concatenate": rtMerge("Concatenate", map[string]any{"axis": -1}),
		"Dot":         rtMerge("Dot", map[string]any{"axes": 1, "normalize": true}),

		// Preprocessing.
		"Rescaling":         rtOne("Rescaling", map[string]any{"scale": 0.5, "offset": 0.1}, true, 4, 4, 3),
		"Resizing":          rtOne("Resizing", map[string]any{"height": 3, "width": 5}, true, 4, 4, 3),
		"CenterCrop":        rtOne("CenterCrop", map[string]any{"height": 2, "width": 3}, true, 4, 4, 3),
		"RandomCrop":        rtOne("RandomCrop", map[string]any{"height": 2, "width": 3}, false, 4, 4, 3),
		"RandomFlip":        rtOne("RandomFlip", map[string]any{}, false, 4, 4, 3),
		"RandomRotation":    rtOne("RandomRotation", map[string]any{"factor": 0.1}, false, 4, 4, 3),
		"RandomTranslation": rtOne("RandomTranslation", map[string]any{"height_factor": 0.1, "width_factor": 0.1}, false, 4, 4, 3),
		"RandomZoom":        rtOne("RandomZoom", map[string]any{"height_factor": 0.1}, false, 4, 4, 3),
		"RandomContrast":    rtOne("RandomContrast", map[string]any{"factor": 0.2}, false, 4, 4, 3),
		"RandomBrightness":  rtOne("RandomBrightness", map[string]any{"factor": 0.2}, false, 4, 4, 3),
		"CategoryEncoding": {tfjs: true, build: func(t *testing.T) (Model, any) {
			x := rtInt64(t, []int64{0, 1, 1, 4, 2, 3}, 2, 3)
			return rtSeq(t, []int{3}, "int64", layers.NewCategoryEncoding(5, layers.With("output_mode", "count"))), x
		}},
		"Hashing": {build: func(t *testing.T) (Model, any) {
			x := rtStrings(t, []string{"a", "bb", "ccc", "d", "e", "f"}, 2, 3)
			return rtSeq(t, []int{3}, "string", layers.NewHashing(7, layers.With("salt", 3))), x
		}},
		"Normalization": {build: func(t *testing.T) (Model, any) {
			x := ramp(6, 3)
			n := layers.NewNormalization()
			if err := n.Adapt(x); err != nil {
				t.Fatal(err)
			}
			return rtSeq(t, []int{3}, "", n, layers.NewDense(2)), x
		}},
		"Normalization/given": rtOne("Normalization", map[string]any{"mean": []any{0.1, 0.2, 0.3}, "variance": []any{1.0, 2.0, 4.0}, "invert": true}, false, 3),
		"Discretization": {build: func(t *testing.T) (Model, any) {
			x := ramp(6, 3)
			d := layers.NewDiscretization(layers.With("num_bins", 4))
			if err := d.Adapt(x); err != nil {
				t.Fatal(err)
			}
			return rtSeq(t, []int{3}, "", d), x
		}},
		"StringLookup":                rtLookup("StringLookup", map[string]any{}),
		"StringLookup/tf_idf":         rtLookup("StringLookup", map[string]any{"output_mode": "tf_idf"}),
		"StringLookup/given":          rtLookup("StringLookup", map[string]any{"vocabulary": []any{"c", "b", "a"}, "num_oov_indices": 2}),
		"IntegerLookup":               rtLookup("IntegerLookup", map[string]any{"mask_token": 0}),
		"IntegerLookup/tf_idf":        rtLookup("IntegerLookup", map[string]any{"output_mode": "tf_idf", "max_tokens": 4}),
		"IntegerLookup/multi_hot":     rtLookup("IntegerLookup", map[string]any{"output_mode": "multi_hot", "invert": false}),
		"TextVectorization":           rtText(layers.With("output_sequence_length", 4)),
		"TextVectorization/tf_idf":    rtText(layers.With("output_mode", "tf_idf"), layers.With("ngrams", 2)),
		"TextVectorization/multi_hot": rtText(layers.With("output_mode", "multi_hot"), layers.With("max_tokens", 6)),
		"TextVectorization/given":     rtText(layers.With("vocabulary", []any{"the", "cat", "dog"}), layers.With("output_sequence_length", 3)),
	}
	// Pooling classes and their aliases, fed 1D, 2D or 3D inputs.
	shapes := map[byte][]int{'1': {4, 3}, '2': {4, 4, 3}, '3': {2, 4, 4, 2}}
	for _, base := range []string{"MaxPooling", "AveragePooling", "MaxPool", "AvgPool", "GlobalMaxPooling", "GlobalAveragePooling", "GlobalMaxPool", "GlobalAvgPool"} {
		for _, d := range "123" {
			cls := fmt.Sprintf("%s%cD", base, d)
			tfjs := d != '3' || base == "MaxPooling" || base == "AveragePooling"
			c[cls] = rtOne(cls, map[string]any{}, tfjs, shapes[byte(d)]...)
		}
	}
	return c
}

// rtMerge is a two-input functional model merging two Dense branches.
func rtMerge(cls string, cfg map[string]any) rtCase {
	return rtFunc(true, func(in []*layers.KerasTensor) *layers.KerasTensor {
		l, err := layers.FromConfig(cls, cfg)
		if err != nil {
			panic(err)
		}
		a := layers.NewDense(3).Apply(in[0])
		return l.Base().Apply(a, in[1])
	}, []int{3}, []int{3})
}

// rtMinimalCellClass is a user-defined RNN cell (Keras's MinimalRNNCell
// example), registered for loading like a custom object.
const rtMinimalCellClass = "RTMinimalRNNCell"

type rtMinimalCell struct {
	layers.BaseLayer
	units                   int
	kernel, recurrentKernel *tensor.Variable
}

func newRTMinimalCell(units int) *rtMinimalCell {
	return rtMinimalCellFromConfig(layers.NewConfig(map[string]any{"units": units}))
}

func rtMinimalCellFromConfig(cfg layers.Config) *rtMinimalCell {
	l := &rtMinimalCell{}
	l.BaseLayer.Init(l, rtMinimalCellClass, cfg)
	l.units = cfg.Int("units", 1)
	l.BaseLayer.Finish(cfg)
	return l
}

func init() {
	layers.Register(rtMinimalCellClass, func(c layers.Config) (layers.Layer, error) {
		l := rtMinimalCellFromConfig(c)
		return l, l.Err()
	})
}

func (l *rtMinimalCell) StateSize() []int { return []int{l.units} }
func (l *rtMinimalCell) OutputSize() int  { return l.units }

func (l *rtMinimalCell) Build(shapes []tensor.Shape) error {
	in := shapes[0][len(shapes[0])-1]
	gu, _ := initializers.Get("glorot_uniform")
	var err error
	if l.kernel, err = l.AddWeight(layers.WeightSpec{Name: "kernel", Shape: tensor.Shape{in, l.units}, Initializer: gu, Trainable: true}); err != nil {
		return err
	}
	l.recurrentKernel, err = l.AddWeight(layers.WeightSpec{Name: "recurrent_kernel", Shape: tensor.Shape{l.units, l.units}, Initializer: gu, Trainable: true})
	return err
}

func (l *rtMinimalCell) ComputeOutputShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	o := tensor.Shape{shapes[0][0], l.units}
	return []tensor.Shape{o, o.Clone()}, nil
}

func (l *rtMinimalCell) Step(_ *layers.Context, x *tensor.Tensor, states []*tensor.Tensor) (*tensor.Tensor, []*tensor.Tensor, error) {
	a, err := ops.Matmul(x, l.kernel.Value())
	if err != nil {
		return nil, nil, err
	}
	b, err := ops.Matmul(states[0], l.recurrentKernel.Value())
	if err != nil {
		return nil, nil, err
	}
	s, err := ops.Add(a, b)
	if err != nil {
		return nil, nil, err
	}
	h, err := ops.Tanh(s)
	if err != nil {
		return nil, nil, err
	}
	return h, []*tensor.Tensor{h}, nil
}

func (l *rtMinimalCell) Call(ctx *layers.Context, in []*tensor.Tensor) ([]*tensor.Tensor, error) {
	y, ns, err := l.Step(ctx, in[0], in[1:])
	if err != nil {
		return nil, err
	}
	return append([]*tensor.Tensor{y}, ns...), nil
}

func (l *rtMinimalCell) GetConfig() map[string]any {
	cfg := l.BaseConfig()
	cfg["units"] = l.units
	return cfg
}
