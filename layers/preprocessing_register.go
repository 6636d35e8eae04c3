package layers

// Registers the image preprocessing layers for FromConfig and model loading.
func init() {
	for name, f := range map[string]func(Config) Layer{
		"Rescaling":         func(c Config) Layer { return rescalingFromConfig(c) },
		"Resizing":          func(c Config) Layer { return resizingFromConfig(c) },
		"CenterCrop":        func(c Config) Layer { return centerCropFromConfig(c) },
		"RandomCrop":        func(c Config) Layer { return randomCropFromConfig(c) },
		"RandomFlip":        func(c Config) Layer { return randomFlipFromConfig(c) },
		"RandomRotation":    func(c Config) Layer { return randomRotationFromConfig(c) },
		"RandomTranslation": func(c Config) Layer { return randomTranslationFromConfig(c) },
		"RandomZoom":        func(c Config) Layer { return randomZoomFromConfig(c) },
		"RandomContrast":    func(c Config) Layer { return randomContrastFromConfig(c) },
		"RandomBrightness":  func(c Config) Layer { return randomBrightnessFromConfig(c) },
	} {
		f := f
		Register(name, func(c Config) (Layer, error) {
			l := f(c)
			return l, l.Base().Err()
		})
	}
}
