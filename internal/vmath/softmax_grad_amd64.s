//go:build amd64 && !purego

#include "textflag.h"

// func softmaxGradAVX2(dst, g, y []float32, s float32, acc bool)
// dst[i] = y[i]*(g[i]-s) (acc: dst[i] += ...) for i < len(dst), a multiple
// of 8. Frame: dst+0, g+24, y+48, s+72, acc+76.
TEXT ·softmaxGradAVX2(SB), NOSPLIT, $0-77
	MOVQ         dst_base+0(FP), DI
	MOVQ         dst_len+8(FP), CX
	MOVQ         g_base+24(FP), SI
	MOVQ         y_base+48(FP), DX
	VBROADCASTSS s+72(FP), Y7
	SHRQ         $3, CX
	JZ           done
	MOVBLZX      acc+76(FP), AX
	TESTQ        AX, AX
	JNZ          accloop

setloop:
	VMOVUPS (SI), Y0
	VSUBPS  Y7, Y0, Y0
	VMULPS  (DX), Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, DI
	DECQ    CX
	JNZ     setloop
	JMP     done

accloop:
	VMOVUPS (SI), Y0
	VSUBPS  Y7, Y0, Y0
	VMULPS  (DX), Y0, Y0
	VADDPS  (DI), Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, DI
	DECQ    CX
	JNZ     accloop

done:
	VZEROUPPER
	RET
