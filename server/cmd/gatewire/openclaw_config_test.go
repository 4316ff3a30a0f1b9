package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// openClawConfig is a config file the real OpenClaw CLI wrote (see
// server/config/testdata).
func openClawConfig(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "config", "testdata", "openclaw.json"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "openclaw.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestGatewayStartsOnAnOpenClawConfigFile: `gateway --config
// openclaw.json` and OPENCLAW_CONFIG_PATH start the gateway on a real
// OpenClaw file, and the keys gatewire does not implement are listed in
// one warning.
func TestGatewayStartsOnAnOpenClawConfigFile(t *testing.T) {
	// agents.defaults (model, workspace) and models.mode are gatewire's keys.
	const want = "not implemented by gatewire: channels.telegram, commands, discovery.mdns, gateway.mode, " +
		"gateway.tailscale, meta.lastTouchedAt, meta.lastTouchedVersion, update.checkOnStart"
	for _, how := range []string{"--config", "OPENCLAW_CONFIG_PATH"} {
		t.Run(how, func(t *testing.T) {
			cfg, port := openClawConfig(t), freePort(t)
			args := []string{"gateway", "--state-dir", t.TempDir(), "--port", strconv.Itoa(port)}
			var env []string
			if how == "--config" {
				args = append(args, "--config", cfg)
			} else {
				env = []string{"OPENCLAW_CONFIG_PATH=" + cfg}
			}
			p := launchEnv(t, env, args...)
			waitLive(t, port, p)
			p.cmd.Process.Signal(os.Interrupt)
			if code := p.exitCode(t, 10*time.Second); code != 0 {
				t.Fatalf("exit %d\nstderr: %s", code, &p.stderr)
			}
			out := p.stdout.String() + p.stderr.String()
			if n := strings.Count(out, "not implemented by gatewire"); n != 1 || !strings.Contains(out, want) {
				t.Fatalf("want the warning %q once, got %d in:\n%s", want, n, out)
			}
			if !strings.Contains(out, "level=WARN") || !strings.Contains(out, cfg) {
				t.Fatalf("the warning is not a WARN line naming the file:\n%s", out)
			}
		})
	}
}

func TestGatewayRefusesATypoInAnOpenClawConfigFile(t *testing.T) {
	cfg := openClawConfig(t)
	data, _ := os.ReadFile(cfg)
	text := strings.Replace(string(data), `"primary"`, `"primray"`, 1)
	os.WriteFile(cfg, []byte(text), 0o600)
	before, _, ok := strings.Cut(text, "primray")
	if !ok {
		t.Fatal(`the OpenClaw config fixture has no "primary" key to misspell`)
	}
	line := strings.Count(before, "\n") + 1
	p := launch(t, "gateway", "--state-dir", t.TempDir(), "--config", cfg, "--port", strconv.Itoa(freePort(t)))
	if code := p.exitCode(t, 10*time.Second); code != 1 {
		t.Fatalf("exit %d", code)
	}
	msg := p.stderr.String()
	for _, w := range []string{cfg, "line " + strconv.Itoa(line), "agents.defaults.model.primray", "unknown key"} {
		if !strings.Contains(msg, w) {
			t.Errorf("stderr %q lacks %q", msg, w)
		}
	}
}
