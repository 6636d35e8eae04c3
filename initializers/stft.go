package initializers

import (
	"fmt"
	"math"

	"github.com/gokeras/keras/tensor"
)

// STFT is keras.initializers.STFT: Conv1D kernels of shape
// (frame_length, input_channels, fft_length//2+1) computing the real
// (Side "real", cos) or imaginary ("imag", sin) part of a short-time Fourier
// transform, optionally windowed and normalised.
type STFT struct {
	Side string // "real" (default) or "imag"
	// Window is "hann" (Keras's default), "hamming" or "" for none; Values,
	// when set, gives the window explicitly instead.
	Window  string
	Values  []float64
	Scaling string // "density" (default), "spectrum" or "" for none
	// Periodic uses the periodic (DFT-even) form of the named window.
	Periodic bool
}

// NewSTFT checks the arguments as Keras does. Keras's defaults are
// ("real", "hann", "density", false).
func NewSTFT(side, window, scaling string, periodic bool) (*STFT, error) {
	if side != "real" && side != "imag" {
		return nil, fmt.Errorf("initializer STFT: side should be 'real' or 'imag', not %q", side)
	}
	switch window {
	case "", "hann", "hamming":
	default:
		return nil, fmt.Errorf("initializer STFT: unsupported window %q (supported: hann, hamming, or none)", window)
	}
	if scaling != "" && scaling != "density" && scaling != "spectrum" {
		return nil, fmt.Errorf("initializer STFT: scaling is invalid, it must be None, 'density' or 'spectrum'. Received scaling=%q", scaling)
	}
	return &STFT{Side: side, Window: window, Scaling: scaling, Periodic: periodic}, nil
}

func (s *STFT) window(n int) ([]float64, error) {
	if s.Values != nil {
		if len(s.Values) != n {
			return nil, fmt.Errorf("initializer STFT: the shape of `window` must be equal to [frame_length]. Received: window shape=(%d,), frame_length=%d", len(s.Values), n)
		}
		return s.Values, nil
	}
	if s.Window == "" {
		return nil, nil
	}
	a := 0.5 // hann
	if s.Window == "hamming" {
		a = 0.54
	}
	w := make([]float64, n)
	if n == 1 {
		w[0] = 1
		return w, nil
	}
	den := float64(n - 1)
	if s.Periodic {
		den = float64(n)
	}
	for i := range w {
		w[i] = a - (1-a)*math.Cos(2*math.Pi*float64(i)/den)
	}
	return w, nil
}

// Call builds the kernel; shape must be (frame_length, input_channels,
// fft_length//2+1).
func (s *STFT) Call(shape tensor.Shape) (*tensor.Tensor, error) {
	if len(shape) != 3 {
		return nil, fmt.Errorf("initializer STFT: shape must be (frame_length, input_channels, fft_length//2+1), got %v", shape)
	}
	if err := checkShape("STFT", shape); err != nil {
		return nil, err
	}
	frames, channels, bins := shape[0], shape[1], shape[2]
	win, err := s.window(frames)
	if err != nil {
		return nil, err
	}
	scaling := 1.0
	if win != nil {
		sum := 0.0
		for _, v := range win {
			if s.Scaling == "density" {
				sum += float64(v * v)
			} else {
				sum += math.Abs(v)
			}
		}
		switch s.Scaling {
		case "density":
			scaling = math.Sqrt(sum)
		case "spectrum":
			scaling = sum
		}
	}
	fft := float64((bins - 1) * 2)
	t := tensor.Zeros(shape...)
	d := t.Float32s()
	for ti := range frames {
		for c := range channels {
			for f := range bins {
				arg := -2 * float64(ti) * (float64(f) / fft) * math.Pi
				v := math.Cos(arg)
				if s.Side == "imag" {
					v = math.Sin(arg)
				}
				if win != nil {
					v = v * win[ti] / scaling
				}
				d[(ti*channels+c)*bins+f] = float32(v)
			}
		}
	}
	return t, nil
}

// ClassName is "STFT".
func (*STFT) ClassName() string { return "STFT" }

// GetConfig is {"side", "window", "periodic", "scaling"} (nil for none).
func (s *STFT) GetConfig() map[string]any {
	var window, scaling any
	switch {
	case s.Values != nil:
		window = append([]float64(nil), s.Values...)
	case s.Window != "":
		window = s.Window
	}
	if s.Scaling != "" {
		scaling = s.Scaling
	}
	return map[string]any{"side": s.Side, "window": window, "periodic": s.Periodic, "scaling": scaling}
}

func stftFromConfig(cfg map[string]any) (Initializer, error) {
	if err := onlyKeys(cfg, "side", "window", "periodic", "scaling"); err != nil {
		return nil, err
	}
	side, err := str(cfg, "side", "real")
	if err != nil {
		return nil, err
	}
	scaling := "density"
	if _, ok := cfg["scaling"]; ok {
		if scaling, err = str(cfg, "scaling", ""); err != nil {
			return nil, err
		}
	}
	periodic := false
	if p, ok := cfg["periodic"].(bool); ok {
		periodic = p
	}
	var values []float64
	window := "hann"
	switch w := cfg["window"].(type) {
	case string:
		window = w
	case nil:
		if _, ok := cfg["window"]; ok {
			window = ""
		}
	case []any:
		for _, e := range w {
			f, err := num(map[string]any{"w": e}, "w", 0)
			if err != nil {
				return nil, fmt.Errorf("window: %w", err)
			}
			values = append(values, f)
		}
		window = ""
	default:
		return nil, fmt.Errorf("window must be a string, a list or null, got %T", w)
	}
	s, err := NewSTFT(side, window, scaling, periodic)
	if err != nil {
		return nil, err
	}
	s.Values = values
	return s, nil
}
