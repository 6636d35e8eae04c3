package main

import (
	"slices"
	"strings"
	"testing"
)

func TestMedian(t *testing.T) {
	tests := []struct {
		in   []float64
		want float64
		ok   bool
	}{
		{nil, 0, false},
		{[]float64{3}, 3, true},
		{[]float64{3, 1, 2}, 2, true},
		{[]float64{4, 1, 3, 2}, 2.5, true},
	}
	for _, tc := range tests {
		got, ok := median(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("median(%v) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestSpeed(t *testing.T) {
	tests := []struct {
		goV, torchV float64
		higher      bool
		want        string
	}{
		{1, 2, false, "2.00x faster"}, // times: Go takes half as long
		{2, 1, false, "2.00x slower"},
		{300, 100, true, "3.00x faster"}, // throughputs
		{100, 400, true, "4.00x slower"},
		{0, 1, true, ""},
	}
	for _, tc := range tests {
		if got := speed(tc.goV, tc.torchV, tc.higher); got != tc.want {
			t.Errorf("speed(%v, %v, %v) = %q, want %q", tc.goV, tc.torchV, tc.higher, got, tc.want)
		}
	}
}

func TestFormatNumAndCell(t *testing.T) {
	tests := []struct {
		v    []float64
		acc  bool
		want string
	}{
		{[]float64{241625.04}, false, "241625"},
		{[]float64{20.84}, false, "20.8"},
		{[]float64{1.714}, false, "1.71"},
		{[]float64{0.5012}, false, "0.501"},
		{[]float64{0.91, 0.9168, 0.92}, true, "0.9168 (0.9100-0.9200)"},
		{[]float64{3, 1, 2}, false, "2.00 (1.00-3.00)"},
		{nil, false, ""},
	}
	for _, tc := range tests {
		if got := cell(tc.v, tc.acc); got != tc.want {
			t.Errorf("cell(%v, %v) = %q, want %q", tc.v, tc.acc, got, tc.want)
		}
	}
}

func TestParseResult(t *testing.T) {
	tests := []struct {
		name, out string
		wantErr   bool
		wantEpoch float64
	}{
		{"last json line wins", "noise\n{\"framework\":\"go\",\"metrics\":{\"epoch_s\":1}}\n{\"framework\":\"go\",\"metrics\":{\"epoch_s\":2}}\n", false, 2},
		{"no json", "Traceback...\n", true, 0},
		{"bad json", "{\"framework\":\n", true, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := parseResult([]byte(tc.out))
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tc.wantErr)
			}
			if err == nil && r.Metrics["epoch_s"] != tc.wantEpoch {
				t.Errorf("epoch_s = %v, want %v", r.Metrics["epoch_s"], tc.wantEpoch)
			}
		})
	}
}

func TestParseFlags(t *testing.T) {
	tests := []struct {
		args         []string
		wantReps     int
		wantNoAppend bool
		wantErr      bool
	}{
		{nil, 3, false, false},
		{[]string{"-quick"}, 1, true, false},
		{[]string{"-quick", "-reps", "2", "-results", "x.md"}, 2, false, false},
		{[]string{"-workloads", "W9"}, 0, false, true},
		{[]string{"-threads", "0"}, 0, false, true},
		{[]string{"-reps", "0"}, 0, false, true},
	}
	for _, tc := range tests {
		c, err := parseFlags(tc.args)
		if (err != nil) != tc.wantErr {
			t.Errorf("parseFlags(%q) error = %v, wantErr %v", tc.args, err, tc.wantErr)
			continue
		}
		if err == nil && (c.reps != tc.wantReps || c.noAppend != tc.wantNoAppend) {
			t.Errorf("parseFlags(%q): reps %d, noAppend %v; want %d, %v", tc.args, c.reps, c.noAppend, tc.wantReps, tc.wantNoAppend)
		}
	}
}

func TestLscpuField(t *testing.T) {
	out := "Architecture:   x86_64\nModel name:     AMD EPYC\nCPU(s): 2\n"
	if got := lscpuField(out, "Model name"); got != "AMD EPYC" {
		t.Errorf("lscpuField = %q, want %q", got, "AMD EPYC")
	}
	if got := lscpuField(out, "Missing"); got != "unknown" {
		t.Errorf("lscpuField(missing) = %q, want unknown", got)
	}
}

// TestReport checks the table's structure from canned results (no timing).
func TestReport(t *testing.T) {
	rs := newResults()
	for i, v := range []float64{1.0, 1.2, 0.8} {
		rs.add("W1", 1, &result{Framework: goFW, Metrics: map[string]float64{"epoch_s": v, "acc": 0.96, "acc_warmup": 0.95}, PeakRSSMB: 100})
		rs.add("W1", 1, &result{Framework: torchFW, Metrics: map[string]float64{"epoch_s": 2 + float64(i), "acc": 0.96, "acc_warmup": 0.95}, PeakRSSMB: 300})
	}
	rs.add("W2", 1, &result{Framework: goFW, Unavailable: true, Error: "unknown layer class \"Conv2D\""})
	rs.add("W2", 1, &result{Framework: torchFW, Metrics: map[string]float64{"samples_per_s": 4000}})
	rs.add("K1", 1, &result{Framework: goFW, Metrics: map[string]float64{"gflops_4096_4096_4096": 50}})
	rs.add("K1", 1, &result{Framework: torchFW, Metrics: map[string]float64{"gflops_4096_4096_4096": 100}})
	rs.add("K1", 1, &result{Framework: peakFW, Metrics: map[string]float64{"gflops_numpy_4096": 100}})
	rs.add("W4", 1, &result{Framework: torchFW, Error: "boom"})

	cfg := &config{reps: 3, threads: []int{1}, workloads: []string{"W1", "W2", "K1", "W4"}, python: "/usr/bin/python3"}
	out := renderReport(reportInput{date: "D", command: "go run ./bench/compare", env: &environment{machine: "M", clockMHz: 2500}, cfg: cfg, results: rs})
	for _, want := range []string{
		"| W1 MNIST MLP | epoch, batch 32 (s) | 1 | 1.00 (0.800-1.20) | 3.00 (2.00-4.00) | 0.33 | 3.00x faster |",
		"| W1 MNIST MLP | peak RSS (MB) | 1 | 100 (100-100) | 300 (300-300) | 0.33 | 3.00x less |",
		"| W2 MNIST CNN | train samples/s, batch 128 | 1 | n/a (layer not implemented yet) | 4000 |",
		"Go = 50% of OpenBLAS 4096^3 (100); 62% of AVX2 peak (80)",
		"W4, 1 thread(s), torch failed: boom",
		"2 FMA units x 8 lanes x 2 flops x 2.50 GHz",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q; report:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Conv2D") {
		t.Errorf("an unavailable layer should print n/a, not an error note:\n%s", out)
	}
}

func TestThreadsFor(t *testing.T) {
	tests := []struct {
		w    string
		in   []int
		want []int
	}{
		{"K1", []int{1, 2}, []int{1, 2}},
		{"K1S", []int{1, 2}, []int{2}},
		{"K1S", []int{1}, nil},
		{"K1S", []int{2, 4}, []int{2, 4}},
	}
	for _, tc := range tests {
		if got := threadsFor(tc.w, tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("threadsFor(%q, %v) = %v, want %v", tc.w, tc.in, got, tc.want)
		}
	}
}
