// Command gobench is the gokeras side of the benchmark comparison run by
// bench/compare (workloads defined in /work/shared/BENCHMARKS.md).
//
// It runs one workload at one thread count and prints one JSON line, in the
// same schema as bench/torch_bench.py:
//
//	{"framework":"go","workload":"W1","threads":1,"quick":false,
//	 "metrics":{...},"peak_rss_mb":61.2,"info":{...},"error":""}
//
// Workloads: W1 (MNIST MLP epoch), W2 (MNIST CNN), W3 (LSTM), W4 (MLP
// inference at batch 1 and 1000), K1 (SGEMM), K1S (SGEMM 1024^3 thread
// scaling, 1 thread against -threads in one process), T1 (Keras's text
// classification Transformer example, training). W2 and W3 build their layers
// with layers.FromConfig, so this program compiles before Conv2D, LSTM and
// friends exist; until they do, it reports "unavailable": true.
//
// Usage:
//
//	go run ./bench/gobench -workload W1 -threads 1 [-quick]
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"

	"github.com/gokeras/keras/internal/gemm"
	"github.com/gokeras/keras/utils"
)

// result is the JSON line printed on stdout.
type result struct {
	Framework   string             `json:"framework"`
	Workload    string             `json:"workload"`
	Threads     int                `json:"threads"`
	Quick       bool               `json:"quick"`
	Metrics     map[string]float64 `json:"metrics"`
	PeakRSSMB   float64            `json:"peak_rss_mb"`
	Info        map[string]any     `json:"info"`
	Unavailable bool               `json:"unavailable,omitempty"`
	Error       string             `json:"error"`
}

// unavailableError marks a workload whose layers the engine does not have yet.
type unavailableError struct{ err error }

func (e *unavailableError) Error() string { return e.err.Error() }
func (e *unavailableError) Unwrap() error { return e.err }

type options struct {
	quick   bool
	threads int
}

var workloads = map[string]func(options) (map[string]float64, error){
	"W1":  runW1,
	"W2":  runW2,
	"W3":  runW3,
	"W4":  runW4,
	"K1":  runK1,
	"K1S": runK1S,
	"T1":  runT1,
}

func main() {
	workload := flag.String("workload", "W1", "workload to run: W1, W2, W3, W4, K1, K1S or T1")
	threads := flag.Int("threads", 1, "threads for the kernels and GOMAXPROCS")
	quick := flag.Bool("quick", false, "smoke-test mode: fewer steps")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the workload to this file")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "gobench:", err)
			os.Exit(2)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "gobench:", err)
			os.Exit(2)
		}
		defer f.Close()
		defer pprof.StopCPUProfile()
	}

	w := strings.ToUpper(*workload)
	runtime.GOMAXPROCS(*threads)
	gemm.SetThreads(*threads)
	utils.SetRandomSeed(1)

	res := result{
		Framework: "go", Workload: w, Threads: *threads, Quick: *quick,
		Metrics: map[string]float64{},
		Info: map[string]any{
			"go": runtime.Version(), "gomaxprocs": runtime.GOMAXPROCS(0),
			"gemm_threads": gemm.Threads(), "gemm_kernel": gemm.Kernel(),
		},
	}
	fn, ok := workloads[w]
	if !ok {
		res.Error = fmt.Sprintf("unknown workload %q (want W1, W2, W3, W4, K1, K1S or T1)", *workload)
	} else if m, err := fn(options{quick: *quick, threads: *threads}); err != nil {
		res.Error = err.Error()
		var u *unavailableError
		res.Unavailable = errors.As(err, &u)
	} else {
		res.Metrics = m
	}
	res.PeakRSSMB = peakRSSMB()
	line, err := json.Marshal(res)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gobench:", err)
		os.Exit(2)
	}
	fmt.Println(string(line))
	if res.Error != "" {
		fmt.Fprintln(os.Stderr, "gobench:", res.Error)
		os.Exit(1)
	}
}
