// Package proc handles the processes the benchmarks measure: stopping the
// jiaoliu server the load and reliability benchmarks start, reading its
// memory, and reading a process tree's CPU time.
package proc

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Stop interrupts the process as an operator would, and kills it if it has
// not ended within 30 seconds; it returns when the process has ended.
func Stop(cmd *exec.Cmd) {
	cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		<-done
	}
}

// PeakRSS is the process's peak resident memory in MiB (Linux), -1 when it
// cannot be read.
func PeakRSS(cmd *exec.Cmd) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid))
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return -1
}

// TreeCPU returns the CPU time of the process pid and its children, reaped
// (counted in its own /proc stat) or running (Linux).
func TreeCPU(pid int) (time.Duration, bool) {
	fields := statFields(pid)
	if len(fields) < 17 {
		return 0, false
	}
	total := sumFields(fields, 13, 14, 15, 16) // utime, stime, cutime, cstime
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if f := statFields(child); len(f) >= 15 && f[3] == strconv.Itoa(pid) {
			total += sumFields(f, 13, 14)
		}
	}
	return time.Duration(total) * time.Second / 100, true // USER_HZ ticks
}

// statFields returns the fields of /proc/pid/stat, the command name taken
// out (it may hold spaces): fields[0] is the pid, fields[3] the parent's.
func statFields(pid int) []string {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return nil
	}
	s := string(b)
	open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || end < open {
		return nil
	}
	return append([]string{strings.TrimSpace(s[:open]), "comm"}, strings.Fields(s[end+1:])...)
}

func sumFields(fields []string, at ...int) int64 {
	var n int64
	for _, i := range at {
		v, _ := strconv.ParseInt(fields[i], 10, 64)
		n += v
	}
	return n
}
