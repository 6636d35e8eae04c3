package imdb

import "github.com/gokeras/keras/internal/seqdata"

// Option sets one of load_data's arguments.
type Option func(*config)

type config struct {
	path string
	args seqdata.Args
}

// Path sets the file name of the dataset in the Keras datasets cache
// (default "imdb.npz").
func Path(name string) Option { return func(c *config) { c.path = name } }

// NumWords keeps the n most frequent words (indices below n); others become
// the OOV character. 0 (the default) is None: all words.
func NumWords(n int) Option { return func(c *config) { c.args.NumWords = n } }

// SkipTop replaces the n most frequent words by the OOV character.
func SkipTop(n int) Option { return func(c *config) { c.args.SkipTop = n } }

// MaxLen drops sequences of maxlen words or more (counting the start
// character); 0 (the default) keeps all.
func MaxLen(n int) Option { return func(c *config) { c.args.MaxLen = n } }

// Seed seeds the shuffle (numpy.random.RandomState(seed); default 113).
func Seed(s int64) Option { return func(c *config) { c.args.Seed = s } }

// StartChar marks the start of each sequence (default 1); -1 is None.
func StartChar(n int) Option { return func(c *config) { c.args.StartChar = n } }

// OOVChar replaces words cut by NumWords or SkipTop (default 2); -1 is
// None: such words are dropped.
func OOVChar(n int) Option { return func(c *config) { c.args.OOVChar = n } }

// IndexFrom shifts word indices by n (default 3).
func IndexFrom(n int) Option { return func(c *config) { c.args.IndexFrom = n } }
