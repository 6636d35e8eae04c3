package nprandom

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
)

// golden mirrors testdata/nprandom_golden.json, written by
// testdata/gen/nprandom_gen.py with numpy's RandomState.
type golden struct {
	Cases []struct {
		Seed  int64 `json:"seed"`
		Perms []struct {
			N    int   `json:"n"`
			Perm []int `json:"perm"`
		} `json:"perms"`
		Big []struct {
			N        int    `json:"n"`
			Checksum uint64 `json:"checksum"`
			Head     []int  `json:"head"`
		} `json:"big"`
	} `json:"cases"`
}

func TestShuffleMatchesNumpy(t *testing.T) {
	b, err := os.ReadFile("testdata/nprandom_golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var g golden
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	for _, c := range g.Cases {
		r, err := New(c.Seed)
		if err != nil {
			t.Fatal(err)
		}
		// One RandomState shuffles every array in turn, as Keras's loaders do.
		for _, p := range c.Perms {
			if got := r.Permutation(p.N); !slices.Equal(got, p.Perm) {
				t.Errorf("seed %d n %d: got %v, want %v", c.Seed, p.N, got, p.Perm)
			}
		}
		for _, p := range c.Big {
			got := r.Permutation(p.N)
			var sum uint64
			for i, v := range got {
				sum = (sum + uint64(i)*uint64(v)) % (1 << 61)
			}
			if sum != p.Checksum || !slices.Equal(got[:8], p.Head) {
				t.Errorf("seed %d n %d: checksum %d head %v, want %d %v", c.Seed, p.N, sum, got[:8], p.Checksum, p.Head)
			}
		}
	}
}

// The first outputs of MT19937 seeded with 5489 (the reference
// implementation's default seed).
func TestMT19937Reference(t *testing.T) {
	r, _ := New(5489)
	for i, want := range []uint32{3499211612, 581869302, 3890346734, 3586334585, 545404204} {
		if got := r.Uint32(); got != want {
			t.Errorf("output %d = %d, want %d", i, got, want)
		}
	}
	if _, err := New(-1); err == nil {
		t.Error("negative seed accepted")
	}
	if _, err := New(1 << 32); err == nil {
		t.Error("seed 2**32 accepted")
	}
}
