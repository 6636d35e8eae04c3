package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"sort"
	"strconv"
	"strings"
)

// Frameworks.
const (
	goFW    = "go"
	torchFW = "torch"
	peakFW  = "peak" // numpy/OpenBLAS SGEMM at 4096^3, the K1 reference
)

// result is one process's JSON line (the schema of gobench and torch_bench.py).
type result struct {
	Framework   string             `json:"framework"`
	Workload    string             `json:"workload"`
	Threads     int                `json:"threads"`
	Metrics     map[string]float64 `json:"metrics"`
	PeakRSSMB   float64            `json:"peak_rss_mb"`
	Info        map[string]any     `json:"info"`
	Unavailable bool               `json:"unavailable"`
	Error       string             `json:"error"`
}

func (r *result) summary() string {
	if r.Error != "" {
		if r.Unavailable {
			return "unavailable: " + r.Error
		}
		return "ERROR: " + r.Error
	}
	keys := make([]string, 0, len(r.Metrics))
	for k := range r.Metrics {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%.4g ", k, r.Metrics[k])
	}
	fmt.Fprintf(&b, "rss=%.0fMB", r.PeakRSSMB)
	return b.String()
}

// runOne runs one benchmark process and returns its result; a process
// that fails without a JSON line becomes a result holding the error.
func runOne(c *config, env *environment, fw, workload string, threads int) *result {
	var cmd *exec.Cmd
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	switch fw {
	case goFW:
		if env.gobench == "" {
			return &result{Framework: fw, Workload: workload, Threads: threads, Error: "go build failed: " + env.buildErr}
		}
		args := []string{"-workload", workload, "-threads", strconv.Itoa(threads)}
		if c.quick {
			args = append(args, "-quick")
		}
		cmd = exec.CommandContext(ctx, env.gobench, args...)
	default:
		args := []string{"bench/torch_bench.py", "--workload", workload, "--threads", strconv.Itoa(threads),
			"--mnist-dir", env.mnistDir}
		if c.quick {
			args = append(args, "--quick")
		}
		cmd = exec.CommandContext(ctx, c.python, args...)
		cmd.Env = env.torchEnv(workload, threads)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	r, perr := parseResult(stdout.Bytes())
	if perr != nil {
		msg := fmt.Sprintf("%v; %v", runErr, perr)
		if ctx.Err() != nil {
			msg = fmt.Sprintf("timed out after %v", c.timeout)
		}
		if tail := lastLines(stderr.String(), 3); tail != "" {
			msg += " (stderr: " + tail + ")"
		}
		return &result{Framework: fw, Workload: workload, Threads: threads, Error: msg}
	}
	r.Framework = fw // PEAK runs under torch_bench.py but is its own column
	if runErr != nil && r.Error == "" {
		r.Error = runErr.Error()
	}
	return r
}

// parseResult decodes the last line of out that is a JSON object.
func parseResult(out []byte) (*result, error) {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		l := strings.TrimSpace(lines[i])
		if !strings.HasPrefix(l, "{") {
			continue
		}
		var r result
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			return nil, fmt.Errorf("bad result line %q: %w", l, err)
		}
		return &r, nil
	}
	return nil, fmt.Errorf("no JSON result line in output %q", lastLines(string(out), 3))
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}
