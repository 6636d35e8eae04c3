//go:build !amd64

package gemm

func sparseImplFor(*config) *sparseImpl { return &sparseGo }
