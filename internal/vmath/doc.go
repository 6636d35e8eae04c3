// Package vmath provides vectorised float32 slice kernels for the training
// hot path: activations (Exp, Log, Tanh, Sigmoid, Relu, ReluGrad), bias and
// softmax row operations, BLAS-1 style helpers, reductions and the Adam
// update.
//
// # Implementations
//
// Every kernel has a pure-Go implementation. On amd64 CPUs with AVX2 and FMA
// the kernels Exp, Sigmoid, Tanh, SoftmaxRows, LogSoftmaxRows (exp and row
// max), Relu, ReluGrad, AddBiasRelu, Axpy and AdamUpdate switch at run time
// to Go-assembly versions that handle 8 lanes at a time. The rest stay in Go,
// where the compiler's code runs about as fast. Impl reports the path in use
// ("avx2" or "generic"). ForceGeneric switches to the Go code for tests and
// benchmarks. Build with -tags purego, or for any other GOARCH, to get only the
// Go code. There are no AVX-512 kernels yet: the development machine does not
// expose AVX-512, so they could not be measured or tested.
//
// Whole blocks of 8 go through the assembly loop. For Exp, Sigmoid and Tanh
// the remainder goes through the same vector code in a zero-padded block, so
// an element's result does not depend on where it sits in the slice.
//
// # Accuracy
//
// These are the maximum errors measured by TestAccuracy against float64 math
// on dense grids. The grids sweep the float32 bit patterns of both signs, with
// a stride of about 1000 patterns, plus 2^18 uniform points in the core range.
// Both paths give these figures:
//
//	Exp      0.99 ulp (subnormal results: within 1 subnormal ulp); x > 88.73 -> +Inf,
//	         x < -103.98 -> 0 (gradual underflow), NaN -> NaN
//	Log      0.82 ulp over all positive floats incl. subnormals; x<0 -> NaN, ±0 -> -Inf
//	Tanh     1.25 ulp; relative accuracy near 0 (odd polynomial for |x| < 0.625),
//	         tanh(-0) = -0, ±Inf -> ±1
//	Sigmoid  2.4 ulp; e^-|x| based, so no overflow and tiny results keep
//	         relative accuracy (Sigmoid(-100) ≈ 3.7e-44, not 0)
//
// The tests require at most 2 ulp for Exp and Log and at most 3 ulp for Tanh and Sigmoid.
// SoftmaxRows and LogSoftmaxRows subtract the row maximum. Their error is a few
// ulp plus the unavoidable |x-max|·2^-24 relative error from rounding x-max to
// float32.
//
// Exp uses Cephes-style range reduction: x = n·ln2 + r with a Cody-Waite
// two-part ln2 and a degree-5 polynomial for e^r. The 2^n scale is applied as
// two exponent-field factors, so overflow to +Inf and subnormal results need no
// special cases.
//
// # Determinism
//
// Results are deterministic for a given path. Relu, ReluGrad, AddBiasRelu,
// Axpy and AdamUpdate are bit-identical across paths: the assembly avoids FMA
// and uses the same operation order as the Go code. Exp, Tanh, Sigmoid and
// softmax may differ between paths by about 1 ulp. Sum and Dot use 8 float32
// partial sums in a fixed, documented order (see Sum) and are identical on
// every platform. ColSum adds rows in order.
//
// # Speed
//
// The table gives ns per element for 4096-element slices, and for 32×128
// matrices in the row kernels. It was measured on a 2-vCPU AMD EPYC (Zen 5)
// VM under go1.26 with GOAMD64=v1. The VM is noisy, so treat the figures as ±50%:
//
//	kernel          avx2    generic
//	Exp             0.6     12
//	Sigmoid         0.8     14
//	Tanh            1.5     18
//	SoftmaxRows     1.4     12
//	LogSoftmaxRows  2.0     10
//	Relu            0.17    1.5
//	ReluGrad        0.20    1.6
//	AddBiasRelu     0.25    1.4
//	Axpy            0.08    0.35
//	AdamUpdate      0.35    3.0
//	Log (Go only)           14
//	Add/Sub/Mul/Scale/Sum/Dot (Go only)  0.2-1.2
package vmath
