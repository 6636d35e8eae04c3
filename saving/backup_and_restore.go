package saving

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/callbacks"
)

// BackupOptions are keras.callbacks.BackupAndRestore's arguments after
// backup_dir. The zero value is Keras's defaults.
type BackupOptions struct {
	// SaveFreq is "epoch" (nil or "epoch"), an int (back up every that
	// many batches) or false (never back up; only restore).
	SaveFreq any
	// KeepCheckpoint keeps the backup after training ends (Keras's
	// delete_checkpoint=False).
	KeepCheckpoint bool
	// DoubleCheckpoint keeps the previous backup as well, used when the
	// latest one cannot be read.
	DoubleCheckpoint bool
}

// BackupFile is the backup BackupAndRestore keeps in its directory.
const BackupFile = "latest.weights.h5"

// trainingMetadata is where a backed-up run was and what restores its
// randomness: Keras's {"epoch", "batch"} plus the trainer's position and
// the seed generators' states.
type trainingMetadata struct {
	Epoch       int             `json:"epoch"`
	Batch       int             `json:"batch"`
	FitState    keras.FitState  `json:"fit_state"`
	RandomState [][2]uint64     `json:"random_state,omitempty"`
	Resumable   bool            `json:"resumable"`
	Extra       json.RawMessage `json:"extra,omitempty"`
}

// resumer is what BackupAndRestore needs from the model Fit runs
// (*keras.Model provides it).
type resumer interface {
	FitState() keras.FitState
	ResumeFit(keras.FitState) error
	RandomState() [][2]uint64
	SetRandomState([][2]uint64) error
}

// BackupAndRestore is keras.callbacks.BackupAndRestore: it backs training
// up into a directory (every epoch or every SaveFreq batches) and, when
// Fit starts and a backup exists, restores it, so that a process killed at
// any point and restarted with the same Fit call resumes from its last
// backup and ends with the same weights, bit for bit, as a run that was
// never interrupted.
//
// The backup is one file, BackupFile, written atomically (temporary name,
// fsync, rename): the layer weights and the optimizer state in Keras 3's
// .weights.h5 layout, and as the root attribute "training_metadata" the
// epoch and batch reached, the trainer's FitState (the shuffling seed) and
// the layers' seed-generator states (dropout masks). A restore loads them
// and calls ResumeFit, so training continues at the batch after the
// backup, with the same data order and dropout masks.
//
// Deviations from Keras: Keras writes the weights and a
// training_metadata.json side by side; here they share one file, so a
// kill can never leave a mismatched pair. The epoch's running metrics (the
// logs of the resumed epoch) restart from the resumed batch. The global
// random generator (random.NextSeed) is not part of the backup: Fit draws
// from it only at its start, which a resumed run replaces by the saved seed.
type BackupAndRestore struct {
	callbacks.Base
	BackupDir string
	opts      BackupOptions
	freq      int  // 0: "epoch"
	never     bool // save_freq=False

	currentEpoch  int
	lastBatchSeen int
	sinceSaving   int
}

// NewBackupAndRestore is keras.callbacks.BackupAndRestore(backup_dir, ...).
func NewBackupAndRestore(backupDir string, opts BackupOptions) (*BackupAndRestore, error) {
	if backupDir == "" {
		return nil, fmt.Errorf("BackupAndRestore: empty `backup_dir` argument passed")
	}
	b := &BackupAndRestore{BackupDir: backupDir, opts: opts}
	if f, ok := opts.SaveFreq.(bool); ok && !f {
		b.never = true
		return b, nil
	}
	freq, err := parseSaveFreq(opts.SaveFreq)
	if err != nil {
		return nil, fmt.Errorf("BackupAndRestore: invalid value for argument `save_freq`: %w", err)
	}
	b.freq = freq
	return b, nil
}

func (b *BackupAndRestore) path() string     { return filepath.Join(b.BackupDir, BackupFile) }
func (b *BackupAndRestore) prevPath() string { return b.path() + ".bkp" }

func (b *BackupAndRestore) model() (Model, error) {
	m, ok := b.Model().(Model)
	if !ok {
		return nil, fmt.Errorf("BackupAndRestore: the model (%T) cannot be saved by package saving", b.Model())
	}
	return m, nil
}

// OnTrainBegin restores the latest backup, if any (the previous one when
// DoubleCheckpoint is set and the latest cannot be read).
func (b *BackupAndRestore) OnTrainBegin(callbacks.Logs) error {
	m, err := b.model()
	if err != nil {
		return err
	}
	if len(m.Inputs()) == 0 {
		return fmt.Errorf("BackupAndRestore: model %q is unbuilt; build it (give it an input shape) before calling fit with BackupAndRestore", m.Base().Name())
	}
	err = b.restore(m, b.path())
	if err != nil && b.opts.DoubleCheckpoint {
		if _, statErr := os.Stat(b.prevPath()); statErr == nil {
			warnf("BackupAndRestore: the latest backup could not be restored (%v); restoring the previous one", err)
			err = b.restore(m, b.prevPath())
		}
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

func (b *BackupAndRestore) restore(m Model, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	root, err := readH5(f, st.Size())
	if err != nil {
		return fmt.Errorf("BackupAndRestore: reading %s: %w", path, err)
	}
	js, ok := root.attrString("training_metadata")
	if !ok {
		return fmt.Errorf("BackupAndRestore: %s has no training_metadata attribute", path)
	}
	var md trainingMetadata
	if err := json.Unmarshal([]byte(js), &md); err != nil {
		return fmt.Errorf("BackupAndRestore: %s: training_metadata: %w", path, err)
	}
	if err := loadKerasWeights(m, root, true, false); err != nil {
		return fmt.Errorf("BackupAndRestore: restoring %s: %w", path, err)
	}
	r, ok := b.Model().(resumer)
	if !ok {
		return fmt.Errorf("BackupAndRestore: the model (%T) cannot resume training (no ResumeFit)", b.Model())
	}
	if md.Resumable {
		if err := r.SetRandomState(md.RandomState); err != nil {
			return fmt.Errorf("BackupAndRestore: %s: %w", path, err)
		}
	}
	st2 := md.FitState
	if !md.Resumable { // a backup without the trainer's position: epoch granularity
		st2 = keras.FitState{Epoch: md.Epoch, Seed: r.FitState().Seed}
	}
	if err := r.ResumeFit(st2); err != nil {
		return fmt.Errorf("BackupAndRestore: %w", err)
	}
	b.currentEpoch, b.sinceSaving, b.lastBatchSeen = st2.Epoch, 0, max(st2.Step-1, 0)
	return nil
}

// OnEpochEnd backs up when SaveFreq is "epoch".
func (b *BackupAndRestore) OnEpochEnd(epoch int, _ callbacks.Logs) error {
	b.currentEpoch = epoch + 1
	b.lastBatchSeen = 0
	if b.freq == 0 && !b.never {
		return b.save(true)
	}
	return nil
}

// OnTrainBatchEnd backs up every SaveFreq batches.
func (b *BackupAndRestore) OnTrainBatchEnd(batch int, _ callbacks.Logs) error {
	if b.never || b.freq == 0 {
		return nil
	}
	add := batch - b.lastBatchSeen
	if batch <= b.lastBatchSeen { // a new epoch
		add = batch + 1
	}
	b.sinceSaving += add
	b.lastBatchSeen = batch
	if b.sinceSaving >= b.freq {
		b.sinceSaving = 0
		return b.save(false)
	}
	return nil
}

// OnTrainEnd deletes the backup directory unless KeepCheckpoint.
func (b *BackupAndRestore) OnTrainEnd(callbacks.Logs) error {
	if !b.opts.KeepCheckpoint {
		if err := os.RemoveAll(b.BackupDir); err != nil {
			return fmt.Errorf("BackupAndRestore: %w", err)
		}
	}
	return nil
}

// save writes the backup; atEpochEnd positions it at the start of the
// next epoch.
func (b *BackupAndRestore) save(atEpochEnd bool) error {
	m, err := b.model()
	if err != nil {
		return err
	}
	md := trainingMetadata{Epoch: b.currentEpoch, Batch: b.lastBatchSeen}
	if r, ok := b.Model().(resumer); ok {
		md.FitState, md.RandomState, md.Resumable = r.FitState(), r.RandomState(), true
		if atEpochEnd {
			md.FitState.Epoch, md.FitState.Step = b.currentEpoch, 0
		}
	}
	js, err := json.Marshal(md)
	if err != nil {
		return fmt.Errorf("BackupAndRestore: %w", err)
	}
	tree := kerasWeightsTree(m, true)
	tree.attrs["training_metadata"] = string(js)
	var buf bytes.Buffer
	if err := writeH5(tree, &buf); err != nil {
		return fmt.Errorf("BackupAndRestore: model %q: %w", m.Base().Name(), err)
	}
	if err := os.MkdirAll(b.BackupDir, 0o755); err != nil {
		return fmt.Errorf("BackupAndRestore: %w", err)
	}
	if b.opts.DoubleCheckpoint {
		if err := copyFileAtomic(b.path(), b.prevPath()); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("BackupAndRestore: %w", err)
		}
	}
	if err := writeAtomic(b.path(), func(w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	}); err != nil {
		return fmt.Errorf("BackupAndRestore: %w", err)
	}
	return nil
}

func copyFileAtomic(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return writeAtomic(dst, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}
