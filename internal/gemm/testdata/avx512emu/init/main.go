// Command init is the /init of the initramfs that run.sh boots under the
// Bochs emulator: it prints the CPU features Go sees and the kernel that
// gemm selects, runs /gemm.test with -test.v -test.short and the flags of
// gemmflags= on the kernel command line, and powers the machine off.
//
// It lives under testdata so that ./... never builds it; build it with
//
//	CGO_ENABLED=0 go build -o init ./internal/gemm/testdata/avx512emu/init
package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/gokeras/keras/internal/gemm"
	"golang.org/x/sys/cpu"
	"golang.org/x/sys/unix"
)

func main() {
	con, err := os.OpenFile("/dev/console", os.O_WRONLY, 0)
	if err != nil {
		con = os.Stdout
	}
	say := func(format string, a ...any) { fmt.Fprintf(con, "avx512emu: "+format+"\n", a...) }
	defer func() {
		say("powering off")
		// Let the UART drain: the kernel drops unsent tty output at power off.
		_ = unix.IoctlSetInt(int(con.Fd()), unix.TCSBRK, 1)
		time.Sleep(time.Second)
		syscall.Sync()
		syscall.Reboot(syscall.LINUX_REBOOT_CMD_POWER_OFF)
	}()
	_ = os.MkdirAll("/proc", 0o755)
	_ = syscall.Mount("proc", "/proc", "proc", 0, "")
	_ = os.MkdirAll("/tmp", 0o1777)
	_ = os.MkdirAll("/dev", 0o755)
	_ = syscall.Mount("devtmpfs", "/dev", "devtmpfs", 0, "")
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "model name") || strings.HasPrefix(l, "flags") {
				say("%s", l)
			}
		}
	}
	say("cpu AVX2=%v FMA=%v AVX512F=%v AVX512BW=%v AVX512VL=%v AVX512DQ=%v",
		cpu.X86.HasAVX2, cpu.X86.HasFMA, cpu.X86.HasAVX512F, cpu.X86.HasAVX512BW, cpu.X86.HasAVX512VL, cpu.X86.HasAVX512DQ)
	say("gemm.Kernel() = %s", gemm.Kernel())

	args := []string{"-test.v", "-test.short"}
	// A kernel command line word gemmflags=F1,F2,... (for example
	// gemmflags=-test.run=^TestSgemm$) reaches init as an environment
	// variable; its flags are added to the defaults.
	if f := os.Getenv("gemmflags"); f != "" {
		args = append(args, strings.Split(f, ",")...)
	}
	say("running /gemm.test %s", strings.Join(args, " "))
	cmd := exec.Command("/gemm.test", args...)
	cmd.Stdout, cmd.Stderr = con, con
	cmd.Env = []string{"TMPDIR=/tmp", "HOME=/tmp", "PATH=/"}
	start := time.Now()
	err = cmd.Run()
	say("gemm.test finished in %v, err=%v", time.Since(start).Round(time.Second), err)
}
