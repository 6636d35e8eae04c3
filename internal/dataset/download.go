package dataset

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// DefaultClient is the HTTP client Download uses when given nil: it gives up
// quickly when there is no network (10 s to connect, 15 s for the response
// headers) and allows 5 minutes for a whole transfer.
var DefaultClient = &http.Client{
	Timeout: 5 * time.Minute,
	Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second}).DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 15 * time.Second,
	},
}

// Download fetches url into path the way keras.utils.get_file does, but
// atomically: the body goes to a temporary file beside path, is checked
// against wantHash (SHA-256 or MD5 hex; "" skips the check) and only then
// renamed to path. A body over maxBytes is an error. Nothing is left behind
// on failure.
func Download(ctx context.Context, client *http.Client, url, path, wantHash string, maxBytes int64) error {
	if client == nil {
		client = DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("URL fetch failure on %s: %w", url, err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("URL fetch failure on %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("URL fetch failure on %s: HTTP %s", url, resp.Status)
	}
	if resp.ContentLength > maxBytes {
		return fmt.Errorf("URL fetch failure on %s: %d bytes exceeds the %d-byte limit", url, resp.ContentLength, maxBytes)
	}
	return WriteFileAtomic(path, func(w io.Writer) error {
		var h io.Writer = io.Discard
		hasher, name := NewHasher(wantHash)
		if wantHash != "" {
			h = hasher
		}
		n, err := io.Copy(io.MultiWriter(w, h), io.LimitReader(resp.Body, maxBytes+1))
		if err != nil {
			return fmt.Errorf("URL fetch failure on %s after %d bytes: %w", url, n, err)
		}
		if n > maxBytes {
			return fmt.Errorf("URL fetch failure on %s: body exceeds the %d-byte limit", url, maxBytes)
		}
		if resp.ContentLength >= 0 && n != resp.ContentLength {
			return fmt.Errorf("URL fetch failure on %s: got %d of %d bytes", url, n, resp.ContentLength)
		}
		if wantHash != "" {
			if err := compareDigest(hasher, name, wantHash); err != nil {
				return fmt.Errorf("downloaded %s: %w", url, err)
			}
		}
		return nil
	})
}
