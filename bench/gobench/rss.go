package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"
)

// peakRSSMB reads the peak resident set size (VmHWM) from /proc/self/status,
// in MiB; 0 where it cannot be read.
func peakRSSMB() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	return parseVmHWM(bufio.NewScanner(f))
}

// parseVmHWM finds the "VmHWM:  1234 kB" line and returns it in MiB.
func parseVmHWM(sc *bufio.Scanner) float64 {
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:")
		if !ok {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) == 0 {
			return 0
		}
		kb, err := strconv.ParseFloat(fields[0], 64)
		if err != nil {
			return 0
		}
		return kb / 1024
	}
	return 0
}
