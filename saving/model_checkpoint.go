package saving

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gokeras/keras/callbacks"
)

// The checkpoint callbacks live in package saving, not callbacks: they save
// models, package saving imports the root package, and the root package
// imports callbacks, so callbacks cannot import saving. They implement
// callbacks.Callback and are passed to Fit like any other.

// ModelCheckpointOptions are keras.callbacks.ModelCheckpoint's arguments
// after filepath. The zero value is Keras's defaults.
type ModelCheckpointOptions struct {
	// Monitor is the logs key compared for SaveBestOnly ("" = "val_loss").
	Monitor string
	// Verbose 1 prints a line when a checkpoint is written (or skipped).
	Verbose int
	// SaveBestOnly saves only when Monitor improves on the best value so far.
	SaveBestOnly bool
	// SaveWeightsOnly saves with SaveWeights (filepath ".weights.h5")
	// instead of SaveModel (filepath ".keras").
	SaveWeightsOnly bool
	// Mode is "auto" (""), "min" or "max".
	Mode string
	// SaveFreq is "epoch" (nil or "epoch") or an int: save every that many
	// batches.
	SaveFreq any
	// InitialValueThreshold is the best value to beat at the start
	// (SaveBestOnly).
	InitialValueThreshold *float64
	// Writer receives the verbose messages (nil: os.Stdout) and warnings
	// (nil: os.Stderr).
	Writer io.Writer
}

// ModelCheckpoint is keras.callbacks.ModelCheckpoint: it saves the model
// (or its weights) during Fit, at the end of every epoch or every SaveFreq
// batches, optionally only when the monitored value improved. filepath may
// hold Python format fields filled from the epoch (1-based), the batch and
// the logs: "weights.{epoch:02d}-{val_loss:.2f}.keras". Files are written
// atomically (temporary name, then rename).
//
// Deviation: the model saved is the one Fit runs (for a Sequential that is
// its functional graph, *keras.Model), so a full-model checkpoint of a
// Sequential reloads as an equivalent functional model.
type ModelCheckpoint struct {
	callbacks.Base
	Filepath string
	opts     ModelCheckpointOptions
	freq     int // 0: "epoch"
	less     bool
	best     *float64

	currentEpoch  int
	lastBatchSeen int
	sinceSaving   int
}

// NewModelCheckpoint is keras.callbacks.ModelCheckpoint(filepath, ...).
// Errors follow Keras: the extension must be ".keras" (".weights.h5" with
// SaveWeightsOnly) and SaveFreq "epoch" or a positive int.
func NewModelCheckpoint(filepath string, opts ModelCheckpointOptions) (*ModelCheckpoint, error) {
	c := &ModelCheckpoint{Filepath: filepath, opts: opts}
	if c.opts.Monitor == "" {
		c.opts.Monitor = "val_loss"
	}
	freq, err := parseSaveFreq(opts.SaveFreq)
	if err != nil {
		return nil, fmt.Errorf("ModelCheckpoint: %w", err)
	}
	c.freq = freq
	if opts.SaveWeightsOnly {
		if !strings.HasSuffix(filepath, ".weights.h5") {
			return nil, fmt.Errorf("ModelCheckpoint: when using `save_weights_only=True` in `ModelCheckpoint`, the filepath provided must end in `.weights.h5` (Keras weights format). Received: filepath=%s", filepath)
		}
	} else if !strings.HasSuffix(filepath, ".keras") {
		return nil, fmt.Errorf("ModelCheckpoint: the filepath provided must end in `.keras` (Keras model format). Received: filepath=%s", filepath)
	}
	switch opts.Mode {
	case "", "auto", "min", "max":
	default:
		c.warn(fmt.Sprintf("ModelCheckpoint mode '%s' is unknown, fallback to auto mode.", opts.Mode))
		c.opts.Mode = "auto"
	}
	if opts.InitialValueThreshold != nil {
		v := *opts.InitialValueThreshold
		c.best = &v
	}
	return c, nil
}

// parseSaveFreq reads save_freq: "epoch" (0) or a positive batch count.
func parseSaveFreq(v any) (int, error) {
	switch x := v.(type) {
	case nil:
		return 0, nil
	case string:
		if x == "epoch" {
			return 0, nil
		}
	case int:
		if x > 0 {
			return x, nil
		}
	}
	return 0, fmt.Errorf("unrecognized save_freq: %v. Expected save_freq are 'epoch' or a positive integer", v)
}

func (c *ModelCheckpoint) out() io.Writer {
	if c.opts.Writer != nil {
		return c.opts.Writer
	}
	return os.Stdout
}

func (c *ModelCheckpoint) warn(msg string) {
	w := c.opts.Writer
	if w == nil {
		w = os.Stderr
	}
	fmt.Fprintln(w, "UserWarning: "+msg)
}

// OnTrainBegin resolves the monitor's direction (mode "auto" asks the
// model, then Keras's rules: *loss is minimised, accuracy-like metrics
// maximised).
func (c *ModelCheckpoint) OnTrainBegin(callbacks.Logs) error {
	switch c.opts.Mode {
	case "min":
		c.less = true
	case "max":
		c.less = false
	default:
		less, ok := monitorDirection(c.opts.Monitor, c.Model())
		if !ok && c.opts.SaveBestOnly {
			return fmt.Errorf("ModelCheckpoint callback received monitor=%s, but Keras isn't able to automatically determine whether that metric should be maximized or minimized. Pass `mode='max'` in order to monitor based on the highest metric value, or pass `mode='min'` in order to use the lowest value", c.opts.Monitor)
		}
		c.less = less
	}
	return nil
}

// monitorDirection is MonitorCallback's "auto" mode: it reports whether the
// monitored value should decrease, and whether that is known.
func monitorDirection(monitor string, m callbacks.Model) (less, ok bool) {
	metric := strings.TrimPrefix(monitor, "val_")
	if metric == "loss" || strings.HasSuffix(metric, "_loss") {
		return true, true
	}
	if dm, isDM := m.(callbacks.MetricDirectionModel); isDM {
		if up, known := dm.MetricDirection(metric); known {
			return !up, true
		}
	}
	for _, up := range []string{"accuracy", "acc", "auc", "precision", "recall", "f1_score", "fbeta_score", "iou", "r2_score"} {
		if metric == up || strings.HasSuffix(metric, "_"+up) {
			return false, true
		}
	}
	for _, down := range []string{"crossentropy", "mean_squared_error", "mean_absolute_error", "mse", "mae", "hinge", "error"} {
		if strings.HasSuffix(metric, down) {
			return true, true
		}
	}
	return false, false
}

// OnEpochBegin records the epoch for batch-frequency saves.
func (c *ModelCheckpoint) OnEpochBegin(epoch int, _ callbacks.Logs) error {
	c.currentEpoch = epoch
	return nil
}

// OnTrainBatchEnd saves every SaveFreq batches.
func (c *ModelCheckpoint) OnTrainBatchEnd(batch int, logs callbacks.Logs) error {
	if c.shouldSaveOnBatch(batch) {
		return c.save(c.currentEpoch, batch, true, logs)
	}
	return nil
}

// OnEpochEnd saves when SaveFreq is "epoch".
func (c *ModelCheckpoint) OnEpochEnd(epoch int, logs callbacks.Logs) error {
	if c.freq == 0 {
		return c.save(epoch, 0, false, logs)
	}
	return nil
}

func (c *ModelCheckpoint) shouldSaveOnBatch(batch int) bool {
	if c.freq == 0 {
		return false
	}
	add := batch - c.lastBatchSeen
	if batch <= c.lastBatchSeen { // a new epoch
		add = batch + 1
	}
	c.sinceSaving += add
	c.lastBatchSeen = batch
	if c.sinceSaving >= c.freq {
		c.sinceSaving = 0
		return true
	}
	return false
}

// FilePath is ModelCheckpoint._get_file_path: Filepath formatted with
// epoch (1-based), batch (None for epoch saves) and the logs.
func (c *ModelCheckpoint) FilePath(epoch, batch int, hasBatch bool, logs callbacks.Logs) (string, error) {
	fields := map[string]any{"epoch": epoch + 1, "batch": nil}
	if hasBatch {
		fields["batch"] = batch
	}
	for k, v := range logs {
		fields[k] = v
	}
	p, err := pyFormat(c.Filepath, fields)
	if err != nil {
		return "", fmt.Errorf("ModelCheckpoint: failed to format this callback filepath: \"%s\". Reason: %w", c.Filepath, err)
	}
	return p, nil
}

func (c *ModelCheckpoint) save(epoch, batch int, hasBatch bool, logs callbacks.Logs) error {
	path, err := c.FilePath(epoch, batch, hasBatch, logs)
	if err != nil {
		return err
	}
	if !c.shouldSave(epoch, logs, path) {
		return nil
	}
	m, ok := c.Model().(Model)
	if !ok {
		return fmt.Errorf("ModelCheckpoint: the model (%T) cannot be saved by package saving", c.Model())
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("ModelCheckpoint: %w", err)
		}
	}
	if c.opts.SaveWeightsOnly {
		err = SaveWeights(m, path)
	} else {
		err = SaveModel(m, path)
	}
	if err != nil {
		return fmt.Errorf("ModelCheckpoint: please specify a non-directory filepath for ModelCheckpoint. Filepath used is an existing directory or could not be written: %s: %w", path, err)
	}
	return nil
}

// shouldSave is ModelCheckpoint._should_save_model, with its messages.
func (c *ModelCheckpoint) shouldSave(epoch int, logs callbacks.Logs, path string) bool {
	if !c.opts.SaveBestOnly {
		if c.opts.Verbose > 0 {
			fmt.Fprintf(c.out(), "\nEpoch %d: saving model to %s\n", epoch+1, path)
		}
		return true
	}
	current, ok := logs[c.opts.Monitor]
	if !ok {
		c.warn(fmt.Sprintf("Can save best model only with %s available.", c.opts.Monitor))
		return false
	}
	bestStr := "None"
	if c.best != nil {
		bestStr = fmt.Sprintf("%.5f", *c.best)
	}
	if c.best == nil || (c.less && current < *c.best) || (!c.less && current > *c.best) {
		if c.opts.Verbose > 0 {
			fmt.Fprintf(c.out(), "\nEpoch %d: %s improved from %s to %.5f, saving model to %s\n", epoch+1, c.opts.Monitor, bestStr, current, path)
		}
		v := current
		c.best = &v
		return true
	}
	if c.opts.Verbose > 0 {
		fmt.Fprintf(c.out(), "\nEpoch %d: %s did not improve from %s\n", epoch+1, c.opts.Monitor, bestStr)
	}
	return false
}

// Best is the best monitored value so far (nil before the first).
func (c *ModelCheckpoint) Best() *float64 { return c.best }
