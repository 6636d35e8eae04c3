package ops

import "github.com/gokeras/keras/internal/gemm"

// sgemm is the matrix multiply every op uses: C = alpha*op(A)*op(B) + beta*C,
// row-major.
var sgemm = gemm.Sgemm
