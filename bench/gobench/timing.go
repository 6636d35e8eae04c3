package main

import "time"

// timed runs fn once and returns the wall time in seconds.
func timed(fn func() error) (float64, error) {
	start := time.Now()
	err := fn()
	return time.Since(start).Seconds(), err
}

// repeatFor calls fn once to warm up, then repeatedly until at least
// minTime seconds have passed and it ran at least twice; it returns the
// mean seconds per call.
func repeatFor(minTime float64, fn func()) float64 {
	fn()
	start := time.Now()
	for reps := 1; ; reps++ {
		fn()
		if el := time.Since(start).Seconds(); reps >= 2 && el >= minTime {
			return el / float64(reps)
		}
	}
}
