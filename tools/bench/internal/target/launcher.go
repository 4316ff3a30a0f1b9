package target

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gatewire/gatewire/server/statedir"
)

// Launcher builds the command that starts one kind of server.
type Launcher interface {
	// Name is the label used in reports ("gatewire", "echo").
	Name() string
	// Command returns the command serving on 127.0.0.1:port; dir is an
	// empty scratch directory the server may use for its state.
	Command(port int, dir string) (*exec.Cmd, error)
}

// Gateway launches `gatewire gateway` on loopback with a shared token and
// a fresh state directory.
type Gateway struct {
	// Binary is the gatewire executable.
	Binary string
	// Token is the shared gateway token clients present.
	Token string
	// TickIntervalMs, when positive, is written to the config file as
	// gateway.tickIntervalMs (the gateway's default is 30 s).
	TickIntervalMs int64
	// Config, when set, holds more top-level members of the config file
	// (JSON5, without the enclosing braces), e.g. models.providers.
	Config string
	// TLS serves wss:// with a generated certificate (gateway.tls with
	// autoGenerate).
	TLS bool
}

// Secure reports whether the gateway serves wss://.
func (g Gateway) Secure() bool { return g.TLS }

// Name returns "gatewire".
func (Gateway) Name() string { return "gatewire" }

// Command returns `gatewire gateway --port P --bind loopback --token T
// --state-dir DIR/state`, writing DIR/state/gatewire.json first when a
// tick interval, TLS or more config is set.
func (g Gateway) Command(port int, dir string) (*exec.Cmd, error) {
	state := statedir.Dir(filepath.Join(dir, "state"))
	var members, gateway []string
	if g.TickIntervalMs > 0 {
		gateway = append(gateway, fmt.Sprintf("tickIntervalMs: %d", g.TickIntervalMs))
	}
	if g.TLS {
		gateway = append(gateway, "tls: { enabled: true, autoGenerate: true }")
	}
	if len(gateway) > 0 {
		members = append(members, "gateway: { "+strings.Join(gateway, ", ")+" }")
	}
	if g.Config != "" {
		members = append(members, g.Config)
	}
	if len(members) > 0 {
		if err := state.Ensure(); err != nil {
			return nil, err
		}
		cfg := "{\n  " + strings.Join(members, ",\n  ") + ",\n}\n"
		if err := os.WriteFile(state.ConfigFile(), []byte(cfg), 0o600); err != nil {
			return nil, fmt.Errorf("writing config: %w", err)
		}
	}
	cmd := exec.Command(g.Binary, "gateway", "--port", strconv.Itoa(port), "--bind", "loopback",
		"--token", g.Token, "--state-dir", state.Root())
	cmd.Env = withoutGatewayEnv(os.Environ())
	return cmd, nil
}

// Echo launches the raw echo baseline.
type Echo struct {
	// Binary is the echo executable (built from tools/bench/echo).
	Binary string
}

// Name returns "echo".
func (Echo) Name() string { return "echo" }

// Command returns `echo --port P`.
func (e Echo) Command(port int, _ string) (*exec.Cmd, error) {
	return exec.Command(e.Binary, "--port", strconv.Itoa(port)), nil
}

// withoutGatewayEnv drops the environment variables that would make the
// gateway read a different config, state dir or credential than the
// benchmark chose.
func withoutGatewayEnv(env []string) []string {
	out := make([]string, 0, len(env))
	for _, kv := range env {
		if strings.HasPrefix(kv, "GATEWIRE_") || strings.HasPrefix(kv, "OPENCLAW_") {
			continue
		}
		out = append(out, kv)
	}
	return out
}
