package vmath

import "testing"

const benchN = 4096 // 16 KiB per slice: L1/L2 resident

// bench runs f on both paths and reports ns per element.
func bench(b *testing.B, f func()) {
	for _, generic := range []bool{false, true} {
		if !generic && !haveAsm {
			continue
		}
		prev := ForceGeneric(generic)
		b.Run(Impl(), func(b *testing.B) {
			for b.Loop() {
				f()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchN, "ns/elem")
		})
		ForceGeneric(prev)
	}
}

func benchData() (x, y, z []float32) {
	r := newRand()
	return randSlice(r, benchN, -5, 5), randSlice(r, benchN, -5, 5), make([]float32, benchN)
}

func BenchmarkExp(b *testing.B)     { x, _, d := benchData(); bench(b, func() { Exp(d, x) }) }
func BenchmarkLog(b *testing.B)     { x, _, d := benchData(); Exp(x, x); bench(b, func() { Log(d, x) }) }
func BenchmarkTanh(b *testing.B)    { x, _, d := benchData(); bench(b, func() { Tanh(d, x) }) }
func BenchmarkSigmoid(b *testing.B) { x, _, d := benchData(); bench(b, func() { Sigmoid(d, x) }) }
func BenchmarkRelu(b *testing.B)    { x, _, d := benchData(); bench(b, func() { Relu(d, x) }) }
func BenchmarkReluGrad(b *testing.B) {
	x, y, d := benchData()
	bench(b, func() { ReluGrad(d, x, y) })
}
func BenchmarkAddBias(b *testing.B) {
	x, y, _ := benchData()
	bench(b, func() { AddBias(x, 32, 128, y[:128]) })
}
func BenchmarkAddBiasRelu(b *testing.B) {
	x, y, d := benchData()
	bench(b, func() { copy(d, x); AddBiasRelu(d, 32, 128, y[:128]) })
}
func BenchmarkSoftmaxRows(b *testing.B) {
	x, _, d := benchData()
	bench(b, func() { SoftmaxRows(d, x, 32, 128) })
}
func BenchmarkLogSoftmaxRows(b *testing.B) {
	x, _, d := benchData()
	bench(b, func() { LogSoftmaxRows(d, x, 32, 128) })
}
func BenchmarkAxpy(b *testing.B)  { x, y, _ := benchData(); bench(b, func() { Axpy(1e-9, x, y) }) }
func BenchmarkScale(b *testing.B) { x, _, _ := benchData(); bench(b, func() { Scale(1, x) }) }
func BenchmarkAdd(b *testing.B)   { x, y, d := benchData(); bench(b, func() { Add(d, x, y) }) }
func BenchmarkSub(b *testing.B)   { x, y, d := benchData(); bench(b, func() { Sub(d, x, y) }) }
func BenchmarkMul(b *testing.B)   { x, y, d := benchData(); bench(b, func() { Mul(d, x, y) }) }
func BenchmarkSum(b *testing.B)   { x, _, _ := benchData(); bench(b, func() { Sum(x) }) }
func BenchmarkDot(b *testing.B)   { x, y, _ := benchData(); bench(b, func() { Dot(x, y) }) }
func BenchmarkMaxIndex(b *testing.B) {
	x, _, _ := benchData()
	bench(b, func() { MaxIndex(x) })
}
func BenchmarkColSum(b *testing.B) {
	x, _, d := benchData()
	bench(b, func() { ColSum(d[:128], x, 32, 128) })
}
func BenchmarkAdamUpdate(b *testing.B) {
	p, g, _ := benchData()
	m, v := make([]float32, benchN), make([]float32, benchN)
	bench(b, func() { AdamUpdate(p, g, m, v, 1e-9, 0.9, 0.999, 1e-7) })
}
