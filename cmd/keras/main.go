// Command keras inspects, runs and converts Keras model files.
//
//	keras summary FILE                      print the model summary
//	keras predict FILE --input a.npy[,b.npy] --output out.npy
//	keras convert IN OUT                    re-save by extension (.keras, .weights.h5,
//	                                        .json config; a directory, "DIR/" or
//	                                        ".../model.json": TensorFlow.js layers model)
//
// FILE is a .keras file, a legacy .h5 model, a TensorFlow.js layers model
// (its directory or model.json), or a config JSON given with --weights W.h5. With several model outputs, predict writes out_0.npy,
// out_1.npy, ...
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/saving"
	"github.com/gokeras/keras/tensor"
	"github.com/gokeras/keras/utils"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "keras:", err)
		os.Exit(1)
	}
}

const usage = `usage:
  keras summary FILE [--weights W.h5]
  keras predict FILE --input a.npy[,b.npy] --output out.npy [--weights W.h5]
  keras convert IN OUT [--weights W.h5]`

func run(args []string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	cmd := args[0]
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	weights := fs.String("weights", "", "weights file for a bare config JSON")
	input := fs.String("input", "", "comma-separated .npy inputs")
	output := fs.String("output", "", ".npy output")
	var pos []string
	rest := args[1:]
	for len(rest) > 0 {
		if err := fs.Parse(rest); err != nil {
			return fmt.Errorf("%v\n%s", err, usage)
		}
		rest = fs.Args()
		if len(rest) > 0 {
			pos = append(pos, rest[0])
			rest = rest[1:]
		}
	}
	switch cmd {
	case "summary":
		if len(pos) != 1 {
			return errors.New(usage)
		}
		m, err := load(pos[0], *weights)
		if err != nil {
			return err
		}
		return m.Summary(out)
	case "predict":
		if len(pos) != 1 || *input == "" || *output == "" {
			return errors.New(usage)
		}
		m, err := load(pos[0], *weights)
		if err != nil {
			return err
		}
		return predict(m, strings.Split(*input, ","), *output)
	case "convert":
		if len(pos) != 2 {
			return errors.New(usage)
		}
		m, err := load(pos[0], *weights)
		if err != nil {
			return err
		}
		switch {
		case strings.HasSuffix(pos[1], ".keras"):
			return saving.SaveModel(m, pos[1])
		case strings.HasSuffix(pos[1], ".weights.h5"):
			return saving.SaveWeights(m, pos[1])
		case strings.HasSuffix(pos[1], ".h5"):
			return saving.SaveLegacyH5(m, pos[1])
		case isTFJSOutput(pos[1]):
			dir := pos[1]
			if filepath.Base(dir) == saving.TFJSModelFile {
				dir = filepath.Dir(dir)
			}
			return saving.SaveTFJS(m, dir)
		case strings.HasSuffix(pos[1], ".json"):
			js, err := saving.ModelToJSON(m)
			if err != nil {
				return err
			}
			return os.WriteFile(pos[1], []byte(js), 0o644)
		}
		return fmt.Errorf("convert: unsupported output %q (use .keras, .h5 (legacy), .weights.h5, .json, or a directory for TensorFlow.js)", pos[1])
	}
	return fmt.Errorf("unknown command %q\n%s", cmd, usage)
}

// isTFJSOutput reports whether convert's output names a TensorFlow.js
// layers model: an existing directory, a path ending in "/", a path
// without an extension, or a file named model.json.
func isTFJSOutput(p string) bool {
	if st, err := os.Stat(p); err == nil && st.IsDir() {
		return true
	}
	return strings.HasSuffix(p, "/") || filepath.Ext(p) == "" || filepath.Base(p) == saving.TFJSModelFile
}

func load(path, weights string) (saving.Model, error) {
	m, err := saving.LoadModel(path)
	if err != nil {
		return nil, err
	}
	if weights != "" {
		if err := saving.LoadWeights(m, weights, false); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func predict(m saving.Model, inputs []string, output string) error {
	ins := m.Inputs()
	if len(inputs) != len(ins) {
		return fmt.Errorf("model %q takes %d input(s), got %d .npy file(s)", m.Base().Name(), len(ins), len(inputs))
	}
	xs := make([]*tensor.Tensor, len(inputs))
	for i, p := range inputs {
		x, err := utils.LoadNPY(p)
		if err != nil {
			return fmt.Errorf("input %d: %w", i, err)
		}
		want := ins[i].Shape()
		got := x.Shape()
		ok := len(want) == len(got)
		for d := 1; ok && d < len(want); d++ {
			ok = want[d] < 0 || want[d] == got[d]
		}
		if !ok {
			return fmt.Errorf("input %d (%s): expected shape %v, found %v", i, p, want, got)
		}
		if x.DType() != ins[i].DType() && ins[i].DType() == tensor.Float32 {
			return fmt.Errorf("input %d (%s): expected dtype %v, found %v", i, p, ins[i].DType(), x.DType())
		}
		xs[i] = x
	}
	var arg any = xs
	if len(xs) == 1 {
		arg = xs[0]
	}
	outs, err := m.Predict(arg, keras.Verbose(0))
	if err != nil {
		return err
	}
	if len(outs) == 1 {
		return utils.SaveNPY(output, outs[0])
	}
	ext := filepath.Ext(output)
	base := strings.TrimSuffix(output, ext)
	for i, o := range outs {
		if err := utils.SaveNPY(fmt.Sprintf("%s_%d%s", base, i, ext), o); err != nil {
			return err
		}
	}
	return nil
}
