//go:build amd64 && !purego

#include "textflag.h"

// func scatter16(n int, src *float32, dst *float32, stride int)
// For q < n copies the 16 floats at src[16*q:] to dst[q*stride:] (SSE2).
TEXT ·scatter16(SB), NOSPLIT, $0-32
	MOVQ n+0(FP), CX
	MOVQ src+8(FP), SI
	MOVQ dst+16(FP), DI
	MOVQ stride+24(FP), DX
	SHLQ $2, DX
	TESTQ CX, CX
	JEQ  done

loop:
	MOVUPS (SI), X0
	MOVUPS 16(SI), X1
	MOVUPS 32(SI), X2
	MOVUPS 48(SI), X3
	MOVUPS X0, (DI)
	MOVUPS X1, 16(DI)
	MOVUPS X2, 32(DI)
	MOVUPS X3, 48(DI)
	ADDQ $64, SI
	ADDQ DX, DI
	DECQ CX
	JNZ  loop

done:
	RET
