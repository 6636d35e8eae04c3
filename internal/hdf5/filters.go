package hdf5

import (
	"bytes"
	"compress/zlib"
	"io"
)

// unfilter reverses the filter pipeline on one stored chunk. want is the
// exact size of the decoded chunk, which also bounds decompression output.
func unfilter(filters []filter, mask uint32, elemSize int, data []byte, want uint64) ([]byte, error) {
	for i := len(filters) - 1; i >= 0; i-- {
		f := filters[i]
		if i < 32 && mask&(1<<uint(i)) != 0 {
			continue // filter skipped for this chunk
		}
		switch f.id {
		case filterDeflate:
			zr, err := zlib.NewReader(bytes.NewReader(data))
			if err != nil {
				return nil, formatErr("deflate: %v", err)
			}
			out := make([]byte, want)
			n, err := io.ReadFull(zr, out)
			if err != nil && err != io.ErrUnexpectedEOF {
				return nil, formatErr("deflate: %v", err)
			}
			data = out[:n]
		case filterShuffle:
			size := elemSize
			if len(f.params) > 0 {
				size = int(f.params[0])
			}
			data = unshuffle(data, size)
		case filterFletcher32:
			if len(data) < 4 {
				return nil, formatErr("fletcher32: chunk of %d bytes", len(data))
			}
			data = data[:len(data)-4]
		default:
			return nil, unsupported("filter %d (%s)", f.id, filterName(f.id))
		}
	}
	if uint64(len(data)) != want {
		return nil, formatErr("decoded chunk has %d bytes, want %d", len(data), want)
	}
	return data, nil
}

func filterName(id uint16) string {
	switch id {
	case 4:
		return "szip"
	case 5:
		return "nbit"
	case 6:
		return "scaleoffset"
	case 32000:
		return "lzf"
	case 32001:
		return "blosc"
	case 307:
		return "bzip2"
	case 32015:
		return "zstd"
	}
	return "unknown"
}

// unshuffle reverses the HDF5 byte shuffle filter.
func unshuffle(b []byte, size int) []byte {
	if size <= 1 || len(b) < size {
		return b
	}
	n := len(b) / size
	out := make([]byte, len(b))
	for j := 0; j < size; j++ {
		src := b[j*n : (j+1)*n]
		for i, v := range src {
			out[i*size+j] = v
		}
	}
	copy(out[n*size:], b[n*size:]) // trailing bytes are left as is
	return out
}
