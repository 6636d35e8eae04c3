package dataset

import (
	"errors"
	"fmt"
	"io"
)

// readExactly reads n bytes from r. The buffer starts at no more than 1 MiB
// and doubles as data arrives, so a header that claims more data than the
// stream holds costs little memory before the error.
func readExactly(r io.Reader, n int64) ([]byte, error) {
	buf := make([]byte, 0, min(n, 1<<20))
	for int64(len(buf)) < n {
		if len(buf) == cap(buf) {
			grown := make([]byte, len(buf), min(n, 2*int64(cap(buf))))
			copy(grown, buf)
			buf = grown
		}
		m, err := io.ReadFull(r, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+m]
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return nil, fmt.Errorf("truncated after %d of %d bytes: %w", len(buf), n, err)
		}
	}
	return buf, nil
}
