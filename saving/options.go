package saving

// LoadOption configures a loader (ModelFromJSON, LoadModel, ...). A Custom
// map is a LoadOption.
type LoadOption interface{ apply(*loadConfig) }

type loadConfig struct {
	custom    Custom
	noCompile bool
	legacy    int // 0: decide from the file; 1: Keras 1/2 semantics; 2: Keras 3
}

func (c Custom) apply(lc *loadConfig) {
	if lc.custom == nil {
		lc.custom = Custom{}
	}
	for k, v := range c {
		lc.custom[k] = v
	}
}

type optFunc func(*loadConfig)

func (f optFunc) apply(lc *loadConfig) { f(lc) }

// NoCompile loads a model without compiling it from its saved compile
// config (Keras's compile=False).
func NoCompile() LoadOption { return optFunc(func(lc *loadConfig) { lc.noCompile = true }) }

// LegacySemantics forces (true) or forbids (false) Keras 1/2 semantics for
// names whose meaning changed in Keras 3 (hard_sigmoid), instead of deciding
// from the keras_version recorded in the file.
func LegacySemantics(on bool) LoadOption {
	return optFunc(func(lc *loadConfig) {
		lc.legacy = 2
		if on {
			lc.legacy = 1
		}
	})
}

func newLoadConfig(opts []LoadOption) *loadConfig {
	lc := &loadConfig{}
	for _, o := range opts {
		if o != nil {
			o.apply(lc)
		}
	}
	return lc
}
