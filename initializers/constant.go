package initializers

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// Constant is keras.initializers.Constant: every element is Value (Keras's
// default 0.0).
type Constant struct{ Value float64 }

// Call fills a new tensor with Value.
func (c Constant) Call(shape tensor.Shape) (*tensor.Tensor, error) {
	if err := checkShape("Constant", shape); err != nil {
		return nil, err
	}
	t := tensor.Zeros(shape...)
	t.Fill(float32(c.Value))
	return t, nil
}

// ClassName is "Constant".
func (Constant) ClassName() string { return "Constant" }

// GetConfig is {"value": Value}.
func (c Constant) GetConfig() map[string]any { return map[string]any{"value": c.Value} }

func constantFromConfig(cfg map[string]any) (Initializer, error) {
	if err := onlyKeys(cfg, "value"); err != nil {
		return nil, err
	}
	v, err := num(cfg, "value", 0)
	if err != nil {
		return nil, err
	}
	return Constant{Value: v}, nil
}

// Zeros is keras.initializers.Zeros.
type Zeros struct{}

// Call returns zeros.
func (Zeros) Call(shape tensor.Shape) (*tensor.Tensor, error) {
	if err := checkShape("Zeros", shape); err != nil {
		return nil, err
	}
	return tensor.Zeros(shape...), nil
}

// ClassName is "Zeros".
func (Zeros) ClassName() string { return "Zeros" }

// GetConfig is empty.
func (Zeros) GetConfig() map[string]any { return map[string]any{} }

// Ones is keras.initializers.Ones.
type Ones struct{}

// Call returns ones.
func (Ones) Call(shape tensor.Shape) (*tensor.Tensor, error) {
	if err := checkShape("Ones", shape); err != nil {
		return nil, err
	}
	t := tensor.Zeros(shape...)
	t.Fill(1)
	return t, nil
}

// ClassName is "Ones".
func (Ones) ClassName() string { return "Ones" }

// GetConfig is empty.
func (Ones) GetConfig() map[string]any { return map[string]any{} }

// Identity is keras.initializers.Identity: Gain times the (possibly
// rectangular) identity matrix. Only 2D shapes are accepted. Keras's default
// gain is 1.0 (use NewIdentity).
type Identity struct{ Gain float64 }

// NewIdentity returns Identity with Keras's default gain 1.
func NewIdentity() Identity { return Identity{Gain: 1} }

// Call returns Gain * eye(rows, cols).
func (id Identity) Call(shape tensor.Shape) (*tensor.Tensor, error) {
	if len(shape) != 2 {
		return nil, fmt.Errorf("initializer Identity: identity matrix initializer can only be used for 2D matrices. Received: shape=%v of rank %d", shape, len(shape))
	}
	if err := checkShape("Identity", shape); err != nil {
		return nil, err
	}
	t := tensor.Zeros(shape...)
	d := t.Float32s()
	for i := 0; i < min(shape[0], shape[1]); i++ {
		d[i*shape[1]+i] = float32(id.Gain)
	}
	return t, nil
}

// ClassName is "Identity".
func (Identity) ClassName() string { return "Identity" }

// GetConfig is {"gain": Gain}.
func (id Identity) GetConfig() map[string]any { return map[string]any{"gain": id.Gain} }

func identityFromConfig(cfg map[string]any) (Initializer, error) {
	if err := onlyKeys(cfg, "gain"); err != nil {
		return nil, err
	}
	g, err := num(cfg, "gain", 1)
	if err != nil {
		return nil, err
	}
	return Identity{Gain: g}, nil
}
