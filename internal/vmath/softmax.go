package vmath

import "math"

var negInf = float32(math.Inf(-1))

// maxGeneric returns the maximum of x (NaN propagates), -Inf if empty.
func maxGeneric(x []float32) float32 {
	m0, m1, m2, m3 := negInf, negInf, negInf, negInf
	i := 0
	for ; i+4 <= len(x); i += 4 {
		b := x[i : i+4 : i+4]
		m0, m1, m2, m3 = max(m0, b[0]), max(m1, b[1]), max(m2, b[2]), max(m3, b[3])
	}
	for ; i < len(x); i++ {
		m0 = max(m0, x[i])
	}
	return max(max(m0, m1), max(m2, m3))
}

// expSumGeneric sets dst[i] = e^(x[i]-sub) (skipped when dst is nil) and
// returns the sum, accumulated in 4 partial sums.
func expSumGeneric(dst, x []float32, sub float32) float32 {
	var s [4]float32
	if dst != nil {
		dst = dst[:len(x)]
		for i, v := range x {
			e := exp32(v - sub)
			dst[i] = e
			s[i&3] += e
		}
	} else {
		for i, v := range x {
			s[i&3] += exp32(v - sub)
		}
	}
	return (s[0] + s[1]) + (s[2] + s[3])
}

func rowMax(x []float32) float32 {
	if useAsm {
		return maxAsm(x)
	}
	return maxGeneric(x)
}

func expSum(dst, x []float32, sub float32) float32 {
	if useAsm {
		return expSumAsm(dst, x, sub)
	}
	return expSumGeneric(dst, x, sub)
}

// SoftmaxRows computes a numerically stable softmax of each row of the
// row-major rows x cols matrix x into dst (dst may alias x).
func SoftmaxRows(dst, x []float32, rows, cols int) {
	checkMat(len(x), rows, cols)
	checkMat(len(dst), rows, cols)
	for r := 0; r < rows; r++ {
		xr := x[r*cols : r*cols+cols]
		dr := dst[r*cols : r*cols+cols]
		m := rowMax(xr)
		s := expSum(dr, xr, m)
		Scale(1/s, dr)
	}
}

// LogSoftmaxRows computes log(softmax(row)) = (x - max) - log(sum e^(x-max))
// for each row (dst may alias x).
func LogSoftmaxRows(dst, x []float32, rows, cols int) {
	checkMat(len(x), rows, cols)
	checkMat(len(dst), rows, cols)
	for r := 0; r < rows; r++ {
		xr := x[r*cols : r*cols+cols]
		dr := dst[r*cols : r*cols+cols]
		m := rowMax(xr)
		ls := float32(math.Log(float64(expSum(nil, xr, m))))
		for i, v := range xr {
			dr[i] = (v - m) - ls
		}
	}
}
