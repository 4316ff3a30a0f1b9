package hostexec

import (
	"context"
	"errors"
	"io/fs"
	"os/exec"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gatewire/gatewire/gen/go/protocol"
)

// OutputCap bounds a run's captured stdout and stderr together, in bytes
// (v3's 200,000); output past it is dropped.
const OutputCap = 200_000

// Process is one run to execute.
type Process struct {
	// Path is the binary; Argv[0] is looked up when empty.
	Path string
	// Argv is the command; Argv[0] as invoked.
	Argv []string
	// Cwd is the working directory ("" : the caller's).
	Cwd string
	// Env is the whole environment (nil: the caller's).
	Env []string
	// Timeout kills the run's process group after this long (0: never).
	Timeout time.Duration
}

// Execute runs p without a shell, its stdin empty, in its own process
// group; at the timeout, or when ctx ends, the group is killed.
func Execute(ctx context.Context, p Process) protocol.SystemRunResult {
	var out capture
	cmd := exec.Command(p.Argv[0], p.Argv[1:]...) //nolint:gosec // running the caller's argv is system.run's job; the policy decided
	if p.Path != "" {
		cmd.Path, cmd.Err = p.Path, nil
	}
	cmd.Dir, cmd.Env = p.Cwd, p.Env
	cmd.Stdout, cmd.Stderr = out.writer(&out.stdout), out.writer(&out.stderr)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.WaitDelay = 2 * time.Second
	if err := cmd.Start(); err != nil {
		msg := spawnError(p.Argv[0], err)
		return protocol.SystemRunResult{Error: &msg}
	}
	done := make(chan struct{})
	var killed atomic.Bool
	go killAtEnd(ctx, cmd.Process.Pid, p.Timeout, done, &killed)
	waitErr := cmd.Wait()
	close(done)
	res := protocol.SystemRunResult{Stdout: string(out.stdout), Stderr: string(out.stderr)}
	res.TimedOut = killed.Load() && !cmd.ProcessState.Exited()
	if code := int64(cmd.ProcessState.ExitCode()); code >= 0 {
		res.ExitCode = &code
	}
	var exitErr *exec.ExitError
	if waitErr != nil && !errors.As(waitErr, &exitErr) && !res.TimedOut {
		msg := waitErr.Error()
		res.Error = &msg
	}
	res.Success = res.ExitCode != nil && *res.ExitCode == 0 && !res.TimedOut && res.Error == nil
	return res
}

// killAtEnd kills the Process group pid leads at the timeout or when ctx
// ends, unless done closes first (the Process was reaped); killed records
// that it did.
func killAtEnd(ctx context.Context, pid int, timeout time.Duration, done <-chan struct{}, killed *atomic.Bool) {
	var timer <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		timer = t.C
	}
	select {
	case <-timer:
	case <-ctx.Done():
	case <-done:
		return
	}
	killed.Store(true)
	_ = syscall.Kill(-pid, syscall.SIGKILL)
}

// spawnError describes a run that could not start, as v3 does for the
// common cases ("spawn <argv0> ENOENT").
func spawnError(argv0 string, err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, exec.ErrNotFound):
		return "spawn " + argv0 + " ENOENT"
	case errors.Is(err, fs.ErrPermission):
		return "spawn " + argv0 + " EACCES"
	}
	return err.Error()
}

// capture collects stdout and stderr under one shared cap.
type capture struct {
	mu             sync.Mutex
	stdout, stderr []byte
	truncated      bool
}

// writer returns a writer appending to dst within the shared cap.
func (c *capture) writer(dst *[]byte) writerFunc {
	return func(p []byte) (int, error) {
		c.mu.Lock()
		defer c.mu.Unlock()
		room := OutputCap - len(c.stdout) - len(c.stderr)
		if room <= 0 {
			c.truncated = true
			return len(p), nil
		}
		if len(p) > room {
			*dst = append(*dst, p[:room]...)
			c.truncated = true
			return len(p), nil
		}
		*dst = append(*dst, p...)
		return len(p), nil
	}
}

// writerFunc is an io.Writer made of a function.
type writerFunc func([]byte) (int, error)

func (w writerFunc) Write(p []byte) (int, error) { return w(p) }
