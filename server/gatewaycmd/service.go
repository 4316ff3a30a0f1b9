package gatewaycmd

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/gatewire/gatewire/internal/service"
	"github.com/gatewire/gatewire/server/statedir"
)

// serviceTimeout bounds one service command's systemctl calls.
const serviceTimeout = 60 * time.Second

// serviceFlags are the flags of the service commands.
type serviceFlags struct {
	profile  string
	dev      bool
	stateDir string
	json     bool
}

func (f *serviceFlags) register(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.StringVar(&f.profile, "profile", "", "the named instance: unit gatewire-gateway-<name>.service, state dir ~/.gatewire-<name>")
	fs.BoolVar(&f.dev, "dev", false, "the dev profile: unit gatewire-gateway-dev.service, ~/.gatewire-dev, port 19001")
	fs.BoolVar(&f.json, "json", false, "print the result as JSON")
}

// serviceEnv is what the service commands take from their surroundings.
type serviceEnv struct {
	getenv     func(string) string
	executable func() (string, error)
	lingerDir  string
}

// osServiceEnv is the process's.
func osServiceEnv() serviceEnv {
	return serviceEnv{getenv: os.Getenv, executable: executable, lingerDir: service.LingerDir}
}

// executable is the running binary's absolute path, symlinks resolved, so
// that the unit keeps working when a symlink is retargeted.
func executable() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("finding the gatewire binary: %w", err)
	}
	if real, err := filepath.EvalSymlinks(exe); err == nil {
		exe = real
	}
	return exe, nil
}

// manager returns the profile and the service manager of the flags.
func (e serviceEnv) manager(f *serviceFlags) (service.Profile, service.Manager, error) {
	p, err := service.ParseProfile(f.profile, f.dev)
	if err != nil {
		return "", service.Manager{}, err
	}
	dir, err := service.UnitDir(e.getenv)
	if err != nil {
		return "", service.Manager{}, err
	}
	return p, service.Manager{UnitDir: dir}, nil
}

// serviceCommands returns install, uninstall, start, stop and restart.
func serviceCommands(e serviceEnv) []*cobra.Command {
	return []*cobra.Command{
		newInstallCommand(e),
		newUninstallCommand(e),
		newActionCommand(e, "start", "Start the installed gateway service"),
		newActionCommand(e, "stop", "Stop the gateway service (it stays installed and starts again at the next login or boot)"),
		newActionCommand(e, "restart", "Restart the gateway service"),
	}
}

// newUninstallCommand returns `gateway uninstall`.
func newUninstallCommand(e serviceEnv) *cobra.Command {
	return newUnitCommand(e, "uninstall",
		"Stop and disable the gateway service and remove its unit file (the state directory stays)",
		func(ctx context.Context, m service.Manager, p service.Profile) (string, error) {
			return "Removed systemd service " + m.UnitPath(p), m.Uninstall(ctx, p)
		})
}

// newActionCommand returns `gateway start|stop|restart`.
func newActionCommand(e serviceEnv, action, short string) *cobra.Command {
	past := map[string]string{"start": "Started", "stop": "Stopped", "restart": "Restarted"}[action]
	return newUnitCommand(e, action, short,
		func(ctx context.Context, m service.Manager, p service.Profile) (string, error) {
			return past + " systemd service " + p.UnitName(), m.Action(ctx, p, action)
		})
}

// newUnitCommand returns a service command that runs one operation on the
// profile's unit within serviceTimeout and reports it (a line for people,
// or the actionResult with --json).
func newUnitCommand(e serviceEnv, action, short string,
	run func(context.Context, service.Manager, service.Profile) (string, error)) *cobra.Command {
	f := new(serviceFlags)
	cmd := &cobra.Command{
		Use:   action,
		Short: short,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, m, err := e.manager(f)
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), serviceTimeout)
			defer cancel()
			line, err := run(ctx, m, p)
			if err != nil {
				return err
			}
			return report(cmd.OutOrStdout(), f.json, actionResult{Action: action, Unit: p.UnitName(), Path: m.UnitPath(p)}, line)
		},
	}
	f.register(cmd)
	return cmd
}

// actionResult is what a service command prints with --json.
type actionResult struct {
	Action   string   `json:"action"`
	Unit     string   `json:"unit"`
	Path     string   `json:"path"`
	Profile  string   `json:"profile,omitempty"`
	StateDir string   `json:"stateDir,omitempty"`
	Port     int      `json:"port,omitempty"`
	URL      string   `json:"url,omitempty"`
	Notes    []string `json:"notes,omitempty"`
}

// report prints r as JSON, or the lines for people.
func report(w io.Writer, asJSON bool, r actionResult, lines ...string) error {
	if asJSON {
		raw, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s\n", raw)
		return err
	}
	for _, l := range append(lines, r.Notes...) {
		if _, err := fmt.Fprintln(w, l); err != nil {
			return err
		}
	}
	return nil
}

// loopbackURL is the probe URL of a local gateway on port.
func loopbackURL(port int) string { return "ws://127.0.0.1:" + strconv.Itoa(port) }

// profileStateDir resolves the state directory of a profile.
func profileStateDir(flagValue string, p service.Profile, getenv func(string) string) (statedir.Dir, error) {
	return statedir.ResolveProfile(flagValue, string(p), getenv)
}
