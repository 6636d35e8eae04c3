//go:build !amd64

package gemm

func bestConfig() *config { return &genericConfig }
