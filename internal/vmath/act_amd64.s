//go:build amd64 && !purego

#include "textflag.h"
#include "consts_amd64.h"
#include "expcore_amd64.h"

// func sigmoidAVX2(dst, x []float32)
// e = e^-|x|; result = (x<0 ? e : 1) / (1+e). len(x) % 8 == 0.
TEXT ·sigmoidAVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ x_base+24(FP), SI
	MOVQ x_len+32(FP), CX
	LOAD_CLAMPS
	SHRQ $3, CX
	JZ   done

loop:
	VMOVUPS   (SI), Y5
	VORPS     c_sign<>(SB), Y5, Y0
	EXP_CORE
	VMOVUPS   c_one<>(SB), Y2
	VADDPS    Y2, Y0, Y1
	VBLENDVPS Y5, Y0, Y2, Y2
	VDIVPS    Y1, Y2, Y0
	VMOVUPS   Y0, (DI)
	ADDQ      $32, SI
	ADDQ      $32, DI
	DECQ      CX
	JNZ       loop

done:
	VZEROUPPER
	RET

// func tanhAVX2(dst, x []float32)
// |x| < 0.625: x + x*z*P(z), z = x*x; else 1 - 2/(e^{2|x|}+1); then the
// sign of x is OR-ed in (keeps tanh(-0) = -0).
// len(x) % 8 == 0.
TEXT ·tanhAVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ x_base+24(FP), SI
	MOVQ x_len+32(FP), CX
	LOAD_CLAMPS
	SHRQ $3, CX
	JZ   done

loop:
	VMOVUPS     (SI), Y5
	VANDPS      c_abs<>(SB), Y5, Y6
	VADDPS      Y6, Y6, Y0
	EXP_CORE
	VADDPS      c_one<>(SB), Y0, Y0
	VMOVUPS     c_two<>(SB), Y1
	VDIVPS      Y0, Y1, Y1
	VMOVUPS     c_one<>(SB), Y0
	VSUBPS      Y1, Y0, Y0
	VMULPS      Y5, Y5, Y1
	VMOVUPS     c_t0<>(SB), Y2
	VFMADD213PS c_t1<>(SB), Y1, Y2
	VFMADD213PS c_t2<>(SB), Y1, Y2
	VFMADD213PS c_t3<>(SB), Y1, Y2
	VFMADD213PS c_t4<>(SB), Y1, Y2
	VMULPS      Y1, Y2, Y2
	VFMADD213PS Y5, Y5, Y2
	VSUBPS      c_small<>(SB), Y6, Y6
	VBLENDVPS   Y6, Y2, Y0, Y0
	VANDPS      c_sign<>(SB), Y5, Y7
	VORPS       Y7, Y0, Y0
	VMOVUPS     Y0, (DI)
	ADDQ        $32, SI
	ADDQ        $32, DI
	DECQ        CX
	JNZ         loop

done:
	VZEROUPPER
	RET
