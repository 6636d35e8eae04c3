package gemm

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// GEMM_TUNE="m,n,k,tA,tB;..." GEMM_VARIANTS="mc=240,kc=256,da=128,db=48;..."
func TestTune(t *testing.T) {
	spec := os.Getenv("GEMM_TUNE")
	if spec == "" {
		t.Skip()
	}
	th, _ := strconv.Atoi(os.Getenv("GEMM_THREADS"))
	SetThreads(th)
	defer SetThreads(0)
	variants := strings.Split(os.Getenv("GEMM_VARIANTS"), ";")
	saved := *best
	defer func() { *best = saved }()
	for _, sh := range strings.Split(spec, ";") {
		var m, n, k, ta, tb int
		fmt.Sscanf(sh, "%d,%d,%d,%d,%d", &m, &n, &k, &ta, &tb)
		r := rand.New(rand.NewPCG(1, 1))
		x := randSlice(r, m*k)
		y := randSlice(r, k*n)
		c := make([]float32, m*n)
		lda, ldb := k, n
		if ta == 1 {
			lda = m
		}
		if tb == 1 {
			ldb = k
		}
		bestT := make([]time.Duration, len(variants))
		reps := max(1, int(2e8/float64(2*m*n*k)))
		for round := 0; round < 15; round++ {
			for vi, v := range variants {
				*best = saved
				for _, kv := range strings.Split(v, ",") {
					if kv == "" {
						continue
					}
					p := strings.SplitN(kv, "=", 2)
					val, _ := strconv.Atoi(p[1])
					switch p[0] {
					case "mc":
						best.mc = val
					case "kc":
						best.kc = val
					case "nc":
						best.nc = val
					case "da":
						best.directAMaxN = val
					case "db":
						best.directBMaxM = val
					case "de":
						best.directMaxElems = val
					case "par":
						best.minParallelMNK = val
					}
				}
				Sgemm(ta == 1, tb == 1, m, n, k, 1, x, lda, y, ldb, 0, c, n)
				st := time.Now()
				for i := 0; i < reps; i++ {
					Sgemm(ta == 1, tb == 1, m, n, k, 1, x, lda, y, ldb, 0, c, n)
				}
				d := time.Since(st) / time.Duration(reps)
				if bestT[vi] == 0 || d < bestT[vi] {
					bestT[vi] = d
				}
			}
		}
		for vi, v := range variants {
			fmt.Printf("%-22s %-32s %8.2f GFLOP/s\n", sh, v, 2*float64(m*n*k)/bestT[vi].Seconds()/1e9)
		}
	}
}

func BenchmarkPackGather(b *testing.B) {
	for _, w := range []int{6, 16} {
		b.Run(fmt.Sprint(w), func(b *testing.B) {
			src := make([]float32, 64*1024)
			dst := make([]float32, 256*w)
			for b.Loop() {
				packGather(dst, src, 0, 1000, w, w, 256, best.gather8)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(256*w), "ns/elem")
		})
	}
}

func BenchmarkPackCopy(b *testing.B) {
	src := make([]float32, 784*128)
	dst := make([]float32, 196*16)
	for b.Loop() {
		packCopy(dst, src, 0, 128, 16, 16, 196, best.copy4)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(196*16), "ns/elem")
}
