// Package statedir resolves the gateway's state directory and names the
// files inside it. The directory and every directory gatewire creates in
// it are 0700; files that hold secrets (the generated gateway token, the
// gateway identity, the config file, the store) are 0600.
package statedir

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Environment variables that choose the state directory, in precedence
// order after the --state-dir flag.
const (
	EnvStateDir         = "GATEWIRE_STATE_DIR"
	EnvOpenClawStateDir = "OPENCLAW_STATE_DIR"
)

// Default directory names under the user's home directory.
const (
	DefaultName    = ".gatewire"
	DefaultDevName = ".gatewire-dev"
)

// Dir is a resolved, absolute state directory.
type Dir string

// Resolve returns the state directory: flagValue when set, else
// $GATEWIRE_STATE_DIR, else $OPENCLAW_STATE_DIR, else ~/.gatewire
// (~/.gatewire-dev when dev is set). A leading "~/" is expanded and the
// result is made absolute. getenv is os.Getenv in production.
func Resolve(flagValue string, dev bool, getenv func(string) string) (Dir, error) {
	profile := ""
	if dev {
		profile = "dev"
	}
	return ResolveProfile(flagValue, profile, getenv)
}

// ResolveProfile is Resolve for a named profile (checked by the caller):
// without a flag or variable the directory is ~/.gatewire-<profile>, or
// ~/.gatewire for the default profile "".
func ResolveProfile(flagValue, profile string, getenv func(string) string) (Dir, error) {
	chosen := cmp.Or(flagValue, getenv(EnvStateDir), getenv(EnvOpenClawStateDir))
	if chosen == "" {
		name := DefaultName
		if profile != "" {
			name += "-" + profile
		}
		chosen = filepath.Join("~", name)
	}
	path, err := expandHome(chosen)
	if err != nil {
		return "", err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("state dir %q: %w", chosen, err)
	}
	return Dir(abs), nil
}

// Ensure creates the state directory (mode 0700) when it does not exist.
// An existing directory keeps its mode: gatewire never loosens or
// tightens a directory it did not create.
func (d Dir) Ensure() error {
	info, err := os.Stat(string(d))
	switch {
	case err == nil && !info.IsDir():
		return fmt.Errorf("state dir %s exists and is not a directory", d)
	case err == nil:
		return nil
	case !errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("state dir %s: %w", d, err)
	}
	if err := os.MkdirAll(string(d), 0o700); err != nil {
		return fmt.Errorf("creating state dir: %w", err)
	}
	return nil
}

// Root returns the directory itself.
func (d Dir) Root() string { return string(d) }

// ConfigFile returns the default config file path, gatewire.json.
func (d Dir) ConfigFile() string { return d.join("gatewire.json") }

// TokenFile returns the path of the gateway token gatewire generates when
// token auth has no configured token.
func (d Dir) TokenFile() string { return d.join("gateway.token") }

// IdentityFile returns the path of the gateway's own Ed25519 identity.
func (d Dir) IdentityFile() string { return d.join("identity", "device.json") }

// LogFile returns the default path of the JSON-lines log file.
func (d Dir) LogFile() string { return d.join("logs", "gatewire.log") }

// HeartbeatFile returns the path where the last heartbeat is kept.
func (d Dir) HeartbeatFile() string { return d.join("heartbeat.json") }

func (d Dir) join(parts ...string) string {
	return filepath.Join(append([]string{string(d)}, parts...)...)
}

// expandHome replaces a leading "~" or "~/" with the home directory.
func expandHome(p string) (string, error) {
	if p != "~" && !strings.HasPrefix(p, "~/") {
		return p, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("resolving %q: %w", p, err)
	}
	return filepath.Join(home, strings.TrimPrefix(p, "~")), nil
}
