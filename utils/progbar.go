package utils

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"time"
	"unicode/utf8"
)

// ProgbarValue is one (name, value_for_last_step) pair passed to
// Progbar.Update, Keras's `values` list element.
type ProgbarValue struct {
	Name  string
	Value float64
}

// ProgbarDisplay chooses how a verbose=1 Progbar redraws itself.
type ProgbarDisplay int

const (
	// ProgbarDisplayAuto redraws in place when the writer is a terminal
	// (an *os.File that is a character device) and prints one line per
	// update otherwise.
	ProgbarDisplayAuto ProgbarDisplay = iota
	// ProgbarDisplayDynamic always redraws in place ("\b"s and "\r"),
	// Keras's _dynamic_display = True.
	ProgbarDisplayDynamic
	// ProgbarDisplayStatic always starts each update on a new line,
	// Keras's _dynamic_display = False.
	ProgbarDisplayStatic
)

// ProgbarOption configures NewProgbar (the keyword arguments of
// keras.utils.Progbar, plus the output and clock).
type ProgbarOption func(*Progbar)

// ProgbarWidth sets the bar width in characters (Keras width, default 20).
func ProgbarWidth(n int) ProgbarOption { return func(p *Progbar) { p.width = n } }

// ProgbarVerbose sets the verbosity: 0 silent, 1 bar, 2 one line at the
// end (Keras verbose, default 1).
func ProgbarVerbose(v int) ProgbarOption { return func(p *Progbar) { p.verbose = v } }

// ProgbarInterval sets the minimum time between two redraws of a verbose=1
// bar (Keras interval, default 0.05 s).
func ProgbarInterval(d time.Duration) ProgbarOption { return func(p *Progbar) { p.interval = d } }

// ProgbarStatefulMetrics names the metrics displayed as-is; all others are
// averaged over the steps (Keras stateful_metrics).
func ProgbarStatefulMetrics(names ...string) ProgbarOption {
	return func(p *Progbar) {
		p.hasStateful = true
		p.stateful = setOf(names)
	}
}

// ProgbarStatelessMetrics names the metrics averaged over the steps; all
// others are displayed as-is (Keras stateless_metrics). With no names every
// metric is displayed as-is, which is what ProgbarLogger uses.
func ProgbarStatelessMetrics(names ...string) ProgbarOption {
	return func(p *Progbar) {
		p.hasStateless = true
		p.stateless = setOf(names)
	}
}

// ProgbarUnitName sets the unit shown in the time per unit, e.g. "step"
// or "sample" (Keras unit_name, default "step").
func ProgbarUnitName(name string) ProgbarOption { return func(p *Progbar) { p.unitName = name } }

// ProgbarWriter sets where the bar is written (default os.Stdout).
func ProgbarWriter(w io.Writer) ProgbarOption { return func(p *Progbar) { p.w = w } }

// ProgbarClock sets the time source (default time.Now); tests inject a fake
// clock to get exact output.
func ProgbarClock(now func() time.Time) ProgbarOption { return func(p *Progbar) { p.now = now } }

// ProgbarDisplayMode overrides the terminal detection (default
// ProgbarDisplayAuto).
func ProgbarDisplayMode(d ProgbarDisplay) ProgbarOption { return func(p *Progbar) { p.display = d } }

func setOf(names []string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// Progbar is keras.utils.Progbar: a progress bar with an ETA, the time per
// step and running metric values, written in Keras 3's format, e.g.
//
//	1875/1875 ━━━━━━━━━━━━━━━━━━━━ 2s 1ms/step - accuracy: 0.9261 - loss: 0.2594
//
// (the counts and bar carry the same ANSI colour codes as Keras's). A
// Progbar is not safe for concurrent use.
//
// Deviation from Keras: by default a verbose=1 bar redraws in place only
// when the writer is a terminal (IsTerminal); Keras always does on Linux,
// since its test `"posix" in sys.modules` is always true. Otherwise it uses
// Keras's non-dynamic display: every drawn update starts on a new line.
type Progbar struct {
	target   int // < 0: unknown (Keras None)
	width    int
	verbose  int
	interval time.Duration
	unitName string
	w        io.Writer
	now      func() time.Time
	display  ProgbarDisplay
	dynamic  bool

	hasStateful, hasStateless bool
	stateful, stateless       map[string]bool

	seenSoFar     int
	values        map[string]*[2]float64 // name -> [sum or value, count]
	order         []string
	start         time.Time
	lastUpdate    time.Time // Keras starts it at 0: the Unix epoch
	afterFirst    time.Time
	hasAfterFirst bool
	prevWidth     int
	buf           []byte
}

// NewProgbar returns a Progbar for target steps (a negative target means
// unknown, Keras's target=None). It fails when both stateful and stateless
// metrics are given, as Keras does.
func NewProgbar(target int, opts ...ProgbarOption) (*Progbar, error) {
	p := &Progbar{
		target:   target,
		width:    20,
		verbose:  1,
		interval: 50 * time.Millisecond,
		unitName: "step",
		w:        os.Stdout,
		now:      time.Now,
		values:   map[string]*[2]float64{},
	}
	for _, o := range opts {
		o(p)
	}
	if p.hasStateful && p.hasStateless {
		return nil, errors.New("Progbar: only one of `stateful_metrics` or `stateless_metrics` " +
			"can be provided. `stateful_metrics` is used to make metrics stateless by default " +
			"(with an exclusion list), while `stateless_metrics` is used to make metrics " +
			"stateful by default (with an exclusion list)")
	}
	if p.width < 0 {
		return nil, fmt.Errorf("Progbar: width must be >= 0, got %d", p.width)
	}
	if p.w == nil {
		p.w = os.Stdout
	}
	if p.now == nil {
		p.now = time.Now
	}
	switch p.display {
	case ProgbarDisplayDynamic:
		p.dynamic = true
	case ProgbarDisplayStatic:
		p.dynamic = false
	default:
		p.dynamic = IsTerminal(p.w)
	}
	p.start = p.now()
	p.lastUpdate = time.Unix(0, 0)
	return p, nil
}

// IsTerminal reports whether w is an *os.File open on a character device
// (a terminal), where a Progbar redraws itself in place.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || f == nil {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// Target is the expected number of steps (negative: unknown).
func (p *Progbar) Target() int { return p.target }

// SetTarget changes the expected number of steps, as ProgbarLogger does once
// the first epoch has revealed an unknown step count.
func (p *Progbar) SetTarget(target int) { p.target = target }

// Dynamic reports whether the bar redraws in place.
func (p *Progbar) Dynamic() bool { return p.dynamic }

// Add advances the bar by n steps (Keras Progbar.add).
func (p *Progbar) Add(n int, values []ProgbarValue) error {
	return p.Update(p.seenSoFar+n, values)
}

// Update is Progbar.update(current, values) with finalize defaulting to
// current >= target (false when the target is unknown).
func (p *Progbar) Update(current int, values []ProgbarValue) error {
	return p.UpdateFinalize(current, values, p.target >= 0 && current >= p.target)
}

// UpdateFinalize is Progbar.update(current, values, finalize): it records
// the values (averaged over steps unless stateful) and redraws the bar,
// at most once per interval unless finalize is set. It returns the
// writer's error.
func (p *Progbar) UpdateFinalize(current int, values []ProgbarValue, finalize bool) error {
	for _, kv := range values {
		p.record(current, kv, finalize)
	}
	p.seenSoFar = current

	now := p.now()
	timePerUnit := p.estimateStepDuration(current, now)

	switch p.verbose {
	case 1:
		if now.Sub(p.lastUpdate) < p.interval && !finalize {
			return nil
		}
		if err := p.drawBar(current, now, timePerUnit, finalize); err != nil {
			return err
		}
	case 2:
		if finalize && p.target > 0 {
			if err := p.drawLine(current, now, timePerUnit); err != nil {
				return err
			}
		}
	}
	p.lastUpdate = now
	return nil
}

func (p *Progbar) record(current int, kv ProgbarValue, finalize bool) {
	v, seen := p.values[kv.Name]
	if !seen {
		p.order = append(p.order, kv.Name)
		v = new([2]float64)
		p.values[kv.Name] = v
	}
	var averaged bool
	if p.hasStateless {
		averaged = p.stateless[kv.Name]
	} else {
		averaged = !p.stateful[kv.Name]
	}
	switch {
	case !averaged, finalize:
		// Stateful values, and the final update, are shown as given.
		v[0], v[1] = kv.Value, 1
	default:
		base := float64(max(current-p.seenSoFar, 1))
		if !seen {
			v[0], v[1] = kv.Value*base, base
		} else {
			v[0] += kv.Value * base
			v[1] += base
		}
	}
}

// estimateStepDuration is Keras's _estimate_step_duration: the first step
// is left out of the estimate once later steps are known.
func (p *Progbar) estimateStepDuration(current int, now time.Time) float64 {
	if current == 0 {
		return 0
	}
	var tpu float64
	if p.hasAfterFirst && current > 1 {
		tpu = now.Sub(p.afterFirst).Seconds() / float64(current-1)
	} else {
		tpu = now.Sub(p.start).Seconds() / float64(current)
	}
	if current == 1 {
		p.afterFirst, p.hasAfterFirst = now, true
	}
	return tpu
}

const (
	ansiBold  = "\x1b[1m"
	ansiReset = "\x1b[0m"
	ansiGreen = "\x1b[32m"
	ansiGrey  = "\x1b[37m"
	barChar   = "━"
)

func (p *Progbar) drawBar(current int, now time.Time, timePerUnit float64, finalize bool) error {
	b := p.buf[:0]
	if p.dynamic {
		for range p.prevWidth {
			b = append(b, '\b')
		}
		b = append(b, '\r')
	} else {
		b = append(b, '\n')
	}
	special := 0
	barStart := len(b)
	if p.target > 0 {
		b = append(b, ansiBold...)
		b = appendCount(b, current, p.target)
		b = append(b, ansiReset+" "...)
		special += 8
		progWidth := int(float64(p.width) * (float64(current) / float64(p.target)))
		if progWidth > 0 {
			b = append(b, ansiGreen...)
			b = appendRepeat(b, barChar, progWidth)
			b = append(b, ansiReset...)
			special += 9
		}
		b = append(b, ansiGrey...)
		b = appendRepeat(b, barChar, p.width-progWidth)
		b = append(b, ansiReset...)
		special += 9
	} else {
		b = appendPadded(b, current, 7)
		b = append(b, "/Unknown"...)
	}
	infoStart := len(b)
	b = append(b, ' ')
	b = append(b, ansiBold...)
	if p.target > 0 && !finalize {
		b = appendETA(b, timePerUnit*float64(p.target-current))
	} else {
		b = strconv.AppendFloat(b, now.Sub(p.start).Seconds(), 'f', 0, 64)
		b = append(b, 's')
	}
	b = append(b, ansiReset...)
	special += 8
	b = appendTimePerUnit(b, timePerUnit, p.unitName)
	for _, k := range p.order {
		v := p.values[k]
		avg := v[0] / math.Max(1, v[1])
		b = append(b, " - "...)
		b = append(b, k...)
		b = append(b, ": "...)
		if math.Abs(avg) > 1e-3 {
			b = appendPyFloat(b, avg, 'f')
		} else {
			b = appendPyFloat(b, avg, 'e')
		}
	}
	total := utf8.RuneCount(b[barStart:infoStart]) + utf8.RuneCount(b[infoStart:]) - special
	for i := total; i < p.prevWidth; i++ {
		b = append(b, ' ')
	}
	if finalize {
		b = append(b, '\n')
	}
	p.buf = b
	p.prevWidth = total
	if _, err := p.w.Write(b); err != nil {
		return fmt.Errorf("Progbar: writing the bar: %w", err)
	}
	return nil
}

func (p *Progbar) drawLine(current int, now time.Time, timePerUnit float64) error {
	b := appendCount(p.buf[:0], current, p.target)
	b = append(b, " - "...)
	b = strconv.AppendFloat(b, now.Sub(p.start).Seconds(), 'f', 0, 64)
	b = append(b, "s -"...)
	b = appendTimePerUnit(b, timePerUnit, p.unitName)
	for _, k := range p.order {
		v := p.values[k]
		avg := v[0] / math.Max(1, v[1])
		b = append(b, " - "...)
		b = append(b, k...)
		b = append(b, ": "...)
		// Keras compares the signed value here (not its absolute value).
		if avg > 1e-3 {
			b = appendPyFloat(b, avg, 'f')
		} else {
			b = appendPyFloat(b, avg, 'e')
		}
	}
	b = append(b, '\n')
	p.buf = b
	if _, err := p.w.Write(b); err != nil {
		return fmt.Errorf("Progbar: writing the bar: %w", err)
	}
	return nil
}

// appendCount writes "%{digits(target)}d/%d".
func appendCount(b []byte, current, target int) []byte {
	b = appendPadded(b, current, len(strconv.Itoa(target)))
	b = append(b, '/')
	return strconv.AppendInt(b, int64(target), 10)
}

// appendPadded writes n right-aligned in width columns ("%*d").
func appendPadded(b []byte, n, width int) []byte {
	var tmp [24]byte
	s := strconv.AppendInt(tmp[:0], int64(n), 10)
	for i := len(s); i < width; i++ {
		b = append(b, ' ')
	}
	return append(b, s...)
}

func appendRepeat(b []byte, s string, n int) []byte {
	for range max(n, 0) {
		b = append(b, s...)
	}
	return b
}

// appendETA formats an ETA as Keras does: "h:mm:ss", "m:ss" or "Ns", with
// Python's %d truncation of the float seconds.
func appendETA(b []byte, eta float64) []byte {
	switch {
	case eta > 3600:
		b = strconv.AppendInt(b, int64(math.Floor(eta/3600)), 10)
		b = append(b, ':')
		b = append2(b, int64(math.Floor(math.Mod(eta, 3600)/60)))
		b = append(b, ':')
		return append2(b, int64(math.Mod(eta, 60)))
	case eta > 60:
		b = strconv.AppendInt(b, int64(math.Floor(eta/60)), 10)
		b = append(b, ':')
		return append2(b, int64(math.Mod(eta, 60)))
	default:
		b = strconv.AppendInt(b, int64(eta), 10)
		return append(b, 's')
	}
}

func append2(b []byte, n int64) []byte {
	if n >= 0 && n < 10 {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, n, 10)
}

// appendTimePerUnit is Keras's _format_time: " 2s/step", " 13ms/step" or
// " 840us/step".
func appendTimePerUnit(b []byte, tpu float64, unit string) []byte {
	b = append(b, ' ')
	switch {
	case tpu >= 1 || tpu == 0:
		b = strconv.AppendFloat(b, tpu, 'f', 0, 64)
		b = append(b, "s/"...)
	case tpu >= 1e-3:
		b = strconv.AppendFloat(b, tpu*1000, 'f', 0, 64)
		b = append(b, "ms/"...)
	default:
		b = strconv.AppendFloat(b, tpu*1e6, 'f', 0, 64)
		b = append(b, "us/"...)
	}
	return append(b, unit...)
}

// appendPyFloat writes v with Python's "%.4f" or "%.4e" ('f' or 'e'),
// including Python's "nan", "inf" and "-inf".
func appendPyFloat(b []byte, v float64, format byte) []byte {
	switch {
	case math.IsNaN(v):
		return append(b, "nan"...)
	case math.IsInf(v, 1):
		return append(b, "inf"...)
	case math.IsInf(v, -1):
		return append(b, "-inf"...)
	}
	return strconv.AppendFloat(b, v, format, 4, 64)
}
