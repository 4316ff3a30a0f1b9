// Package gatewaycmd is the `gatewire gateway` command: it turns flags,
// environment variables and the config file into a gateway setup (flags
// win over the environment, which wins over the config file, which wins
// over the defaults), runs the gateway in the foreground, stops it
// gracefully on SIGINT, SIGTERM or SIGHUP (closing the terminal) and
// restarts it in-process on SIGUSR1.
package gatewaycmd

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/gatewire/gatewire/internal/service"
	"github.com/gatewire/gatewire/runtime/memtrim"
	"github.com/gatewire/gatewire/server/config"
	"github.com/gatewire/gatewire/server/gateway"
	"github.com/gatewire/gatewire/server/statedir"
)

// flags holds the command's flag values.
type flags struct {
	port     int
	bind     string
	token    string
	password string
	auth     string
	stateDir string
	config   string
	verbose  bool
	dev      bool
	profile  string
	force    bool
}

// Command returns the `gateway` command.
func Command() *cobra.Command {
	cmd, _ := newCommand()
	cmd.AddCommand(serviceCommands(osServiceEnv())...)
	return cmd
}

// newCommand returns the command and the flag values it parses into.
func newCommand() (*cobra.Command, *flags) {
	f := new(flags)
	cmd := &cobra.Command{
		Use:   "gateway",
		Short: "Run the gatewire gateway in the foreground",
		Long: `Run the gatewire gateway (OpenClaw gateway protocol v3) in the foreground.

Settings come from flags, then environment variables (GATEWIRE_PORT, GATEWIRE_BIND,
GATEWIRE_AUTH_MODE, GATEWIRE_TOKEN, GATEWIRE_PASSWORD, GATEWIRE_STATE_DIR,
GATEWIRE_CONFIG_PATH, and OPENCLAW_GATEWAY_PORT, OPENCLAW_GATEWAY_TOKEN,
OPENCLAW_GATEWAY_PASSWORD, OPENCLAW_STATE_DIR, OPENCLAW_CONFIG_PATH), then the
config file (<state dir>/gatewire.json), then defaults (port 18789, loopback).

With token auth and no configured token, a loopback gateway generates one and
keeps it in <state dir>/gateway.token. A non-loopback bind needs a token or password.

Each client address may hold at most 32 sockets that have not completed a connect
handshake (idle HTTP keep-alive sockets included; they close after 5 s idle);
GATEWIRE_MAX_PREAUTH_CONNECTIONS_PER_IP (or OPENCLAW_MAX_PREAUTH_CONNECTIONS_PER_IP)
changes that limit.

SIGINT, SIGTERM and SIGHUP stop the gateway gracefully; SIGUSR1 restarts it in-process
(same pid and port; clients get a shutdown event with restartExpectedMs and reconnect).
Edits of the config file apply while it runs as gateway.reload.mode says: "hybrid"
(default), "hot", "restart" or "off".`,
		Args:         cobra.NoArgs,
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return run(cmd.Context(), cmd, *f, os.Getenv, cmd.OutOrStdout())
		},
	}
	fs := cmd.Flags()
	fs.IntVar(&f.port, "port", config.DefaultPort, "TCP port for WebSocket and HTTP")
	fs.StringVar(&f.bind, "bind", config.BindLoopback, `address to listen on: "loopback", "lan" or an IP address`)
	fs.StringVar(&f.token, "token", "", "shared gateway token")
	fs.StringVar(&f.password, "password", "", "shared gateway password")
	fs.StringVar(&f.auth, "auth", "", `auth mode: "none" (loopback only), "token" or "password"`)
	fs.StringVar(&f.stateDir, "state-dir", "", "state directory (default ~/.gatewire)")
	fs.StringVar(&f.config, "config", "", "config file (default <state dir>/gatewire.json)")
	fs.BoolVar(&f.verbose, "verbose", false, "log at debug level")
	fs.BoolVar(&f.dev, "dev", false, "development profile: port 19001 and ~/.gatewire-dev unless overridden")
	fs.StringVar(&f.profile, "profile", "", "run the named instance: state dir ~/.gatewire-<name> unless overridden")
	fs.BoolVar(&f.force, "force", false, "if the port is held by another gatewire gateway, stop it first")
	return cmd, f
}

// run resolves the setup and runs the gateway until a signal arrives.
func run(ctx context.Context, cmd *cobra.Command, f flags, getenv func(string) string, stdout io.Writer) error {
	setup, err := resolve(cmd, f, getenv)
	if err != nil {
		return err
	}
	setup.Stdout = stdout
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, stopSignals...)
	defer stop()
	restart := make(chan os.Signal, 1)
	signal.Notify(restart, restartSignal)
	defer signal.Stop(restart)
	return gateway.Serve(ctx, setup, func(ctx context.Context, g *gateway.Gateway) {
		go memtrim.Run(ctx, memtrim.Default, g.Engine().Activity) // give memory back after bursts of connections
		go restartOnSignal(ctx, g, restart)
	})
}

// restartSignal restarts the gateway in-process, as OpenClaw's SIGUSR1:
// clients get the shutdown event with restartExpectedMs and reconnect to
// the same port of the same process.
const restartSignal = syscall.SIGUSR1

// restartOnSignal restarts g whenever the restart signal arrives, until
// ctx (g's run) ends.
func restartOnSignal(ctx context.Context, g *gateway.Gateway, signals <-chan os.Signal) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-signals:
			_ = g.Restart("SIGUSR1 received") // a refusal is logged
		}
	}
}

// stopSignals stop the gateway gracefully: every connection gets the
// shutdown event and a 1012 close and the process exits 0. SIGHUP is among
// them because closing the terminal a foreground gateway runs in sends it,
// and its default action would kill the process without either.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}

// resolve turns flags and the environment into a gateway setup.
func resolve(cmd *cobra.Command, f flags, getenv func(string) string) (gateway.Setup, error) {
	env, err := config.EnvOverrides(getenv)
	if err != nil {
		return gateway.Setup{}, err
	}
	fromFlags, err := flagOverrides(cmd, f)
	if err != nil {
		return gateway.Setup{}, err
	}
	over := fromFlags.Over(env)
	profile, err := service.ParseProfile(f.profile, f.dev)
	if err != nil {
		return gateway.Setup{}, err
	}
	dir, err := statedir.ResolveProfile(f.stateDir, string(profile), getenv)
	if err != nil {
		return gateway.Setup{}, err
	}
	path, explicit := configPath(f.config, getenv)
	maxPreauth, err := maxPreauthSockets(getenv)
	if err != nil {
		return gateway.Setup{}, err
	}
	return gateway.Setup{StateDir: dir, ConfigPath: path, ConfigExplicit: explicit, Overrides: over, Force: f.force,
		MaxPreauthSocketsPerIP: maxPreauth, Getenv: getenv}, nil
}
