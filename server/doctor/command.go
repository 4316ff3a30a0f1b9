package doctor

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/gatewire/gatewire/internal/service"
	"github.com/gatewire/gatewire/server/statedir"
)

// flags are doctor's flags.
type flags struct {
	profile  string
	dev      bool
	stateDir string
	config   string
	json     bool
}

// Command returns `gatewire doctor`.
func Command() *cobra.Command {
	f := new(flags)
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check the gateway's state dir, config, port, secrets, service unit, clock and stores, with a fix for each finding",
		Long: `Check a gateway on this host without changing anything: the state directory and the
permissions of its files, the config file (and the keys of OpenClaw's config that gatewire
accepts but does not implement), the port, the strength of the token or password, a
non-loopback bind's credentials, the systemd unit, the clock, and the integrity of the
device and session store (SQLite's PRAGMA integrity_check). Each finding that needs
action comes with the command that fixes it. Exits non-zero when a finding is an error.`,
		Args:         cobra.NoArgs,
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts, err := options(f, os.Getenv)
			if err != nil {
				return err
			}
			r := Run(cmd.Context(), opts)
			if err := writeReport(cmd.OutOrStdout(), r, f.json); err != nil {
				return err
			}
			if !r.OK {
				return fmt.Errorf("doctor found %d error(s)", count(r, Error))
			}
			return nil
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&f.profile, "profile", "", "the named gateway instance: ~/.gatewire-<name>, unit gatewire-gateway-<name>.service")
	fs.BoolVar(&f.dev, "dev", false, "the dev profile: ~/.gatewire-dev, port 19001")
	fs.StringVar(&f.stateDir, "state-dir", "", "the gateway's state directory (default ~/.gatewire, or ~/.gatewire-<profile>)")
	fs.StringVar(&f.config, "config", "", "the gateway's config file (default <state dir>/gatewire.json)")
	fs.BoolVar(&f.json, "json", false, "print the report as JSON")
	return cmd
}

// options resolves the flags and environment as the gateway command does.
func options(f *flags, getenv func(string) string) (Options, error) {
	p, err := service.ParseProfile(f.profile, f.dev)
	if err != nil {
		return Options{}, err
	}
	dir, err := statedir.ResolveProfile(f.stateDir, string(p), getenv)
	if err != nil {
		return Options{}, err
	}
	cfg := f.config
	for _, name := range []string{"GATEWIRE_CONFIG_PATH", "OPENCLAW_CONFIG_PATH"} {
		if cfg == "" {
			cfg = getenv(name)
		}
	}
	if cfg != "" {
		if cfg, err = filepath.Abs(cfg); err != nil {
			return Options{}, err
		}
	}
	unitDir, err := service.UnitDir(getenv)
	if err != nil {
		return Options{}, err
	}
	exe, _ := os.Executable()
	if real, err := filepath.EvalSymlinks(exe); err == nil {
		exe = real
	}
	return Options{Profile: p, StateDir: dir, ConfigPath: cfg, Getenv: getenv, Now: time.Now,
		Service: service.Manager{UnitDir: unitDir}, Executable: exe}, nil
}

// writeReport writes the report as JSON or for people.
func writeReport(w io.Writer, r Report, asJSON bool) error {
	if asJSON {
		raw, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s\n", raw)
		return err
	}
	fmt.Fprintf(w, "gatewire doctor: profile %s, state dir %s, config %s\n\n", r.Profile, r.StateDir, r.ConfigPath)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, f := range r.Findings {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", strings.ToUpper(string(f.Level)), f.Check, oneLine(f.Message))
		if f.Fix != "" {
			fmt.Fprintf(tw, "\t\tfix: %s\n", oneLine(f.Fix))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\n%d error(s), %d warning(s)\n", count(r, Error), count(r, Warn))
	return err
}

// count counts the findings at level.
func count(r Report, level Level) int {
	n := 0
	for _, f := range r.Findings {
		if f.Level == level {
			n++
		}
	}
	return n
}

// oneLine keeps a message on its line (a path or config value could hold
// a newline or a terminal escape).
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}
