// Package seqdata holds what keras.datasets.imdb and keras.datasets.reuters
// share: fetching Keras's files into the Keras cache (hash-checked), reading
// their .npz archives (object arrays of Python lists, through the hardened
// internal/pickle reader), Keras's shuffle (numpy's RandomState) and the
// start_char / index_from / maxlen / num_words / skip_top / oov_char
// transformations of load_data, and the word-index JSON files.
package seqdata

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/gokeras/keras/internal/dataset"
	"github.com/gokeras/keras/internal/nprandom"
	"github.com/gokeras/keras/internal/pickle"
	"github.com/gokeras/keras/tensor"
	"github.com/gokeras/keras/utils"
)

// Source is one of Keras's dataset files.
type Source struct {
	Origin   string // download URL
	Hash     string // SHA-256 or MD5 hex, as keras.utils.get_file's file_hash
	MaxBytes int64  // refuse larger downloads
}

// Fetcher finds or downloads files into the Keras datasets cache.
type Fetcher struct {
	CacheDir func() (string, error) // the datasets directory
	Client   *http.Client           // nil: dataset.DefaultClient
	Log      io.Writer              // download messages
}

// DefaultFetcher uses ~/.keras/datasets (or $KERAS_HOME/datasets).
func DefaultFetcher() *Fetcher {
	return &Fetcher{CacheDir: func() (string, error) { return dataset.CacheDir("", "datasets") }, Log: os.Stderr}
}

// Fetch returns the path of fname in the cache, downloading it from
// src.Origin when it is absent or fails the hash check, as
// keras.utils.get_file does (but atomically). fname must be a bare file
// name.
func (f *Fetcher) Fetch(fname string, src Source) (string, error) {
	if fname == "" || strings.ContainsAny(fname, `/\`) || fname == "." || fname == ".." {
		return "", fmt.Errorf("path must be a file name inside the Keras datasets directory, not a path (set KERAS_HOME to change the directory). Received: path=%q", fname)
	}
	dir, err := f.CacheDir()
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, fname)
	if _, err := os.Stat(path); err == nil {
		if err := dataset.CheckFileHash(path, src.Hash); err == nil {
			return path, nil
		} else if f.Log != nil {
			fmt.Fprintf(f.Log, "A local file was found, but it seems to be incomplete or outdated (%v); downloading it again.\n", err)
		}
	}
	if f.Log != nil {
		fmt.Fprintf(f.Log, "Downloading data from %s\n", src.Origin)
	}
	if err := dataset.Download(context.Background(), f.Client, src.Origin, path, src.Hash, src.MaxBytes); err != nil {
		return "", err
	}
	return path, nil
}

// maxMember bounds the uncompressed size of one .npz member.
const maxMember = 512 << 20

// NPZ is an .npz archive's members: object arrays of integer lists as
// Seqs, other arrays as tensors.
type NPZ struct {
	Seqs   map[string][][]int32
	Arrays map[string]*tensor.Tensor
}

// ReadNPZ reads the archive at path. Pickled members may reference only
// numpy's array-reconstruction globals (as Keras's safe loader allows).
func ReadNPZ(path string) (*NPZ, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, fmt.Errorf("npz %s: %w", path, err)
	}
	defer zr.Close()
	out := &NPZ{Seqs: map[string][][]int32{}, Arrays: map[string]*tensor.Tensor{}}
	for _, f := range zr.File {
		name, ok := strings.CutSuffix(f.Name, ".npy")
		if !ok {
			continue
		}
		if err := out.readMember(f, name); err != nil {
			return nil, fmt.Errorf("npz %s: member %s: %w", path, f.Name, err)
		}
	}
	return out, nil
}

func (n *NPZ) readMember(f *zip.File, name string) error {
	if _, dup := n.Seqs[name]; dup {
		return fmt.Errorf("duplicate member")
	}
	if _, dup := n.Arrays[name]; dup {
		return fmt.Errorf("duplicate member")
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxMember+1))
	if err != nil {
		return err
	}
	if len(b) > maxMember {
		return fmt.Errorf("larger than %d bytes", maxMember)
	}
	h, err := pickle.ParseNPYHeader(b)
	if err != nil {
		return err
	}
	if h.Descr == "|O" {
		a, err := pickle.ReadObjectNPY(b, 1<<27)
		if err != nil {
			return err
		}
		if len(a.Shape) != 1 {
			return fmt.Errorf("object array of shape %v, want 1-D", a.Shape)
		}
		seqs, err := a.IntLists(-1<<31, 1<<31-1)
		if err != nil {
			return err
		}
		n.Seqs[name] = seqs
		return nil
	}
	t, err := utils.ReadNPY(bytes.NewReader(b))
	if err != nil {
		return err
	}
	n.Arrays[name] = t
	return nil
}

// Labels reads a 1-D integer array as int64 values.
func Labels(t *tensor.Tensor, name string) ([]int64, error) {
	if t == nil {
		return nil, fmt.Errorf("missing array %s", name)
	}
	if t.Rank() != 1 || !t.DType().IsInt() {
		return nil, fmt.Errorf("array %s is %v %v, want a 1-D integer array", name, t.DType(), t.Shape())
	}
	out := make([]int64, t.Size())
	for i := range out {
		out[i] = int64(t.At(i))
	}
	return out, nil
}

// Args are load_data's arguments.
type Args struct {
	NumWords  int // 0: None (all words)
	SkipTop   int
	MaxLen    int // 0: None
	Seed      int64
	StartChar int // -1: None
	OOVChar   int // -1: None
	IndexFrom int
	TestSplit float64 // reuters only
}

// DefaultArgs are Keras's defaults.
func DefaultArgs() Args {
	return Args{Seed: 113, StartChar: 1, OOVChar: 2, IndexFrom: 3, TestSplit: 0.2}
}

// Shuffle permutes xs and ys together with the next permutation of rng,
// as `indices = np.arange(n); rng.shuffle(indices); x = x[indices]`.
func Shuffle(rng *nprandom.RandomState, xs [][]int32, ys []int64) ([][]int32, []int64) {
	p := rng.Permutation(len(xs))
	ox, oy := make([][]int32, len(xs)), make([]int64, len(ys))
	for i, j := range p {
		ox[i], oy[i] = xs[j], ys[j]
	}
	return ox, oy
}

// Index adds start_char and index_from as load_data does.
func Index(xs [][]int32, a Args) [][]int32 {
	out := make([][]int32, len(xs))
	for i, x := range xs {
		var s []int32
		if a.StartChar >= 0 {
			s = make([]int32, 0, len(x)+1)
			s = append(s, int32(a.StartChar))
		} else {
			s = make([]int32, 0, len(x))
		}
		for _, w := range x {
			if a.StartChar >= 0 || a.IndexFrom != 0 {
				w += int32(a.IndexFrom)
			}
			s = append(s, w)
		}
		out[i] = s
	}
	return out
}

// RemoveLong is keras's remove_long_seq: it keeps sequences shorter than
// maxlen.
func RemoveLong(maxlen int, xs [][]int32, ys []int64) ([][]int32, []int64) {
	var ox [][]int32
	var oy []int64
	for i, x := range xs {
		if len(x) < maxlen {
			ox = append(ox, x)
			oy = append(oy, ys[i])
		}
	}
	return ox, oy
}

// Cut keeps words w with skip_top <= w < num_words, replacing the others by
// oov_char (or dropping them when it is None). num_words 0 means the
// largest index present (so, as in Keras, that largest word itself counts
// as out of range).
func Cut(xs [][]int32, a Args) [][]int32 {
	num := int32(a.NumWords)
	if num == 0 {
		for _, x := range xs {
			for _, w := range x {
				num = max(num, w)
			}
		}
	}
	skip := int32(a.SkipTop)
	out := make([][]int32, len(xs))
	for i, x := range xs {
		s := make([]int32, 0, len(x))
		for _, w := range x {
			switch {
			case skip <= w && w < num:
				s = append(s, w)
			case a.OOVChar >= 0:
				s = append(s, int32(a.OOVChar))
			}
		}
		out[i] = s
	}
	return out
}

// LabelTensor wraps labels as an int64 tensor.
func LabelTensor(ys []int64) *tensor.Tensor {
	if ys == nil {
		ys = []int64{}
	}
	t, _ := tensor.FromInt64(ys, len(ys))
	return t
}

// ReadWordIndex reads a word-index JSON file ({"word": index, ...}).
func ReadWordIndex(path string) (map[string]int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m map[string]int
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("word index %s: %w", path, err)
	}
	return m, nil
}

// CheckArgs validates load_data's arguments.
func CheckArgs(a Args) error {
	switch {
	case a.NumWords < 0:
		return fmt.Errorf("num_words must be positive or None (0), received %d", a.NumWords)
	case a.SkipTop < 0:
		return fmt.Errorf("skip_top must be >= 0, received %d", a.SkipTop)
	case a.MaxLen < 0:
		return fmt.Errorf("maxlen must be positive or None (0), received %d", a.MaxLen)
	case a.Seed < 0 || a.Seed > 0xffffffff:
		return fmt.Errorf("seed must be between 0 and 2**32 - 1, received %d", a.Seed)
	case a.TestSplit < 0 || a.TestSplit > 1:
		return fmt.Errorf("test_split must be in [0, 1], received %v", a.TestSplit)
	}
	return nil
}

// Open is the common start of load_data: it checks a, fetches fname
// (verified against src) into the cache and reads the archive.
func (f *Fetcher) Open(fname string, src Source, a Args) (*NPZ, error) {
	if err := CheckArgs(a); err != nil {
		return nil, err
	}
	path, err := f.Fetch(fname, src)
	if err != nil {
		return nil, err
	}
	return ReadNPZ(path)
}

// WordIndex is get_word_index: it fetches fname (verified against src)
// into the cache and reads the word -> index map.
func (f *Fetcher) WordIndex(fname string, src Source) (map[string]int, error) {
	path, err := f.Fetch(fname, src)
	if err != nil {
		return nil, err
	}
	return ReadWordIndex(path)
}
