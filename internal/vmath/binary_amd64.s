//go:build amd64 && !purego

#include "textflag.h"

// BINARY_BODY(OP): dst[i] = a[i] OP b[i] for i < len(dst) rounded down to a
// multiple of 8 (the Go wrapper does the rest), 32 values per iteration.
// Frame: dst+0, a+24, b+48 (slices).
#define BINARY_BODY(OP) \
	MOVQ dst_base+0(FP), DI; \
	MOVQ dst_len+8(FP), CX; \
	MOVQ a_base+24(FP), SI; \
	MOVQ b_base+48(FP), DX; \
	MOVQ CX, BX; \
	SHRQ $5, BX; \
	JZ   tail8; \
loop32: \
	VMOVUPS (SI), Y0; \
	VMOVUPS 32(SI), Y1; \
	VMOVUPS 64(SI), Y2; \
	VMOVUPS 96(SI), Y3; \
	OP      (DX), Y0, Y0; \
	OP      32(DX), Y1, Y1; \
	OP      64(DX), Y2, Y2; \
	OP      96(DX), Y3, Y3; \
	VMOVUPS Y0, (DI); \
	VMOVUPS Y1, 32(DI); \
	VMOVUPS Y2, 64(DI); \
	VMOVUPS Y3, 96(DI); \
	ADDQ    $128, SI; \
	ADDQ    $128, DX; \
	ADDQ    $128, DI; \
	DECQ    BX; \
	JNZ     loop32; \
tail8: \
	ANDQ $31, CX; \
	SHRQ $3, CX; \
	JZ   done; \
loop8: \
	VMOVUPS (SI), Y0; \
	OP      (DX), Y0, Y0; \
	VMOVUPS Y0, (DI); \
	ADDQ    $32, SI; \
	ADDQ    $32, DX; \
	ADDQ    $32, DI; \
	DECQ    CX; \
	JNZ     loop8; \
done: \
	VZEROUPPER; \
	RET

// func addAVX2(dst, a, b []float32)
TEXT ·addAVX2(SB), NOSPLIT, $0-72
	BINARY_BODY(VADDPS)

// func subAVX2(dst, a, b []float32)
TEXT ·subAVX2(SB), NOSPLIT, $0-72
	BINARY_BODY(VSUBPS)

// func mulAVX2(dst, a, b []float32)
TEXT ·mulAVX2(SB), NOSPLIT, $0-72
	BINARY_BODY(VMULPS)
