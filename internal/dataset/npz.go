package dataset

import (
	"archive/zip"
	"compress/flate"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/gokeras/keras/tensor"
	"github.com/gokeras/keras/utils"
)

// maxNPZMembers bounds how many arrays ReadNPZ accepts from one archive.
const maxNPZMembers = 4096

// ReadNPZ reads every .npy member of the .npz archive at path (what
// numpy.load returns for a .npz), keyed by member name without ".npy".
// Other members are ignored. Each member is read to its end so that the
// archive's CRC-32 is checked.
func ReadNPZ(path string) (map[string]*tensor.Tensor, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, fmt.Errorf("npz %s: %w", path, err)
	}
	defer zr.Close()
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("npz %s: %w", path, err)
	}
	if len(zr.File) > maxNPZMembers {
		return nil, fmt.Errorf("npz %s: %d members exceed the limit of %d", path, len(zr.File), maxNPZMembers)
	}
	out := map[string]*tensor.Tensor{}
	for _, f := range zr.File {
		name, ok := strings.CutSuffix(f.Name, ".npy")
		if !ok {
			continue
		}
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("npz %s: duplicate member %q", path, f.Name)
		}
		t, err := readMember(f, st.Size())
		if err != nil {
			return nil, fmt.Errorf("npz %s: member %s: %w", path, f.Name, err)
		}
		out[name] = t
	}
	return out, nil
}

// readMember decodes one member. For a stored (uncompressed) member whose
// size fits in the archive, the size is passed on so ReadNPY can allocate
// once; compressed sizes are claims, so those members are read growing.
func readMember(f *zip.File, archiveSize int64) (*tensor.Tensor, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var r io.Reader = rc
	if f.Method == zip.Store && f.UncompressedSize64 == f.CompressedSize64 && f.CompressedSize64 <= uint64(archiveSize) {
		r = sizedReader{rc, int(f.UncompressedSize64)}
	}
	t, err := utils.ReadNPY(r)
	if err != nil {
		return nil, err
	}
	if _, err := io.Copy(io.Discard, io.LimitReader(rc, 1<<20)); err != nil {
		return nil, err
	}
	return t, nil
}

// sizedReader tells utils.ReadNPY how many bytes a reader holds (its Len
// is only consulted before the first read).
type sizedReader struct {
	io.Reader
	n int
}

func (s sizedReader) Len() int { return s.n }

// WriteNPZ writes arrays to path as a .npz archive (numpy.savez, or
// numpy.savez_compressed when compress is true), atomically. Members are
// written in name order so the output is reproducible.
func WriteNPZ(path string, arrays map[string]*tensor.Tensor, compress bool) error {
	names := make([]string, 0, len(arrays))
	for k := range arrays {
		names = append(names, k)
	}
	slices.Sort(names)
	err := WriteFileAtomic(path, func(w io.Writer) error {
		zw := zip.NewWriter(w)
		zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
			return flate.NewWriter(w, flate.BestSpeed)
		})
		method := zip.Store
		if compress {
			method = zip.Deflate
		}
		for _, name := range names {
			mw, err := zw.CreateHeader(&zip.FileHeader{Name: name + ".npy", Method: method})
			if err != nil {
				return err
			}
			if err := utils.WriteNPY(mw, arrays[name]); err != nil {
				return fmt.Errorf("member %s.npy: %w", name, err)
			}
		}
		return zw.Close()
	})
	if err != nil {
		return fmt.Errorf("npz %s: %w", path, err)
	}
	return nil
}
