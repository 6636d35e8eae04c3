package gemm

import (
	"math/rand/v2"
	"testing"
)

func TestTranspose(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	withConfigs(func() {
		for _, s := range [][4]int{{1, 1, 1, 1}, {8, 8, 8, 8}, {9, 17, 20, 11}, {16, 40, 41, 19}, {3, 100, 100, 5}, {37, 5, 9, 40}} {
			rows, cols, lds, ldd := s[0], s[1], s[2], s[3]
			src := randSlice(r, (rows-1)*lds+cols)
			dst := randSlice(r, (cols-1)*ldd+rows)
			keep := append([]float32(nil), dst...)
			Transpose(rows, cols, src, lds, dst, ldd)
			for c := 0; c < cols; c++ {
				for x := 0; x < ldd && c*ldd+x < len(dst); x++ {
					want := keep[c*ldd+x]
					if x < rows {
						want = src[x*lds+c]
					}
					if dst[c*ldd+x] != want {
						t.Fatalf("%s %v: dst[%d][%d] = %v, want %v", Kernel(), s, c, x, dst[c*ldd+x], want)
					}
				}
			}
		}
	})
}
