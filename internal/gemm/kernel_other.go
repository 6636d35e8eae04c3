//go:build !amd64

package gemm

func bestConfig() *config { return genericConfig }

// testConfigs lists the kernels that can run on this machine.
func testConfigs() []*config { return []*config{genericConfig} }

func gemvAVX2(n, k int, a, b []float32, ldb int, c []float32) bool { return false }
