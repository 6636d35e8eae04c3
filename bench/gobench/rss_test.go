package main

import (
	"bufio"
	"strings"
	"testing"
)

func TestParseVmHWM(t *testing.T) {
	tests := []struct {
		name, status string
		want         float64
	}{
		{"present", "Name:\tgobench\nVmPeak:\t 9000 kB\nVmHWM:\t    2048 kB\nVmRSS:\t 1024 kB\n", 2},
		{"absent", "Name:\tgobench\n", 0},
		{"garbled", "VmHWM:\tlots kB\n", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := parseVmHWM(bufio.NewScanner(strings.NewReader(tc.status))); got != tc.want {
				t.Errorf("parseVmHWM = %v, want %v", got, tc.want)
			}
		})
	}
}
