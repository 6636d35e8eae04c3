package vmath

// Sum returns the float32 sum of x using 8 partial sums: lane j accumulates
// x[j], x[j+8], x[j+16], ... in index order (the trailing len%8 elements go to
// lanes 0..len%8-1), then the lanes are combined as
// ((l0+l1)+(l2+l3)) + ((l4+l5)+(l6+l7)). The order is fixed, so the result is
// deterministic and identical on every path and platform.
func Sum(x []float32) float32 {
	var s0, s1, s2, s3, s4, s5, s6, s7 float32
	i := 0
	for ; i+8 <= len(x); i += 8 {
		b := x[i : i+8 : i+8]
		s0 += b[0]
		s1 += b[1]
		s2 += b[2]
		s3 += b[3]
		s4 += b[4]
		s5 += b[5]
		s6 += b[6]
		s7 += b[7]
	}
	var t [8]float32
	copy(t[:], x[i:])
	s0 += t[0]
	s1 += t[1]
	s2 += t[2]
	s3 += t[3]
	s4 += t[4]
	s5 += t[5]
	s6 += t[6]
	s7 += t[7]
	return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
}

// Dot returns sum x[i]*y[i] with the same lane order as Sum; each product is
// rounded to float32 before it is added (no FMA), so it is deterministic.
func Dot(x, y []float32) float32 {
	checkLen(len(x), len(y))
	y = y[:len(x)]
	var l [8]float32 // lane sums
	i := len(x) &^ 7
	if useAsm {
		dotLanesAsm(&l, x[:i], y[:i])
	} else {
		dotLanesGeneric(&l, x[:i], y[:i])
	}
	var ta, tb [8]float32
	copy(ta[:], x[i:])
	copy(tb[:], y[i:])
	for j := range l {
		l[j] += float32(ta[j] * tb[j])
	}
	return ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]))
}

// dotLanesGeneric adds x[8q+j]*y[8q+j] (each product rounded) to l[j], in
// order of q; len(x) is a multiple of 8.
func dotLanesGeneric(l *[8]float32, x, y []float32) {
	for i := 0; i < len(x); i += 8 {
		a, b := x[i:i+8:i+8], y[i:i+8:i+8]
		for j := range l {
			l[j] += float32(a[j] * b[j])
		}
	}
}

// MaxIndex returns the index of the first maximum of x, ignoring NaNs.
// It returns -1 for an empty slice and 0 if every element is NaN.
func MaxIndex(x []float32) int {
	if len(x) == 0 {
		return -1
	}
	best := 0
	m := x[0]
	for i, v := range x {
		if v > m || m != m {
			m, best = v, i
		}
	}
	if m != m {
		return 0
	}
	return best
}

// ColSum accumulates column sums: dst[c] += sum_r x[r*cols+c], adding rows
// in order r = 0, 1, ... (deterministic).
func ColSum(dst []float32, x []float32, rows, cols int) {
	checkMat(len(x), rows, cols)
	dst = dst[:cols]
	for r := 0; r < rows; r++ {
		row := x[r*cols : r*cols+cols]
		for c, v := range row {
			dst[c] += v
		}
	}
}
