//go:build amd64 && !purego

#include "textflag.h"

// Exact element-wise AVX2 kernels: no FMA, same operation order as the Go
// code, so results are bit-identical to the generic path.
// All lengths must be multiples of 8.

// func maxAVX2(x []float32) float32   (len(x) >= 8)
TEXT ·maxAVX2(SB), NOSPLIT, $0-28
	MOVQ    x_base+0(FP), SI
	MOVQ    x_len+8(FP), CX
	VMOVUPS (SI), Y0
	SHRQ    $3, CX
	DECQ    CX
	JZ      done

loop:
	ADDQ   $32, SI
	VMAXPS (SI), Y0, Y0
	DECQ   CX
	JNZ    loop

done:
	VEXTRACTF128 $1, Y0, X1
	VMAXPS       X1, X0, X0
	VMOVHLPS     X0, X0, X1
	VMAXPS       X1, X0, X0
	VMOVSHDUP    X0, X1
	VMAXSS       X1, X0, X0
	VMOVSS       X0, ret+24(FP)
	VZEROUPPER
	RET

// func addBiasReluAVX2(row, bias []float32)
// row[i] = relu(row[i] + bias[i]); relu clears words whose sign bit is set.
TEXT ·addBiasReluAVX2(SB), NOSPLIT, $0-48
	MOVQ row_base+0(FP), DI
	MOVQ row_len+8(FP), CX
	MOVQ bias_base+24(FP), SI
	SHRQ $3, CX
	JZ   done

loop:
	VMOVUPS (DI), Y0
	VADDPS  (SI), Y0, Y0
	VPSRAD  $31, Y0, Y1
	VPANDN  Y0, Y1, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     loop

done:
	VZEROUPPER
	RET

// func axpyAVX2(alpha float32, x, y []float32)
// y[i] += alpha*x[i] (product rounded, then added).
TEXT ·axpyAVX2(SB), NOSPLIT, $0-56
	VBROADCASTSS alpha+0(FP), Y15
	MOVQ         x_base+8(FP), SI
	MOVQ         x_len+16(FP), CX
	MOVQ         y_base+32(FP), DI
	MOVQ         CX, DX
	SHRQ         $5, DX
	JZ           tail

loop32:
	VMULPS  (SI), Y15, Y0
	VMULPS  32(SI), Y15, Y1
	VMULPS  64(SI), Y15, Y2
	VMULPS  96(SI), Y15, Y3
	VADDPS  (DI), Y0, Y0
	VADDPS  32(DI), Y1, Y1
	VADDPS  64(DI), Y2, Y2
	VADDPS  96(DI), Y3, Y3
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	ADDQ    $128, SI
	ADDQ    $128, DI
	DECQ    DX
	JNZ     loop32

tail:
	ANDQ $31, CX
	SHRQ $3, CX
	JZ   done

loop8:
	VMULPS  (SI), Y15, Y0
	VADDPS  (DI), Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     loop8

done:
	VZEROUPPER
	RET

// func adamAVX2(p, g, m, v []float32, alpha, c1, c2, eps float32)
// m += (g-m)*c1; v += (g*g-v)*c2; p -= (alpha*m) / (sqrt(v)+eps).
TEXT ·adamAVX2(SB), NOSPLIT, $0-112
	MOVQ         p_base+0(FP), DI
	MOVQ         p_len+8(FP), CX
	MOVQ         g_base+24(FP), SI
	MOVQ         m_base+48(FP), DX
	MOVQ         v_base+72(FP), R8
	VBROADCASTSS alpha+96(FP), Y15
	VBROADCASTSS c1+100(FP), Y14
	VBROADCASTSS c2+104(FP), Y13
	VBROADCASTSS eps+108(FP), Y12
	SHRQ         $3, CX
	JZ           done

loop:
	VMOVUPS (SI), Y0
	VMOVUPS (DX), Y1
	VMOVUPS (R8), Y2
	VSUBPS  Y1, Y0, Y3
	VMULPS  Y14, Y3, Y3
	VADDPS  Y3, Y1, Y1
	VMULPS  Y0, Y0, Y4
	VSUBPS  Y2, Y4, Y4
	VMULPS  Y13, Y4, Y4
	VADDPS  Y4, Y2, Y2
	VMOVUPS Y1, (DX)
	VMOVUPS Y2, (R8)
	VSQRTPS Y2, Y5
	VADDPS  Y12, Y5, Y5
	VMULPS  Y15, Y1, Y6
	VDIVPS  Y5, Y6, Y6
	VMOVUPS (DI), Y7
	VSUBPS  Y6, Y7, Y7
	VMOVUPS Y7, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, R8
	ADDQ    $32, DI
	DECQ    CX
	JNZ     loop

done:
	VZEROUPPER
	RET

// func reluAVX2(dst, x []float32)
// dst[i] = x[i] with words whose sign bit is set cleared to +0.
TEXT ·reluAVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ x_base+24(FP), SI
	MOVQ x_len+32(FP), CX
	SHRQ $3, CX
	JZ   done

loop:
	VMOVUPS (SI), Y0
	VPSRAD  $31, Y0, Y1
	VPANDN  Y0, Y1, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     loop

done:
	VZEROUPPER
	RET

// func reluGradAVX2(dst, gout, y []float32)
// dst[i] = gout[i] where int32(bits(y[i])) > 0 (y > 0), else +0.
TEXT ·reluGradAVX2(SB), NOSPLIT, $0-72
	MOVQ   dst_base+0(FP), DI
	MOVQ   dst_len+8(FP), CX
	MOVQ   gout_base+24(FP), SI
	MOVQ   y_base+48(FP), DX
	VPXOR  Y15, Y15, Y15
	SHRQ   $3, CX
	JZ     done

loop:
	VMOVUPS  (DX), Y0
	VPCMPGTD Y15, Y0, Y0
	VPAND    (SI), Y0, Y0
	VMOVUPS  Y0, (DI)
	ADDQ     $32, SI
	ADDQ     $32, DX
	ADDQ     $32, DI
	DECQ     CX
	JNZ      loop

done:
	VZEROUPPER
	RET

// func scaleAVX2(alpha float32, x []float32)
// x[i] *= alpha for i < len(x), a multiple of 8.
TEXT ·scaleAVX2(SB), NOSPLIT, $0-32
	VBROADCASTSS alpha+0(FP), Y15
	MOVQ         x_base+8(FP), DI
	MOVQ         x_len+16(FP), CX
	MOVQ         CX, DX
	SHRQ         $5, DX
	JZ           tail

loop32:
	VMULPS  (DI), Y15, Y0
	VMULPS  32(DI), Y15, Y1
	VMULPS  64(DI), Y15, Y2
	VMULPS  96(DI), Y15, Y3
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	ADDQ    $128, DI
	DECQ    DX
	JNZ     loop32

tail:
	ANDQ $31, CX
	SHRQ $3, CX
	JZ   done

loop8:
	VMULPS  (DI), Y15, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, DI
	DECQ    CX
	JNZ     loop8

done:
	VZEROUPPER
	RET

// func dotLanesAVX2(l *[8]float32, x, y []float32)
// l[j] += x[8q+j]*y[8q+j] for q < len(x)/8, in order of q (the product is
// rounded before the add: no FMA).
TEXT ·dotLanesAVX2(SB), NOSPLIT, $0-56
	MOVQ    l+0(FP), AX
	MOVQ    x_base+8(FP), SI
	MOVQ    x_len+16(FP), CX
	MOVQ    y_base+32(FP), DX
	VMOVUPS (AX), Y0
	SHRQ    $3, CX
	JZ      done

loop:
	VMOVUPS (SI), Y1
	VMULPS  (DX), Y1, Y1
	VADDPS  Y1, Y0, Y0
	ADDQ    $32, SI
	ADDQ    $32, DX
	DECQ    CX
	JNZ     loop

done:
	VMOVUPS Y0, (AX)
	VZEROUPPER
	RET
