// Command compare runs the gokeras-vs-PyTorch benchmark comparison: W1 (MNIST
// MLP epoch), W4 (inference at batch 1 and 1000), K1 (SGEMM), W2 (CNN) and W3
// (LSTM) from /work/shared/BENCHMARKS.md, plus K1S (SGEMM 1024^3 thread
// scaling) and T1 (Keras's text classification Transformer example), in
// this project (bench/gobench) and in PyTorch (bench/torch_bench.py), alternating the two in the same session
// at each thread count, and prints a markdown table of the medians and their
// ratios. The table is appended to bench/RESULTS.md with the date, the
// machine and the exact command.
//
// Usage (from the repository root):
//
//	go run ./bench/compare            # full run: 3 repetitions, 1 and 2 threads
//	go run ./bench/compare -quick     # smoke test: 1 repetition, fewer steps, not appended
//
// PyTorch is run as a user would run it at its best on this machine:
// /usr/bin/python3 (Debian's python3-torch), GLIBC_TUNABLES raising malloc's
// trim and mmap thresholds, OPENBLAS_NUM_THREADS=1 in the training and
// inference workloads (its OpenMP pool does the threading), OPENBLAS_CORETYPE
// unset, and OpenBLAS instead of the reference BLAS when the system's
// libblas.so.3 is the reference one (see env.go).
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// config holds the command-line settings.
type config struct {
	quick     bool
	reps      int
	threads   []int
	workloads []string
	results   string
	noAppend  bool
	python    string
	gobench   string
	timeout   time.Duration
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (*config, error) {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	c := &config{}
	fs.BoolVar(&c.quick, "quick", false, "smoke test: 1 repetition, fewer steps per workload")
	fs.IntVar(&c.reps, "reps", 3, "repetitions per framework, workload and thread count (median reported)")
	threads := fs.String("threads", "1,2", "comma-separated thread counts")
	workloads := fs.String("workloads", "W1,W4,K1,K1S,W2,W3,T1", "comma-separated workloads")
	fs.StringVar(&c.results, "results", "bench/RESULTS.md", "markdown file the table is appended to")
	fs.BoolVar(&c.noAppend, "no-append", false, "print the table only; do not append it to -results")
	fs.StringVar(&c.python, "python", "/usr/bin/python3", "Python interpreter that has torch")
	fs.StringVar(&c.gobench, "gobench", "", "prebuilt gobench binary (default: go build ./bench/gobench)")
	fs.DurationVar(&c.timeout, "timeout", 20*time.Minute, "limit for one benchmark process")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if c.quick && !set["reps"] {
		c.reps = 1
	}
	if c.quick && !set["results"] {
		c.noAppend = true // a smoke test is not a measurement: RESULTS.md only on request
	}
	if c.reps < 1 {
		return nil, fmt.Errorf("-reps must be at least 1, got %d", c.reps)
	}
	for _, s := range strings.Split(*threads, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-threads: bad thread count %q", s)
		}
		c.threads = append(c.threads, n)
	}
	for _, w := range strings.Split(*workloads, ",") {
		w = strings.ToUpper(strings.TrimSpace(w))
		if _, ok := figures[w]; !ok {
			return nil, fmt.Errorf("-workloads: unknown workload %q (want W1, W2, W3, W4, K1, K1S or T1)", w)
		}
		c.workloads = append(c.workloads, w)
	}
	return c, nil
}

// commandLine is the command that reproduces this run, for RESULTS.md.
func commandLine(args []string) string {
	return strings.TrimSpace("go run ./bench/compare " + strings.Join(args, " "))
}

func run(args []string) error {
	c, err := parseFlags(args)
	if err != nil {
		return err
	}
	env, err := detectEnv(c)
	if err != nil {
		return err
	}
	defer env.cleanup()
	logf("machine: %s; load average %s", env.machine, loadAvg())
	logf("pytorch settings: %s", env.torchSettings)

	rs := newResults()
	loadBefore := loadAvg()
	for _, w := range c.workloads {
		for _, t := range threadsFor(w, c.threads) {
			for rep := 0; rep < c.reps; rep++ {
				runRep(c, env, rs, w, t, rep)
			}
		}
	}
	loadAfter := loadAvg()

	report := renderReport(reportInput{
		date:     time.Now().Format("2006-01-02 15:04 MST"),
		command:  commandLine(args),
		env:      env,
		cfg:      c,
		results:  rs,
		loadNote: fmt.Sprintf("load average before %s, after %s, highest 1-minute load seen before a run %.1f on %d CPUs", loadBefore, loadAfter, rs.maxLoad, runtime.NumCPU()),
	})
	fmt.Println(report)
	if c.noAppend {
		return nil
	}
	if err := appendFile(c.results, report); err != nil {
		return fmt.Errorf("appending to %s: %w", c.results, err)
	}
	logf("appended to %s", c.results)
	return nil
}

// runRep runs one repetition of workload w at t threads: Go then PyTorch on
// even repetitions, PyTorch then Go on odd ones (so slow drifts of the
// shared machine hit both sides alike), and for K1 the numpy peak probe.
func runRep(c *config, env *environment, rs *results, w string, t, rep int) {
	order := []string{goFW, torchFW}
	if rep%2 == 1 {
		order = []string{torchFW, goFW}
	}
	for _, fw := range order {
		if fw == goFW && rs.unavailable(w) {
			continue // the engine lacks a layer of this workload: no point repeating
		}
		rs.noteLoad()
		r := runOne(c, env, fw, w, t)
		rs.add(w, t, r)
		logf("%s t=%d rep %d/%d %-5s %s", w, t, rep+1, c.reps, fw, r.summary())
	}
	if w == "K1" {
		r := runOne(c, env, peakFW, "PEAK", t)
		rs.add(w, t, r)
		logf("%s t=%d rep %d/%d %-5s %s", w, t, rep+1, c.reps, "peak", r.summary())
	}
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "[%s] %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}
