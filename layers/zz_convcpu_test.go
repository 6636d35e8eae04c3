//go:build convcpu

package layers

import (
	"os"
	"fmt"
	"runtime"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/gokeras/keras/internal/gemm"
	"github.com/gokeras/keras/internal/vmath"
)

func threadCPU() time.Duration {
	var ts syscall.Timespec
	syscall.Syscall(syscall.SYS_CLOCK_GETTIME, 3, uintptr(unsafe.Pointer(&ts)), 0)
	return time.Duration(ts.Nano())
}

var reps = 20
var only = os.Getenv("CONV_ONLY")

func TestConvCPU(t *testing.T) {
	runtime.LockOSThread()
	gemm.SetThreads(1)
	convs := []*w2Conv{newW2Conv("conv1", 128, 28, 28, 1, 32, false), newW2Conv("conv2", 128, 13, 13, 32, 64, true)}
	if v := os.Getenv("CONV_BLK"); v != "" {
		fmt.Sscan(v, &convBlockFloats)
	}
	for _, c := range convs {
		if only != "" && c.name != only {
			continue
		}
		c.step()
		best := time.Hour
		for r := 0; r < 5; r++ {
			t0 := threadCPU()
			for i := 0; i < reps; i++ {
				c.step()
			}
			best = min(best, (threadCPU()-t0)/time.Duration(reps))
		}
		fmt.Printf("%s: %.2f ms CPU/step\n", c.name, float64(best.Microseconds())/1000)
	}
}

func TestConvPieces(t *testing.T) {
	runtime.LockOSThread()
	gemm.SetThreads(1)
	for _, c := range []*w2Conv{newW2Conv("conv1", 128, 28, 28, 1, 32, false), newW2Conv("conv2", 128, 13, 13, 32, 64, true)} {
		g := c.op.g
		cols := make([]float32, g.n*vol3(g.small)*g.width())
		x := c.in[0].Float32s()
		meas := func(name string, f func()) {
			f()
			best := time.Hour
			for r := 0; r < 5; r++ {
				t0 := threadCPU()
				f()
				best = min(best, threadCPU()-t0)
			}
			fmt.Printf("%s %s: %.2f ms\n", c.name, name, float64(best.Microseconds())/1000)
		}
		meas("im2col", func() { g.im2col(x, cols, g.n) })
		meas("col2im", func() { g.col2im(cols, x, g.n) })
		y := c.out.Float32s()
		meas("gemm fwd", func() { gemm.Sgemm(false, false, g.n*vol3(g.small), g.cs, g.width(), 1, cols, g.width(), c.in[1].Float32s(), g.cs, 0, y, g.cs) })
		meas("gemm wgrad", func() { gemm.Sgemm(true, false, g.width(), g.cs, g.n*vol3(g.small), 1, cols, g.width(), y, g.cs, 1, c.gin[1].Float32s(), g.cs) })
		meas("gemm dcols", func() { gemm.Sgemm(false, true, g.n*vol3(g.small), g.width(), g.cs, 1, y, g.cs, c.in[1].Float32s(), g.cs, 0, cols, g.width()) })
		gz := make([]float32, len(y))
		meas("relugrad", func() { vmath.ReluGrad(gz, c.gout.Float32s(), y) })
		meas("colsum", func() { vmath.ColSum(c.gin[2].Float32s(), gz, len(y)/g.cs, g.cs) })
		ones := make([]float32, len(y)/g.cs)
		for i := range ones {
			ones[i] = 1
		}
		meas("colsum gemm", func() { gemm.Sgemm(false, false, 1, g.cs, len(ones), 1, ones, len(ones), gz, g.cs, 1, c.gin[2].Float32s(), g.cs) })
		meas("colsum axpy", func() {
			db := c.gin[2].Float32s()
			for r := 0; r < len(ones); r++ {
				vmath.Axpy(1, gz[r*g.cs:(r+1)*g.cs], db)
			}
		})
	}
}
