// Package imdbdata loads IMDB for the text examples, or, with no network,
// builds a synthetic sentiment task of the same form.
package imdbdata

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/gokeras/keras/datasets/imdb"
	"github.com/gokeras/keras/ops"
	"github.com/gokeras/keras/tensor"
)

// Load returns token-id sequences and int64 0/1 labels of shape (n,): the
// first samples reviews of IMDB's training and test sets (all of them when
// samples is 0) with words outside the numWords most frequent ones replaced
// by the out-of-vocabulary id, or, when IMDB cannot be loaded or synth is
// set, a synthetic sentiment set of the same form.
func Load(numWords, maxlen, samples int, synth bool, seed int64) (xTrain [][]int32, yTrain *tensor.Tensor, xTest [][]int32, yTest *tensor.Tensor, err error) {
	err = errors.New("-synthetic is set")
	if !synth {
		// keras.datasets.imdb.load_data(num_words=numWords)
		xTrain, yTrain, xTest, yTest, err = imdb.LoadData(imdb.NumWords(numWords))
	}
	if err != nil {
		fmt.Printf("IMDB not loaded (%v).\nFALLBACK: training on a synthetic sentiment task (the label is the majority of \"positive\" and \"negative\" token sets) instead.\n\n", err)
		if numWords < neutralLo+2 {
			return nil, nil, nil, nil, fmt.Errorf("the synthetic task needs a vocabulary of at least %d words, got %d", neutralLo+2, numWords)
		}
		n := samples
		if n <= 0 {
			n = 25000
		}
		rng := rand.New(rand.NewPCG(uint64(seed), 3))
		xTrain, yTrain = synthetic(rng, n, numWords, maxlen)
		xTest, yTest = synthetic(rng, n, numWords, maxlen)
		return xTrain, yTrain, xTest, yTest, nil
	}
	if samples > 0 {
		if xTrain, yTrain, err = head(xTrain, yTrain, samples); err != nil {
			return nil, nil, nil, nil, err
		}
		if xTest, yTest, err = head(xTest, yTest, samples); err != nil {
			return nil, nil, nil, nil, err
		}
	}
	return xTrain, yTrain, xTest, yTest, nil
}

// head keeps the first n sequences and labels.
func head(x [][]int32, y *tensor.Tensor, n int) ([][]int32, *tensor.Tensor, error) {
	if n >= len(x) {
		return x, y, nil
	}
	ys, err := ops.Slice(y, []int{0}, []int{n})
	return x[:n], ys, err
}

// Token ids of the synthetic task, laid out as IMDB's: 0 is padding, 1 the
// start mark, 2 out-of-vocabulary, words from 3 on. Twenty ids are
// "positive" words, twenty "negative" ones; the rest are neutral.
const (
	startID    = 1
	positiveLo = 10
	negativeLo = 30
	setSize    = 20
	neutralLo  = negativeLo + setSize
)

// synthetic makes n reviews of maxlen/5 to maxlen tokens (so that padding
// truncates none): neutral words with three to eight words of the label's
// sentiment set and at most one of the other set scattered among them.
// Labels are int64 0/1, as IMDB's.
func synthetic(rng *rand.Rand, n, numWords, maxlen int) ([][]int32, *tensor.Tensor) {
	minLen := max(maxlen/5, 10)
	xs := make([][]int32, n)
	ys := make([]int64, n)
	// Neutral words follow Zipf's law, as words do in text.
	zipf := rand.NewZipf(rng, 1.3, 1, uint64(numWords-neutralLo-1))
	for i := range xs {
		label := rng.IntN(2)
		ys[i] = int64(label)
		seq := make([]int32, minLen+rng.IntN(max(maxlen-minLen, 0)+1))
		seq[0] = startID
		for j := 1; j < len(seq); j++ {
			seq[j] = int32(neutralLo + zipf.Uint64())
		}
		same, other := int32(negativeLo), int32(positiveLo)
		if label == 1 {
			same, other = other, same
		}
		// Distinct places after the start id: the first for the other
		// set's word (half of the time), the rest for the label's words.
		places := rng.Perm(len(seq) - 1)[:3+rng.IntN(6)+1]
		if rng.IntN(2) == 0 {
			seq[1+places[0]] = other + int32(rng.IntN(setSize))
		}
		for _, p := range places[1:] {
			seq[1+p] = same + int32(rng.IntN(setSize))
		}
		xs[i] = seq
	}
	y, _ := tensor.FromInt64(ys, n)
	return xs, y
}
