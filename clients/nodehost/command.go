package nodehost

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"

	"github.com/spf13/cobra"

	gatewire "github.com/gatewire/gatewire/clients/go"
)

// Flags are `gatewire node run`'s settings.
type Flags struct {
	URL            string
	Host           string
	Port           int
	Token          string
	Password       string
	DisplayName    string
	StateDir       string
	TLSFingerprint string
	// TLS makes the default URL wss://<host>:<port> (a TLS fingerprint
	// does too).
	TLS     bool
	Version string
}

// Command returns `node` with its `run` subcommand; version is the
// binary's version, reported to gateways.
func Command(version string) *cobra.Command {
	node := &cobra.Command{Use: "node", Short: "Run this machine as a node of a gateway", Args: cobra.NoArgs}
	f := Flags{Version: version}
	run := &cobra.Command{
		Use:   "run",
		Short: "Run the headless node host in the foreground (system.run, system.which, system.notify, exec approvals)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGTERM, os.Interrupt)
			defer stop()
			return Run(ctx, f, cmd.ErrOrStderr())
		},
	}
	fl := run.Flags()
	fl.StringVar(&f.URL, "url", "", "gateway WebSocket URL (default ws://<host>:<port>, wss:// with --tls)")
	fl.StringVar(&f.Host, "host", "127.0.0.1", "gateway host")
	fl.IntVar(&f.Port, "port", 18789, "gateway port")
	fl.StringVar(&f.Token, "token", "", "gateway token (default $GATEWIRE_GATEWAY_TOKEN, $OPENCLAW_GATEWAY_TOKEN)")
	fl.StringVar(&f.Password, "password", "", "gateway password (default $GATEWIRE_GATEWAY_PASSWORD, $OPENCLAW_GATEWAY_PASSWORD)")
	fl.StringVar(&f.DisplayName, "display-name", "", "the node's display name (default: the host name)")
	fl.StringVar(&f.StateDir, "state-dir", "", "device identity and exec-approvals policy (default $GATEWIRE_NODE_STATE_DIR, ~/.gatewire-node)")
	fl.BoolVar(&f.TLS, "tls", false, "use TLS for the gateway connection (wss://<host>:<port>)")
	fl.StringVar(&f.TLSFingerprint, "tls-fingerprint", "", "expected SHA-256 fingerprint of the gateway's certificate (implies --tls)")
	node.AddCommand(run)
	return node
}

// Run runs the node host until ctx ends (SIGTERM), logging to logw. A
// stop by ctx is a clean exit (nil).
func Run(ctx context.Context, f Flags, logw io.Writer) error {
	log := slog.New(slog.NewTextHandler(logw, &slog.HandlerOptions{Level: slog.LevelInfo}))
	dir, err := f.resolveStateDir()
	if err != nil {
		return err
	}
	opts, url, err := f.nodeOptions(dir, log)
	if err != nil {
		return err
	}
	n := gatewire.NewNode(url, opts)
	Serve(n, Config{StateDir: dir, Logger: log})
	log.Info("node host starting", "gateway", url, "nodeId", opts.Device.ID(), "stateDir", dir)
	err = n.Run(ctx)
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		log.Info("node host stopped")
		return nil
	}
	return err
}

// nodeOptions turns the flags into the Node's options and URL.
func (f Flags) nodeOptions(dir string, log *slog.Logger) (gatewire.NodeOptions, string, error) {
	dev, err := gatewire.OpenDevice(dir)
	if err != nil {
		return gatewire.NodeOptions{}, "", err
	}
	name := f.DisplayName
	if name == "" {
		name, _ = os.Hostname()
	}
	url := f.URL
	if url == "" {
		scheme := "ws://"
		if f.TLS || f.TLSFingerprint != "" {
			scheme = "wss://"
		}
		url = scheme + net.JoinHostPort(f.Host, strconv.Itoa(f.Port))
	}
	o := gatewire.NodeOptions{}
	o.Client = gatewire.ClientInfo{DisplayName: name, Version: f.Version}
	o.Auth = gatewire.Auth{Token: firstEnv(f.Token, "GATEWIRE_GATEWAY_TOKEN", "OPENCLAW_GATEWAY_TOKEN"),
		Password: firstEnv(f.Password, "GATEWIRE_GATEWAY_PASSWORD", "OPENCLAW_GATEWAY_PASSWORD")}
	o.Device, o.Caps, o.PathEnv, o.TLSFingerprint = dev, Caps(), os.Getenv("PATH"), f.TLSFingerprint
	o.Logger = log
	o.OnConnect = func(*gatewire.Conn) { log.Info("connected", "gateway", url) }
	o.OnDisconnect = func(err error) { log.Warn("gateway connection ended", "err", err) }
	return o, url, nil
}

// resolveStateDir is --state-dir, $GATEWIRE_NODE_STATE_DIR, or
// ~/.gatewire-node.
func (f Flags) resolveStateDir() (string, error) {
	if d := firstEnv(f.StateDir, "GATEWIRE_NODE_STATE_DIR"); d != "" {
		return d, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no --state-dir and no home directory: %w", err)
	}
	return filepath.Join(home, ".gatewire-node"), nil
}

// firstEnv returns v, else the first environment variable set.
func firstEnv(v string, names ...string) string {
	if v != "" {
		return v
	}
	for _, n := range names {
		if e := os.Getenv(n); e != "" {
			return e
		}
	}
	return ""
}
