package service

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"

	"github.com/gatewire/gatewire/runtime/atomicfile"
)

// Manager installs and drives gateway units in a user's systemd unit
// directory.
type Manager struct {
	// Systemctl runs systemctl --user.
	Systemctl Systemctl
	// UnitDir is the user's unit directory (UnitDir's result).
	UnitDir string
}

// UnitDir returns the user's systemd unit directory:
// $XDG_CONFIG_HOME/systemd/user, else ~/.config/systemd/user.
func UnitDir(getenv func(string) string) (string, error) {
	if x := getenv("XDG_CONFIG_HOME"); filepath.IsAbs(x) {
		return filepath.Join(x, "systemd", "user"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("finding the home directory for the systemd unit: %w", err)
	}
	return filepath.Join(home, ".config", "systemd", "user"), nil
}

// UnitPath returns the path of a profile's unit file.
func (m Manager) UnitPath(p Profile) string { return filepath.Join(m.UnitDir, p.UnitName()) }

// ErrInstalled is returned by Install when the unit file exists and force
// is not set.
var ErrInstalled = errors.New("already installed")

// Install writes the profile's unit file, reloads systemd, enables the
// unit (started at login, or at boot with lingering) and (re)starts it,
// as OpenClaw's install does. An existing unit file is replaced only with
// force. systemd is checked first, so nothing is written on a host
// without it.
func (m Manager) Install(ctx context.Context, p Profile, u Unit, force bool) error {
	text, err := u.Render()
	if err != nil {
		return err
	}
	if err := m.Systemctl.Available(ctx); err != nil {
		return err
	}
	path := m.UnitPath(p)
	if _, err := os.Stat(path); err == nil && !force {
		return fmt.Errorf("%s: %w (reinstall with --force)", path, ErrInstalled)
	}
	if err := os.MkdirAll(m.UnitDir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", m.UnitDir, err)
	}
	if err := atomicfile.Write(path, []byte(text), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	for _, args := range [][]string{{"daemon-reload"}, {"enable", p.UnitName()}, {"restart", p.UnitName()}} {
		if _, err := m.Systemctl.Run(ctx, args...); err != nil {
			return err
		}
	}
	return nil
}

// Uninstall stops and disables the unit and removes its file. A unit that
// is not installed is an error that says so.
func (m Manager) Uninstall(ctx context.Context, p Profile) error {
	if err := m.requireInstalled(ctx, p); err != nil {
		return err
	}
	if _, err := m.Systemctl.Run(ctx, "disable", "--now", p.UnitName()); err != nil {
		return err
	}
	if err := os.Remove(m.UnitPath(p)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("removing %s: %w", m.UnitPath(p), err)
	}
	_, err := m.Systemctl.Run(ctx, "daemon-reload")
	return err
}

// Action runs start, stop or restart on an installed unit.
func (m Manager) Action(ctx context.Context, p Profile, action string) error {
	if err := m.requireInstalled(ctx, p); err != nil {
		return err
	}
	_, err := m.Systemctl.Run(ctx, action, p.UnitName())
	return err
}

// NotInstalledError is returned for a unit whose file does not exist.
type NotInstalledError struct {
	Path    string
	Profile Profile
}

// Error names the missing file and the command that installs it.
func (e *NotInstalledError) Error() string {
	return fmt.Sprintf("the gateway service is not installed (no %s); install it with `%s`", e.Path, InstallCommand(e.Profile))
}

// InstallCommand is the command line that installs the profile's unit.
func InstallCommand(p Profile) string {
	switch {
	case p == DevProfile:
		return "gatewire gateway install --dev"
	case p.NeedsOwnPort():
		return "gatewire gateway install --profile " + string(p) + " --port <port>"
	}
	return "gatewire gateway install"
}

// requireInstalled checks systemd and the unit file.
func (m Manager) requireInstalled(ctx context.Context, p Profile) error {
	if err := m.Systemctl.Available(ctx); err != nil {
		return err
	}
	if _, err := os.Stat(m.UnitPath(p)); errors.Is(err, fs.ErrNotExist) {
		return &NotInstalledError{Path: m.UnitPath(p), Profile: p}
	}
	return nil
}

// LingerHint returns the advice to enable lingering for the current user
// when it is not enabled (systemd keeps a record per user in
// lingerDir, /var/lib/systemd/linger), else "".
func LingerHint(lingerDir string) string {
	u, err := user.Current()
	if err != nil {
		return ""
	}
	if _, err := os.Stat(filepath.Join(lingerDir, u.Username)); err == nil {
		return ""
	}
	return fmt.Sprintf("the gateway stops when you log out unless lingering is on: sudo loginctl enable-linger %s", u.Username)
}

// LingerDir is where systemd records the users with lingering enabled.
const LingerDir = "/var/lib/systemd/linger"
