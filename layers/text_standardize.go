package layers

import (
	"strings"
	"unicode/utf8"
)

// textPunct marks the bytes Keras's "strip_punctuation" removes: every ASCII
// punctuation character (the regex [!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']).
var textPunct = func() (t [256]bool) {
	for _, c := range "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~" {
		t[c] = true
	}
	return
}()

// textWhitespace marks the bytes tf.strings.split splits on.
var textWhitespace = func() (t [256]bool) {
	for _, c := range " \t\n\v\f\r" {
		t[c] = true
	}
	return
}()

// standardizeText applies Keras's standardize modes: "lower" lower-cases
// ASCII letters (tf.strings.lower without an encoding), "strip_punctuation"
// removes ASCII punctuation, "lower_and_strip_punctuation" does both, ""
// (None) nothing. buf is scratch.
func standardizeText(s, mode string, buf []byte) (string, []byte) {
	lower := mode == "lower" || mode == "lower_and_strip_punctuation"
	strip := mode == "strip_punctuation" || mode == "lower_and_strip_punctuation"
	if !lower && !strip {
		return s, buf
	}
	changed := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (lower && c >= 'A' && c <= 'Z') || (strip && textPunct[c]) {
			changed = true
			break
		}
	}
	if !changed {
		return s, buf
	}
	buf = buf[:0]
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case strip && textPunct[c]:
		case lower && c >= 'A' && c <= 'Z':
			buf = append(buf, c+'a'-'A')
		default:
			buf = append(buf, c)
		}
	}
	return string(buf), buf
}

// splitText appends the tokens of s to dst: "whitespace" splits on runs of
// ASCII whitespace and drops empty tokens (tf.strings.split), "character"
// into Unicode characters (tf.strings.unicode_split; invalid UTF-8 becomes
// U+FFFD), "" (None) keeps s whole.
func splitText(dst []string, s, mode string) []string {
	switch mode {
	case "whitespace":
		start := -1
		for i := 0; i < len(s); i++ {
			if textWhitespace[s[i]] {
				if start >= 0 {
					dst = append(dst, s[start:i])
					start = -1
				}
			} else if start < 0 {
				start = i
			}
		}
		if start >= 0 {
			dst = append(dst, s[start:])
		}
		return dst
	case "character":
		for i := 0; i < len(s); {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n <= 1 {
				dst = append(dst, "\uFFFD")
			} else {
				dst = append(dst, s[i:i+n])
			}
			i += n
		}
		return dst
	}
	return append(dst, s)
}

// appendNgrams appends, for each width in order, the n-grams of toks
// joined by a space (tf.strings.ngrams with separator " " and no padding):
// widths are concatenated, as TensorFlow orders them.
func appendNgrams(dst, toks []string, widths []int) []string {
	for _, w := range widths {
		if w <= 0 {
			continue
		}
		for i := 0; i+w <= len(toks); i++ {
			if w == 1 {
				dst = append(dst, toks[i])
			} else {
				dst = append(dst, strings.Join(toks[i:i+w], " "))
			}
		}
	}
	return dst
}
