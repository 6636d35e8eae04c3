package metrics

import (
	"fmt"

	"github.com/gokeras/keras/tensor"
)

// reduceSamplewise is Keras's reduce_to_samplewise_values followed by the
// accumulation of Mean (useMean) or Sum. vals (shape vs) is scratch that it
// overwrites. It returns the batch's total and, for Mean, its count.
func reduceSamplewise(vals []float64, vs dims, sw *tensor.Tensor, useMean bool) (total, count float64, err error) {
	if sw == nil {
		if vs.n == 0 {
			return vals[0], 1, nil
		}
		inner := vs.prod(1, vs.n)
		for i := 0; i < vs.d[0]; i++ {
			total += reduceRow(vals[i*inner:(i+1)*inner], useMean)
		}
		return total, float64(vs.d[0]), nil
	}
	ws, err := dimsOf(sw.Shape())
	if err != nil {
		return 0, 0, err
	}
	origV := vs
	vs, ws = squeezeOrExpand(vs, ws, true)
	wr := ws.n
	if vs.n > wr {
		g := vs.prod(wr, vs.n)
		m := vs.prod(0, wr)
		for k := 0; k < m; k++ {
			vals[k] = reduceRow(vals[k*g:(k+1)*g], useMean)
		}
		vs.n = wr
	}
	b, err := newBcast(ws, vs)
	if err != nil {
		return 0, 0, fmt.Errorf("sample_weight of shape %v does not match values of shape %v: %w", sw.Shape(), origV, err)
	}
	n := vs.size()
	vals = vals[:n]
	wsum := 0.0
	for j := range vals {
		w := sw.At(b.index(j))
		vals[j] *= w
		wsum += w
	}
	if wr > 1 {
		if inner := vs.prod(1, vs.n); inner > 0 && useMean {
			wsum /= float64(inner)
		}
	}
	if vs.n > 1 {
		inner := vs.prod(1, vs.n)
		for i := 0; i < vs.d[0]; i++ {
			total += reduceRow(vals[i*inner:(i+1)*inner], useMean)
		}
	} else {
		for _, v := range vals {
			total += v
		}
	}
	return total, wsum, nil
}

func reduceRow(r []float64, useMean bool) float64 {
	s := 0.0
	for _, v := range r {
		s += v
	}
	if useMean && len(r) > 0 {
		s /= float64(len(r))
	}
	return s
}

// meanState is the total/count state of keras.metrics.Mean.
type meanState struct {
	total, count float64
	buf          []float64
}

func (m *meanState) add(vals []float64, vs dims, sw *tensor.Tensor) error {
	t, c, err := reduceSamplewise(vals, vs, sw, true)
	if err != nil {
		return err
	}
	m.total += t
	m.count += c
	return nil
}

func (m *meanState) mean() float64 { return divNoNaN(m.total, m.count) }

func (m *meanState) reset() { m.total, m.count = 0, 0 }
