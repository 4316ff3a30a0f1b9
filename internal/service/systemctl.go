package service

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// Systemctl runs `systemctl --user` (the program named systemctl first
// on PATH).
type Systemctl struct {
	// Env is the environment systemctl runs with; nil is the process's.
	Env []string
}

// ErrNoSystemd is returned when this host has no usable systemd user
// manager.
var ErrNoSystemd = errors.New("systemd user services are not available")

// NoSystemdError says why systemd cannot be used and what to do instead.
type NoSystemdError struct {
	// Detail is what systemctl (or the PATH lookup) said.
	Detail string
}

// Error explains the failure and the way around it.
func (e *NoSystemdError) Error() string {
	return fmt.Sprintf("%s (%s); run the gateway in the foreground with `gatewire gateway` under your own supervisor "+
		"(a container's restart policy, runit, s6, tmux), or on a host whose init is systemd log in with a user session "+
		"(or run `loginctl enable-linger $USER`) and try again", ErrNoSystemd, e.Detail)
}

// Unwrap makes errors.Is(err, ErrNoSystemd) hold.
func (e *NoSystemdError) Unwrap() error { return ErrNoSystemd }

// Run runs `systemctl --user args...` and returns its standard output.
// A failure carries systemctl's own message; a host without systemd (no
// systemctl, or no user manager to talk to) is a *NoSystemdError.
func (s Systemctl) Run(ctx context.Context, args ...string) (string, error) {
	path, err := exec.LookPath("systemctl")
	if err != nil {
		return "", &NoSystemdError{Detail: "systemctl is not installed"}
	}
	cmd := exec.CommandContext(ctx, path, append([]string{"--user"}, args...)...)
	cmd.Env = s.Env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	if err == nil {
		return stdout.String(), nil
	}
	detail := strings.TrimSpace(firstNonBlank(stderr.String(), stdout.String(), err.Error()))
	if noUserManager(detail) {
		return stdout.String(), &NoSystemdError{Detail: firstLine(detail)}
	}
	return stdout.String(), fmt.Errorf("systemctl --user %s: %s", strings.Join(args, " "), detail)
}

// Available checks that a systemd user manager answers.
func (s Systemctl) Available(ctx context.Context) error {
	_, err := s.Run(ctx, "show-environment")
	return err
}

// noUserManager reports whether systemctl's message says there is no
// user manager to talk to (PID 1 is not systemd, no session bus).
func noUserManager(detail string) bool {
	d := strings.ToLower(detail)
	for _, s := range []string{"failed to connect to bus", "system has not been booted with systemd",
		"no medium found", "failed to connect to user scope bus", "not been booted with systemd", "$dbus_session_bus_address",
		"xdg_runtime_dir"} {
		if strings.Contains(d, s) {
			return true
		}
	}
	return false
}

// firstNonBlank returns the first of s that is not blank.
func firstNonBlank(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// firstLine returns s up to its first newline.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
