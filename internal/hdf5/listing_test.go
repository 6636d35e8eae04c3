package hdf5

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// listing renders a file's structure the way testdata/gen/hdf5_gen.py
// prints it with h5py: one line per object in visititems order, with its
// attributes, dtype, shape and (for datasets) every value.
func listing(f *File) (string, error) {
	var sb strings.Builder
	attrs := func(as []Attribute, err error) error {
		if err != nil {
			return err
		}
		for _, a := range as {
			fmt.Fprintf(&sb, "  @%s %s %s = %s\n", a.Name, a.DType, fmtShape(a.Shape, a.Value == nil), fmtValue(a.Value))
		}
		return nil
	}
	sb.WriteString("/ group\n")
	if err := attrs(f.Root().Attrs()); err != nil {
		return "", err
	}
	err := f.Walk(func(path string, obj any) error {
		switch o := obj.(type) {
		case *Group:
			fmt.Fprintf(&sb, "%s group\n", path)
			return attrs(o.Attrs())
		case *Dataset:
			v, err := o.Read()
			if err != nil {
				return err
			}
			if len(o.Shape()) == 0 {
				v = scalarOf(v)
			}
			fmt.Fprintf(&sb, "%s dataset %s %s = %s\n", path, o.DType(), fmtShape(o.Shape(), false), fmtValue(v))
			return attrs(o.Attrs())
		}
		return nil
	})
	return sb.String(), err
}

func fmtShape(s []int, null bool) string {
	if null {
		return "null"
	}
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = fmt.Sprint(d)
	}
	if len(s) == 1 {
		return "(" + parts[0] + ",)"
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// fmtValue prints numbers with %.9g (float32 exact) / %.17g and strings
// quoted, abbreviating more than 12 elements to their first 6 and last 6.
func fmtValue(v any) string {
	var parts []string
	scalar := false
	switch x := v.(type) {
	case nil:
		return "None"
	case string:
		parts, scalar = []string{qlong(x)}, true
	case float32:
		parts, scalar = []string{fmtF(float64(x), 9)}, true
	case float64:
		parts, scalar = []string{fmtF(x, 17)}, true
	case int64:
		parts, scalar = []string{fmt.Sprint(x)}, true
	case uint64:
		parts, scalar = []string{fmt.Sprint(x)}, true
	case []string:
		for _, s := range x {
			parts = append(parts, qlong(s))
		}
	case []float32:
		for _, f := range x {
			parts = append(parts, fmtF(float64(f), 9))
		}
	case []float64:
		for _, f := range x {
			parts = append(parts, fmtF(f, 17))
		}
	case []int64:
		for _, i := range x {
			parts = append(parts, fmt.Sprint(i))
		}
	case []uint64:
		for _, i := range x {
			parts = append(parts, fmt.Sprint(i))
		}
	case []byte:
		return fmt.Sprintf("<%d raw bytes>", len(x))
	default:
		return fmt.Sprintf("%v", x)
	}
	if scalar {
		return parts[0]
	}
	if len(parts) > 12 {
		parts = append(append(parts[:6:6], "..."), parts[len(parts)-6:]...)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func fmtF(f float64, prec int) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	return strings.Replace(fmt.Sprintf("%.*g", prec, f), "e+", "e", 1)
}

// qlong quotes s as JSON (like Python's json.dumps(s, ensure_ascii=False));
// strings over 200 characters are listed by length and SHA-256 prefix.
func qlong(s string) string {
	if n := utf8.RuneCountInString(s); n > 200 {
		return fmt.Sprintf("<%d chars sha256:%x>", n, sha256.Sum256([]byte(s)))[:0] +
			fmt.Sprintf("<%d chars sha256:%s>", n, fmt.Sprintf("%x", sha256.Sum256([]byte(s)))[:16])
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}
