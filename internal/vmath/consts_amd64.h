// 32-byte broadcast constants for the AVX2 exp-family kernels (file-local
// symbols: every .s file that includes this header gets its own copy).

// lo = -104
DATA c_lo<>+0(SB)/4, $0xc2d00000
DATA c_lo<>+4(SB)/4, $0xc2d00000
DATA c_lo<>+8(SB)/4, $0xc2d00000
DATA c_lo<>+12(SB)/4, $0xc2d00000
DATA c_lo<>+16(SB)/4, $0xc2d00000
DATA c_lo<>+20(SB)/4, $0xc2d00000
DATA c_lo<>+24(SB)/4, $0xc2d00000
DATA c_lo<>+28(SB)/4, $0xc2d00000
GLOBL c_lo<>(SB), RODATA|NOPTR, $32

// hi = 89
DATA c_hi<>+0(SB)/4, $0x42b20000
DATA c_hi<>+4(SB)/4, $0x42b20000
DATA c_hi<>+8(SB)/4, $0x42b20000
DATA c_hi<>+12(SB)/4, $0x42b20000
DATA c_hi<>+16(SB)/4, $0x42b20000
DATA c_hi<>+20(SB)/4, $0x42b20000
DATA c_hi<>+24(SB)/4, $0x42b20000
DATA c_hi<>+28(SB)/4, $0x42b20000
GLOBL c_hi<>(SB), RODATA|NOPTR, $32

// log2e = 1.442695
DATA c_log2e<>+0(SB)/4, $0x3fb8aa3b
DATA c_log2e<>+4(SB)/4, $0x3fb8aa3b
DATA c_log2e<>+8(SB)/4, $0x3fb8aa3b
DATA c_log2e<>+12(SB)/4, $0x3fb8aa3b
DATA c_log2e<>+16(SB)/4, $0x3fb8aa3b
DATA c_log2e<>+20(SB)/4, $0x3fb8aa3b
DATA c_log2e<>+24(SB)/4, $0x3fb8aa3b
DATA c_log2e<>+28(SB)/4, $0x3fb8aa3b
GLOBL c_log2e<>(SB), RODATA|NOPTR, $32

// ln2hi = 0.6933594
DATA c_ln2hi<>+0(SB)/4, $0x3f318000
DATA c_ln2hi<>+4(SB)/4, $0x3f318000
DATA c_ln2hi<>+8(SB)/4, $0x3f318000
DATA c_ln2hi<>+12(SB)/4, $0x3f318000
DATA c_ln2hi<>+16(SB)/4, $0x3f318000
DATA c_ln2hi<>+20(SB)/4, $0x3f318000
DATA c_ln2hi<>+24(SB)/4, $0x3f318000
DATA c_ln2hi<>+28(SB)/4, $0x3f318000
GLOBL c_ln2hi<>(SB), RODATA|NOPTR, $32

// ln2lo = -0.00021219444
DATA c_ln2lo<>+0(SB)/4, $0xb95e8083
DATA c_ln2lo<>+4(SB)/4, $0xb95e8083
DATA c_ln2lo<>+8(SB)/4, $0xb95e8083
DATA c_ln2lo<>+12(SB)/4, $0xb95e8083
DATA c_ln2lo<>+16(SB)/4, $0xb95e8083
DATA c_ln2lo<>+20(SB)/4, $0xb95e8083
DATA c_ln2lo<>+24(SB)/4, $0xb95e8083
DATA c_ln2lo<>+28(SB)/4, $0xb95e8083
GLOBL c_ln2lo<>(SB), RODATA|NOPTR, $32

// p0 = 0.00019875691
DATA c_p0<>+0(SB)/4, $0x39506967
DATA c_p0<>+4(SB)/4, $0x39506967
DATA c_p0<>+8(SB)/4, $0x39506967
DATA c_p0<>+12(SB)/4, $0x39506967
DATA c_p0<>+16(SB)/4, $0x39506967
DATA c_p0<>+20(SB)/4, $0x39506967
DATA c_p0<>+24(SB)/4, $0x39506967
DATA c_p0<>+28(SB)/4, $0x39506967
GLOBL c_p0<>(SB), RODATA|NOPTR, $32

// p1 = 0.0013981999
DATA c_p1<>+0(SB)/4, $0x3ab743ce
DATA c_p1<>+4(SB)/4, $0x3ab743ce
DATA c_p1<>+8(SB)/4, $0x3ab743ce
DATA c_p1<>+12(SB)/4, $0x3ab743ce
DATA c_p1<>+16(SB)/4, $0x3ab743ce
DATA c_p1<>+20(SB)/4, $0x3ab743ce
DATA c_p1<>+24(SB)/4, $0x3ab743ce
DATA c_p1<>+28(SB)/4, $0x3ab743ce
GLOBL c_p1<>(SB), RODATA|NOPTR, $32

// p2 = 0.008333452
DATA c_p2<>+0(SB)/4, $0x3c088908
DATA c_p2<>+4(SB)/4, $0x3c088908
DATA c_p2<>+8(SB)/4, $0x3c088908
DATA c_p2<>+12(SB)/4, $0x3c088908
DATA c_p2<>+16(SB)/4, $0x3c088908
DATA c_p2<>+20(SB)/4, $0x3c088908
DATA c_p2<>+24(SB)/4, $0x3c088908
DATA c_p2<>+28(SB)/4, $0x3c088908
GLOBL c_p2<>(SB), RODATA|NOPTR, $32

// p3 = 0.041665796
DATA c_p3<>+0(SB)/4, $0x3d2aa9c1
DATA c_p3<>+4(SB)/4, $0x3d2aa9c1
DATA c_p3<>+8(SB)/4, $0x3d2aa9c1
DATA c_p3<>+12(SB)/4, $0x3d2aa9c1
DATA c_p3<>+16(SB)/4, $0x3d2aa9c1
DATA c_p3<>+20(SB)/4, $0x3d2aa9c1
DATA c_p3<>+24(SB)/4, $0x3d2aa9c1
DATA c_p3<>+28(SB)/4, $0x3d2aa9c1
GLOBL c_p3<>(SB), RODATA|NOPTR, $32

// p4 = 0.16666666
DATA c_p4<>+0(SB)/4, $0x3e2aaaaa
DATA c_p4<>+4(SB)/4, $0x3e2aaaaa
DATA c_p4<>+8(SB)/4, $0x3e2aaaaa
DATA c_p4<>+12(SB)/4, $0x3e2aaaaa
DATA c_p4<>+16(SB)/4, $0x3e2aaaaa
DATA c_p4<>+20(SB)/4, $0x3e2aaaaa
DATA c_p4<>+24(SB)/4, $0x3e2aaaaa
DATA c_p4<>+28(SB)/4, $0x3e2aaaaa
GLOBL c_p4<>(SB), RODATA|NOPTR, $32

// p5 = 0.5
DATA c_p5<>+0(SB)/4, $0x3f000000
DATA c_p5<>+4(SB)/4, $0x3f000000
DATA c_p5<>+8(SB)/4, $0x3f000000
DATA c_p5<>+12(SB)/4, $0x3f000000
DATA c_p5<>+16(SB)/4, $0x3f000000
DATA c_p5<>+20(SB)/4, $0x3f000000
DATA c_p5<>+24(SB)/4, $0x3f000000
DATA c_p5<>+28(SB)/4, $0x3f000000
GLOBL c_p5<>(SB), RODATA|NOPTR, $32

// one = 1
DATA c_one<>+0(SB)/4, $0x3f800000
DATA c_one<>+4(SB)/4, $0x3f800000
DATA c_one<>+8(SB)/4, $0x3f800000
DATA c_one<>+12(SB)/4, $0x3f800000
DATA c_one<>+16(SB)/4, $0x3f800000
DATA c_one<>+20(SB)/4, $0x3f800000
DATA c_one<>+24(SB)/4, $0x3f800000
DATA c_one<>+28(SB)/4, $0x3f800000
GLOBL c_one<>(SB), RODATA|NOPTR, $32

// two = 2
DATA c_two<>+0(SB)/4, $0x40000000
DATA c_two<>+4(SB)/4, $0x40000000
DATA c_two<>+8(SB)/4, $0x40000000
DATA c_two<>+12(SB)/4, $0x40000000
DATA c_two<>+16(SB)/4, $0x40000000
DATA c_two<>+20(SB)/4, $0x40000000
DATA c_two<>+24(SB)/4, $0x40000000
DATA c_two<>+28(SB)/4, $0x40000000
GLOBL c_two<>(SB), RODATA|NOPTR, $32

// small = 0.625
DATA c_small<>+0(SB)/4, $0x3f200000
DATA c_small<>+4(SB)/4, $0x3f200000
DATA c_small<>+8(SB)/4, $0x3f200000
DATA c_small<>+12(SB)/4, $0x3f200000
DATA c_small<>+16(SB)/4, $0x3f200000
DATA c_small<>+20(SB)/4, $0x3f200000
DATA c_small<>+24(SB)/4, $0x3f200000
DATA c_small<>+28(SB)/4, $0x3f200000
GLOBL c_small<>(SB), RODATA|NOPTR, $32

// t0 = -0.0057049887
DATA c_t0<>+0(SB)/4, $0xbbbaf0ea
DATA c_t0<>+4(SB)/4, $0xbbbaf0ea
DATA c_t0<>+8(SB)/4, $0xbbbaf0ea
DATA c_t0<>+12(SB)/4, $0xbbbaf0ea
DATA c_t0<>+16(SB)/4, $0xbbbaf0ea
DATA c_t0<>+20(SB)/4, $0xbbbaf0ea
DATA c_t0<>+24(SB)/4, $0xbbbaf0ea
DATA c_t0<>+28(SB)/4, $0xbbbaf0ea
GLOBL c_t0<>(SB), RODATA|NOPTR, $32

// t1 = 0.020639088
DATA c_t1<>+0(SB)/4, $0x3ca9134e
DATA c_t1<>+4(SB)/4, $0x3ca9134e
DATA c_t1<>+8(SB)/4, $0x3ca9134e
DATA c_t1<>+12(SB)/4, $0x3ca9134e
DATA c_t1<>+16(SB)/4, $0x3ca9134e
DATA c_t1<>+20(SB)/4, $0x3ca9134e
DATA c_t1<>+24(SB)/4, $0x3ca9134e
DATA c_t1<>+28(SB)/4, $0x3ca9134e
GLOBL c_t1<>(SB), RODATA|NOPTR, $32

// t2 = -0.053739715
DATA c_t2<>+0(SB)/4, $0xbd5c1e2d
DATA c_t2<>+4(SB)/4, $0xbd5c1e2d
DATA c_t2<>+8(SB)/4, $0xbd5c1e2d
DATA c_t2<>+12(SB)/4, $0xbd5c1e2d
DATA c_t2<>+16(SB)/4, $0xbd5c1e2d
DATA c_t2<>+20(SB)/4, $0xbd5c1e2d
DATA c_t2<>+24(SB)/4, $0xbd5c1e2d
DATA c_t2<>+28(SB)/4, $0xbd5c1e2d
GLOBL c_t2<>(SB), RODATA|NOPTR, $32

// t3 = 0.13331442
DATA c_t3<>+0(SB)/4, $0x3e088393
DATA c_t3<>+4(SB)/4, $0x3e088393
DATA c_t3<>+8(SB)/4, $0x3e088393
DATA c_t3<>+12(SB)/4, $0x3e088393
DATA c_t3<>+16(SB)/4, $0x3e088393
DATA c_t3<>+20(SB)/4, $0x3e088393
DATA c_t3<>+24(SB)/4, $0x3e088393
DATA c_t3<>+28(SB)/4, $0x3e088393
GLOBL c_t3<>(SB), RODATA|NOPTR, $32

// t4 = -0.3333328
DATA c_t4<>+0(SB)/4, $0xbeaaaa99
DATA c_t4<>+4(SB)/4, $0xbeaaaa99
DATA c_t4<>+8(SB)/4, $0xbeaaaa99
DATA c_t4<>+12(SB)/4, $0xbeaaaa99
DATA c_t4<>+16(SB)/4, $0xbeaaaa99
DATA c_t4<>+20(SB)/4, $0xbeaaaa99
DATA c_t4<>+24(SB)/4, $0xbeaaaa99
DATA c_t4<>+28(SB)/4, $0xbeaaaa99
GLOBL c_t4<>(SB), RODATA|NOPTR, $32

// exponent bias 127 (int32)
DATA c_bias<>+0(SB)/4, $0x0000007f
DATA c_bias<>+4(SB)/4, $0x0000007f
DATA c_bias<>+8(SB)/4, $0x0000007f
DATA c_bias<>+12(SB)/4, $0x0000007f
DATA c_bias<>+16(SB)/4, $0x0000007f
DATA c_bias<>+20(SB)/4, $0x0000007f
DATA c_bias<>+24(SB)/4, $0x0000007f
DATA c_bias<>+28(SB)/4, $0x0000007f
GLOBL c_bias<>(SB), RODATA|NOPTR, $32

// abs mask
DATA c_abs<>+0(SB)/4, $0x7fffffff
DATA c_abs<>+4(SB)/4, $0x7fffffff
DATA c_abs<>+8(SB)/4, $0x7fffffff
DATA c_abs<>+12(SB)/4, $0x7fffffff
DATA c_abs<>+16(SB)/4, $0x7fffffff
DATA c_abs<>+20(SB)/4, $0x7fffffff
DATA c_abs<>+24(SB)/4, $0x7fffffff
DATA c_abs<>+28(SB)/4, $0x7fffffff
GLOBL c_abs<>(SB), RODATA|NOPTR, $32

// sign mask
DATA c_sign<>+0(SB)/4, $0x80000000
DATA c_sign<>+4(SB)/4, $0x80000000
DATA c_sign<>+8(SB)/4, $0x80000000
DATA c_sign<>+12(SB)/4, $0x80000000
DATA c_sign<>+16(SB)/4, $0x80000000
DATA c_sign<>+20(SB)/4, $0x80000000
DATA c_sign<>+24(SB)/4, $0x80000000
DATA c_sign<>+28(SB)/4, $0x80000000
GLOBL c_sign<>(SB), RODATA|NOPTR, $32

