package keras

import (
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/tensor"
)

// Summary prints Keras 3's model summary table to w: one row per layer with
// its name and class, output shape and parameter count, then the totals.
// The table is as wide as Keras makes it: min(88, terminal columns - 4) for
// sequential-like models and min(108, ...) otherwise, where the terminal
// width comes from $COLUMNS and defaults to 80 (Keras's fallback when the
// output is not a terminal).
func (m *Model) Summary(w io.Writer) error { return summary(w, m, m.ls, false) }

// Summary prints the table for a Sequential model (see Model.Summary).
func (s *Sequential) Summary(w io.Writer) error {
	return summary(w, &s.Model, s.stack, true)
}

func summary(w io.Writer, m *Model, ls []layers.Layer, sequential bool) error {
	seqLike := sequential || isSequentialLike(m)
	var header []string
	var align []bool // true: right
	var pos []float64
	lineLen := 88
	if seqLike {
		header, align, pos = []string{"Layer (type)", "Output Shape", "Param #"}, []bool{false, false, true}, []float64{0.45, 0.80, 1.0}
	} else {
		lineLen = 108
		header, align, pos = []string{"Layer (type)", "Output Shape", "Param #", "Connected to"}, []bool{false, false, true, false}, []float64{0.3, 0.56, 0.74, 1.0}
	}
	lineLen = min(lineLen, terminalColumns()-4)
	widths := columnWidths(lineLen, pos)
	var rows [][]string
	for _, l := range ls {
		if sequential {
			if _, ok := l.(*layers.InputLayer); ok {
				continue
			}
		}
		row := []string{fmt.Sprintf("%s (%s)", l.Base().Name(), l.Base().ClassName()), outputShapeText(m, l), paramsText(l)}
		if !seqLike {
			row = append(row, connections(m, l))
		}
		rows = append(rows, row)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Model: %q\n", m.Name())
	renderTable(&b, header, align, widths, rows)
	tw, nw := m.TrainableWeights(), m.NonTrainableWeights()
	tc, nc := countVars(tw), countVars(nw)
	tb, nb := tc*4, nc*4
	total, totalB := tc+nc, tb+nb
	var oc int
	if opt := m.trainer.optimizer; opt != nil && len(opt.Variables()) > 0 {
		oc = countVars(opt.Variables())
	}
	total += oc
	totalB += oc * 4
	fmt.Fprintf(&b, " Total params: %s (%s)\n", commas(total), memSize(totalB))
	fmt.Fprintf(&b, " Trainable params: %s (%s)\n", commas(tc), memSize(tb))
	fmt.Fprintf(&b, " Non-trainable params: %s (%s)\n", commas(nc), memSize(nb))
	if oc > 0 {
		fmt.Fprintf(&b, " Optimizer params: %s (%s)\n", commas(oc), memSize(oc*4))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func terminalColumns() int {
	if c, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && c > 0 {
		return c
	}
	return 80
}

// columnWidths reproduces Keras's column split and rich's shrinking of
// fixed-width columns (each cell has one space of padding on either side,
// and the table has one border character per column plus one).
func columnWidths(lineLen int, pos []float64) []int {
	widths := make([]int, len(pos))
	cur := 0
	for i, p := range pos {
		widths[i] = int(p*float64(lineLen)) - cur
		cur += widths[i]
		widths[i] += 2 // padding
	}
	extra := len(pos) + 1
	sum := 0
	for _, w := range widths {
		sum += w
	}
	if excess := sum + extra - lineLen; excess > 0 {
		// rich's ratio_reduce with equal ratios; Python rounds half to even.
		remaining, ratio := excess, len(widths)
		for i := range widths {
			d := int(math.RoundToEven(float64(remaining) / float64(ratio)))
			d = min(d, widths[i])
			widths[i] -= d
			remaining -= d
			ratio--
		}
	}
	return widths
}

func renderTable(b *strings.Builder, header []string, right []bool, widths []int, rows [][]string) {
	line := func(l, mid, r, fill string) {
		b.WriteString(l)
		for i, w := range widths {
			if i > 0 {
				b.WriteString(mid)
			}
			b.WriteString(strings.Repeat(fill, w))
		}
		b.WriteString(r + "\n")
	}
	cells := func(vals []string, edge string, alignRight []bool) {
		wrapped := make([][]string, len(vals))
		height := 1
		for i, v := range vals {
			wrapped[i] = wrapText(v, widths[i]-2)
			height = max(height, len(wrapped[i]))
		}
		for h := 0; h < height; h++ {
			b.WriteString(edge)
			for i := range vals {
				if i > 0 {
					b.WriteString(edge)
				}
				t := ""
				if h < len(wrapped[i]) {
					t = wrapped[i][h]
				}
				pad := widths[i] - 2 - len([]rune(t))
				if alignRight[i] {
					b.WriteString(" " + strings.Repeat(" ", pad) + t + " ")
				} else {
					b.WriteString(" " + t + strings.Repeat(" ", pad) + " ")
				}
			}
			b.WriteString(edge + "\n")
		}
	}
	line("┏", "┳", "┓", "━")
	cells(header, "┃", right)
	line("┡", "╇", "┩", "━")
	for i, r := range rows {
		if i > 0 {
			line("├", "┼", "┤", "─")
		}
		cells(r, "│", right)
	}
	line("└", "┴", "┘", "─")
}

// wrapText splits s into lines of at most w runes at spaces, folding longer
// words, as rich wraps cell text.
func wrapText(s string, w int) []string {
	if w <= 0 {
		return []string{s}
	}
	var lines []string
	cur := ""
	for _, word := range strings.Fields(s) {
		for len([]rune(word)) > w {
			if cur != "" {
				lines = append(lines, cur)
				cur = ""
			}
			r := []rune(word)
			lines = append(lines, string(r[:w]))
			word = string(r[w:])
		}
		switch {
		case cur == "":
			cur = word
		case len([]rune(cur))+1+len([]rune(word)) <= w:
			cur += " " + word
		default:
			lines = append(lines, cur)
			cur = word
		}
	}
	if cur != "" || len(lines) == 0 {
		lines = append(lines, cur)
	}
	return lines
}

func outputShapeText(m *Model, l layers.Layer) string {
	var outs []tensor.Shape
	for _, n := range m.nodes {
		if n.Layer == l {
			outs = outs[:0]
			for _, o := range n.Outputs {
				outs = append(outs, o.Shape())
			}
		}
	}
	if outs == nil {
		if !l.Base().Built() {
			return "?"
		}
		s, err := l.ComputeOutputShape(l.Base().BuildShapes())
		if err != nil {
			return "?"
		}
		outs = s
	}
	if len(outs) == 1 {
		return outs[0].String()
	}
	parts := make([]string, len(outs))
	for i, s := range outs {
		parts[i] = s.String()
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func paramsText(l layers.Layer) string {
	if !l.Base().Built() {
		return "0 (unbuilt)"
	}
	return commas(layers.CountParams(l))
}

func connections(m *Model, l layers.Layer) string {
	var parts []string
	for _, n := range m.nodes {
		if n.Layer != l {
			continue
		}
		for _, in := range n.Inputs {
			src, idx := in.Node()
			parts = append(parts, fmt.Sprintf("%s[%d][%d]", src.Layer.Base().Name(), nodeIndex(m, src), idx))
		}
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, ", ")
}

// nodeIndex is the position of n among its layer's applications.
func nodeIndex(m *Model, n *layers.Node) int {
	i := 0
	for _, o := range m.nodes {
		if o == n {
			return i
		}
		if o.Layer == n.Layer {
			i++
		}
	}
	return 0
}

// isSequentialLike is Keras's test: every layer is applied once to one
// input tensor.
func isSequentialLike(m *Model) bool {
	seen := map[layers.Layer]bool{}
	for _, n := range m.nodes {
		if seen[n.Layer] || len(n.Inputs) > 1 {
			return false
		}
		seen[n.Layer] = true
	}
	return len(m.inputs) == 1 && len(m.outputs) == 1
}

func countVars(vs []*tensor.Variable) int {
	n := 0
	for _, v := range vs {
		n += v.Shape().Size()
	}
	return n
}

// commas formats 101770 as 101,770.
func commas(n int) string {
	s := strconv.Itoa(n)
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// memSize is Keras's readable_memory_size.
func memSize(bytes int) string {
	units := []string{"B", "KB", "MB", "GB", "TB", "PB"}
	v := float64(bytes)
	for _, u := range units {
		if v/1024 < 1 {
			return fmt.Sprintf("%.2f %s", v, u)
		}
		v /= 1024
	}
	return fmt.Sprintf("%.2f %s", v, units[len(units)-1])
}
