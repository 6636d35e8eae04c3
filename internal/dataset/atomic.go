package dataset

import (
	"io"

	"github.com/gokeras/keras/internal/atomicfile"
)

// WriteFileAtomic creates path with the bytes write produces, atomically
// (see package atomicfile).
func WriteFileAtomic(path string, write func(io.Writer) error) error {
	return atomicfile.Write(path, write)
}
