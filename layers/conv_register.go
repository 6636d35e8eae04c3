package layers

// Registers the convolution layers for FromConfig and model loading.
func init() {
	type maker func(class string, rank int, cfg Config) Layer
	conv := func(class string, rank int, cfg Config) Layer { return convFromConfig(class, rank, cfg) }
	transpose := func(class string, rank int, cfg Config) Layer { return convTransposeFromConfig(class, rank, cfg) }
	depthwise := func(class string, rank int, cfg Config) Layer { return depthwiseConvFromConfig(class, rank, cfg) }
	separable := func(class string, rank int, cfg Config) Layer { return separableConvFromConfig(class, rank, cfg) }
	for _, c := range []struct {
		class string
		rank  int
		make  maker
	}{
		{"Conv1D", 1, conv}, {"Conv2D", 2, conv}, {"Conv3D", 3, conv},
		{"Conv1DTranspose", 1, transpose}, {"Conv2DTranspose", 2, transpose}, {"Conv3DTranspose", 3, transpose},
		{"DepthwiseConv1D", 1, depthwise}, {"DepthwiseConv2D", 2, depthwise},
		{"SeparableConv1D", 1, separable}, {"SeparableConv2D", 2, separable},
	} {
		Register(c.class, func(cfg Config) (Layer, error) {
			l := c.make(c.class, c.rank, cfg)
			return l, l.Base().Err()
		})
	}
}
