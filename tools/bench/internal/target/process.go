package target

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// Process is a running server under test.
type Process struct {
	name    string
	secure  bool // serves wss://
	cmd     *exec.Cmd
	port    int
	logPath string
	// Started is when the process was executed.
	Started time.Time
	exited  chan struct{}
	waitErr error
}

// Start runs l's server on a free loopback port. dir must exist; the
// server's state and its output (dir/server.log) go there.
func Start(l Launcher, dir string) (*Process, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd, err := l.Command(port, dir)
	if err != nil {
		return nil, err
	}
	logPath := filepath.Join(dir, "server.log")
	out, err := os.Create(logPath)
	if err != nil {
		return nil, fmt.Errorf("creating server log: %w", err)
	}
	cmd.Stdout, cmd.Stderr = out, out
	p := &Process{name: l.Name(), cmd: cmd, port: port, logPath: logPath, exited: make(chan struct{})}
	if s, ok := l.(interface{ Secure() bool }); ok {
		p.secure = s.Secure()
	}
	p.Started = time.Now()
	if err := cmd.Start(); err != nil {
		out.Close()
		return nil, fmt.Errorf("starting %s: %w", l.Name(), err)
	}
	go func() {
		p.waitErr = cmd.Wait()
		out.Close()
		close(p.exited)
	}()
	return p, nil
}

// URL returns the server's WebSocket URL: wss:// for a launcher whose
// Secure method says so.
func (p *Process) URL() string {
	if p.secure {
		return "wss://127.0.0.1:" + strconv.Itoa(p.port)
	}
	return "ws://127.0.0.1:" + strconv.Itoa(p.port)
}

// PID returns the process id.
func (p *Process) PID() int { return p.cmd.Process.Pid }

// Exited is closed once the process has exited.
func (p *Process) Exited() <-chan struct{} { return p.exited }

// RSS returns the process's resident set size in bytes.
func (p *Process) RSS() (int64, error) { return RSS(p.PID()) }

// Failure describes an unexpected exit with the end of the server's log.
func (p *Process) Failure() error {
	select {
	case <-p.exited:
	default:
		return nil
	}
	return fmt.Errorf("%s exited (%v); its log ends:\n%s", p.name, p.waitErr, tail(p.logPath, 2000))
}

// Stop sends SIGTERM and waits for the exit, killing the process after
// grace. It returns how long the process took to exit after SIGTERM and
// whether it exited cleanly (status 0) within grace.
func (p *Process) Stop(grace time.Duration) (took time.Duration, clean bool) {
	start := time.Now()
	select {
	case <-p.exited:
		return 0, false
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
		return time.Since(start), p.waitErr == nil
	case <-time.After(grace):
		_ = p.cmd.Process.Kill()
		<-p.exited
		return time.Since(start), false
	}
}

// freePort asks the kernel for an unused loopback port.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// tail returns the last n bytes of a file.
func tail(path string, limit int64) string {
	f, err := os.Open(path)
	if err != nil {
		return err.Error()
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err.Error()
	}
	off := max(info.Size()-limit, 0)
	buf := make([]byte, info.Size()-off)
	n, _ := f.ReadAt(buf, off) // a short read still shows what was there
	return string(buf[:n])
}
