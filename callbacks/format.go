package callbacks

import (
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

// pyFloat formats v as Python's repr(float) / str(float): the shortest
// digits that round-trip, fixed notation with a ".0" for exponents in
// [-4, 16), else d.ddde±XX; "nan", "inf", "-inf".
func pyFloat(v float64) string {
	switch {
	case math.IsNaN(v):
		return "nan"
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	}
	s := strconv.FormatFloat(v, 'e', -1, 64) // e.g. "-1.2345e-05"
	mant, expStr, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(expStr)
	sign := ""
	if mant[0] == '-' {
		sign, mant = "-", mant[1:]
	}
	digits := strings.Replace(mant, ".", "", 1)
	if exp < -4 || exp >= 16 {
		m := digits[:1]
		if len(digits) > 1 {
			m += "." + digits[1:]
		}
		es := "+"
		if exp < 0 {
			es, exp = "-", -exp
		}
		return fmt.Sprintf("%s%se%s%02d", sign, m, es, exp)
	}
	if exp < 0 {
		return sign + "0." + strings.Repeat("0", -exp-1) + digits
	}
	if len(digits) <= exp+1 {
		return sign + digits + strings.Repeat("0", exp+1-len(digits)) + ".0"
	}
	return sign + digits[:exp+1] + "." + digits[exp+1:]
}

// output returns w, or def when w is nil.
func output(w, def io.Writer) io.Writer {
	if w == nil {
		return def
	}
	return w
}

// printMsg is Keras's io_utils.print_msg: message plus a newline.
func printMsg(w io.Writer, name, msg string) error {
	if _, err := io.WriteString(output(w, os.Stdout), msg+"\n"); err != nil {
		return fmt.Errorf("%s: writing a message: %w", name, err)
	}
	return nil
}

// warn writes a Python-style warning line.
func warn(w io.Writer, msg string) {
	_, _ = io.WriteString(output(w, os.Stderr), "UserWarning: "+msg+"\n")
}
