// Package doctor is `gatewire doctor`: it checks a gateway's state
// directory and its files' permissions, the config file (including the
// keys OpenClaw defines that gatewire accepts but does not implement),
// the port, the token's strength, a non-loopback bind's credentials, the
// TLS certificate, the service unit, the clock and the device and session
// store, and explains each finding with the command that fixes it. It
// only reads: it never creates, migrates or repairs anything itself.
package doctor

import (
	"context"
	"time"

	"github.com/gatewire/gatewire/internal/service"
	"github.com/gatewire/gatewire/server/config"
	"github.com/gatewire/gatewire/server/statedir"
)

// Level is how much a finding matters.
type Level string

// Levels, from fine to broken.
const (
	// OK: checked and sound.
	OK Level = "ok"
	// Info: worth knowing, nothing to fix.
	Info Level = "info"
	// Warn: works, but should be fixed.
	Warn Level = "warn"
	// Error: the gateway will not start, or is unsafe or losing data.
	Error Level = "error"
)

// Finding is one result of a check.
type Finding struct {
	// Check names the check: state-dir, permissions, config, port,
	// auth, bind, tls, service, clock, store.
	Check string `json:"check"`
	Level Level  `json:"level"`
	// Message says what was found, for people.
	Message string `json:"message"`
	// Fix is the command that fixes it (warn and error findings always
	// have one).
	Fix string `json:"fix,omitempty"`
}

// Report is everything doctor found.
type Report struct {
	Profile    string    `json:"profile"`
	StateDir   string    `json:"stateDir"`
	ConfigPath string    `json:"configPath"`
	OK         bool      `json:"ok"`
	Findings   []Finding `json:"findings"`
}

// Options say which gateway to examine and how.
type Options struct {
	Profile service.Profile
	// StateDir is the gateway's state directory.
	StateDir statedir.Dir
	// ConfigPath is the config file; "" is the state dir's gatewire.json.
	ConfigPath string
	// Getenv reads the environment (the overrides a gateway started here
	// would see).
	Getenv func(string) string
	// Now is the clock.
	Now func() time.Time
	// Service is the service manager and unit directory to inspect.
	Service service.Manager
	// Executable is the gatewire binary a reinstalled unit would run.
	Executable string
}

// doctor runs the checks of one report.
type doctor struct {
	opts     Options
	findings []Finding
	// file and eff are the loaded config and the effective one (nil
	// when the config does not load).
	file *config.File
	eff  *config.Config
}

// Run runs every check and returns the report.
func Run(ctx context.Context, opts Options) Report {
	d := &doctor{opts: opts}
	path, explicit := opts.ConfigPath, opts.ConfigPath != ""
	if !explicit {
		path = opts.StateDir.ConfigFile()
	}
	d.checkStateDir()
	d.checkConfig(path, explicit)
	d.checkAuth()
	d.checkPort(ctx)
	d.checkTLS()
	d.checkService(ctx)
	d.checkClock(ctx)
	d.checkStore(ctx)
	r := Report{Profile: opts.Profile.String(), StateDir: opts.StateDir.Root(), ConfigPath: path, OK: true, Findings: d.findings}
	for _, f := range d.findings {
		if f.Level == Error {
			r.OK = false
		}
	}
	return r
}

// add records a finding.
func (d *doctor) add(check string, level Level, fix, format string, args ...any) {
	d.findings = append(d.findings, Finding{Check: check, Level: level, Message: sprintf(format, args...), Fix: fix})
}
