package main

// helpers are the hand-written list and count routines of the sparse path;
// they share sparseMask<> with the kernel, so they go into the same file.
const helpers = `
// func sparseListRowsAVX2(rows int, x *float32, ldx int, n int, ld int, off *int32, val *float32, stride int, cnt *int32)
// For each row r < rows: stores the nonzero entries (x[r*ldx+p] != 0, NaN
// included) of that row's x[0:n] in increasing p as off[r*stride+q] = p*ld,
// val[r*stride+q] = x[r*ldx+p], and their count in cnt[r]. Branch free:
// each group of 8 is compressed with a permutation looked up by its
// nonzero mask and stored whole, so each list needs 8 spare entries
// (stride >= n+8). While listing a row it prefetches the next one.
TEXT ·sparseListRowsAVX2(SB), NOSPLIT, $0-72
	MOVQ ld+32(FP), R8
	VXORPS Y1, Y1, Y1
	LEAQ sparseLanes<>(SB), R11
	VMOVDQU (R11), Y9
	VMOVQ R8, X7
	VPBROADCASTD X7, Y7
	VPMULLD Y7, Y9, Y9
	SHLQ $3, R8
	VMOVQ R8, X8
	VPBROADCASTD X8, Y8
	LEAQ sparseLUT<>(SB), R11
	CMPQ rows+0(FP), $0
	JLE sparseList_ret
sparseList_row:
	MOVQ x+8(FP), SI
	MOVQ ldx+16(FP), BX
	LEAQ (SI)(BX*4), BX
	MOVQ n+24(FP), CX
	MOVQ off+40(FP), DI
	MOVQ val+48(FP), DX
	XORQ AX, AX
	XORQ R9, R9
	VMOVDQA Y9, Y6
	MOVQ CX, R13
	ANDQ $-8, R13
	JMP sparseList_check
sparseList_loop:
	PREFETCHT0 (BX)(R9*4)
	VMOVUPS (SI)(R9*4), Y0
sparseList_group:
	VCMPPS $4, Y0, Y1, Y2
	VMOVMSKPS Y2, R10
	VPMOVZXBD (R11)(R10*8), Y3
	VPERMPS Y0, Y3, Y4
	VPERMD Y6, Y3, Y5
	VMOVUPS Y4, (DX)(AX*4)
	VMOVDQU Y5, (DI)(AX*4)
	POPCNTL R10, R10
	ADDQ R10, AX
	VPADDD Y8, Y6, Y6
	ADDQ $8, R9
sparseList_check:
	CMPQ R9, R13
	JLT sparseList_loop
	CMPQ R9, CX
	JGE sparseList_done
	MOVQ $8, R12
	SUBQ CX, R12
	ADDQ R9, R12
	LEAQ sparseMask<>(SB), R10
	VMOVUPS (R10)(R12*4), Y3
	VMASKMOVPS (SI)(R9*4), Y3, Y0
	MOVQ CX, R13
	JMP sparseList_group
sparseList_done:
	MOVQ cnt+64(FP), R8
	MOVL AX, (R8)
	ADDQ $4, cnt+64(FP)
	MOVQ ldx+16(FP), R8
	SHLQ $2, R8
	ADDQ R8, x+8(FP)
	MOVQ stride+56(FP), R8
	SHLQ $2, R8
	ADDQ R8, off+40(FP)
	ADDQ R8, val+48(FP)
	DECQ rows+0(FP)
	JNZ sparseList_row
sparseList_ret:
	VZEROUPPER
	RET

// func sparseCountAVX2(x *float32, n8 int) int
// Counts the nonzero entries (x[p] != 0, NaN included) of x[0:8*n8].
TEXT ·sparseCountAVX2(SB), NOSPLIT, $0-24
	MOVQ x+0(FP), SI
	MOVQ n8+8(FP), CX
	VXORPS Y1, Y1, Y1
	VPXOR Y3, Y3, Y3
	VPXOR Y5, Y5, Y5
	CMPQ CX, $2
	JLT sparseCount_one
sparseCount_loop2:
	VCMPPS $4, (SI), Y1, Y2
	VCMPPS $4, 32(SI), Y1, Y4
	VPSUBD Y2, Y3, Y3
	VPSUBD Y4, Y5, Y5
	ADDQ $64, SI
	SUBQ $2, CX
	CMPQ CX, $2
	JGE sparseCount_loop2
sparseCount_one:
	TESTQ CX, CX
	JEQ sparseCount_sum
	VCMPPS $4, (SI), Y1, Y2
	VPSUBD Y2, Y3, Y3
sparseCount_sum:
	VPADDD Y5, Y3, Y3
	VEXTRACTI128 $1, Y3, X4
	VPADDD X4, X3, X3
	VPSHUFD $0x4e, X3, X4
	VPADDD X4, X3, X3
	VPSHUFD $0xb1, X3, X4
	VPADDD X4, X3, X3
	VMOVD X3, AX
	MOVQ AX, ret+16(FP)
	VZEROUPPER
	RET
`
