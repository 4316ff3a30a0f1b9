package gatewaycmd

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/gatewire/gatewire/internal/service"
	"github.com/gatewire/gatewire/runtime/atomicfile"
	"github.com/gatewire/gatewire/server/config"
)

// installFlags are `gateway install`'s flags.
type installFlags struct {
	serviceFlags
	config string
	port   int
	force  bool
}

// newInstallCommand returns `gateway install`.
func newInstallCommand(e serviceEnv) *cobra.Command {
	f := new(installFlags)
	cmd := &cobra.Command{
		Use:   "install",
		Short: "Install the gateway as a systemd user service and start it",
		Long: `Write a systemd user unit (~/.config/systemd/user/gatewire-gateway[-<profile>].service)
that runs this gatewire binary's gateway with Restart=always, then reload systemd, enable
the unit and (re)start it. The unit holds no secret: the gateway reads its token or
password from its config file or its generated token file in the state directory.

A named profile (--profile NAME) has its own state directory (~/.gatewire-NAME), unit
and port: give the port with --port (it is written to the profile's new config file, or
to the unit when the config file exists) or set gateway.port in its config file.
--dev is the profile "dev" on port 19001. --force replaces an installed unit.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, cancel := context.WithTimeout(cmd.Context(), serviceTimeout)
			defer cancel()
			r, err := install(ctx, cmd, e, f)
			if err != nil {
				return err
			}
			return report(cmd.OutOrStdout(), f.json, r, "Installed systemd service "+r.Path, "Started "+r.Unit,
				"State dir: "+r.StateDir, "Probe: "+r.URL+" (gatewire gateway status"+profileArgs(service.Profile(r.Profile))+")")
		},
	}
	f.register(cmd)
	fs := cmd.Flags()
	fs.StringVar(&f.stateDir, "state-dir", "", "the gateway's state directory (default ~/.gatewire, or ~/.gatewire-<profile>)")
	fs.StringVar(&f.config, "config", "", "the gateway's config file (default <state dir>/gatewire.json)")
	fs.IntVar(&f.port, "port", 0, "the gateway's port (default: the config file's, else 18789, or 19001 with --dev)")
	fs.BoolVar(&f.force, "force", false, "replace an installed unit")
	return cmd
}

// install resolves the gateway the unit runs, writes and starts it.
func install(ctx context.Context, cmd *cobra.Command, e serviceEnv, f *installFlags) (actionResult, error) {
	p, m, err := e.manager(&f.serviceFlags)
	if err != nil {
		return actionResult{}, err
	}
	dir, err := profileStateDir(f.stateDir, p, e.getenv)
	if err != nil {
		return actionResult{}, err
	}
	cfgPath, explicit := configPath(f.config, e.getenv)
	local, err := LocalGateway(dir.Root(), cfgPath) // the config must load before a unit runs it
	if err != nil {
		return actionResult{}, err
	}
	exe, err := e.executable()
	if err != nil {
		return actionResult{}, err
	}
	r := actionResult{Action: "install", Unit: p.UnitName(), Path: m.UnitPath(p), Profile: string(p), StateDir: dir.Root()}
	args := []string{exe, "gateway", "--state-dir", dir.Root()}
	if explicit {
		args = append(args, "--config", cfgPath)
	}
	if p != "" {
		args = append(args, "--profile", string(p))
	}
	switch {
	case cmd.Flags().Changed("port"):
		if f.port < 1 || f.port > 65535 {
			return actionResult{}, fmt.Errorf("--port %d is not a TCP port", f.port)
		}
		r.Port = f.port
		written, note, err := recordPort(dir.ConfigFile(), explicit, local.Port, f.port)
		if err != nil {
			return actionResult{}, err
		}
		if !written {
			args = append(args, "--port", strconv.Itoa(f.port))
		}
		r.Notes = append(r.Notes, note...)
	case local.Port != 0:
		r.Port = local.Port
	case p.NeedsOwnPort():
		return actionResult{}, fmt.Errorf("the profile %q needs its own port, apart from the default gateway's %d: "+
			"run `gatewire gateway install --profile %s --port <port>` (or set gateway.port in %s)", p, service.DefaultPort, p, dir.ConfigFile())
	default:
		r.Port = p.DefaultPort()
	}
	r.URL = loopbackURL(r.Port)
	if local.TLS {
		r.URL = "wss://127.0.0.1:" + strconv.Itoa(r.Port)
	}
	r.Notes = append(r.Notes, secretNotes(e.getenv)...)
	unit := service.Unit{
		Description: "gatewire gateway" + map[bool]string{true: " (profile " + string(p) + ")"}[p != ""],
		Exec:        args,
		Env:         map[string]string{service.EnvMarker: p.UnitName(), "PATH": cmp.Or(e.getenv("PATH"), "/usr/local/bin:/usr/bin:/bin")},
	}
	if err := m.Install(ctx, p, unit, f.force); err != nil {
		return actionResult{}, err
	}
	if hint := service.LingerHint(e.lingerDir); hint != "" {
		r.Notes = append(r.Notes, "hint: "+hint)
	}
	return r, nil
}

// recordPort writes port to a profile's config file when there is none
// yet, so that the client commands (which read the port from it) find the
// gateway; an existing file is not rewritten: the port then goes on the
// unit's command line, and a note says how clients reach it.
func recordPort(path string, explicit bool, configured, port int) (written bool, notes []string, err error) {
	if configured == port {
		return true, nil, nil
	}
	if !explicit {
		if _, statErr := os.Stat(path); errors.Is(statErr, fs.ErrNotExist) {
			if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
				return false, nil, fmt.Errorf("creating the state dir: %w", err)
			}
			text := fmt.Sprintf("{\n  \"gateway\": {\n    \"port\": %d\n  }\n}\n", port)
			if err := atomicfile.Write(path, []byte(text), 0o600); err != nil {
				return false, nil, fmt.Errorf("writing %s: %w", path, err)
			}
			return true, []string{fmt.Sprintf("Wrote gateway.port %d to the new config file %s", port, path)}, nil
		}
	}
	return false, []string{fmt.Sprintf("note: the unit runs the gateway with --port %d, which the client commands on this host "+
		"read from the unit; elsewhere set gateway.port: %d in the config file or pass --url %s", port, port, loopbackURL(port))}, nil
}

// secretNotes warns that secrets in this shell's environment are not
// copied into the unit.
func secretNotes(getenv func(string) string) []string {
	var notes []string
	for _, name := range append(append([]string{}, config.EnvToken...), config.EnvPassword...) {
		if getenv(name) != "" {
			notes = append(notes, fmt.Sprintf("note: %s is set in this shell but is not written to the unit (a unit file is no place "+
				"for a secret); the service uses gateway.auth in the config file or the generated token file", name))
		}
	}
	return notes
}

// profileArgs are the flags that select p on a command line.
func profileArgs(p service.Profile) string {
	switch {
	case p == "":
		return ""
	case p == service.DevProfile:
		return " --dev"
	}
	return " --profile " + string(p)
}
