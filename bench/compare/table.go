package main

import (
	"fmt"
	"math"
	"strings"
)

// figure is one row of the table for one thread count.
type figure struct {
	label   string
	key     string // metric key on the PyTorch side (and the Go side unless goKey)
	goKey   string
	higher  bool // higher is better
	noRatio bool // accuracy: compare by eye, no speed ratio
	k1      bool // a SGEMM figure: add the fraction of peak
}

func (f figure) goMetric() string {
	if f.goKey != "" {
		return f.goKey
	}
	return f.key
}

var rss = figure{label: "peak RSS (MB)", key: rssKey}

// figures are the rows of each workload, in table order.
var figures = map[string][]figure{
	"W1": {
		{label: "epoch, batch 32 (s)", key: "epoch_s"},
		{label: "test accuracy after warm-up epoch", key: "acc_warmup", noRatio: true},
		{label: "test accuracy after timed epoch", key: "acc", noRatio: true},
		rss,
	},
	"W2": {{label: "train samples/s, batch 128", key: "samples_per_s", higher: true}, rss},
	"W3": {{label: "train samples/s, batch 64", key: "samples_per_s", higher: true}, rss},
	"T1": {{label: "train samples/s, batch 32", key: "samples_per_s", higher: true}, rss},
	"W4": {
		{label: "batch 1, Predict (us/sample)", key: "b1_us"},
		{label: "batch 1, PredictOnBatch loop (us/sample)", key: "b1_us", goKey: "b1_onbatch_us"},
		{label: "batch 1000, Predict (samples/s)", key: "b1000_sps", higher: true},
		rss,
	},
	"K1": k1Figures(),
	"K1S": {
		{label: "SGEMM 1024^3, t threads / 1 thread (median of interleaved pairs)", key: "scaling_1024", higher: true},
		{label: "SGEMM 1024^3 at 1 thread, same pairs (GFLOP/s)", key: "gflops_1t", higher: true},
		{label: "SGEMM 1024^3 at t threads, same pairs (GFLOP/s)", key: "gflops_nt", higher: true},
	},
}

// threadsFor returns the thread counts workload w runs at: K1S compares 1
// thread with t threads inside one process, so it runs only for t >= 2.
func threadsFor(w string, threads []int) []int {
	if w != "K1S" {
		return threads
	}
	var ts []int
	for _, t := range threads {
		if t >= 2 {
			ts = append(ts, t)
		}
	}
	return ts
}

var k1Shapes = [][3]int{{32, 128, 784}, {256, 256, 256}, {1024, 1024, 1024}, {4096, 4096, 4096}}

func k1Figures() []figure {
	var fs []figure
	for _, s := range k1Shapes {
		fs = append(fs, figure{
			label: fmt.Sprintf("SGEMM %dx%dx%d (GFLOP/s)", s[0], s[1], s[2]),
			key:   fmt.Sprintf("gflops_%d_%d_%d", s[0], s[1], s[2]), higher: true, k1: true,
		})
	}
	return fs
}

var workloadNames = map[string]string{
	"W1": "W1 MNIST MLP", "W2": "W2 MNIST CNN", "W3": "W3 LSTM", "W4": "W4 MLP inference", "K1": "K1 SGEMM",
	"K1S": "K1 SGEMM scaling",
	"T1":  "T1 text Transformer",
}

// avx2PeakGFLOPS is the theoretical AVX2 FP32 peak: 2 FMA units x 8 lanes x
// 2 flops per FMA x clock x threads.
func avx2PeakGFLOPS(mhz float64, threads int) float64 {
	return 2 * 8 * 2 * mhz / 1000 * float64(threads)
}

// formatNum prints v with about three significant digits, never in
// exponent form.
func formatNum(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 100:
		return fmt.Sprintf("%.0f", v)
	case a >= 10:
		return fmt.Sprintf("%.1f", v)
	case a >= 1:
		return fmt.Sprintf("%.2f", v)
	default:
		return fmt.Sprintf("%.3f", v)
	}
}

// cell prints the median of v and, for several runs, their range.
func cell(v []float64, accuracy bool) string {
	m, ok := median(v)
	if !ok {
		return ""
	}
	f := formatNum
	if accuracy {
		f = func(x float64) string { return fmt.Sprintf("%.4f", x) }
	}
	if len(v) == 1 {
		return f(m)
	}
	lo, hi := minMax(v)
	return fmt.Sprintf("%s (%s-%s)", f(m), f(lo), f(hi))
}

// speed says how much faster or slower Go is.
func speed(goMed, torchMed float64, higher bool) string {
	if goMed <= 0 || torchMed <= 0 {
		return ""
	}
	r := torchMed / goMed // Go's speed-up for a time
	if higher {
		r = goMed / torchMed
	}
	if r >= 1 {
		return fmt.Sprintf("%.2fx faster", r)
	}
	return fmt.Sprintf("%.2fx slower", 1/r)
}

// reportInput is everything the report is rendered from.
type reportInput struct {
	date, command, loadNote string
	env                     *environment
	cfg                     *config
	results                 *results
}

func renderReport(in reportInput) string {
	var b strings.Builder
	mode := "full"
	if in.cfg.quick {
		mode = "quick (smoke test: fewer steps, 1 repetition -- not a measurement)"
	}
	fmt.Fprintf(&b, "## %s, %s\n\n", in.date, mode)
	fmt.Fprintf(&b, "- Command: `%s` (from the repository root)\n", in.command)
	fmt.Fprintf(&b, "- Machine: %s; cpu MHz (/proc/cpuinfo) %.0f\n", in.env.machine, in.env.clockMHz)
	fmt.Fprintf(&b, "- Go: %s\n", describeInfo(in.results.info(goFW), "go", "gemm_kernel"))
	fmt.Fprintf(&b, "- PyTorch: %s; %s; %s; OPENBLAS_NUM_THREADS=1 for W1-W4, =threads for K1 and K1S (K1S switches it with openblas_set_num_threads); OPENBLAS_CORETYPE in the environment: %q (unset for every PyTorch run)\n",
		in.cfg.python, describeInfo(in.results.info(torchFW), "torch", "numpy", "blas"), in.env.torchSettings, in.env.coreTypeOrig)
	fmt.Fprintf(&b, "- %d repetition(s) per cell, Go and PyTorch alternating (order swapped every repetition); cell = median (min-max); %s. 2 shared cores: expect noise.\n\n",
		in.cfg.reps, in.loadNote)

	b.WriteString("| Workload | Figure | Threads | gokeras | PyTorch | Go/PyTorch | Go is | Notes |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|\n")
	var notes []string
	for _, w := range in.cfg.workloads {
		for _, t := range threadsFor(w, in.cfg.threads) {
			for _, f := range figures[w] {
				b.WriteString(row(in, w, t, f) + "\n")
			}
			for _, fw := range []string{goFW, torchFW, peakFW} {
				for _, e := range in.results.errors(w, t, fw) {
					notes = append(notes, fmt.Sprintf("%s, %d thread(s), %s failed: %s", w, t, fw, e))
				}
			}
		}
	}
	for _, t := range in.cfg.threads {
		if !contains(in.cfg.workloads, "K1") {
			break
		}
		pk, _ := median(in.results.values("K1", t, peakFW, "gflops_numpy_4096"))
		notes = append(notes, fmt.Sprintf("K1 peak references at %d thread(s): measured numpy/OpenBLAS SGEMM at 4096^3 = %s GFLOP/s; theoretical AVX2 = 2 FMA units x 8 lanes x 2 flops x %.2f GHz (/proc/cpuinfo; under KVM this is the nominal clock, boost may be higher) x %d = %.0f GFLOP/s",
			t, formatNum(pk), in.env.clockMHz/1000, t, avx2PeakGFLOPS(in.env.clockMHz, t)))
	}
	if in.cfg.quick {
		notes = append(notes, "quick mode: W1 trains 200 steps per epoch and scales the time to 1,875 steps; W2/W3 run 20/10 steps; W4 batch 1 runs 1,000 samples")
	}
	if contains(in.cfg.workloads, "W4") {
		notes = append(notes, "W4 models are untrained (inference cost does not depend on the weights); PyTorch's batch-1 figure is a plain no_grad loop with softmax and torch.cat, the same for both W4 batch-1 rows")
	}
	if len(notes) > 0 {
		b.WriteString("\nNotes:\n")
		for _, n := range notes {
			b.WriteString("- " + n + "\n")
		}
	}
	return b.String()
}

func row(in reportInput, w string, t int, f figure) string {
	rs := in.results
	goV := rs.values(w, t, goFW, f.goMetric())
	torchV := rs.values(w, t, torchFW, f.key)
	isAcc := strings.Contains(f.label, "accuracy")
	goCell, torchCell := cell(goV, isAcc), cell(torchV, isAcc)
	switch {
	case rs.unavailable(w):
		goCell = "n/a (layer not implemented yet)"
	case goCell == "" && len(rs.errors(w, t, goFW)) > 0:
		goCell = "error (see notes)"
	}
	if torchCell == "" && len(rs.errors(w, t, torchFW)) > 0 {
		torchCell = "error (see notes)"
	}
	ratio, faster, note := "", "", ""
	goMed, okG := median(goV)
	torchMed, okT := median(torchV)
	if okG && okT && !f.noRatio && !rs.unavailable(w) {
		ratio = fmt.Sprintf("%.2f", goMed/torchMed)
		faster = speed(goMed, torchMed, f.higher)
		if f.key == rssKey { // memory: "2.00x less" rather than "faster"
			faster = strings.NewReplacer("faster", "less", "slower", "more").Replace(faster)
		}
	}
	if f.k1 && okG {
		var parts []string
		if pk, ok := median(rs.values(w, t, peakFW, "gflops_numpy_4096")); ok && pk > 0 {
			parts = append(parts, fmt.Sprintf("Go = %.0f%% of OpenBLAS 4096^3 (%s)", 100*goMed/pk, formatNum(pk)))
		}
		if th := avx2PeakGFLOPS(in.env.clockMHz, t); th > 0 {
			parts = append(parts, fmt.Sprintf("%.0f%% of AVX2 peak (%.0f)", 100*goMed/th, th))
		}
		note = strings.Join(parts, "; ")
	}
	if f.goKey != "" {
		note = strings.TrimPrefix(note+"; Go: "+f.goKey+" vs PyTorch: "+f.key, "; ")
	}
	return fmt.Sprintf("| %s | %s | %d | %s | %s | %s | %s | %s |", workloadNames[w], f.label, t, goCell, torchCell, ratio, faster, note)
}

func describeInfo(info map[string]any, keys ...string) string {
	if info == nil {
		return "(no successful run)"
	}
	var parts []string
	for _, k := range keys {
		if v, ok := info[k]; ok {
			parts = append(parts, fmt.Sprintf("%s=%v", k, v))
		}
	}
	return strings.Join(parts, ", ")
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}
