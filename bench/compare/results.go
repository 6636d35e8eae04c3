package main

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
)

// rssKey selects a result's peak RSS instead of one of its metrics.
const rssKey = "peak_rss_mb"

type cellKey struct {
	workload string
	threads  int
	fw       string
}

// results collects every run's result per workload, thread count and framework.
type results struct {
	runs    map[cellKey][]*result
	maxLoad float64 // highest 1-minute load average seen before a run
}

// noteLoad records the current 1-minute load average: on this shared
// machine it says how far to trust the run.
func (rs *results) noteLoad() {
	if f := strings.Fields(loadAvg()); len(f) > 0 {
		if v, err := strconv.ParseFloat(f[0], 64); err == nil {
			rs.maxLoad = max(rs.maxLoad, v)
		}
	}
}

func newResults() *results { return &results{runs: map[cellKey][]*result{}} }

func (rs *results) add(w string, t int, r *result) {
	k := cellKey{w, t, r.Framework}
	rs.runs[k] = append(rs.runs[k], r)
}

// unavailable reports whether the Go side said workload w needs layers the
// engine does not have yet.
func (rs *results) unavailable(w string) bool {
	for k, runs := range rs.runs {
		if k.workload == w && k.fw == goFW {
			for _, r := range runs {
				if r.Unavailable {
					return true
				}
			}
		}
	}
	return false
}

// values returns metric key of the successful runs of one cell.
func (rs *results) values(w string, t int, fw, key string) []float64 {
	var v []float64
	for _, r := range rs.runs[cellKey{w, t, fw}] {
		if r.Error != "" {
			continue
		}
		if key == rssKey {
			v = append(v, r.PeakRSSMB)
		} else if x, ok := r.Metrics[key]; ok {
			v = append(v, x)
		}
	}
	return v
}

// errors lists the distinct errors of a cell's failed runs.
func (rs *results) errors(w string, t int, fw string) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range rs.runs[cellKey{w, t, fw}] {
		if r.Error != "" && !r.Unavailable && !seen[r.Error] {
			seen[r.Error] = true
			out = append(out, r.Error)
		}
	}
	return out
}

// info returns the info map of the first successful run of fw.
func (rs *results) info(fw string) map[string]any {
	keys := make([]cellKey, 0, len(rs.runs))
	for k := range rs.runs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.workload != b.workload {
			return a.workload < b.workload
		}
		return a.threads < b.threads
	})
	for _, k := range keys {
		if k.fw != fw {
			continue
		}
		for _, r := range rs.runs[k] {
			if r.Error == "" && r.Info != nil {
				return r.Info
			}
		}
	}
	return nil
}

// median of v (NaN-free); ok is false for an empty slice.
func median(v []float64) (m float64, ok bool) {
	if len(v) == 0 {
		return 0, false
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if n := len(s); n%2 == 1 {
		return s[n/2], true
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2, true
}

func minMax(v []float64) (lo, hi float64) {
	lo, hi = v[0], v[0]
	for _, x := range v[1:] {
		lo, hi = min(lo, x), max(hi, x)
	}
	return lo, hi
}

// appendFile appends text (and a blank line) to path, creating it with a
// header if needed.
func appendFile(path, text string) error {
	_, statErr := os.Stat(path)
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if os.IsNotExist(statErr) {
		if _, err := fmt.Fprint(f, resultsHeader); err != nil {
			f.Close()
			return err
		}
	}
	if _, err := fmt.Fprintf(f, "%s\n", text); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

const resultsHeader = `# Benchmark results: gokeras vs PyTorch

Appended by ` + "`go run ./bench/compare`" + ` (see bench/README.md); newest last. Workloads are defined in
/work/shared/BENCHMARKS.md. Each cell is the median of the runs (min-max in brackets). The machine is shared and
small, so numbers are noisy: compare ratios measured in the same run, not absolute figures across runs.

`
