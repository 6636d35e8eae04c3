//go:build amd64 && !purego

#include "textflag.h"

// func convTapsAVX2(y, x *float32, off *int, ntaps int, w, bias *float32, pairs, dx1, dy1, xstep, cw, cout, relu int)
// Two pixels × 32 channels per step: 8 accumulators (Y0-Y3 pixel 0,
// Y4-Y7 pixel 1), the tap's 4 weight vectors in Y8-Y11, the two input
// values broadcast in Y12 and Y13.
TEXT ·convTapsAVX2(SB), NOSPLIT, $0-104
	MOVQ y+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ dy1+64(FP), R11
	SHLQ $2, R11
	ADDQ DI, R11         // y of pixel 1
	MOVQ dx1+56(FP), R12
	SHLQ $2, R12
	ADDQ SI, R12         // x of pixel 1
	MOVQ off+16(FP), R8
	MOVQ ntaps+24(FP), R9
	SHLQ $3, R9
	ADDQ R8, R9          // end of the offsets
	MOVQ cout+88(FP), R13
	SHLQ $2, R13         // row stride in bytes
	MOVQ cw+80(FP), R10
	SHLQ $2, R10         // channels to compute, in bytes
	MOVQ pairs+48(FP), CX

pair:
	XORQ R14, R14 // channel block offset in bytes

block:
	MOVQ  bias+40(FP), BX
	TESTQ BX, BX
	JZ    nobias
	VMOVUPS (BX)(R14*1), Y0
	VMOVUPS 32(BX)(R14*1), Y1
	VMOVUPS 64(BX)(R14*1), Y2
	VMOVUPS 96(BX)(R14*1), Y3
	JMP     init

nobias:
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3

init:
	VMOVAPS Y0, Y4
	VMOVAPS Y1, Y5
	VMOVAPS Y2, Y6
	VMOVAPS Y3, Y7
	MOVQ    w+32(FP), DX
	ADDQ    R14, DX
	MOVQ    R8, AX

tap:
	MOVQ         (AX), BX
	VMOVUPS      (DX), Y8
	VMOVUPS      32(DX), Y9
	VMOVUPS      64(DX), Y10
	VMOVUPS      96(DX), Y11
	VBROADCASTSS (SI)(BX*4), Y12
	VBROADCASTSS (R12)(BX*4), Y13
	VFMADD231PS  Y8, Y12, Y0
	VFMADD231PS  Y9, Y12, Y1
	VFMADD231PS  Y10, Y12, Y2
	VFMADD231PS  Y11, Y12, Y3
	VFMADD231PS  Y8, Y13, Y4
	VFMADD231PS  Y9, Y13, Y5
	VFMADD231PS  Y10, Y13, Y6
	VFMADD231PS  Y11, Y13, Y7
	ADDQ         R13, DX
	ADDQ         $8, AX
	CMPQ         AX, R9
	JNE          tap

	CMPQ   relu+96(FP), $0
	JEQ    store
	VPSRAD $31, Y0, Y12
	VPANDN Y0, Y12, Y0
	VPSRAD $31, Y1, Y12
	VPANDN Y1, Y12, Y1
	VPSRAD $31, Y2, Y12
	VPANDN Y2, Y12, Y2
	VPSRAD $31, Y3, Y12
	VPANDN Y3, Y12, Y3
	VPSRAD $31, Y4, Y12
	VPANDN Y4, Y12, Y4
	VPSRAD $31, Y5, Y12
	VPANDN Y5, Y12, Y5
	VPSRAD $31, Y6, Y12
	VPANDN Y6, Y12, Y6
	VPSRAD $31, Y7, Y12
	VPANDN Y7, Y12, Y7

store:
	VMOVUPS Y0, (DI)(R14*1)
	VMOVUPS Y1, 32(DI)(R14*1)
	VMOVUPS Y2, 64(DI)(R14*1)
	VMOVUPS Y3, 96(DI)(R14*1)
	VMOVUPS Y4, (R11)(R14*1)
	VMOVUPS Y5, 32(R11)(R14*1)
	VMOVUPS Y6, 64(R11)(R14*1)
	VMOVUPS Y7, 96(R11)(R14*1)
	ADDQ    $128, R14
	CMPQ    R14, R10
	JNE     block

	MOVQ xstep+72(FP), BX
	SHLQ $3, BX           // two pixels, in bytes
	ADDQ BX, SI
	ADDQ BX, R12
	LEAQ (DI)(R13*2), DI
	LEAQ (R11)(R13*2), R11
	DECQ CX
	JNZ  pair
	VZEROUPPER
	RET

// func convTapsGradAVX2(dw, db, x *float32, off *int, chunks int, gy *float32, npix, xstep, cwb, cout int)
// Per 16 channels and chunk of 3 taps: 6 accumulators (Y0-Y5) loaded
// from dw, the pixel's 16 gradients in Y6-Y7, the 3 input values
// broadcast in Y8-Y10. Then the bias gradient: 2 accumulators.
TEXT ·convTapsGradAVX2(SB), NOSPLIT, $0-80
	MOVQ cout+72(FP), R13
	SHLQ $2, R13          // row stride in bytes
	MOVQ xstep+56(FP), R8
	SHLQ $2, R8           // pixel stride in bytes
	XORQ R14, R14         // channel block offset in bytes

gblock:
	MOVQ  off+24(FP), DX
	MOVQ  dw+0(FP), R9
	MOVQ  chunks+32(FP), AX
	TESTQ AX, AX
	JZ    gbias

gchunk:
	MOVQ    (DX), R10
	MOVQ    8(DX), R11
	MOVQ    16(DX), R12
	LEAQ    (R9)(R14*1), BX
	VMOVUPS (BX), Y0
	VMOVUPS 32(BX), Y1
	VMOVUPS (BX)(R13*1), Y2
	VMOVUPS 32(BX)(R13*1), Y3
	VMOVUPS (BX)(R13*2), Y4
	VMOVUPS 32(BX)(R13*2), Y5
	MOVQ    x+16(FP), SI
	MOVQ    gy+40(FP), DI
	ADDQ    R14, DI
	MOVQ    npix+48(FP), CX

gpix:
	VMOVUPS      (DI), Y6
	VMOVUPS      32(DI), Y7
	VBROADCASTSS (SI)(R10*4), Y8
	VBROADCASTSS (SI)(R11*4), Y9
	VBROADCASTSS (SI)(R12*4), Y10
	VFMADD231PS  Y6, Y8, Y0
	VFMADD231PS  Y7, Y8, Y1
	VFMADD231PS  Y6, Y9, Y2
	VFMADD231PS  Y7, Y9, Y3
	VFMADD231PS  Y6, Y10, Y4
	VFMADD231PS  Y7, Y10, Y5
	ADDQ         R8, SI
	ADDQ         R13, DI
	DECQ         CX
	JNZ          gpix

	VMOVUPS Y0, (BX)
	VMOVUPS Y1, 32(BX)
	VMOVUPS Y2, (BX)(R13*1)
	VMOVUPS Y3, 32(BX)(R13*1)
	VMOVUPS Y4, (BX)(R13*2)
	VMOVUPS Y5, 32(BX)(R13*2)
	ADDQ    $24, DX
	LEAQ    (R9)(R13*2), R9
	ADDQ    R13, R9
	DECQ    AX
	JNZ     gchunk

gbias:
	MOVQ    db+8(FP), BX
	TESTQ   BX, BX
	JZ      gnext
	VMOVUPS (BX)(R14*1), Y0
	VMOVUPS 32(BX)(R14*1), Y1
	MOVQ    gy+40(FP), DI
	ADDQ    R14, DI
	MOVQ    npix+48(FP), CX

bpix:
	VADDPS  (DI), Y0, Y0
	VADDPS  32(DI), Y1, Y1
	ADDQ    R13, DI
	DECQ    CX
	JNZ     bpix
	VMOVUPS Y0, (BX)(R14*1)
	VMOVUPS Y1, 32(BX)(R14*1)

gnext:
	ADDQ $64, R14
	CMPQ R14, cwb+64(FP)
	JNE  gblock
	VZEROUPPER
	RET

// func convCopyRowsAVX2(dst *float32, dstep int, src *float32, sstep, n8, rows int)
TEXT ·convCopyRowsAVX2(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI
	MOVQ dstep+8(FP), R8
	SHLQ $2, R8
	MOVQ src+16(FP), SI
	MOVQ sstep+24(FP), R9
	SHLQ $2, R9
	MOVQ n8+32(FP), R10
	MOVQ rows+40(FP), CX

crow:
	XORQ AX, AX
	MOVQ R10, DX

ccopy4:
	CMPQ    DX, $32
	JB      ccopy1
	VMOVUPS (SI)(AX*1), Y0
	VMOVUPS 32(SI)(AX*1), Y1
	VMOVUPS 64(SI)(AX*1), Y2
	VMOVUPS 96(SI)(AX*1), Y3
	VMOVUPS Y0, (DI)(AX*1)
	VMOVUPS Y1, 32(DI)(AX*1)
	VMOVUPS Y2, 64(DI)(AX*1)
	VMOVUPS Y3, 96(DI)(AX*1)
	ADDQ    $128, AX
	SUBQ    $32, DX
	JMP     ccopy4

ccopy1:
	TESTQ   DX, DX
	JZ      cnext
	VMOVUPS (SI)(AX*1), Y0
	VMOVUPS Y0, (DI)(AX*1)
	ADDQ    $32, AX
	SUBQ    $8, DX
	JMP     ccopy1

cnext:
	ADDQ R8, DI
	ADDQ R9, SI
	DECQ CX
	JNZ  crow
	VZEROUPPER
	RET

// func convAddRowsAVX2(dst *float32, dstep int, src *float32, sstep, n8, rows int)
// Row after row, so overlapping destination rows see the earlier sums.
TEXT ·convAddRowsAVX2(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI
	MOVQ dstep+8(FP), R8
	SHLQ $2, R8
	MOVQ src+16(FP), SI
	MOVQ sstep+24(FP), R9
	SHLQ $2, R9
	MOVQ n8+32(FP), R10
	MOVQ rows+40(FP), CX

arow:
	XORQ AX, AX
	MOVQ R10, DX

aadd4:
	CMPQ    DX, $32
	JB      aadd1
	VMOVUPS (SI)(AX*1), Y0
	VMOVUPS 32(SI)(AX*1), Y1
	VMOVUPS 64(SI)(AX*1), Y2
	VMOVUPS 96(SI)(AX*1), Y3
	VADDPS  (DI)(AX*1), Y0, Y0
	VADDPS  32(DI)(AX*1), Y1, Y1
	VADDPS  64(DI)(AX*1), Y2, Y2
	VADDPS  96(DI)(AX*1), Y3, Y3
	VMOVUPS Y0, (DI)(AX*1)
	VMOVUPS Y1, 32(DI)(AX*1)
	VMOVUPS Y2, 64(DI)(AX*1)
	VMOVUPS Y3, 96(DI)(AX*1)
	ADDQ    $128, AX
	SUBQ    $32, DX
	JMP     aadd4

aadd1:
	TESTQ   DX, DX
	JZ      anext
	VMOVUPS (SI)(AX*1), Y0
	VADDPS  (DI)(AX*1), Y0, Y0
	VMOVUPS Y0, (DI)(AX*1)
	ADDQ    $32, AX
	SUBQ    $8, DX
	JMP     aadd1

anext:
	ADDQ R8, DI
	ADDQ R9, SI
	DECQ CX
	JNZ  arow
	VZEROUPPER
	RET

// Lane l holds 1<<l.
DATA convLaneBits<>+0(SB)/4, $1
DATA convLaneBits<>+4(SB)/4, $2
DATA convLaneBits<>+8(SB)/4, $4
DATA convLaneBits<>+12(SB)/4, $8
DATA convLaneBits<>+16(SB)/4, $16
DATA convLaneBits<>+20(SB)/4, $32
DATA convLaneBits<>+24(SB)/4, $64
DATA convLaneBits<>+28(SB)/4, $128
GLOBL convLaneBits<>(SB), RODATA|NOPTR, $32

// func reluBitsAVX2(bits *uint8, y *float32, n int)
// A value's mask bit is int32(bits) > 0.
TEXT ·reluBitsAVX2(SB), NOSPLIT, $0-24
	MOVQ  bits+0(FP), DI
	MOVQ  y+8(FP), SI
	MOVQ  n+16(FP), CX
	SHRQ  $3, CX
	VPXOR Y15, Y15, Y15

mloop:
	VMOVDQU   (SI), Y0
	VPCMPGTD  Y15, Y0, Y0
	VMOVMSKPS Y0, AX
	MOVB      AX, (DI)
	ADDQ      $32, SI
	INCQ      DI
	DECQ      CX
	JNZ       mloop
	VZEROUPPER
	RET

// func reluGradBitsAVX2(dst, gout *float32, bits *uint8, n int)
TEXT ·reluGradBitsAVX2(SB), NOSPLIT, $0-32
	MOVQ    dst+0(FP), DI
	MOVQ    gout+8(FP), SI
	MOVQ    bits+16(FP), R8
	MOVQ    n+24(FP), CX
	SHRQ    $3, CX
	VMOVDQU convLaneBits<>(SB), Y14

gmloop:
	MOVBLZX      (R8), AX
	VMOVD        AX, X1
	VPBROADCASTD X1, Y1
	VPAND        Y14, Y1, Y1
	VPCMPEQD     Y14, Y1, Y1
	VANDPS       (SI), Y1, Y0
	VMOVUPS      Y0, (DI)
	ADDQ         $32, SI
	ADDQ         $32, DI
	INCQ         R8
	DECQ         CX
	JNZ          gmloop
	VZEROUPPER
	RET
