package vmath

// AddBias adds bias[c] to every row of the row-major rows x cols matrix dst.
func AddBias(dst []float32, rows, cols int, bias []float32) {
	checkMat(len(dst), rows, cols)
	bias = bias[:cols]
	for r := 0; r < rows; r++ {
		row := dst[r*cols : r*cols+cols]
		for c, b := range bias {
			row[c] += b
		}
	}
}

func addBiasReluRow(row, bias []float32) {
	bias = bias[:len(row)]
	for c, b := range bias {
		row[c] = relu32(row[c] + b)
	}
}

// AddBiasRelu sets dst[r*cols+c] = max(0, dst[r*cols+c]+bias[c]) in place.
// Both paths give bit-identical results.
func AddBiasRelu(dst []float32, rows, cols int, bias []float32) {
	checkMat(len(dst), rows, cols)
	bias = bias[:cols]
	for r := 0; r < rows; r++ {
		row := dst[r*cols : r*cols+cols]
		if useAsm {
			addBiasReluAsm(row, bias)
		} else {
			addBiasReluRow(row, bias)
		}
	}
}
