package layers

import (
	"fmt"
	"math/rand/v2"

	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/random"
	"github.com/gokeras/keras/tensor"
)

// imgGeom describes a batch of images, rank 3 (one image) or rank 4, in
// either data format: sizes and the strides of the batch, row, column and
// channel axes, so that channels_first and channels_last share every loop.
type imgGeom struct {
	n, h, w, c     int
	sN, sH, sW, sC int
}

// imgAxes returns the height, width and channel axes of a rank-3 or rank-4
// image shape.
func imgAxes(rank int, dataFormat string) (hAx, wAx, cAx int) {
	if dataFormat == "channels_first" {
		return rank - 2, rank - 1, rank - 3
	}
	return rank - 3, rank - 2, rank - 1
}

func newImgGeom(s tensor.Shape, dataFormat string) imgGeom {
	hAx, wAx, cAx := imgAxes(len(s), dataFormat)
	st := s.Strides()
	g := imgGeom{n: 1, h: s[hAx], w: s[wAx], c: s[cAx], sH: st[hAx], sW: st[wAx], sC: st[cAx]}
	if len(s) == 4 {
		g.n, g.sN = s[0], st[0]
	}
	return g
}

// checkImageRank reports a shape that is not a rank-3 or rank-4 image batch,
// in Keras's words.
func checkImageRank(s tensor.Shape) error {
	if len(s) != 3 && len(s) != 4 {
		return fmt.Errorf("expected image tensor to have rank 3 (single image) or 4 (batch of images). Received: data.shape=%v", s)
	}
	return nil
}

// imageInput checks the input of an image layer and casts integer images
// (uint8 pixels) to float32, as Keras casts to the compute dtype.
func imageInput(x *tensor.Tensor) (*tensor.Tensor, error) {
	if err := checkImageRank(x.Shape()); err != nil {
		return nil, err
	}
	if x.DType() != tensor.Float32 {
		return ops.Cast(x, tensor.Float32)
	}
	return x, nil
}

// imgBase holds what Keras's BaseImagePreprocessingLayer adds to a layer:
// data_format and, for the random layers, the seed and its generator.
type imgBase struct {
	dataFormat string
	seed       int
	hasSeed    bool
	gen        *random.SeedGenerator
}

// initImg reads data_format (and bounding_box_format, which only None is
// accepted for).
func (b *imgBase) initImg(cfg *Config) {
	b.dataFormat = spDataFormat(cfg)
	if v := cfg.Any("bounding_box_format"); v != nil {
		cfg.Fail(fmt.Errorf("bounding boxes are not supported; received bounding_box_format=%v", v))
	}
}

// initSeed reads the seed argument and makes the layer's seed generator.
func (b *imgBase) initSeed(cfg *Config) {
	b.seed = cfg.Int("seed", -1)
	b.hasSeed = b.seed >= 0
	b.gen = seedGen(b.seed)
}

func (b *imgBase) seedConfig() any {
	if b.hasSeed {
		return b.seed
	}
	return nil
}

// rngOp is the random source of an augmentation op: each Forward reseeds it
// from the layer's SeedGenerator, so every replay of a compiled step draws
// fresh values, reproducibly after random.SetSeed.
type rngOp struct {
	gen *random.SeedGenerator
	pcg *rand.PCG
	rng *rand.Rand
}

func newRNG(gen *random.SeedGenerator) rngOp {
	pcg := rand.NewPCG(0, 0)
	return rngOp{gen: gen, pcg: pcg, rng: rand.New(pcg)}
}

// reseed starts the draws of one Forward.
func (r *rngOp) reseed() { r.pcg.Seed(r.gen.Next(), 0x6a09e667f3bcc909) }

// uniform draws from [lo, hi) in float32, as keras.random.uniform.
func (r *rngOp) uniform(lo, hi float64) float32 {
	return float32(lo + (hi-lo)*r.rng.Float64())
}

// parseFactor reads a Keras factor argument: a number f (the range [-f, f],
// or [max(-f, lo), f] with lo the lower bound, as Keras's
// BaseImagePreprocessingLayer._set_factor) or a pair of numbers (sorted).
// A number outside [lo, hi] is an error; for a pair, elementwise checks each
// value (RandomTranslation, RandomZoom), otherwise only that the pair
// overlaps [lo, hi] (the base class's check). loOpen makes lo itself invalid
// (RandomZoom's (-1, 1]).
func parseFactor(cfg *Config, key string, def any, lo, hi float64, loOpen, elementwise bool, msg string) (float64, float64) {
	raw := cfg.Any(key)
	if raw == nil {
		raw = def
	}
	bad := func() (float64, float64) {
		cfg.Fail(fmt.Errorf("%sReceived: %s=%v", msg, key, raw))
		return 0, 0
	}
	out := func(a, b float64) bool {
		if loOpen {
			return a <= lo || b > hi
		}
		return a < lo || b > hi
	}
	switch v := raw.(type) {
	case []any, []float64, []int, []float32:
		xs, ok := toFloats(v)
		if !ok || len(xs) != 2 {
			return bad()
		}
		a, b := xs[0], xs[1]
		if elementwise && (out(a, a) || out(b, b)) {
			return bad()
		}
		if !elementwise && (a > hi || b < lo) {
			return bad()
		}
		return min(a, b), max(a, b)
	}
	f, ok := toFloat(raw)
	if !ok || out(f, f) {
		return bad()
	}
	if f < 0 {
		f = -f
	}
	return max(-f, lo), f
}

func toFloats(v any) ([]float64, bool) {
	switch x := v.(type) {
	case []float64:
		return x, true
	case []float32:
		out := make([]float64, len(x))
		for i, e := range x {
			out[i] = float64(e)
		}
		return out, true
	case []int:
		out := make([]float64, len(x))
		for i, e := range x {
			out[i] = float64(e)
		}
		return out, true
	case []any:
		out := make([]float64, len(x))
		for i, e := range x {
			f, ok := toFloat(e)
			if !ok {
				return nil, false
			}
			out[i] = f
		}
		return out, true
	}
	return nil, false
}

// checkChoice records an error unless v is one of choices.
func checkChoice(cfg *Config, key, v string, choices ...string) {
	for _, c := range choices {
		if v == c {
			return
		}
	}
	cfg.Fail(fmt.Errorf("unknown `%s` %q. Expected one of %q", key, v, choices))
}

// imageOutShape replaces the height and width of an image shape.
func imageOutShape(s tensor.Shape, dataFormat string, h, w int) (tensor.Shape, error) {
	if err := checkImageRank(s); err != nil {
		return nil, err
	}
	out := s.Clone()
	hAx, wAx, _ := imgAxes(len(s), dataFormat)
	out[hAx], out[wAx] = h, w
	return out, nil
}

// sameImageShape is ComputeOutputShape for layers that keep the shape.
func sameImageShape(shapes []tensor.Shape) ([]tensor.Shape, error) {
	if err := wantInputs(shapes, 1); err != nil {
		return nil, err
	}
	if err := checkImageRank(shapes[0]); err != nil {
		return nil, err
	}
	return []tensor.Shape{shapes[0].Clone()}, nil
}

func buildImage(shapes []tensor.Shape) error {
	if err := wantInputs(shapes, 1); err != nil {
		return err
	}
	return checkImageRank(shapes[0])
}
