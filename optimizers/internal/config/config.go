// Package config reads Keras-style keyword arguments (a get_config map) for
// the optimizers and schedules packages, with Keras-like error messages.
package config

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
)

// Args is a set of keyword arguments being consumed by a constructor.
// Every read marks the key used; Unused reports what is left, like Keras's
// "Argument(s) not recognized".
type Args struct {
	owner string
	m     map[string]any
	used  map[string]bool
}

// New wraps m (not copied, not modified) for the object named owner.
func New(owner string, m map[string]any) *Args {
	return &Args{owner: owner, m: m, used: map[string]bool{}}
}

// Raw returns the value of key and whether it is present and not nil.
func (a *Args) Raw(key string) (any, bool) {
	a.used[key] = true
	v, ok := a.m[key]
	return v, ok && v != nil
}

// Has reports whether key is present (even with a nil value).
func (a *Args) Has(key string) bool {
	_, ok := a.m[key]
	return ok
}

// Float reads a required-or-defaulted number.
func (a *Args) Float(key string, def float64) (float64, error) {
	v, ok := a.Raw(key)
	if !ok {
		return def, nil
	}
	f, ok := ToFloat(v)
	if !ok {
		return 0, a.typeErr(key, "a number", v)
	}
	return f, nil
}

// OptFloat reads a number that may be None (nil); def is returned when absent.
func (a *Args) OptFloat(key string, def *float64) (*float64, error) {
	if !a.Has(key) {
		a.used[key] = true
		return def, nil
	}
	v, ok := a.Raw(key)
	if !ok {
		return nil, nil
	}
	f, ok := ToFloat(v)
	if !ok {
		return nil, a.typeErr(key, "a number or None", v)
	}
	return &f, nil
}

// OptInt reads an integer that may be None (nil); 0 means None.
func (a *Args) OptInt(key string) (int64, error) {
	v, ok := a.Raw(key)
	if !ok {
		return 0, nil
	}
	f, ok := ToFloat(v)
	if !ok || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, a.typeErr(key, "an integer or None", v)
	}
	return int64(f), nil
}

// Bool reads a boolean.
func (a *Args) Bool(key string, def bool) (bool, error) {
	v, ok := a.Raw(key)
	if !ok {
		return def, nil
	}
	b, ok := v.(bool)
	if !ok {
		return false, a.typeErr(key, "a boolean", v)
	}
	return b, nil
}

// String reads a string.
func (a *Args) String(key, def string) (string, error) {
	v, ok := a.Raw(key)
	if !ok {
		return def, nil
	}
	s, ok := v.(string)
	if !ok {
		return "", a.typeErr(key, "a string", v)
	}
	return s, nil
}

// Floats reads a list of numbers.
func (a *Args) Floats(key string) ([]float64, error) {
	v, ok := a.Raw(key)
	if !ok {
		return nil, fmt.Errorf("%s: missing required argument `%s`", a.owner, key)
	}
	switch x := v.(type) {
	case []float64:
		return append([]float64(nil), x...), nil
	case []float32:
		out := make([]float64, len(x))
		for i, f := range x {
			out[i] = float64(f)
		}
		return out, nil
	case []int:
		out := make([]float64, len(x))
		for i, f := range x {
			out[i] = float64(f)
		}
		return out, nil
	case []int64:
		out := make([]float64, len(x))
		for i, f := range x {
			out[i] = float64(f)
		}
		return out, nil
	case []any:
		out := make([]float64, len(x))
		for i, e := range x {
			f, ok := ToFloat(e)
			if !ok {
				return nil, a.typeErr(key, "a list of numbers", v)
			}
			out[i] = f
		}
		return out, nil
	}
	return nil, a.typeErr(key, "a list of numbers", v)
}

// Require fails when key is absent or None.
func (a *Args) Require(key string) error {
	if _, ok := a.m[key]; !ok || a.m[key] == nil {
		return fmt.Errorf("%s: missing required argument `%s`", a.owner, key)
	}
	return nil
}

// Unused reports the keys that no reader consumed, as Keras's
// "Argument(s) not recognized" error.
func (a *Args) Unused() error {
	var extra []string
	for k := range a.m {
		if !a.used[k] {
			extra = append(extra, fmt.Sprintf("'%s': %s", k, Repr(a.m[k])))
		}
	}
	if len(extra) == 0 {
		return nil
	}
	sort.Strings(extra)
	return fmt.Errorf("%s: Argument(s) not recognized: {%s}", a.owner, strings.Join(extra, ", "))
}

func (a *Args) typeErr(key, want string, got any) error {
	return fmt.Errorf("%s: argument `%s` must be %s. Received: %s=%s", a.owner, key, want, key, Repr(got))
}

// ToFloat converts the numeric types a config may hold (Go numbers and
// json.Number) to float64. Booleans are not numbers.
func ToFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	}
	return 0, false
}

// Num returns x as int64 when it is integral (as Keras would store a step
// count), else as float64.
func Num(x float64) any {
	if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
		return int64(x)
	}
	return x
}

// Repr formats a value the way Python would print it in an error message.
func Repr(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case string:
		return "'" + x + "'"
	case bool:
		if x {
			return "True"
		}
		return "False"
	}
	return fmt.Sprint(v)
}

// Owner is the object name used in error messages.
func (a *Args) Owner() string { return a.owner }
