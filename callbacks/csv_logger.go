package callbacks

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// CSVLogger is keras.callbacks.CSVLogger: it streams the epoch-end logs to
// a CSV file, one row per epoch, flushed every epoch. The columns are
// "epoch" and the first epoch's keys sorted; when none starts with "val_",
// "val_<key>" columns are added too. Missing values are written as "NA",
// numbers as Python's str(float), rows end with "\r\n" and fields are
// quoted as Python's csv module (excel dialect) does.
type CSVLogger struct {
	Base
	// Filename is the CSV file's path.
	Filename string
	// Separator separates fields (default ",").
	Separator string
	// Append appends to an existing file instead of overwriting it; the
	// header is written only when the file is missing or empty.
	Append bool

	file     *os.File
	w        *bufio.Writer
	keys     []string
	noHeader bool
	row      []byte
}

// NewCSVLogger returns a CSVLogger writing filename with separator ",".
func NewCSVLogger(filename string) *CSVLogger {
	return &CSVLogger{Filename: filename, Separator: ","}
}

func (c *CSVLogger) sep() string {
	if c.Separator == "" {
		return ","
	}
	return c.Separator
}

// OnTrainBegin opens the file (truncating it unless Append).
func (c *CSVLogger) OnTrainBegin(Logs) error {
	flag := os.O_CREATE | os.O_WRONLY | os.O_TRUNC
	if c.Append {
		if first, err := firstLine(c.Filename); err == nil {
			c.noHeader = first != ""
		} else if !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("CSVLogger: reading %q: %w", c.Filename, err)
		}
		flag = os.O_CREATE | os.O_WRONLY | os.O_APPEND
	}
	if err := c.close(); err != nil {
		return err
	}
	f, err := os.OpenFile(c.Filename, flag, 0o644)
	if err != nil {
		return fmt.Errorf("CSVLogger: %w", err)
	}
	c.file, c.w = f, bufio.NewWriter(f)
	c.keys = nil
	return nil
}

// firstLine returns the first line of the file at path (with its newline).
func firstLine(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	return line, nil
}

// OnEpochEnd writes the epoch's row (and the header on the first epoch).
func (c *CSVLogger) OnEpochEnd(epoch int, logs Logs) error {
	if c.w == nil {
		return fmt.Errorf("CSVLogger: %q is not open (OnTrainBegin was not called)", c.Filename)
	}
	if c.keys == nil {
		c.keys = make([]string, 0, 2*len(logs))
		for k := range logs {
			c.keys = append(c.keys, k)
		}
		slices.Sort(c.keys)
		hasVal := slices.ContainsFunc(c.keys, func(k string) bool { return strings.HasPrefix(k, "val_") })
		if !hasVal {
			for _, k := range c.keys {
				c.keys = append(c.keys, "val_"+k)
			}
		}
		if !c.noHeader {
			b := c.appendField(c.row[:0], "epoch")
			for _, k := range c.keys {
				b = c.appendField(append(b, c.sep()...), k)
			}
			c.row = append(b, '\r', '\n')
			if _, err := c.w.Write(c.row); err != nil {
				return fmt.Errorf("CSVLogger: %w", err)
			}
		}
	}
	b := strconv.AppendInt(c.row[:0], int64(epoch), 10)
	for _, k := range c.keys {
		b = append(b, c.sep()...)
		if v, ok := logs[k]; ok {
			b = c.appendField(b, pyFloat(v))
		} else {
			b = c.appendField(b, "NA")
		}
	}
	c.row = append(b, '\r', '\n')
	if _, err := c.w.Write(c.row); err != nil {
		return fmt.Errorf("CSVLogger: %w", err)
	}
	if err := c.w.Flush(); err != nil {
		return fmt.Errorf("CSVLogger: %w", err)
	}
	return nil
}

// appendField writes s quoted when it holds the separator, a quote or a
// line break (csv.QUOTE_MINIMAL), doubling embedded quotes.
func (c *CSVLogger) appendField(b []byte, s string) []byte {
	if !strings.Contains(s, c.sep()) && !strings.ContainsAny(s, "\"\r\n") {
		return append(b, s...)
	}
	b = append(b, '"')
	b = append(b, strings.ReplaceAll(s, `"`, `""`)...)
	return append(b, '"')
}

// OnTrainEnd closes the file.
func (c *CSVLogger) OnTrainEnd(Logs) error { return c.close() }

func (c *CSVLogger) close() error {
	if c.file == nil {
		return nil
	}
	ferr := c.w.Flush()
	cerr := c.file.Close()
	c.file, c.w = nil, nil
	if err := errors.Join(ferr, cerr); err != nil {
		return fmt.Errorf("CSVLogger: closing %q: %w", c.Filename, err)
	}
	return nil
}
