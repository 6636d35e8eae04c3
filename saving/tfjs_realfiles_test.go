package saving

import (
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// TestTFJSRealFiles loads every TensorFlow.js layers model of the shared
// folder (tfjs's own model.save() files and a converter file) and checks
// the outputs recorded with TensorFlow.js 4.22.0 within 1e-4 relative.
func TestTFJSRealFiles(t *testing.T) {
	dir := sharedDir(t)
	old := WarningOutput
	WarningOutput = io.Discard
	defer func() { WarningOutput = old }()
	expected := loadExpected(t, dir)
	for _, tc := range []struct{ path, appliesTo string }{
		{"tensorflow+tfjs-examples/abalone-node/trainedModel/model.json", "abalone-node/trainedModel/model.json"},
		{"tensorflow+tfjs/tfjs-react-native/integration_rn59/assets/model/bundle_model_test.json", "bundle_model_test.json"},
		{"tensorflow+tfjs/e2e/integration_tests/load_predict_data/layers_model", "load_predict_data/layers_model/model.json"},
		{"AffanKhurram+HandwrittenDigits/tfjs_model", "tfjs_model/"},
		{"AffanKhurram+HandwrittenDigits/tfjs_model/model.json", "tfjs_model/"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			p := filepath.Join(dir, tc.path)
			if !IsTFJS(p) {
				t.Fatalf("IsTFJS(%s) = false", p)
			}
			m, err := LoadModel(p)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, e := range expected {
				for _, a := range e.AppliesTo {
					if strings.Contains(a, tc.appliesTo) {
						checkExpected(t, m, e)
						n++
					}
				}
			}
			if n == 0 {
				t.Fatalf("no expected outputs for %s", tc.path)
			}
		})
	}
}
