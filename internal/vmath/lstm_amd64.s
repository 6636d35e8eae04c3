//go:build amd64 && !purego

#include "textflag.h"
#include "consts_amd64.h"
#include "expcore_amd64.h"

// SIGMOID_Y5: Y0 = sigmoid(Y5), the same arithmetic as sigmoidAVX2.
// Clobbers Y1-Y3.
#define SIGMOID_Y5 \
	VORPS     c_sign<>(SB), Y5, Y0; \
	EXP_CORE; \
	VMOVUPS   c_one<>(SB), Y2; \
	VADDPS    Y2, Y0, Y1; \
	VBLENDVPS Y5, Y0, Y2, Y2; \
	VDIVPS    Y1, Y2, Y0

// TANH_Y5: Y0 = tanh(Y5), the same arithmetic as tanhAVX2.
// Clobbers Y1-Y3, Y6, Y7.
#define TANH_Y5 \
	VANDPS      c_abs<>(SB), Y5, Y6; \
	VADDPS      Y6, Y6, Y0; \
	EXP_CORE; \
	VADDPS      c_one<>(SB), Y0, Y0; \
	VMOVUPS     c_two<>(SB), Y1; \
	VDIVPS      Y0, Y1, Y1; \
	VMOVUPS     c_one<>(SB), Y0; \
	VSUBPS      Y1, Y0, Y0; \
	VMULPS      Y5, Y5, Y1; \
	VMOVUPS     c_t0<>(SB), Y2; \
	VFMADD213PS c_t1<>(SB), Y1, Y2; \
	VFMADD213PS c_t2<>(SB), Y1, Y2; \
	VFMADD213PS c_t3<>(SB), Y1, Y2; \
	VFMADD213PS c_t4<>(SB), Y1, Y2; \
	VMULPS      Y1, Y2, Y2; \
	VFMADD213PS Y5, Y5, Y2; \
	VSUBPS      c_small<>(SB), Y6, Y6; \
	VBLENDVPS   Y6, Y2, Y0, Y0; \
	VANDPS      c_sign<>(SB), Y5, Y7; \
	VORPS       Y7, Y0, Y0

// func lstmCellAVX2(z, bias, cprev, c, t, h []float32)
// u = len(c), u % 8 == 0; z and bias hold 4u values (gates i, f, g, o).
TEXT ·lstmCellAVX2(SB), NOSPLIT, $0-144
	MOVQ z_base+0(FP), SI
	MOVQ bias_base+24(FP), BX
	MOVQ cprev_base+48(FP), R8
	MOVQ c_base+72(FP), R9
	MOVQ c_len+80(FP), CX
	MOVQ t_base+96(FP), R10
	MOVQ h_base+120(FP), R11
	LOAD_CLAMPS
	MOVQ CX, DX
	SHLQ $2, DX               // DX = u*4 bytes: offset of gate block 1
	LEAQ (DX)(DX*2), R12      // R12 = 3u*4: gate block 3
	SHRQ $3, CX
	JZ   done

loop:
	VMOVUPS (SI), Y5
	VADDPS  (BX), Y5, Y5
	SIGMOID_Y5
	VMOVUPS Y0, (SI)
	VMOVAPS Y0, Y8            // i

	VMOVUPS (SI)(DX*1), Y5
	VADDPS  (BX)(DX*1), Y5, Y5
	SIGMOID_Y5
	VMOVUPS Y0, (SI)(DX*1)
	VMOVAPS Y0, Y9            // f

	VMOVUPS (SI)(DX*2), Y5
	VADDPS  (BX)(DX*2), Y5, Y5
	TANH_Y5
	VMOVUPS Y0, (SI)(DX*2)
	VMOVAPS Y0, Y10           // g

	VMOVUPS (SI)(R12*1), Y5
	VADDPS  (BX)(R12*1), Y5, Y5
	SIGMOID_Y5
	VMOVUPS Y0, (SI)(R12*1)
	VMOVAPS Y0, Y11           // o

	VMULPS  (R8), Y9, Y5      // f*cprev
	VMULPS  Y10, Y8, Y12      // i*g
	VADDPS  Y12, Y5, Y5       // c
	VMOVUPS Y5, (R9)
	TANH_Y5
	VMOVUPS Y0, (R10)         // t = tanh(c)
	VMULPS  Y0, Y11, Y0
	VMOVUPS Y0, (R11)         // h = o*t

	ADDQ $32, SI
	ADDQ $32, BX
	ADDQ $32, R8
	ADDQ $32, R9
	ADDQ $32, R10
	ADDQ $32, R11
	DECQ CX
	JNZ  loop

done:
	VZEROUPPER
	RET

// func lstmCellGradAVX2(gates, cprev, t, dh, dcIn, dz, dcOut []float32)
// u = len(t), u % 8 == 0; gates and dz hold 4u values.
TEXT ·lstmCellGradAVX2(SB), NOSPLIT, $0-168
	MOVQ gates_base+0(FP), SI
	MOVQ cprev_base+24(FP), R8
	MOVQ t_base+48(FP), R9
	MOVQ t_len+56(FP), CX
	MOVQ dh_base+72(FP), R10
	MOVQ dcIn_base+96(FP), R11
	MOVQ dz_base+120(FP), DI
	MOVQ dcOut_base+144(FP), R13
	VMOVUPS c_one<>(SB), Y15
	MOVQ CX, DX
	SHLQ $2, DX
	LEAQ (DX)(DX*2), R12
	SHRQ $3, CX
	JZ   gdone

gloop:
	VMOVUPS (R9), Y1          // t
	VMOVUPS (R10), Y2         // dh
	VMOVUPS (SI)(R12*1), Y3   // o

	// dz_o = (dh*t) * (o*(1-o))
	VSUBPS  Y3, Y15, Y4
	VMULPS  Y3, Y4, Y4
	VMULPS  Y1, Y2, Y5
	VMULPS  Y4, Y5, Y5
	VMOVUPS Y5, (DI)(R12*1)

	// dc = (dh*o) * (1-t*t) + dcIn
	VMULPS  Y1, Y1, Y4
	VSUBPS  Y4, Y15, Y4
	VMULPS  Y3, Y2, Y5
	VMULPS  Y4, Y5, Y5
	VADDPS  (R11), Y5, Y5     // dc

	VMOVUPS (SI), Y6          // i
	VMOVUPS (SI)(DX*1), Y7    // f
	VMOVUPS (SI)(DX*2), Y8    // g

	// dcOut = dc*f
	VMULPS  Y7, Y5, Y9
	VMOVUPS Y9, (R13)

	// dz_i = (dc*g) * (i*(1-i))
	VSUBPS  Y6, Y15, Y9
	VMULPS  Y6, Y9, Y9
	VMULPS  Y8, Y5, Y10
	VMULPS  Y9, Y10, Y10
	VMOVUPS Y10, (DI)

	// dz_f = (dc*cprev) * (f*(1-f))
	VSUBPS  Y7, Y15, Y9
	VMULPS  Y7, Y9, Y9
	VMULPS  (R8), Y5, Y10
	VMULPS  Y9, Y10, Y10
	VMOVUPS Y10, (DI)(DX*1)

	// dz_g = (dc*i) * (1-g*g)
	VMULPS  Y8, Y8, Y9
	VSUBPS  Y9, Y15, Y9
	VMULPS  Y6, Y5, Y10
	VMULPS  Y9, Y10, Y10
	VMOVUPS Y10, (DI)(DX*2)

	ADDQ $32, SI
	ADDQ $32, R8
	ADDQ $32, R9
	ADDQ $32, R10
	ADDQ $32, R11
	ADDQ $32, DI
	ADDQ $32, R13
	DECQ CX
	JNZ  gloop

gdone:
	VZEROUPPER
	RET
