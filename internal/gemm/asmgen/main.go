// Command asmgen generates kernel_amd64.s, the AVX2 and AVX-512 SGEMM
// micro-kernels, and kernel_amd64_gen.go, their Go declarations. All
// kernels come from one template so that the AVX2 kernels (testable on any
// x86-64 machine) also validate the AVX-512 code shape.
//
// Usage (from internal/gemm): go generate, or go run ./asmgen
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
)

// kernel describes one micro-kernel: an MR x (NV*W) tile of C held in
// MR*NV vector accumulators.
type kernel struct {
	name  string // Go function name
	reg   string // register prefix: "Y" or "Z"
	nregs int    // architectural vector registers available
	w     int    // float32 lanes per vector
	mr    int    // rows of the tile
	nv    int    // vectors per row
}

// family is a main kernel plus reduced-height variants for the m edge.
type family struct {
	kernel
	goName string // Go variable holding the []tileKernel
	mrs    []int  // heights, ascending; the last is the main MR
}

var families = []family{
	{kernel{name: "kernAVX2", reg: "Y", nregs: 16, w: 8, nv: 2}, "avx2Kernels", []int{2, 4, 6}},
	{kernel{name: "kernAVX512", reg: "Z", nregs: 32, w: 16, nv: 2}, "avx512Kernels", []int{4, 8, 12}},
	// 12x8 AVX2 kernels with the AVX-512 kernels' row structure; tests use
	// them to validate that code shape on machines without AVX-512.
	{kernel{name: "kernAVX2x12", reg: "Y", nregs: 16, w: 8, nv: 1}, "avx2x12Kernels", []int{4, 8, 12}},
}

type gen struct{ buf bytes.Buffer }

func (g *gen) p(format string, args ...any) { fmt.Fprintf(&g.buf, format+"\n", args...) }
func (g *gen) i(format string, args ...any) { g.p("\t"+format, args...) }

func (k kernel) acc(r, v int) string { return fmt.Sprintf("%s%d", k.reg, r*k.nv+v) }
func (k kernel) bv(v int) string     { return fmt.Sprintf("%s%d", k.reg, k.mr*k.nv+v) }

// bc returns the broadcast register used for row r (rotating over the
// registers left after accumulators and B vectors).
func (k kernel) bc(r int) string {
	first := k.mr*k.nv + k.nv
	n := k.nregs - first
	if n > 4 {
		n = 4
	}
	return fmt.Sprintf("%s%d", k.reg, first+r%n)
}

// Register use (general purpose):
//
//	AX: A pointer   BX: B pointer   CX: k counter
//	R8: sa bytes    R9: 3*sa bytes  R10: sb bytes  R11: 3*sb bytes
//	DI: C row pointer  SI: ldc bytes  DX: beta bits / scratch
//
// In the row variant (rowA), A is row-major with row stride sa: element
// (r, p) is at a + r*sa + p. Rows 3q..3q+2 are addressed from base q
// (AX, R12, R13, DX) with index R8 = sa bytes, and bases advance by 4
// bytes per k step.
func (g *gen) kernel(k kernel, rowA bool) {
	vb := k.w * 4 // bytes per vector
	if k.mr*k.nv+max(k.nv+1, 3) > k.nregs {
		log.Fatalf("%s: too many registers", k.name)
	}
	name := k.name
	layout := "A column p at a[p*sa:], B row p at b[p*sb:]"
	if rowA {
		name += "Row"
		layout = "A row r at a[r*sa:], B row p at b[p*sb:]"
	}
	bases := []string{"AX", "R12", "R13", "DX"}
	nb := (k.mr + 2) / 3
	if rowA && nb > len(bases) {
		log.Fatalf("%s: too many rows for row variant", name)
	}
	g.p("// func %s(nt, k int, a *float32, sa, an int, b *float32, sb int, c *float32, ldc int, alpha, beta float32)", name)
	g.p("// Computes nt vertically adjacent %dx%d tiles C = alpha*A*B + beta*C (C not", k.mr, k.nv*k.w)
	g.p("// read when beta == 0); %s; tile t uses A at a[t*an:].", layout)
	g.p("TEXT ·%s(SB), NOSPLIT, $0-80", name)
	g.i("MOVQ sa+24(FP), R8")
	g.i("MOVQ sb+48(FP), R10")
	g.i("MOVQ ldc+64(FP), SI")
	g.i("SHLQ $2, R8")
	g.i("SHLQ $2, R10")
	g.i("SHLQ $2, SI")
	g.i("LEAQ (R8)(R8*2), R9")
	g.i("LEAQ (R10)(R10*2), R11")
	g.p("%s_tile:", name)
	g.i("MOVQ k+8(FP), CX")
	g.i("MOVQ a+16(FP), AX")
	g.i("MOVQ b+40(FP), BX")
	g.i("MOVQ c+56(FP), DI")
	// Prefetch the C tile while the loop runs.
	g.i("MOVQ DI, DX")
	for r := 0; r < k.mr; r++ {
		for off := 0; off < k.nv*vb; off += 64 {
			g.i("PREFETCHT0 %d(DX)", off)
		}
		if r != k.mr-1 {
			g.i("ADDQ SI, DX")
		}
	}
	if rowA {
		for q := 1; q < nb; q++ {
			g.i("LEAQ (%s)(R9*1), %s", bases[q-1], bases[q])
		}
	}
	for r := 0; r < k.mr; r++ {
		for v := 0; v < k.nv; v++ {
			a := k.acc(r, v)
			if k.reg == "Z" {
				g.i("VPXORD %s, %s, %s", a, a, a) // VXORPS zmm needs AVX512DQ
			} else {
				g.i("VXORPS %s, %s, %s", a, a, a)
			}
		}
	}
	// aAddr returns the address of A(r, u) for unrolled step u.
	aAddr := func(r, u int) string {
		if rowA {
			base := bases[r/3]
			switch r % 3 {
			case 0:
				return addr(4*u, "("+base+")")
			case 1:
				return addr(4*u, "("+base+")(R8*1)")
			default:
				return addr(4*u, "("+base+")(R8*2)")
			}
		}
		idx := []string{"(AX)", "(AX)(R8*1)", "(AX)(R8*2)", "(AX)(R9*1)"}[u]
		return addr(4*r, idx)
	}
	step := func(u int) {
		bBase := []string{"(BX)", "(BX)(R10*1)", "(BX)(R10*2)", "(BX)(R11*1)"}[u]
		for v := 0; v < k.nv; v++ {
			g.i("VMOVUPS %s, %s", addr(v*vb, bBase), k.bv(v))
		}
		for r := 0; r < k.mr; r++ {
			g.i("VBROADCASTSS %s, %s", aAddr(r, u), k.bc(r))
			for v := 0; v < k.nv; v++ {
				g.i("VFMADD231PS %s, %s, %s", k.bv(v), k.bc(r), k.acc(r, v))
			}
		}
	}
	advance := func(steps int) {
		if rowA {
			for q := 0; q < nb; q++ {
				g.i("ADDQ $%d, %s", 4*steps, bases[q])
			}
		} else if steps == 4 {
			g.i("LEAQ (AX)(R8*4), AX")
		} else {
			g.i("ADDQ R8, AX")
		}
		if steps == 4 {
			g.i("LEAQ (BX)(R10*4), BX")
		} else {
			g.i("ADDQ R10, BX")
		}
	}
	lbl := func(s string) string { return name + "_" + s }
	g.i("CMPQ CX, $4")
	g.i("JLT %s", lbl("tail"))
	g.p("%s:", lbl("loop4"))
	for u := 0; u < 4; u++ {
		step(u)
	}
	advance(4)
	g.i("SUBQ $4, CX")
	g.i("CMPQ CX, $4")
	g.i("JGE %s", lbl("loop4"))
	g.p("%s:", lbl("tail"))
	g.i("TESTQ CX, CX")
	g.i("JEQ %s", lbl("store"))
	g.p("%s:", lbl("loop1"))
	step(0)
	advance(1)
	g.i("DECQ CX")
	g.i("JNZ %s", lbl("loop1"))
	g.p("%s:", lbl("store"))
	// Epilogue registers: the first three after the accumulators.
	alpha := fmt.Sprintf("%s%d", k.reg, k.mr*k.nv)
	beta := fmt.Sprintf("%s%d", k.reg, k.mr*k.nv+1)
	tmp := fmt.Sprintf("%s%d", k.reg, k.mr*k.nv+2)
	g.i("VBROADCASTSS alpha+72(FP), %s", alpha)
	g.i("MOVL beta+76(FP), DX")
	g.i("ANDL $0x7fffffff, DX")
	g.i("JEQ %s", lbl("beta0"))
	g.i("VBROADCASTSS beta+76(FP), %s", beta)
	for r := 0; r < k.mr; r++ {
		for v := 0; v < k.nv; v++ {
			a := k.acc(r, v)
			g.i("VMULPS %s, %s, %s", alpha, a, a)
			g.i("VMULPS %s, %s, %s", addr(v*vb, "(DI)"), beta, tmp)
			g.i("VADDPS %s, %s, %s", tmp, a, a)
			g.i("VMOVUPS %s, %s", a, addr(v*vb, "(DI)"))
		}
		if r != k.mr-1 {
			g.i("ADDQ SI, DI")
		}
	}
	g.i("JMP %s", lbl("next"))
	g.p("%s:", lbl("beta0"))
	for r := 0; r < k.mr; r++ {
		for v := 0; v < k.nv; v++ {
			a := k.acc(r, v)
			g.i("VMULPS %s, %s, %s", alpha, a, a)
			g.i("VMOVUPS %s, %s", a, addr(v*vb, "(DI)"))
		}
		if r != k.mr-1 {
			g.i("ADDQ SI, DI")
		}
	}
	g.p("%s:", lbl("next"))
	g.i("MOVQ an+32(FP), DX")
	g.i("SHLQ $2, DX")
	g.i("ADDQ DX, a+16(FP)")
	g.i("ADDQ SI, DI") // DI was at the tile's last row
	g.i("MOVQ DI, c+56(FP)")
	g.i("DECQ nt+0(FP)")
	g.i("JNZ %s_tile", name)
	g.i("VZEROUPPER")
	g.i("RET")
	g.p("")
}

func addr(off int, base string) string {
	if off == 0 {
		return base
	}
	return fmt.Sprintf("%d%s", off, base)
}

func main() {
	out := flag.String("out", "kernel_amd64.s", "assembly output file")
	goOut := flag.String("goout", "kernel_amd64_gen.go", "Go declarations output file")
	flag.Parse()
	var g, d gen
	g.p("// Code generated by asmgen; DO NOT EDIT.")
	g.p("")
	g.p("//go:build amd64")
	g.p("")
	g.p("#include \"textflag.h\"")
	g.p("")
	d.p("// Code generated by asmgen; DO NOT EDIT.")
	d.p("")
	d.p("//go:build amd64")
	d.p("")
	d.p("package gemm")
	const sig = "(nt, k int, a *float32, sa, an int, b *float32, sb int, c *float32, ldc int, alpha, beta float32)"
	const gosig = "(nt, k int, a []float32, sa, an int, b []float32, sb int, c []float32, ldc int, alpha, beta float32)"
	for _, f := range families {
		var entries []string
		for _, mr := range f.mrs {
			k := f.kernel
			k.mr = mr
			if mr != f.mrs[len(f.mrs)-1] {
				k.name = fmt.Sprintf("%sm%d", k.name, mr)
			}
			g.kernel(k, false)
			g.kernel(k, true)
			for _, n := range []string{k.name, k.name + "Row"} {
				d.p("")
				d.p("//go:noescape")
				d.p("func %s%s", n, sig)
				d.p("")
				d.p("func %sGo%s {", n, gosig)
				d.p("\t%s(nt, k, &a[0], sa, an, &b[0], sb, &c[0], ldc, alpha, beta)", n)
				d.p("}")
			}
			entries = append(entries, fmt.Sprintf("\t{mr: %d, kern: %sGo, kernRow: %sRowGo},", mr, k.name, k.name))
		}
		d.p("")
		d.p("var %s = []tileKernel{", f.goName)
		for _, e := range entries {
			d.p("%s", e)
		}
		d.p("}")
	}
	if err := os.WriteFile(*out, g.buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*goOut, d.buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
}
