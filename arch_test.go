package keras

import (
	"strings"
	"testing"

	"github.com/gokeras/keras/layers"
)

// Parameter counts of reference architectures, as Keras's own documentation
// prints them in the models' summaries.
func TestReferenceArchitectureParams(t *testing.T) {
	t.Setenv("COLUMNS", "80")
	cases := []struct {
		name   string
		source string
		build  func() (*Model, error)
		total  int
	}{
		{"mnist_convnet", "keras.io/examples/vision/mnist_convnet (Total params: 34,826)", func() (*Model, error) {
			s, err := NewSequential(
				layers.NewInputLayer([]int{28, 28, 1}),
				layers.NewConv2D(32, []int{3, 3}, layers.WithActivation("relu")),
				layers.NewMaxPooling2D(layers.With("pool_size", []int{2, 2})),
				layers.NewConv2D(64, []int{3, 3}, layers.WithActivation("relu")),
				layers.NewMaxPooling2D(layers.With("pool_size", []int{2, 2})),
				layers.NewFlatten(),
				layers.NewDropout(0.5),
				layers.NewDense(10, layers.WithActivation("softmax")),
			)
			if err != nil {
				return nil, err
			}
			return &s.Model, nil
		}, 34826},
		{"functional_api_mnist", "keras.io/guides/functional_api (mnist_model, Total params: 55,050)", func() (*Model, error) {
			in := Input([]int{784})
			x := layers.NewDense(64, layers.WithActivation("relu")).Apply(in)
			x = layers.NewDense(64, layers.WithActivation("relu")).Apply(x)
			out := layers.NewDense(10).Apply(x)
			return NewModel([]*layers.KerasTensor{in}, []*layers.KerasTensor{out})
		}, 55050},
		{"toy_resnet", "keras.io/guides/functional_api (toy_resnet, Total params: 223,242)", func() (*Model, error) {
			conv := func(f int, pad string) *layers.Conv {
				return layers.NewConv2D(f, []int{3, 3}, layers.WithActivation("relu"), layers.With("padding", pad))
			}
			in := Input([]int{32, 32, 3})
			x := conv(32, "valid").Apply(in)
			x = conv(64, "valid").Apply(x)
			b1 := layers.NewMaxPooling2D(layers.With("pool_size", []int{3, 3})).Apply(x)
			x = conv(64, "same").Apply(b1)
			x = conv(64, "same").Apply(x)
			b2 := layers.NewAdd().Apply(x, b1)
			x = conv(64, "same").Apply(b2)
			x = conv(64, "same").Apply(x)
			b3 := layers.NewAdd().Apply(x, b2)
			x = conv(64, "valid").Apply(b3)
			x = layers.NewGlobalAveragePooling2D().Apply(x)
			x = layers.NewDense(256, layers.WithActivation("relu")).Apply(x)
			x = layers.NewDropout(0.5).Apply(x)
			out := layers.NewDense(10).Apply(x)
			return NewModel([]*layers.KerasTensor{in}, []*layers.KerasTensor{out})
		}, 223242},
		{"bidirectional_lstm_imdb", "keras.io/examples/nlp/bidirectional_lstm_imdb (Total params: 2,757,761)", func() (*Model, error) {
			in := Input([]int{-1}, layers.With("dtype", "int32"))
			x := layers.NewEmbedding(20000, 128).Apply(in)
			x = layers.NewBidirectional(layers.NewLSTM(64, layers.With("return_sequences", true))).Apply(x)
			x = layers.NewBidirectional(layers.NewLSTM(64)).Apply(x)
			out := layers.NewDense(1, layers.WithActivation("sigmoid")).Apply(x)
			return NewModel([]*layers.KerasTensor{in}, []*layers.KerasTensor{out})
		}, 2757761},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ClearSession()
			m, err := c.build()
			if err != nil {
				t.Fatal(err)
			}
			if got := m.CountParams(); got != c.total {
				t.Errorf("%d params, want %d (%s)", got, c.total, c.source)
			}
			var b strings.Builder
			if err := m.Summary(&b); err != nil {
				t.Fatal(err)
			}
			if want := " Total params: " + commas(c.total); !strings.Contains(b.String(), want) {
				t.Errorf("summary lacks %q:\n%s", want, b.String())
			}
		})
	}
}

// The Simple MNIST convnet's summary as keras.io prints it.
func TestSummaryConvnet(t *testing.T) {
	t.Setenv("COLUMNS", "80")
	ClearSession()
	s, err := NewSequential(
		layers.NewInputLayer([]int{28, 28, 1}),
		layers.NewConv2D(32, []int{3, 3}, layers.WithActivation("relu")),
		layers.NewMaxPooling2D(layers.With("pool_size", []int{2, 2})),
		layers.NewConv2D(64, []int{3, 3}, layers.WithActivation("relu")),
		layers.NewMaxPooling2D(layers.With("pool_size", []int{2, 2})),
		layers.NewFlatten(),
		layers.NewDropout(0.5),
		layers.NewDense(10, layers.WithActivation("softmax")),
	)
	if err != nil {
		t.Fatal(err)
	}
	want := `Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ conv2d (Conv2D)                 │ (None, 26, 26, 32)     │           320 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ max_pooling2d (MaxPooling2D)    │ (None, 13, 13, 32)     │             0 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ conv2d_1 (Conv2D)               │ (None, 11, 11, 64)     │        18,496 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ max_pooling2d_1 (MaxPooling2D)  │ (None, 5, 5, 64)       │             0 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ flatten (Flatten)               │ (None, 1600)           │             0 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dropout (Dropout)               │ (None, 1600)           │             0 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense (Dense)                   │ (None, 10)             │        16,010 │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 34,826 (136.04 KB)
 Trainable params: 34,826 (136.04 KB)
 Non-trainable params: 0 (0.00 B)
`
	var b strings.Builder
	if err := s.Summary(&b); err != nil {
		t.Fatal(err)
	}
	if b.String() != want {
		t.Errorf("summary:\n%s\nwant:\n%s", b.String(), want)
	}
}
