// Package reuters is keras.datasets.reuters: 11,228 Reuters newswires
// labeled over 46 topics, each a sequence of word indices, words indexed by
// frequency.
//
// LoadData reads Keras's reuters.npz from the Keras datasets cache
// ($KERAS_HOME/datasets or ~/.keras/datasets), downloading it (SHA-256
// checked) if it is absent, and returns exactly what Keras's load_data
// returns for the same arguments: the same shuffle (numpy's RandomState
// with the seed, reproduced bit for bit), start character, index offset,
// maxlen filter, num_words / skip_top cut and train/test split
// (int(n * (1 - test_split)) training samples). Sequences are [][]int32
// (pad them with utils.PadSequences), labels int64 tensors.
//
// The sequences are pickled numpy object arrays, read by a restricted
// pickle reader that accepts only numpy's array-reconstruction globals.
package reuters

import (
	"fmt"

	"github.com/gokeras/keras/internal/nprandom"
	"github.com/gokeras/keras/internal/seqdata"
	"github.com/gokeras/keras/tensor"
)

// Keras's files (keras/src/datasets/reuters.py).
var (
	dataSource = seqdata.Source{
		Origin:   "https://storage.googleapis.com/tensorflow/tf-keras-datasets/reuters.npz",
		Hash:     "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916",
		MaxBytes: 32 << 20,
	}
	indexSource = seqdata.Source{
		Origin:   "https://storage.googleapis.com/tensorflow/tf-keras-datasets/reuters_word_index.json",
		Hash:     "4d44cc38712099c9e383dc6e5f11a921",
		MaxBytes: 16 << 20,
	}
	fetcher = seqdata.DefaultFetcher()
)

// LoadData is keras.datasets.reuters.load_data. Options: Path, NumWords,
// SkipTop, MaxLen, TestSplit, Seed, StartChar, OOVChar, IndexFrom (Keras's
// arguments and defaults).
func LoadData(opts ...Option) (xTrain [][]int32, yTrain *tensor.Tensor, xTest [][]int32, yTest *tensor.Tensor, err error) {
	c := config{path: "reuters.npz", args: seqdata.DefaultArgs()}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	fail := func(err error) ([][]int32, *tensor.Tensor, [][]int32, *tensor.Tensor, error) {
		return nil, nil, nil, nil, fmt.Errorf("reuters.load_data: %w", err)
	}
	f, err := fetcher.Open(c.path, dataSource, c.args)
	if err != nil {
		return fail(err)
	}
	xs := f.Seqs["x"]
	if xs == nil {
		return fail(fmt.Errorf("%s lacks the object array x", c.path))
	}
	ys, err := seqdata.Labels(f.Arrays["y"], "y")
	if err != nil {
		return fail(err)
	}
	if len(ys) != len(xs) {
		return fail(fmt.Errorf("%d sequences but %d labels", len(xs), len(ys)))
	}
	a := c.args
	rng, err := nprandom.New(a.Seed)
	if err != nil {
		return fail(err)
	}
	xs, ys = seqdata.Shuffle(rng, xs, ys)
	xs = seqdata.Index(xs, a)
	if a.MaxLen > 0 {
		xs, ys = seqdata.RemoveLong(a.MaxLen, xs, ys)
	}
	if len(xs) == 0 {
		return fail(fmt.Errorf("no sequence is left (maxlen=%d)", a.MaxLen))
	}
	xs = seqdata.Cut(xs, a)
	n := int(float64(len(xs)) * (1 - a.TestSplit))
	return xs[:n], seqdata.LabelTensor(ys[:n]), xs[n:], seqdata.LabelTensor(ys[n:]), nil
}

// GetWordIndex is keras.datasets.reuters.get_word_index: the word -> index
// map (indices before the IndexFrom shift), from reuters_word_index.json
// in the Keras cache (downloaded, MD5 checked, if absent).
func GetWordIndex() (map[string]int, error) { return GetWordIndexPath("reuters_word_index.json") }

// GetWordIndexPath is GetWordIndex with Keras's path argument (a file name
// in the Keras datasets cache).
func GetWordIndexPath(name string) (map[string]int, error) {
	m, err := fetcher.WordIndex(name, indexSource)
	if err != nil {
		return nil, fmt.Errorf("reuters.get_word_index: %w", err)
	}
	return m, nil
}
