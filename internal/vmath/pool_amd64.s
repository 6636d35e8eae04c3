//go:build amd64 && !purego

#include "textflag.h"

// Lane bit masks: lane l of poolBitsLo is 1<<l, of poolBitsHi 1<<(8+l).
DATA poolBitsLo<>+0(SB)/4, $1
DATA poolBitsLo<>+4(SB)/4, $2
DATA poolBitsLo<>+8(SB)/4, $4
DATA poolBitsLo<>+12(SB)/4, $8
DATA poolBitsLo<>+16(SB)/4, $16
DATA poolBitsLo<>+20(SB)/4, $32
DATA poolBitsLo<>+24(SB)/4, $64
DATA poolBitsLo<>+28(SB)/4, $128
GLOBL poolBitsLo<>(SB), RODATA|NOPTR, $32

DATA poolBitsHi<>+0(SB)/4, $0x100
DATA poolBitsHi<>+4(SB)/4, $0x200
DATA poolBitsHi<>+8(SB)/4, $0x400
DATA poolBitsHi<>+12(SB)/4, $0x800
DATA poolBitsHi<>+16(SB)/4, $0x1000
DATA poolBitsHi<>+20(SB)/4, $0x2000
DATA poolBitsHi<>+24(SB)/4, $0x4000
DATA poolBitsHi<>+28(SB)/4, $0x8000
GLOBL poolBitsHi<>(SB), RODATA|NOPTR, $32

// POOLGRAD_BODY(ST) expands each 16-bit arg word into the lane masks b0
// and b1 and stores gy to the selected position of the window, +0 to the
// others, with ST(mem, reg): GRAD_ADD adds to the gradient, GRAD_SET writes.
// Frame: ga+0, gb+8, gy+16, arg+24, n+32, ch+40.
#define GRAD_ADD(mem, reg) VADDPS mem, reg, reg; VMOVUPS reg, mem
#define GRAD_SET(mem, reg) VMOVUPS reg, mem
#define POOLGRAD_BODY(ST) \
	MOVQ    ga+0(FP), SI; \
	MOVQ    gb+8(FP), DX; \
	MOVQ    gy+16(FP), DI; \
	MOVQ    arg+24(FP), R8; \
	MOVQ    n+32(FP), CX; \
	MOVQ    ch+40(FP), R9; \
	MOVQ    R9, R10; \
	SHLQ    $2, R10; \
	SHRQ    $3, R9; \
	VMOVDQU poolBitsLo<>(SB), Y14; \
	VMOVDQU poolBitsHi<>(SB), Y15; \
gpixel: \
	MOVQ R9, BX; \
gblock: \
	MOVWLZX      (R8), AX; \
	VMOVD        AX, X7; \
	VPBROADCASTD X7, Y7; \
	VPAND        Y14, Y7, Y8; \
	VPCMPEQD     Y14, Y8, Y8; \
	VPAND        Y15, Y7, Y9; \
	VPCMPEQD     Y15, Y9, Y9; \
	VMOVUPS      (DI), Y0; \
	VANDNPS      Y0, Y9, Y1; \
	VANDPS       Y0, Y9, Y2; \
	VANDNPS      Y1, Y8, Y3; \
	VANDPS       Y1, Y8, Y4; \
	VANDNPS      Y2, Y8, Y5; \
	VANDPS       Y2, Y8, Y6; \
	ST((SI), Y3); \
	ST((SI)(R10*1), Y4); \
	ST((DX), Y5); \
	ST((DX)(R10*1), Y6); \
	ADDQ         $32, SI; \
	ADDQ         $32, DX; \
	ADDQ         $32, DI; \
	ADDQ         $2, R8; \
	DECQ         BX; \
	JNZ          gblock; \
	ADDQ         R10, SI; \
	ADDQ         R10, DX; \
	DECQ         CX; \
	JNZ          gpixel; \
	VZEROUPPER; \
	RET

// func maxPool2x2AVX2(y *float32, arg *uint16, a, b *float32, n, ch int)
// Per 8 channels: m = a0; for v in a1, b0, b1: k = v > m (ordered);
// m = VMAXPS(v, m), which is v > m ? v : m. The winning index bits are
// b0 = (k1 &^ k2) | k3 and b1 = k2 | k3.
TEXT ·maxPool2x2AVX2(SB), NOSPLIT, $0-48
	MOVQ y+0(FP), DI
	MOVQ arg+8(FP), R8
	MOVQ a+16(FP), SI
	MOVQ b+24(FP), DX
	MOVQ n+32(FP), CX
	MOVQ ch+40(FP), R9
	MOVQ R9, R10
	SHLQ $2, R10      // ch in bytes
	SHRQ $3, R9       // 8-channel blocks per pixel

pixel:
	MOVQ R9, BX

block:
	VMOVUPS   (SI), Y0
	VMOVUPS   (SI)(R10*1), Y1
	VMOVUPS   (DX), Y2
	VMOVUPS   (DX)(R10*1), Y3
	VCMPPS    $0x1e, Y0, Y1, Y4
	VMAXPS    Y0, Y1, Y0
	VCMPPS    $0x1e, Y0, Y2, Y5
	VMAXPS    Y0, Y2, Y0
	VCMPPS    $0x1e, Y0, Y3, Y6
	VMAXPS    Y0, Y3, Y0
	VANDNPS   Y4, Y5, Y4
	VORPS     Y6, Y4, Y4
	VORPS     Y6, Y5, Y5
	VMOVUPS   Y0, (DI)
	VMOVMSKPS Y4, AX
	VMOVMSKPS Y5, R11
	SHLL      $8, R11
	ORL       R11, AX
	MOVW      AX, (R8)
	ADDQ      $32, SI
	ADDQ      $32, DX
	ADDQ      $32, DI
	ADDQ      $2, R8
	DECQ      BX
	JNZ       block
	ADDQ      R10, SI
	ADDQ      R10, DX
	DECQ      CX
	JNZ       pixel
	VZEROUPPER
	RET

// func maxPool2x2GradAVX2(ga, gb, gy *float32, arg *uint16, n, ch int)
TEXT ·maxPool2x2GradAVX2(SB), NOSPLIT, $0-48
	POOLGRAD_BODY(GRAD_ADD)

// func maxPool2x2GradSetAVX2(ga, gb, gy *float32, arg *uint16, n, ch int)
TEXT ·maxPool2x2GradSetAVX2(SB), NOSPLIT, $0-48
	POOLGRAD_BODY(GRAD_SET)
