package imdbdata

import (
	"math/rand/v2"
	"testing"
)

// Every synthetic review fits maxlen, starts with the start id, and holds
// more words of its label's set than of the other.
func TestSynthetic(t *testing.T) {
	const n, numWords, maxlen = 200, 1000, 50
	xs, y := synthetic(rand.New(rand.NewPCG(1, 3)), n, numWords, maxlen)
	if len(xs) != n || y.Shape().String() != "(200,)" {
		t.Fatalf("got %d sequences, labels %v", len(xs), y.Shape())
	}
	for i, seq := range xs {
		if len(seq) > maxlen || seq[0] != startID {
			t.Fatalf("review %d: length %d, first id %d", i, len(seq), seq[0])
		}
		pos, neg := 0, 0
		for _, id := range seq {
			switch {
			case id < 0 || int(id) >= numWords:
				t.Fatalf("review %d: id %d outside [0, %d)", i, id, numWords)
			case id >= positiveLo && id < positiveLo+setSize:
				pos++
			case id >= negativeLo && id < negativeLo+setSize:
				neg++
			}
		}
		if label := y.Int64s()[i]; (label == 1) != (pos > neg) {
			t.Errorf("review %d: label %d with %d positive and %d negative words", i, label, pos, neg)
		}
	}
}

// head cuts IMDB's int64 labels along with the sequences.
func TestHead(t *testing.T) {
	xs, y := synthetic(rand.New(rand.NewPCG(2, 3)), 10, 100, 20)
	for _, n := range []int{3, 10, 20} {
		hx, hy, err := head(xs, y, n)
		if err != nil {
			t.Fatal(err)
		}
		want := min(n, 10)
		if len(hx) != want || hy.Shape()[0] != want || hy.DType() != y.DType() {
			t.Fatalf("head(%d): %d sequences, labels %v %v", n, len(hx), hy.Shape(), hy.DType())
		}
		for i := range want {
			if hy.Int64s()[i] != y.Int64s()[i] {
				t.Errorf("head(%d): label %d = %d, want %d", n, i, hy.Int64s()[i], y.Int64s()[i])
			}
		}
	}
}
