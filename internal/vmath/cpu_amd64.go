//go:build amd64 && !purego

package vmath

import "golang.org/x/sys/cpu"

// haveAsm: the AVX2 kernels need AVX2 and FMA (FMA3).
var haveAsm = cpu.X86.HasAVX2 && cpu.X86.HasFMA

const asmName = "avx2"
