package vmath

import (
	"math"
	"math/rand/v2"
	"testing"
)

var testLens = []int{0, 1, 7, 15, 16, 17, 33, 1000}

// paths runs f once per available implementation.
func paths(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	for _, generic := range []bool{false, true} {
		if !generic && !haveAsm {
			continue
		}
		prev := ForceGeneric(generic)
		t.Run(Impl(), f)
		ForceGeneric(prev)
	}
}

// ulpErr is |got-want| in units of the float32 spacing at want (the
// subnormal spacing 2^-149 below the normal range). Matching infinities and
// NaNs give 0; a mismatch gives +Inf.
func ulpErr(got float32, want float64) float64 {
	g := float64(got)
	switch {
	case math.IsNaN(want) || math.IsNaN(g):
		if math.IsNaN(want) && math.IsNaN(g) {
			return 0
		}
		return math.Inf(1)
	case math.IsInf(want, 0) || math.IsInf(g, 0) || math.Abs(want) > math.MaxFloat32:
		w := float32(want) // rounds to ±Inf when out of range
		if g == float64(w) {
			return 0
		}
		return math.Inf(1)
	}
	_, e := math.Frexp(want) // want = f*2^e, f in [0.5,1)
	ulp := math.Ldexp(1, max(e-24, -149))
	return math.Abs(g-want) / ulp
}

func randSlice(r *rand.Rand, n int, lo, hi float32) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = lo + (hi-lo)*r.Float32()
	}
	return s
}

func newRand() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }

// close32 reports whether got is within rel*scale+abs of want.
func close32(got float32, want, rel, abs float64) bool {
	return math.Abs(float64(got)-want) <= rel*math.Abs(want)+abs
}
