package saving

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// pyFormat is Python's str.format(**fields) for the templates Keras users
// give ModelCheckpoint ("weights.{epoch:02d}-{val_loss:.2f}.keras"): named
// fields with an optional format spec
// [[fill]align][sign][0][width][,][.precision][type], types d, f, F, e, E,
// g, G, % and none; "{{" and "}}" are literal braces. Values are int,
// float64 or nil (Python's None). A missing field is an error naming it,
// like Python's KeyError.
func pyFormat(tmpl string, fields map[string]any) (string, error) {
	var sb strings.Builder
	for i := 0; i < len(tmpl); i++ {
		c := tmpl[i]
		switch {
		case c == '{' && i+1 < len(tmpl) && tmpl[i+1] == '{':
			sb.WriteByte('{')
			i++
		case c == '}' && i+1 < len(tmpl) && tmpl[i+1] == '}':
			sb.WriteByte('}')
			i++
		case c == '}':
			return "", fmt.Errorf("single '}' encountered in format string")
		case c == '{':
			end := strings.IndexByte(tmpl[i:], '}')
			if end < 0 {
				return "", fmt.Errorf("expected '}' before end of string")
			}
			field := tmpl[i+1 : i+end]
			i += end
			name, spec, _ := strings.Cut(field, ":")
			if name == "" {
				return "", fmt.Errorf("positional fields such as {} are not supported; name the field ({epoch}, {val_loss})")
			}
			v, ok := fields[name]
			if !ok {
				return "", fmt.Errorf("KeyError: '%s'", name)
			}
			s, err := pyFormatValue(v, spec)
			if err != nil {
				return "", fmt.Errorf("field {%s}: %w", field, err)
			}
			sb.WriteString(s)
		default:
			sb.WriteByte(c)
		}
	}
	return sb.String(), nil
}

// pySpec is a parsed format spec.
type pySpec struct {
	fill      byte
	align     byte // 0, '<', '>', '^', '='
	sign      byte // 0, '+', '-', ' '
	zero      bool
	width     int
	comma     bool
	precision int // -1: none
	typ       byte
}

func parsePySpec(s string) (pySpec, error) {
	p := pySpec{fill: ' ', precision: -1}
	isAlign := func(c byte) bool { return c == '<' || c == '>' || c == '^' || c == '=' }
	i := 0
	if len(s) >= 2 && isAlign(s[1]) {
		p.fill, p.align, i = s[0], s[1], 2
	} else if len(s) >= 1 && isAlign(s[0]) {
		p.align, i = s[0], 1
	}
	if i < len(s) && (s[i] == '+' || s[i] == '-' || s[i] == ' ') {
		p.sign = s[i]
		i++
	}
	if i < len(s) && s[i] == '0' {
		p.zero = true
		i++
	}
	start := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > start {
		p.width, _ = strconv.Atoi(s[start:i])
	}
	if i < len(s) && s[i] == ',' {
		p.comma = true
		i++
	}
	if i < len(s) && s[i] == '.' {
		i++
		start = i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == start {
			return p, fmt.Errorf("format specifier missing precision")
		}
		p.precision, _ = strconv.Atoi(s[start:i])
	}
	if i < len(s) {
		p.typ = s[i]
		i++
	}
	if i != len(s) {
		return p, fmt.Errorf("invalid format specifier %q", s)
	}
	return p, nil
}

func pyFormatValue(v any, spec string) (string, error) {
	p, err := parsePySpec(spec)
	if err != nil {
		return "", err
	}
	var body string
	neg := false
	numeric := true
	switch x := v.(type) {
	case nil:
		if p.typ != 0 && p.typ != 's' {
			return "", fmt.Errorf("unsupported format string passed to NoneType.__format__")
		}
		body, numeric = "None", false
	case int:
		switch p.typ {
		case 0, 'd', 'n':
			if p.precision >= 0 {
				return "", fmt.Errorf("precision not allowed in integer format specifier")
			}
			neg = x < 0
			body = strconv.FormatInt(absInt(int64(x)), 10)
			if p.comma {
				body = groupThousands(body)
			}
		default:
			return pyFormatValue(float64(x), spec)
		}
	case float64:
		neg = math.Signbit(x) && !math.IsNaN(x)
		a := math.Abs(x)
		prec := p.precision
		switch p.typ {
		case 'd':
			return "", fmt.Errorf("unknown format code 'd' for object of type 'float'")
		case 'f', 'F':
			if prec < 0 {
				prec = 6
			}
			body = pyFixed(a, prec, p.typ == 'F')
		case 'e', 'E':
			if prec < 0 {
				prec = 6
			}
			body = strconv.FormatFloat(a, 'e', prec, 64)
			if p.typ == 'E' {
				body = strings.ToUpper(body)
			}
		case 'g', 'G':
			if prec < 0 {
				prec = 6
			}
			body = pyGeneral(a, prec, false)
			if p.typ == 'G' {
				body = strings.ToUpper(body)
			}
		case '%':
			if prec < 0 {
				prec = 6
			}
			body = pyFixed(a*100, prec, false) + "%"
		case 0:
			if prec >= 0 {
				body = pyGeneral(a, prec, true)
				if !strings.ContainsAny(body, ".en") {
					body += ".0"
				}
			} else {
				body = pyRepr(a)
			}
		default:
			return "", fmt.Errorf("unknown format code '%c' for object of type 'float'", p.typ)
		}
		if p.comma && !math.IsInf(a, 0) && !math.IsNaN(a) {
			intPart, rest, _ := strings.Cut(body, ".")
			if rest != "" || strings.Contains(body, ".") {
				body = groupThousands(intPart) + "." + rest
			} else {
				body = groupThousands(intPart)
			}
		}
	default:
		body, numeric = fmt.Sprint(v), false
	}
	sign := ""
	if numeric {
		switch {
		case neg:
			sign = "-"
		case p.sign == '+':
			sign = "+"
		case p.sign == ' ':
			sign = " "
		}
	}
	align, fill := p.align, p.fill
	if p.zero && align == 0 {
		align, fill = '=', '0'
	}
	if align == 0 {
		align = '<'
		if numeric {
			align = '>'
		}
	}
	pad := p.width - len(sign) - len(body)
	if pad <= 0 {
		return sign + body, nil
	}
	f := strings.Repeat(string(fill), pad)
	switch align {
	case '<':
		return sign + body + f, nil
	case '^':
		l := pad / 2
		return strings.Repeat(string(fill), l) + sign + body + strings.Repeat(string(fill), pad-l), nil
	case '=':
		return sign + f + body, nil
	}
	return f + sign + body, nil
}

func absInt(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

func groupThousands(s string) string {
	if len(s) <= 3 {
		return s
	}
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

func pyFixed(a float64, prec int, upper bool) string {
	switch {
	case math.IsNaN(a):
		if upper {
			return "NAN"
		}
		return "nan"
	case math.IsInf(a, 0):
		if upper {
			return "INF"
		}
		return "inf"
	}
	return strconv.FormatFloat(a, 'f', prec, 64)
}

// pyGeneral is Python's 'g' presentation of a non-negative value; noType
// is the presentation without a type letter, which switches to scientific
// notation one exponent earlier (exp >= prec-1).
func pyGeneral(a float64, prec int, noType bool) string {
	if math.IsNaN(a) {
		return "nan"
	}
	if math.IsInf(a, 0) {
		return "inf"
	}
	if prec == 0 {
		prec = 1
	}
	if a == 0 {
		return "0"
	}
	exp := int(math.Floor(math.Log10(a)))
	// The exponent after rounding to prec significant digits.
	if e := strconv.FormatFloat(a, 'e', prec-1, 64); true {
		_, es, _ := strings.Cut(e, "e")
		exp, _ = strconv.Atoi(es)
	}
	limit := prec
	if noType {
		limit = prec - 1
	}
	if exp < -4 || exp >= limit {
		s := strconv.FormatFloat(a, 'e', prec-1, 64)
		m, e, _ := strings.Cut(s, "e")
		if strings.Contains(m, ".") {
			m = strings.TrimRight(strings.TrimRight(m, "0"), ".")
		}
		return m + "e" + e
	}
	s := strconv.FormatFloat(a, 'f', max(prec-1-exp, 0), 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// pyRepr is Python's repr of a non-negative float: the shortest digits
// that round-trip, fixed notation for exponents in [-4, 16).
func pyRepr(a float64) string {
	if math.IsNaN(a) {
		return "nan"
	}
	if math.IsInf(a, 0) {
		return "inf"
	}
	s := strconv.FormatFloat(a, 'e', -1, 64)
	m, es, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(es)
	digits := strings.Replace(m, ".", "", 1)
	if exp < -4 || exp >= 16 {
		if len(digits) > 1 {
			m = digits[:1] + "." + digits[1:]
		}
		sign := "+"
		if exp < 0 {
			sign, exp = "-", -exp
		}
		return fmt.Sprintf("%se%s%02d", m, sign, exp)
	}
	if exp < 0 {
		return "0." + strings.Repeat("0", -exp-1) + digits
	}
	if len(digits) <= exp+1 {
		return digits + strings.Repeat("0", exp+1-len(digits)) + ".0"
	}
	return digits[:exp+1] + "." + digits[exp+1:]
}
