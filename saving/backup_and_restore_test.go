package saving

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"

	"github.com/gokeras/keras"
	"github.com/gokeras/keras/callbacks"
	"github.com/gokeras/keras/layers"
	"github.com/gokeras/keras/random"
	"github.com/gokeras/keras/tensor"
)

// The kill test re-executes the test binary: the child (selected by
// brChildEnv) trains with BackupAndRestore and, when brKillEnv names a
// global batch, sends itself SIGKILL after that batch.
const (
	brChildEnv = "KERAS_BR_CHILD"
	brKillEnv  = "KERAS_BR_KILL_AT"
	brDirEnv   = "KERAS_BR_DIR"
	brOutEnv   = "KERAS_BR_OUT"
	brFreqEnv  = "KERAS_BR_FREQ"
)

const (
	brEpochs = 4
	brBatch  = 4
	brN      = 30 // 8 batches per epoch, the last one short
)

// brTrain builds, compiles and trains the kill test's model: Dropout
// (seed-generator state), Adam (optimizer state) and shuffling (seed) all
// have to be restored for the weights to match.
func brTrain(dir string, freq any, extra ...callbacks.Callback) (Model, error) {
	random.SetSeed(7)
	m, err := keras.NewSequential(layers.NewInputLayer([]int{3}),
		layers.NewDense(8, layers.WithActivation("relu"), layers.WithName("hidden")),
		layers.NewDropout(0.25, layers.WithName("drop")),
		layers.NewDense(1, layers.WithName("out")))
	if err != nil {
		return nil, err
	}
	if err := m.Compile("adam", "mse"); err != nil {
		return nil, err
	}
	xv := make([]float32, brN*3)
	yv := make([]float32, brN)
	for i := range xv {
		xv[i] = float32(math.Sin(float64(i) * 0.7))
	}
	for i := range yv {
		yv[i] = xv[3*i] - 0.5*xv[3*i+1] + 0.25*xv[3*i+2]*xv[3*i]
	}
	x, _ := tensor.FromFloat32(xv, brN, 3)
	y, _ := tensor.FromFloat32(yv, brN, 1)
	br, err := NewBackupAndRestore(dir, BackupOptions{SaveFreq: freq, DoubleCheckpoint: true})
	if err != nil {
		return nil, err
	}
	cbs := append([]callbacks.Callback{br}, extra...)
	_, err = m.Fit(x, y, keras.Epochs(brEpochs), keras.BatchSize(brBatch), keras.Verbose(0), keras.Callbacks(cbs...))
	return m, err
}

// killAt sends SIGKILL to its own process after global batch n (1-based).
type killAt struct {
	callbacks.Base
	n, epoch int
}

func (k *killAt) OnEpochBegin(epoch int, _ callbacks.Logs) error { k.epoch = epoch; return nil }
func (k *killAt) OnTrainBatchEnd(batch int, _ callbacks.Logs) error {
	if k.epoch*k.Params().Steps+batch+1 == k.n {
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {}
	}
	return nil
}

// batchCounter counts the batches a process trains.
type batchCounter struct {
	callbacks.Base
	n int
}

func (c *batchCounter) OnTrainBatchEnd(int, callbacks.Logs) error { c.n++; return nil }

// lastBackup is the global batch count of the last backup written before
// the kill after batch kill, starting from a restore at from: at epoch ends
// (freq 0, 8 batches per epoch; on_epoch_end comes after the kill of an
// epoch's last batch) or every freq batches after from (BackupAndRestore
// runs before the killing callback).
func lastBackup(from, kill, freq int) int {
	last := from
	for g := from + 1; g <= kill; g++ {
		if (freq == 0 && g%8 == 0 && g < kill) || (freq > 0 && (g-from)%freq == 0) {
			last = g
		}
	}
	return last
}

func weightBits(m Model) []byte {
	var buf bytes.Buffer
	for _, v := range m.Weights() {
		for _, f := range v.Value().Float32s() {
			binary.Write(&buf, binary.LittleEndian, math.Float32bits(f))
		}
	}
	return buf.Bytes()
}

// TestBackupAndRestoreChild is the child process of TestBackupAndRestoreKill.
func TestBackupAndRestoreChild(t *testing.T) {
	if os.Getenv(brChildEnv) == "" {
		t.Skip("child process of TestBackupAndRestoreKill")
	}
	var freq any = "epoch"
	if f := os.Getenv(brFreqEnv); f != "epoch" {
		n, _ := strconv.Atoi(f)
		freq = n
	}
	var extra []callbacks.Callback
	if k := os.Getenv(brKillEnv); k != "" {
		n, _ := strconv.Atoi(k)
		extra = append(extra, &killAt{n: n})
	}
	count := &batchCounter{}
	extra = append([]callbacks.Callback{count}, extra...)
	m, err := brTrain(os.Getenv(brDirEnv), freq, extra...)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(os.Getenv(brOutEnv), weightBits(m), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(os.Getenv(brOutEnv)+".batches", []byte(strconv.Itoa(count.n)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBackupAndRestoreKill kills a training process with SIGKILL mid-epoch
// (once or twice), restarts it with the same BackupAndRestore directory and
// checks that the final weights equal an uninterrupted run's bit for bit.
func TestBackupAndRestoreKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	run := func(t *testing.T, dir, freq, out string, kill int) error {
		cmd := exec.Command(os.Args[0], "-test.run=^TestBackupAndRestoreChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), brChildEnv+"=1", brDirEnv+"="+dir, brOutEnv+"="+out, brFreqEnv+"="+freq)
		if kill > 0 {
			cmd.Env = append(cmd.Env, brKillEnv+"="+strconv.Itoa(kill))
		}
		b, err := cmd.CombinedOutput()
		if err != nil && kill == 0 {
			t.Logf("child output:\n%s", b)
		}
		return err
	}
	for _, tc := range []struct {
		freq  string
		kills []int // global batches (8 per epoch) after which the child dies
	}{
		{"epoch", []int{11}},    // mid-epoch 2: resume from the end of epoch 1
		{"3", []int{5, 17}},     // twice, between batch backups
		{"1", []int{8, 9, 30}},  // at an epoch's last batch, right after, near the end
		{"epoch", []int{3, 16}}, // before the first backup; at an epoch end
	} {
		t.Run(fmt.Sprintf("freq=%s/kills=%v", tc.freq, tc.kills), func(t *testing.T) {
			tmp := t.TempDir()
			ref := filepath.Join(tmp, "ref.bin")
			if err := run(t, filepath.Join(tmp, "ref_backup"), tc.freq, ref, 0); err != nil {
				t.Fatalf("uninterrupted run: %v", err)
			}
			dir := filepath.Join(tmp, "backup")
			out := filepath.Join(tmp, "out.bin")
			freq, _ := strconv.Atoi(tc.freq)
			pos := 0
			for _, k := range tc.kills {
				pos = lastBackup(pos, k, freq)
				err := run(t, dir, tc.freq, out, k)
				ee, ok := err.(*exec.ExitError)
				if !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
					t.Fatalf("the child was to be killed after batch %d, got %v", k, err)
				}
			}
			if err := run(t, dir, tc.freq, out, 0); err != nil {
				t.Fatalf("restarted run: %v", err)
			}
			// The restarted run trained only what the last backup lacked.
			if n, _ := os.ReadFile(out + ".batches"); string(n) != strconv.Itoa(brEpochs*8-pos) {
				t.Fatalf("the restarted run trained %s batches, want %d (resumed after global batch %d)", n, brEpochs*8-pos, pos)
			}
			want, _ := os.ReadFile(ref)
			got, _ := os.ReadFile(out)
			if len(want) == 0 || !bytes.Equal(got, want) {
				t.Fatalf("weights after kill+restore differ from the uninterrupted run's")
			}
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Errorf("the backup directory was not deleted at the end of training")
			}
		})
	}
}
