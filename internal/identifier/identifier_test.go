package identifier

import (
	"errors"
	"strings"
	"testing"
)

func TestResolve(t *testing.T) {
	r := Resolver[string]{Func: "things.Get", Kind: "thing", Names: map[string]string{"a": "A", "A": "A"},
		New: func(class string, cfg map[string]any) (string, error) {
			if cfg["bad"] != nil {
				return "", errors.New("bad config")
			}
			return class, nil
		}}
	cases := []struct {
		id   any
		want string
		err  string
	}{
		{"a", "A", ""},
		{map[string]any{"class_name": "A", "config": map[string]any{}}, "A", ""},
		{"zzz", "", "things.Get: could not interpret thing identifier: zzz; valid names: A, a"},
		{map[string]any{"config": map[string]any{}}, "", "has no class_name"},
		{map[string]any{"class_name": "A", "config": 3}, "", "config of A must be a dict"},
		{map[string]any{"class_name": "A", "config": map[string]any{"bad": 1}}, "", "things.Get: A: bad config"},
		{42, "", "could not interpret thing identifier: 42 (type int)"},
	}
	for _, c := range cases {
		got, err := r.Resolve(c.id)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("Resolve(%v): error %v, want %q", c.id, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("Resolve(%v) = %q, %v; want %q", c.id, got, err, c.want)
		}
	}
}
