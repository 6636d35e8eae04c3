//go:build amd64 && !purego

#include "textflag.h"
#include "consts_amd64.h"
#include "expcore_amd64.h"

// func expAVX2(dst, x []float32)
// len(x) must be a multiple of 8; dst has at least len(x) elements.
TEXT ·expAVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ x_base+24(FP), SI
	MOVQ x_len+32(FP), CX
	LOAD_CLAMPS
	SHRQ $3, CX
	JZ   done

loop:
	VMOVUPS (SI), Y0
	EXP_CORE
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     loop

done:
	VZEROUPPER
	RET

// func expSumAVX2(dst, x []float32, sub float32) float32
// Computes e^(x[i]-sub) and returns their sum (8 lane partial sums, then
// HSUM_Y12). Stores into dst only when len(dst) != 0.
// len(x) must be a multiple of 8.
TEXT ·expSumAVX2(SB), NOSPLIT, $0-60
	MOVQ         dst_base+0(FP), DI
	MOVQ         dst_len+8(FP), DX
	MOVQ         x_base+24(FP), SI
	MOVQ         x_len+32(FP), CX
	VBROADCASTSS sub+48(FP), Y13
	LOAD_CLAMPS
	VXORPS       Y12, Y12, Y12
	SHRQ         $3, CX
	JZ           done
	TESTQ        DX, DX
	JZ           nostore

store:
	VMOVUPS (SI), Y0
	VSUBPS  Y13, Y0, Y0
	EXP_CORE
	VMOVUPS Y0, (DI)
	VADDPS  Y0, Y12, Y12
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     store
	JMP     done

nostore:
	VMOVUPS (SI), Y0
	VSUBPS  Y13, Y0, Y0
	EXP_CORE
	VADDPS  Y0, Y12, Y12
	ADDQ    $32, SI
	DECQ    CX
	JNZ     nostore

done:
	HSUM_Y12
	VMOVSS X0, ret+56(FP)
	VZEROUPPER
	RET
