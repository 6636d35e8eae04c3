package vmath

import (
	"math"
	"math/rand/v2"
	"testing"
)

// poolValues has ties, signed zeros and NaNs.
var poolValues = []float32{-1, 0, float32(math.Copysign(0, -1)), 1, 2, 2, float32(math.NaN()), -3}

// refMaxPool2x2 is the reference: flat index of the winner per output.
func refMaxPool2x2(a, b []float32, n, ch int) (y []float32, win [][2]int) {
	for o := range n {
		for c := range ch {
			pos := [4][2]int{{0, 2*o*ch + c}, {0, (2*o+1)*ch + c}, {1, 2*o*ch + c}, {1, (2*o+1)*ch + c}}
			rows := [2][]float32{a, b}
			best := pos[0]
			m := a[best[1]]
			for _, p := range pos[1:] {
				if v := rows[p[0]][p[1]]; v > m {
					m, best = v, p
				}
			}
			y = append(y, m)
			win = append(win, best)
		}
	}
	return y, win
}

func TestMaxPool2x2(t *testing.T) {
	cases := []struct{ n, ch int }{{1, 8}, {3, 8}, {13, 32}, {5, 64}, {2, 24}}
	paths(t, func(t *testing.T) {
		for _, c := range cases {
			rng := rand.New(rand.NewPCG(uint64(c.n), uint64(c.ch)))
			gen := func(k int, special bool) []float32 {
				v := make([]float32, k)
				for i := range v {
					if special {
						v[i] = poolValues[rng.IntN(len(poolValues))]
					} else {
						v[i] = rng.Float32()*2 - 1
					}
				}
				return v
			}
			for _, special := range []bool{false, true} {
				width := 2*c.n*c.ch + c.ch // an odd input width: the last column is unused
				a, b := gen(width, special), gen(width, special)
				wantY, win := refMaxPool2x2(a, b, c.n, c.ch)
				y := make([]float32, c.n*c.ch)
				arg := make([]uint16, c.n*c.ch/8)
				MaxPool2x2(y, arg, a, b, c.ch)
				for i := range y {
					if math.Float32bits(y[i]) != math.Float32bits(wantY[i]) {
						t.Fatalf("n=%d ch=%d special=%v: y[%d] = %v, want %v", c.n, c.ch, special, i, y[i], wantY[i])
					}
				}
				gy := gen(len(y), false)
				ga, gb := gen(width, false), gen(width, false)
				wantA, wantB := append([]float32(nil), ga...), append([]float32(nil), gb...)
				for i, w := range win {
					row := [2][]float32{wantA, wantB}[w[0]]
					row[w[1]] += gy[i]
				}
				// The set variant writes the covered part: stale values
				// elsewhere in the rows stay.
				sa, sb := gen(width, false), gen(width, false)
				setA, setB := append([]float32(nil), sa...), append([]float32(nil), sb...)
				clear(setA[:2*c.n*c.ch])
				clear(setB[:2*c.n*c.ch])
				for i, w := range win {
					[2][]float32{setA, setB}[w[0]][w[1]] = gy[i]
				}
				MaxPool2x2Grad(ga, gb, gy, arg, c.ch)
				MaxPool2x2GradSet(sa, sb, gy, arg, c.ch)
				for i := range ga {
					if ga[i] != wantA[i] || gb[i] != wantB[i] {
						t.Fatalf("n=%d ch=%d special=%v: grad %d = %v, %v, want %v, %v", c.n, c.ch, special, i, ga[i], gb[i], wantA[i], wantB[i])
					}
					if sa[i] != setA[i] || sb[i] != setB[i] {
						t.Fatalf("n=%d ch=%d special=%v: set grad %d = %v, %v, want %v, %v", c.n, c.ch, special, i, sa[i], sb[i], setA[i], setB[i])
					}
				}
			}
		}
	})
}

func TestMaxPool2x2BadLengths(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for ch = 4")
		}
	}()
	MaxPool2x2(make([]float32, 4), make([]uint16, 1), make([]float32, 8), make([]float32, 8), 4)
}

func BenchmarkMaxPool2x2(b *testing.B) {
	const n, ch = 13, 32 // one row of the W2 model's first pooling
	a, c := make([]float32, 2*n*ch), make([]float32, 2*n*ch)
	for i := range a {
		a[i], c[i] = float32(i%7), float32(i%5)
	}
	y, arg := make([]float32, n*ch), make([]uint16, n*ch/8)
	for _, generic := range []bool{false, true} {
		if !generic && !haveAsm {
			continue
		}
		prev := ForceGeneric(generic)
		b.Run(Impl(), func(b *testing.B) {
			b.SetBytes(int64(4 * (len(a) + len(c) + len(y))))
			for range b.N {
				MaxPool2x2(y, arg, a, c, ch)
			}
		})
		b.Run(Impl()+"/grad", func(b *testing.B) {
			b.SetBytes(int64(4 * (len(a) + len(c) + len(y))))
			for range b.N {
				MaxPool2x2Grad(a, c, y, arg, ch)
			}
		})
		ForceGeneric(prev)
	}
}
