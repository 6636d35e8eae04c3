//go:build amd64

#include "textflag.h"

// func gemvBlock32AVX2(k int, a *float32, b *float32, ldb int, c *float32)
// c[0:32] += sum over p < k of a[p] * b[p*ldb : p*ldb+32], with FMA.
TEXT ·gemvBlock32AVX2(SB), NOSPLIT, $0-40
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DI
	MOVQ ldb+24(FP), DX
	MOVQ c+32(FP), R8
	SHLQ $2, DX
	VMOVUPS 0(R8), Y0
	VMOVUPS 32(R8), Y1
	VMOVUPS 64(R8), Y2
	VMOVUPS 96(R8), Y3
	TESTQ CX, CX
	JE done
loop:
	VBROADCASTSS (SI), Y4
	VFMADD231PS 0(DI), Y4, Y0
	VFMADD231PS 32(DI), Y4, Y1
	VFMADD231PS 64(DI), Y4, Y2
	VFMADD231PS 96(DI), Y4, Y3
	ADDQ $4, SI
	ADDQ DX, DI
	DECQ CX
	JNE loop
done:
	VMOVUPS Y0, 0(R8)
	VMOVUPS Y1, 32(R8)
	VMOVUPS Y2, 64(R8)
	VMOVUPS Y3, 96(R8)
	VZEROUPPER
	RET

// func gemvBlock8AVX2(k int, a *float32, b *float32, ldb int, c *float32)
// c[0:8] += sum over p < k of a[p] * b[p*ldb : p*ldb+8], with FMA.
TEXT ·gemvBlock8AVX2(SB), NOSPLIT, $0-40
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DI
	MOVQ ldb+24(FP), DX
	MOVQ c+32(FP), R8
	SHLQ $2, DX
	VMOVUPS 0(R8), Y0
	TESTQ CX, CX
	JE done8
loop8:
	VBROADCASTSS (SI), Y4
	VFMADD231PS 0(DI), Y4, Y0
	ADDQ $4, SI
	ADDQ DX, DI
	DECQ CX
	JNE loop8
done8:
	VMOVUPS Y0, 0(R8)
	VZEROUPPER
	RET
