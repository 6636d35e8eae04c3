// Package imdb is keras.datasets.imdb: 25,000 training and 25,000 test movie
// reviews labeled by sentiment (1 positive, 0 negative), each a sequence of
// word indices, words indexed by frequency.
//
// LoadData reads Keras's imdb.npz from the Keras datasets cache
// ($KERAS_HOME/datasets or ~/.keras/datasets), downloading it (SHA-256
// checked) if it is absent, and returns exactly what Keras's load_data
// returns for the same arguments: the same shuffle (numpy's RandomState
// with the seed, reproduced bit for bit), start character, index offset,
// maxlen filter and num_words / skip_top cut. Sequences are [][]int32
// (Keras's object arrays of lists; pad them with utils.PadSequences),
// labels int64 tensors.
//
// The .npz stores the sequences as pickled numpy object arrays; they are
// read by a restricted pickle reader that, like Keras's safe loader,
// accepts only numpy's array-reconstruction globals.
package imdb

import (
	"fmt"

	"github.com/gokeras/keras/internal/nprandom"
	"github.com/gokeras/keras/internal/seqdata"
	"github.com/gokeras/keras/tensor"
)

// Keras's files (keras/src/datasets/imdb.py).
var (
	dataSource = seqdata.Source{
		Origin:   "https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb.npz",
		Hash:     "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f",
		MaxBytes: 64 << 20,
	}
	indexSource = seqdata.Source{
		Origin:   "https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb_word_index.json",
		Hash:     "bfafd718b763782e994055a2d397834f",
		MaxBytes: 16 << 20,
	}
	fetcher = seqdata.DefaultFetcher()
)

// LoadData is keras.datasets.imdb.load_data. Options: Path, NumWords,
// SkipTop, MaxLen, Seed, StartChar, OOVChar, IndexFrom (Keras's arguments
// and defaults).
func LoadData(opts ...Option) (xTrain [][]int32, yTrain *tensor.Tensor, xTest [][]int32, yTest *tensor.Tensor, err error) {
	c := config{path: "imdb.npz", args: seqdata.DefaultArgs()}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	fail := func(err error) ([][]int32, *tensor.Tensor, [][]int32, *tensor.Tensor, error) {
		return nil, nil, nil, nil, fmt.Errorf("imdb.load_data: %w", err)
	}
	f, err := fetcher.Open(c.path, dataSource, c.args)
	if err != nil {
		return fail(err)
	}
	xtr, xte := f.Seqs["x_train"], f.Seqs["x_test"]
	if xtr == nil || xte == nil {
		return fail(fmt.Errorf("%s lacks the object arrays x_train and x_test", c.path))
	}
	ytr, err := seqdata.Labels(f.Arrays["y_train"], "y_train")
	if err != nil {
		return fail(err)
	}
	yte, err := seqdata.Labels(f.Arrays["y_test"], "y_test")
	if err != nil {
		return fail(err)
	}
	if len(ytr) != len(xtr) || len(yte) != len(xte) {
		return fail(fmt.Errorf("%d training sequences but %d labels, %d test sequences but %d labels", len(xtr), len(ytr), len(xte), len(yte)))
	}
	a := c.args
	rng, err := nprandom.New(a.Seed)
	if err != nil {
		return fail(err)
	}
	xtr, ytr = seqdata.Shuffle(rng, xtr, ytr)
	xte, yte = seqdata.Shuffle(rng, xte, yte)
	xtr, xte = seqdata.Index(xtr, a), seqdata.Index(xte, a)
	if a.MaxLen > 0 {
		xtr, ytr = seqdata.RemoveLong(a.MaxLen, xtr, ytr)
		xte, yte = seqdata.RemoveLong(a.MaxLen, xte, yte)
		if len(xtr) == 0 || len(xte) == 0 {
			return fail(fmt.Errorf("after filtering for sequences shorter than maxlen=%d, no sequence was kept. Increase maxlen", a.MaxLen))
		}
	}
	xs := seqdata.Cut(append(append([][]int32{}, xtr...), xte...), a)
	n := len(xtr)
	return xs[:n], seqdata.LabelTensor(ytr), xs[n:], seqdata.LabelTensor(yte), nil
}

// GetWordIndex is keras.datasets.imdb.get_word_index: the word -> index map
// (indices before the IndexFrom shift), from imdb_word_index.json in the
// Keras cache (downloaded, MD5 checked, if absent).
func GetWordIndex() (map[string]int, error) { return GetWordIndexPath("imdb_word_index.json") }

// GetWordIndexPath is GetWordIndex with Keras's path argument (a file name
// in the Keras datasets cache).
func GetWordIndexPath(name string) (map[string]int, error) {
	m, err := fetcher.WordIndex(name, indexSource)
	if err != nil {
		return nil, fmt.Errorf("imdb.get_word_index: %w", err)
	}
	return m, nil
}
