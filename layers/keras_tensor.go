package layers

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// KerasTensor is a symbolic tensor (keras.KerasTensor): a shape and dtype
// with the history of layer applications that produce it. Functional models
// are built by applying layers to KerasTensors. Errors made while building
// (a bad shape, a layer's bad option) stick to the KerasTensor and every
// tensor derived from it, and are reported by keras.NewModel.
type KerasTensor struct {
	shape tensor.Shape
	dtype tensor.DType
	node  *Node
	index int
	err   error
}

// Node is one application of a layer in a functional graph.
type Node struct {
	Layer   Layer
	Inputs  []*KerasTensor
	Outputs []*KerasTensor
}

// Shape is the symbolic shape; -1 for unknown dimensions (the batch).
func (k *KerasTensor) Shape() tensor.Shape { return k.shape }

// DType is the tensor's dtype.
func (k *KerasTensor) DType() tensor.DType { return k.dtype }

// Err is the first error met while building this tensor.
func (k *KerasTensor) Err() error { return k.err }

// Node returns the layer application that produced the tensor and the
// output index within it.
func (k *KerasTensor) Node() (*Node, int) { return k.node, k.index }

// String prints like Keras: <KerasTensor shape=(None, 10), dtype=float32>.
func (k *KerasTensor) String() string {
	return fmt.Sprintf("<KerasTensor shape=%v, dtype=%v>", k.shape, k.dtype)
}

// NewKerasTensor makes a symbolic tensor with no history.
func NewKerasTensor(shape tensor.Shape, dtype tensor.DType) *KerasTensor {
	return &KerasTensor{shape: shape.Clone(), dtype: dtype}
}

// errTensor is a KerasTensor that carries only an error.
func errTensor(err error) *KerasTensor { return &KerasTensor{err: err} }

// Apply applies the layer to symbolic inputs (Keras's layer(x)), building it
// if needed, and returns its first output. Use ApplyMulti for layers with
// several outputs.
func (b *BaseLayer) Apply(inputs ...*KerasTensor) *KerasTensor {
	outs := b.ApplyMulti(inputs...)
	return outs[0]
}

// ApplyMulti applies the layer to symbolic inputs and returns all outputs.
func (b *BaseLayer) ApplyMulti(inputs ...*KerasTensor) []*KerasTensor {
	fail := func(err error) []*KerasTensor { return []*KerasTensor{errTensor(err)} }
	if b.self == nil {
		return fail(fmt.Errorf("layer %q was not initialized by its constructor", b.name))
	}
	if b.err != nil {
		return fail(b.err)
	}
	if len(inputs) == 0 {
		return fail(fmt.Errorf("layer %q (%s) was called with no inputs", b.name, b.className))
	}
	shapes := make([]tensor.Shape, len(inputs))
	for i, in := range inputs {
		if in == nil {
			return fail(fmt.Errorf("layer %q (%s): input %d is nil", b.name, b.className, i))
		}
		if in.err != nil {
			return fail(in.err)
		}
		shapes[i] = in.shape
	}
	if err := EnsureBuilt(b.self, shapes); err != nil {
		return fail(err)
	}
	outShapes, err := b.self.ComputeOutputShape(shapes)
	if err != nil {
		return fail(fmt.Errorf("layer %q (%s): %w", b.name, b.className, err))
	}
	n := &Node{Layer: b.self, Inputs: inputs}
	for i, s := range outShapes {
		n.Outputs = append(n.Outputs, &KerasTensor{shape: s, dtype: outDType(b.self, i), node: n, index: i})
	}
	if b.inbound == 0 {
		b.firstIn, b.firstOut = inputs, n.Outputs
	}
	b.inbound++
	return n.Outputs
}

// Output is Keras's layer.output: the symbolic output of the layer's first
// application (nil if the layer was never applied). With it a model's
// intermediate layers become the outputs of a feature-extraction model.
func (b *BaseLayer) Output() *KerasTensor {
	if len(b.firstOut) == 0 {
		return nil
	}
	return b.firstOut[0]
}

// Outputs returns all symbolic outputs of the layer's first application.
func (b *BaseLayer) Outputs() []*KerasTensor { return b.firstOut }

// Input is Keras's layer.input: the symbolic input of the layer's first
// application (for an InputLayer, its own tensor).
func (b *BaseLayer) Input() *KerasTensor {
	if len(b.firstIn) == 0 {
		return nil
	}
	return b.firstIn[0]
}

// outDType is float32 except for layers that say otherwise.
func outDType(l Layer, i int) tensor.DType {
	if d, ok := l.(interface{ OutputDType(i int) tensor.DType }); ok {
		return d.OutputDType(i)
	}
	return tensor.Float32
}

// EnsureBuilt builds l for the given input shapes unless it is built, and
// reports a construction error first.
func EnsureBuilt(l Layer, shapes []tensor.Shape) error {
	b := l.Base()
	if b.err != nil {
		return b.err
	}
	if b.built {
		return nil
	}
	if err := l.Build(shapes); err != nil {
		return fmt.Errorf("layer %q (%s): %w", b.name, b.className, err)
	}
	b.SetBuilt(shapes)
	return nil
}

// CallLayer runs l on concrete inputs, building it from their shapes first if
// needed, and checks the inputs against the shapes it was built for.
func CallLayer(ctx *Context, l Layer, inputs []*tensor.Tensor) ([]*tensor.Tensor, error) {
	b := l.Base()
	shapes := make([]tensor.Shape, len(inputs))
	for i, in := range inputs {
		if in == nil {
			return nil, fmt.Errorf("layer %q (%s): input %d is nil", b.name, b.className, i)
		}
		s := in.Shape().Clone()
		if len(s) > 0 {
			s[0] = -1
		}
		shapes[i] = s
	}
	if err := EnsureBuilt(l, shapes); err != nil {
		return nil, err
	}
	outs, err := l.Call(ctx, inputs)
	if err != nil {
		return nil, fmt.Errorf("layer %q (%s): %w", b.name, b.className, err)
	}
	if err := propagateMasks(l, inputs, outs); err != nil {
		return nil, fmt.Errorf("layer %q (%s): %w", b.name, b.className, err)
	}
	return outs, nil
}
