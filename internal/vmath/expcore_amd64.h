// EXP_CORE computes Y0 = e^Y0 for 8 float32 lanes (AVX2 + FMA).
// Needs Y14 = broadcast(-104) and Y15 = broadcast(89); clobbers Y1-Y3.
// The clamps keep NaN (x is the second source of VMAXPS/VMINPS).
// n = round(x*log2e); r = x - n*ln2 (FMA, Cody-Waite);
// e^r = 1 + r + r^2*P(r); result = e^r * 2^(n>>1) * 2^(n-(n>>1)).
#define EXP_CORE \
	VMAXPS       Y0, Y14, Y0; \
	VMINPS       Y0, Y15, Y0; \
	VMULPS       c_log2e<>(SB), Y0, Y1; \
	VROUNDPS     $0, Y1, Y1; \
	VFNMADD231PS c_ln2hi<>(SB), Y1, Y0; \
	VFNMADD231PS c_ln2lo<>(SB), Y1, Y0; \
	VMOVUPS      c_p0<>(SB), Y2; \
	VFMADD213PS  c_p1<>(SB), Y0, Y2; \
	VFMADD213PS  c_p2<>(SB), Y0, Y2; \
	VFMADD213PS  c_p3<>(SB), Y0, Y2; \
	VFMADD213PS  c_p4<>(SB), Y0, Y2; \
	VFMADD213PS  c_p5<>(SB), Y0, Y2; \
	VMULPS       Y0, Y0, Y3; \
	VFMADD213PS  Y0, Y3, Y2; \
	VADDPS       c_one<>(SB), Y2, Y2; \
	VCVTPS2DQ    Y1, Y1; \
	VPSRAD       $1, Y1, Y3; \
	VPSUBD       Y3, Y1, Y1; \
	VPADDD       c_bias<>(SB), Y3, Y3; \
	VPADDD       c_bias<>(SB), Y1, Y1; \
	VPSLLD       $23, Y3, Y3; \
	VPSLLD       $23, Y1, Y1; \
	VMULPS       Y3, Y2, Y2; \
	VMULPS       Y1, Y2, Y0

// LOAD_CLAMPS loads the EXP_CORE clamp registers.
#define LOAD_CLAMPS \
	VMOVUPS c_lo<>(SB), Y14; \
	VMOVUPS c_hi<>(SB), Y15

// HSUM_Y12 leaves ((l0+l4)+(l2+l6)) + ((l1+l5)+(l3+l7)) of Y12 in X0.
#define HSUM_Y12 \
	VEXTRACTF128 $1, Y12, X0; \
	VADDPS       X0, X12, X0; \
	VMOVHLPS     X0, X0, X1; \
	VADDPS       X1, X0, X0; \
	VMOVSHDUP    X0, X1; \
	VADDSS       X1, X0, X0
